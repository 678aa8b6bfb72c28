import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError, conflict, notFound } from '../domain/errors.ts';
import { evaluateVitality, parseThresholdTable, type CriterionValue, type ThresholdTable, type VitalityOutcome } from '../domain/vitality.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { fieldOfConstraint } from './database-errors.ts';
import { authorizeWrite, readCondition } from './policy.ts';
import { isUuid } from './registry/registry.service.ts';
import { inTransaction } from './transaction.ts';

export interface AssessmentInput {
  processId: string;
  cycleId?: string;
  criteria: CriterionValue[];
}

export interface DecisionInput {
  category: VitalityOutcome;
  rationale: string;
  euInterest: boolean;
  natoInterest: boolean;
}

const fieldOf = (constraint: string) => fieldOfConstraint('vitality_assessment', constraint);
const userOf = (actor: Actor) => (actor.kind === 'user' ? actor.userId : null);
// Serialises the creation of threshold versions so that version numbers stay dense.
const thresholdLockKey = 0x7a17a2;

const versionColumns = ['id', 'version', 'label', 'source', 'confirmed', 'note', 'measures', 'createdByUserId', 'createdAt'] as const;
const assessmentColumns = [
  'vitalityAssessment.id',
  'vitalityAssessment.processId',
  'vitalityAssessment.cycleId',
  'vitalityAssessment.thresholdVersionId',
  'vitalityThresholdVersion.version as thresholdVersion',
  'vitalityAssessment.criteria',
  'vitalityAssessment.findings',
  'vitalityAssessment.proposedCategory',
  'vitalityAssessment.assessedByUserId',
  'vitalityAssessment.createdAt',
  'vitalityAssessment.decidedCategory',
  'vitalityAssessment.rationale',
  'vitalityAssessment.euInterest',
  'vitalityAssessment.natoInterest',
  'vitalityAssessment.decidedByUserId',
  'vitalityAssessment.decidedAt',
] as const;

/**
 * Cycle step 1: the vitality assessment of a process against a versioned threshold table, and the ministry's decision.
 * The first version is loaded from data/reference/vitality-thresholds.json; each change makes a new version, and every
 * assessment keeps the version it was evaluated with.
 */
