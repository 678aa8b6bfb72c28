import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { normaliseCountry } from '../domain/countries.ts';
import { selectCountryList } from '../domain/country-policy.ts';
import { DomainError, invalid, notFound, type ErrorDetail } from '../domain/errors.ts';
import { checkScreeningReference, screenOwnershipChange, type NotificationStatus, type OwnershipChangeKind, type ScreeningReference } from '../domain/investment-screening.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { fieldOfConstraint } from './database-errors.ts';
import { readCountryLists } from './high-risk-scan.ts';
import { authorizeOwnershipChangeWrite, ownershipChangeReadable } from './policy.ts';
import { isUuid, type Page } from './registry/registry.service.ts';
import { readReference } from './risk.service.ts';
import { inTransaction } from './transaction.ts';
import { pageWithTotal } from './paging.ts';

/**
 * Investment screening (issue 5 item 7): a register of acquisitions, investments and ownership changes in vital
 * providers and in vendors of key assets. Each change is screened when it is registered and on every update (the
 * registry may have changed since): flagged when it touches a designated vital provider or a key asset's vendor, or the
 * acquirer sits in a high-risk country, with the notification duty under the Wet Vifo (reference data) and its status.
 */

export interface OwnershipChangeInput {
  kind: OwnershipChangeKind;
  targetOrgId?: string;
  targetVendorId?: string;
  acquirerName: string;
  acquirerVendorId?: string;
  /** Free text or an ISO code; taken from the vendor register when the acquirer is a registered vendor and none is given. */
  acquirerCountry?: string;
  acquirerControlledFromCountry?: string | null;
  stakeBeforePercent?: number | null;
  stakePercent: number;
  gainsControl?: boolean;
  occurredOn: string;
  description?: string | null;
  source?: string | null;
}

export interface OwnershipChangePatch {
  notificationStatus?: NotificationStatus;
  notifiedOn?: string | null;
  decidedOn?: string | null;
  description?: string | null;
  source?: string | null;
}

export interface OwnershipChangeFilters {
  flagged?: boolean;
  notificationDuty?: string;
  notificationStatus?: string;
  targetOrgId?: string;
  targetVendorId?: string;
}

const selectColumns = [
  'ownershipChange.id',
  'ownershipChange.kind',
  'ownershipChange.targetOrgId',
  'ownershipChange.targetVendorId',
  'ownershipChange.acquirerName',
  'ownershipChange.acquirerVendorId',
  'ownershipChange.acquirerCountry',
  'ownershipChange.acquirerControlledFromCountry',
  sql<number | null>`ownership_change.stake_before_percent::float8`.as('stakeBeforePercent'),
  sql<number>`ownership_change.stake_percent::float8`.as('stakePercent'),
  'ownershipChange.gainsControl',
  sql<string>`ownership_change.occurred_on::text`.as('occurredOn'),
  'ownershipChange.description',
  'ownershipChange.source',
  'ownershipChange.screening',
  'ownershipChange.flagged',
  'ownershipChange.notificationDuty',
  'ownershipChange.notificationStatus',
  sql<string | null>`ownership_change.notified_on::text`.as('notifiedOn'),
  sql<string | null>`ownership_change.decided_on::text`.as('decidedOn'),
  'ownershipChange.registeredByOrgId',
  'ownershipChange.createdByUserId',
  'ownershipChange.createdAt',
  'ownershipChange.updatedAt',
] as const;

/** Statuses that say the notification was made (so it needs its date), and those that are a decision (and need theirs). */
const notifiedStatuses: readonly NotificationStatus[] = ['notified', 'under-review', 'approved', 'approved-with-conditions', 'prohibited'];
const decidedStatuses: readonly NotificationStatus[] = ['approved', 'approved-with-conditions', 'prohibited'];