export function createVitalityService(db: Kysely<Database>, options: { dataDir: string }) {
  const shippedTable = () => parseThresholdTable(JSON.parse(fs.readFileSync(path.join(options.dataDir, 'reference', 'vitality-thresholds.json'), 'utf8')));

  async function insertVersion(tx: Transaction<Database>, actor: Actor | undefined, table: ThresholdTable) {
    await sql`select pg_advisory_xact_lock(${thresholdLockKey})`.execute(tx);
    const last = await tx.selectFrom('vitalityThresholdVersion').select((eb) => eb.fn.max('version').as('version')).executeTakeFirst();
    return tx
      .insertInto('vitalityThresholdVersion')
      .values({
        version: Number(last?.version ?? 0) + 1,
        label: table.label,
        source: table.source,
        confirmed: table.confirmed,
        note: table.note ?? null,
        measures: JSON.stringify(table.measures),
        createdByUserId: actor ? userOf(actor) : null,
      })
      .returning([...versionColumns])
      .executeTakeFirstOrThrow();
  }

  /** The newest threshold version; the shipped file becomes version 1 on first use. */
  async function currentVersion(tx: Transaction<Database>) {
    const latest = await tx.selectFrom('vitalityThresholdVersion').select([...versionColumns]).orderBy('version', 'desc').limit(1).executeTakeFirst();
    if (latest) return latest;
    await sql`select pg_advisory_xact_lock(${thresholdLockKey})`.execute(tx);
    return (
      (await tx.selectFrom('vitalityThresholdVersion').select([...versionColumns]).orderBy('version', 'desc').limit(1).executeTakeFirst()) ?? insertVersion(tx, undefined, shippedTable())
    );
  }

  const selectAssessments = (executor: Kysely<Database> | Transaction<Database>, actor: Actor) =>
    executor
      .selectFrom('vitalityAssessment')
      .innerJoin('vitalityThresholdVersion', 'vitalityThresholdVersion.id', 'vitalityAssessment.thresholdVersionId')
      .where(readCondition(actor, 'vitality-assessments'))
      .select([...assessmentColumns]);

  async function findVisible(tx: Transaction<Database>, actor: Actor, id: string) {
    if (!isUuid(id)) return undefined;
    return selectAssessments(tx, actor).where('vitalityAssessment.id', '=', id).executeTakeFirst();
  }

  const ministryOf = async (tx: Transaction<Database>, processId: string) =>
    (await tx.selectFrom('vitalProcess').select('ministryId').where('id', '=', processId).executeTakeFirstOrThrow()).ministryId;

  return {
    /** Every threshold version, newest first (the shipped one included). */
    async listThresholdVersions() {
      return inTransaction(db, async (tx) => {
        await currentVersion(tx);
        return tx.selectFrom('vitalityThresholdVersion').select([...versionColumns]).orderBy('version', 'desc').execute();
      });
    },

    /** Records a changed threshold table as a new version; past assessments keep theirs. */
    async createThresholdVersion(actor: Actor, input: unknown) {
      return inTransaction(db, async (tx) => {
        const table = parseThresholdTable(input);
        await authorizeWrite(actor, 'vitality-thresholds', { tx, after: { ...table } });
        await currentVersion(tx);
        const version = await insertVersion(tx, actor, table);
        await appendAudit(tx, actor, { action: 'create', objectType: 'vitality-threshold-version', objectId: version.id, after: version });
        return version;
      });
    },

    /** The assessments `actor` may see, newest first, optionally of one process. */
    async list(actor: Actor, filters: { processId?: string }) {
      return inTransaction(db, async (tx) => {
        let query = selectAssessments(tx, actor);
        if (filters.processId) query = query.where('vitalityAssessment.processId', '=', filters.processId);
        const items = await query.orderBy('vitalityAssessment.createdAt', 'desc').orderBy('vitalityAssessment.id').execute();
        await appendAudit(tx, actor, { action: 'list', objectType: 'vitality-assessment', details: { filters, count: items.length } });
        return { items };
      });
    },

    async get(actor: Actor, id: string) {
      return inTransaction(db, async (tx) => {
        const row = await findVisible(tx, actor, id);
        if (!row) throw notFound('vitality-assessment', id);
        await appendAudit(tx, actor, { action: 'read', objectType: 'vitality-assessment', objectId: id, subjectOrgId: await ministryOf(tx, row.processId) });
        return row;
      });
    },

    /** Enters the criterion values (with sources) of a process and evaluates them against the current thresholds to a proposed category. */
    async assess(actor: Actor, input: AssessmentInput) {
      return inTransaction(
        db,
        async (tx) => {
          const process = isUuid(input.processId) ? await tx.selectFrom('vitalProcess').select(['id', 'ministryId']).where('id', '=', input.processId).executeTakeFirst() : undefined;
          if (!process) throw new DomainError('unknown-reference', 'The vital process does not exist.', [{ path: '/processId', message: 'unknown vital process' }]);
          await authorizeWrite(actor, 'vitality-assessments', { tx, after: { processId: process.id } });
          if (input.cycleId !== undefined) {
            const cycle = isUuid(input.cycleId) ? await tx.selectFrom('cycle').select('processId').where('id', '=', input.cycleId).executeTakeFirst() : undefined;
            if (cycle?.processId !== process.id)
              throw new DomainError('unknown-reference', 'The cycle does not exist or belongs to another process.', [{ path: '/cycleId', message: 'not a cycle of this process' }]);
          }
          const version = await currentVersion(tx);
          const table = parseThresholdTable({ ...version, note: version.note ?? undefined });
          const { proposedCategory, findings } = evaluateVitality(table, input.criteria);
          const { id } = await tx
            .insertInto('vitalityAssessment')
            .values({
              processId: process.id,
              cycleId: input.cycleId ?? null,
              thresholdVersionId: version.id,
              criteria: JSON.stringify(input.criteria),
              findings: JSON.stringify(findings),
              proposedCategory,
              assessedByUserId: userOf(actor),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          const row = (await findVisible(tx, { kind: 'system', via: 'vitality' }, id))!;
          await appendAudit(tx, actor, { action: 'create', objectType: 'vitality-assessment', objectId: id, subjectOrgId: process.ministryId, after: row });
          return row;
        },
        fieldOf,
      );
    },

    /**
     * The ministry's decision on an assessment: category (which may differ from the proposal, with rationale), EU and NATO
     * interest. The process's category and flags follow the decision; a decided assessment is never changed.
     */
    async decide(actor: Actor, id: string, input: DecisionInput) {
      return inTransaction(db, async (tx) => {
        const before = await findVisible(tx, actor, id);
        if (!before) throw notFound('vitality-assessment', id);
        await authorizeWrite(actor, 'vitality-assessments', { tx, before: { processId: before.processId }, after: { processId: before.processId } });
        if (before.decidedAt) throw conflict('assessment-already-decided', 'This assessment already has a decision; make a new assessment to revisit it.');
        const decidedAt = new Date();
        await tx
          .updateTable('vitalityAssessment')
          .set({ decidedCategory: input.category, rationale: input.rationale, euInterest: input.euInterest, natoInterest: input.natoInterest, decidedByUserId: userOf(actor), decidedAt })
          .where('id', '=', id)
          .execute();
        const processBefore = await tx.selectFrom('vitalProcess').select(['id', 'category', 'euInterest', 'natoInterest', 'ministryId']).where('id', '=', before.processId).executeTakeFirstOrThrow();
        const processAfter = await tx
          .updateTable('vitalProcess')
          .set({ category: input.category === 'not-vital' ? null : input.category, euInterest: input.euInterest, natoInterest: input.natoInterest, updatedAt: decidedAt })
          .where('id', '=', before.processId)
          .returning(['id', 'category', 'euInterest', 'natoInterest', 'ministryId'])
          .executeTakeFirstOrThrow();
        const after = (await findVisible(tx, { kind: 'system', via: 'vitality' }, id))!;
        await appendAudit(tx, actor, { action: 'update', objectType: 'vitality-assessment', objectId: id, subjectOrgId: processBefore.ministryId, before, after, details: { decision: input.category } });
        await appendAudit(tx, actor, { action: 'update', objectType: 'vital-process', objectId: before.processId, subjectOrgId: processBefore.ministryId, before: processBefore, after: processAfter, details: { assessmentId: id } });
        return after;
      });
    },
  };
}

export type VitalityService = ReturnType<typeof createVitalityService>;