export function createInvestmentScreeningService(db: Kysely<Database>, options: { dataDir: string }) {
  function readScreeningReference(): ScreeningReference {
    const file = readReference(options.dataDir, 'investment-screening.json');
    const problems = checkScreeningReference(file);
    if (problems.length > 0) throw invalid('file-unreadable', `reference/investment-screening.json: ${problems.join('; ')}.`);
    return file as ScreeningReference;
  }

  const select = (tx: Transaction<Database>, actor: Actor) => tx.selectFrom('ownershipChange').where(ownershipChangeReadable(actor)).select([...selectColumns]);

  async function find(tx: Transaction<Database>, actor: Actor, id: string) {
    const row = isUuid(id) ? await select(tx, actor).where('ownershipChange.id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('ownership-change', id);
    return row;
  }

  /** Registry facts of the screening, read as the platform: they are flags, not the records behind them. */
  async function screen(tx: Transaction<Database>, change: { targetOrgId: string | null; targetVendorId: string | null; acquirerCountry: string; acquirerControlledFromCountry: string | null; stakeBeforePercent: number | null; stakePercent: number; gainsControl: boolean }) {
    const targetIsVitalProvider =
      change.targetOrgId !== null && (await tx.selectFrom('processProvider').select('id').where('providerId', '=', change.targetOrgId).where('status', '=', 'designated').executeTakeFirst()) !== undefined;
    const targetIsKeyAssetVendor =
      change.targetVendorId !== null &&
      (
        await sql<{ found: number }>`with recursive controlled(id) as (
            select ${change.targetVendorId}::uuid union select o.vendor_id from vendor_ownership o join controlled c on o.parent_vendor_id = c.id),
          reach(id) as (
            select id from product where vendor_id in (select id from controlled) or manufacturer_id in (select id from controlled)
            union select pc.parent_product_id from product_component pc join reach on pc.child_product_id = reach.id)
          select 1 as found from product_use pu join asset a on a.id = pu.asset_id where a.key_asset and pu.product_id in (select id from reach) limit 1`.execute(tx)
      ).rows.length > 0;
    const list = selectCountryList(readCountryLists(options.dataDir));
    const result = screenOwnershipChange(
      { ...change, targetIsVitalProvider, targetIsKeyAssetVendor, highRiskCountries: list.entries.map((entry) => entry.country) },
      readScreeningReference(),
    );
    return { ...result, countryListVersion: list.version, screenedAt: new Date().toISOString() };
  }

  function checkStatusDates(status: NotificationStatus, notifiedOn: string | null, decidedOn: string | null): ErrorDetail[] {
    const errors: ErrorDetail[] = [];
    if (notifiedStatuses.includes(status) && notifiedOn === null) errors.push({ path: '/notifiedOn', message: `required when the status is ${status}` });
    if (decidedStatuses.includes(status) && decidedOn === null) errors.push({ path: '/decidedOn', message: `required when the status is ${status}` });
    if (notifiedOn !== null && decidedOn !== null && decidedOn < notifiedOn) errors.push({ path: '/decidedOn', message: 'before the notification' });
    return errors;
  }

  const country = (text: string, path: string) => {
    const code = normaliseCountry(text);
    if (!code) throw invalid('unknown-country', `"${text}" is not a country Vitaal recognises.`, [{ path, message: 'unknown country' }]);
    return code;
  };

  return {
    /** The Vifo facts the screening applies, with what is unconfirmed. */
    reference: () => readScreeningReference(),

    async list(actor: Actor, filters: OwnershipChangeFilters, page: Page) {
      return inTransaction(db, async (tx) => {
        let query = select(tx, actor);
        if (filters.flagged !== undefined) query = query.where('ownershipChange.flagged', '=', filters.flagged);
        if (filters.notificationDuty !== undefined) query = query.where('ownershipChange.notificationDuty', '=', filters.notificationDuty);
        if (filters.notificationStatus !== undefined) query = query.where('ownershipChange.notificationStatus', '=', filters.notificationStatus);
        if (filters.targetOrgId !== undefined) query = query.where('ownershipChange.targetOrgId', '=', filters.targetOrgId);
        if (filters.targetVendorId !== undefined) query = query.where('ownershipChange.targetVendorId', '=', filters.targetVendorId);
        const { rows: items, total } = await pageWithTotal(tx, query.orderBy('ownershipChange.occurredOn', 'desc').orderBy('ownershipChange.id'), tx.selectFrom(query.as('visible')).select((eb) => eb.fn.countAll<string>().as('total')), page);
        await appendAudit(tx, actor, { action: 'list', objectType: 'ownership-change', details: { count: items.length } });
        return { items, total, ...page };
      });
    },

    async get(actor: Actor, id: string) {
      return inTransaction(db, async (tx) => {
        const row = await find(tx, actor, id);
        await appendAudit(tx, actor, { action: 'read', objectType: 'ownership-change', objectId: id, subjectOrgId: row.targetOrgId });
        return row;
      });
    },

    /** Registers a change and screens it. */
    async create(actor: Actor, input: OwnershipChangeInput) {
      return inTransaction(
        db,
        async (tx) => {
          const targetOrgId = input.targetOrgId ?? null;
          const targetVendorId = input.targetVendorId ?? null;
          if (targetOrgId === null && targetVendorId === null) throw invalid('validation-failed', 'Name the target: a provider or a vendor.', [{ path: '/targetOrgId', message: 'give targetOrgId or targetVendorId' }]);
          await authorizeOwnershipChangeWrite(actor, tx, { targetOrgId });
          const errors: ErrorDetail[] = [];
          if (targetOrgId !== null && !(isUuid(targetOrgId) && (await tx.selectFrom('organisation').select('id').where('id', '=', targetOrgId).where('kind', '=', 'provider').executeTakeFirst())))
            errors.push({ path: '/targetOrgId', message: 'no provider with this id' });
          const vendorOf = (id: string) => (isUuid(id) ? tx.selectFrom('vendor').select(['id', 'country', 'controlledFromCountry']).where('id', '=', id).executeTakeFirst() : Promise.resolve(undefined));
          if (targetVendorId !== null && !(await vendorOf(targetVendorId))) errors.push({ path: '/targetVendorId', message: 'no vendor with this id' });
          const acquirer = input.acquirerVendorId !== undefined ? await vendorOf(input.acquirerVendorId) : null;
          if (acquirer === undefined) errors.push({ path: '/acquirerVendorId', message: 'no vendor with this id' });
          if (errors.length > 0) throw new DomainError('unknown-reference', `The change refers to records that do not exist: ${errors.map((e) => e.path).join(', ')}.`, errors);
          if (input.acquirerCountry === undefined && !acquirer) throw invalid('validation-failed', 'Give the acquirer’s country (or a registered vendor as acquirer).', [{ path: '/acquirerCountry', message: 'required' }]);
          const acquirerCountry = input.acquirerCountry !== undefined ? country(input.acquirerCountry, '/acquirerCountry') : acquirer!.country;
          const acquirerControlledFromCountry =
            input.acquirerControlledFromCountry !== undefined
              ? input.acquirerControlledFromCountry === null
                ? null
                : country(input.acquirerControlledFromCountry, '/acquirerControlledFromCountry')
              : (acquirer?.controlledFromCountry ?? null);
          const facts = { targetOrgId, targetVendorId, acquirerCountry, acquirerControlledFromCountry, stakeBeforePercent: input.stakeBeforePercent ?? null, stakePercent: input.stakePercent, gainsControl: input.gainsControl ?? false };
          const screening = await screen(tx, facts);
          const { id } = await tx
            .insertInto('ownershipChange')
            .values({
              ...facts,
              kind: input.kind,
              acquirerName: input.acquirerName,
              acquirerVendorId: input.acquirerVendorId ?? null,
              occurredOn: input.occurredOn,
              description: input.description ?? null,
              source: input.source ?? null,
              screening: JSON.stringify(screening),
              flagged: screening.flagged,
              notificationDuty: screening.notificationDuty,
              notificationStatus: screening.notificationDuty === 'not-required' ? 'not-required' : 'not-notified',
              registeredByOrgId: actor.kind === 'user' ? actor.organisationId : null,
              createdByUserId: actor.kind === 'user' ? actor.userId : null,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          const row = await find(tx, actor, id);
          await appendAudit(tx, actor, { action: 'create', objectType: 'ownership-change', objectId: id, subjectOrgId: targetOrgId, after: row });
          return row;
        },
        (constraint) => fieldOfConstraint('ownership_change', constraint),
      );
    },

    /** Records the notification's status and dates (or corrects the description and source) and screens the change again. */
    async update(actor: Actor, id: string, patch: OwnershipChangePatch) {
      return inTransaction(
        db,
        async (tx) => {
          const before = await find(tx, actor, id);
          await authorizeOwnershipChangeWrite(actor, tx, before);
          const status = patch.notificationStatus ?? (before.notificationStatus as NotificationStatus);
          const notifiedOn = patch.notifiedOn !== undefined ? patch.notifiedOn : before.notifiedOn;
          const decidedOn = patch.decidedOn !== undefined ? patch.decidedOn : before.decidedOn;
          const errors = checkStatusDates(status, notifiedOn, decidedOn);
          if (errors.length > 0) throw invalid('validation-failed', `The notification status does not fit its dates: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`, errors);
          const screening = await screen(tx, before);
          await tx
            .updateTable('ownershipChange')
            .set({
              notificationStatus: status,
              notifiedOn,
              decidedOn,
              ...(patch.description !== undefined ? { description: patch.description } : {}),
              ...(patch.source !== undefined ? { source: patch.source } : {}),
              screening: JSON.stringify(screening),
              flagged: screening.flagged,
              notificationDuty: screening.notificationDuty,
              updatedAt: new Date(),
            })
            .where('id', '=', id)
            .execute();
          const row = await find(tx, actor, id);
          await appendAudit(tx, actor, { action: 'update', objectType: 'ownership-change', objectId: id, subjectOrgId: row.targetOrgId, before, after: row });
          return row;
        },
        (constraint) => fieldOfConstraint('ownership_change', constraint),
      );
    },
  };
}

export type InvestmentScreeningService = ReturnType<typeof createInvestmentScreeningService>;
