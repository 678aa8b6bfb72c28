import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { SignificanceFacts } from '../domain/incidents.ts';
import type { ReportingRegime, ReportingStep } from '../domain/reporting-deadlines.ts';
import { checkEnforcement, checkInspection, type EnforcementKind, type FindingStatus, type InspectionKind } from '../domain/supervision.ts';
import { systemActor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { findClassifications } from './entity-classification.ts';
import { createIncidentsService } from './incidents.service.ts';
import { inTransaction } from './transaction.ts';

/** data/demo/incidents.json: times relative to the seeding, so that the demo always shows running clocks. */
export interface IncidentsDemoFile {
  incidents: {
    organisation: string;
    reference: string;
    title: string;
    description: string;
    awareHoursAgo: number;
    regimes: ReportingRegime[];
    significance: SignificanceFacts;
    resolvedHoursAfterAware?: number;
    reports: { regime: ReportingRegime; step: ReportingStep; hoursAfterAware: number; content: Record<string, unknown> }[];
  }[];
  supervision: {
    supervisor: string;
    organisation: string;
    inspections: { kind: InspectionKind; status: 'planned' | 'done'; daysFromToday: number; scope: string }[];
    findings: { title: string; status: FindingStatus; dueInDays: number; fromInspection?: number }[];
    enforcement: { kind: EnforcementKind; status: 'intended' | 'imposed' | 'complied' | 'withdrawn'; daysFromToday: number; finding?: number; description: string }[];
  }[];
}

const hourMs = 3_600_000;

/** Loads the demo incidents (through the incidents service, so every deadline is computed) and supervision records; skips what is already there. */
export async function seedIncidentsDemo(db: Kysely<Database>, dataDir: string, file: IncidentsDemoFile, organisationIds: Map<string, string>, now = new Date()): Promise<{ created: number; updated: number }> {
  const actor = systemActor('seed');
  const incidents = createIncidentsService(db, { dataDir });
  const idOf = (code: string) => {
    const id = organisationIds.get(code);
    if (!id) throw new Error(`Seed data refers to unknown organisation "${code}"`);
    return id;
  };
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * hourMs).toISOString();
  let created = 0;
  const existing = new Set((await db.selectFrom('incident').select(['organisationId', 'reference']).execute()).map((row) => `${row.organisationId}:${row.reference}`));
  for (const { organisation, awareHoursAgo, reports, resolvedHoursAfterAware, ...input } of file.incidents) {
    const organisationId = idOf(organisation);
    if (existing.has(`${organisationId}:${input.reference}`)) continue;
    const incident = await incidents.create(actor, { ...input, organisationId, awareAt: at(awareHoursAgo) });
    for (const { hoursAfterAware, ...report } of reports) await incidents.submitReport(actor, incident.id, { ...report, submittedAt: at(awareHoursAgo - hoursAfterAware) });
    if (resolvedHoursAfterAware !== undefined) await incidents.update(actor, incident.id, { status: 'resolved', resolvedAt: at(awareHoursAgo - resolvedHoursAfterAware) });
    created++;
  }

  if ((await db.selectFrom('inspection').select('id').limit(1).executeTakeFirst()) !== undefined) return { created, updated: 0 };
  const day = (offset: number) => new Date(now.getTime() + offset * 24 * hourMs).toISOString().slice(0, 10);
  const classifications = await findClassifications(db, file.supervision.map((entry) => idOf(entry.organisation)));
  await inTransaction(db, async (tx) => {
    for (const entry of file.supervision) {
      const organisationId = idOf(entry.organisation);
      const owned = { organisationId, supervisorId: idOf(entry.supervisor) };
      const classification = classifications.get(organisationId)?.nis2 ?? 'unknown';
      const inspectionIds: string[] = [];
      for (const inspection of entry.inspections) {
        checkInspection(inspection.kind, classification);
        const row = await tx.insertInto('inspection').values({ ...owned, kind: inspection.kind, status: inspection.status, date: day(inspection.daysFromToday), scope: inspection.scope }).returning('id').executeTakeFirstOrThrow();
        inspectionIds.push(row.id);
      }
      const findingIds: string[] = [];
      for (const finding of entry.findings) {
        const row = await tx
          .insertInto('finding')
          .values({ ...owned, inspectionId: finding.fromInspection === undefined ? null : (inspectionIds[finding.fromInspection] ?? null), title: finding.title, status: finding.status, dueDate: day(finding.dueInDays), resolvedOn: finding.status === 'resolved' ? day(0) : null })
          .returning('id')
          .executeTakeFirstOrThrow();
        findingIds.push(row.id);
      }
      for (const action of entry.enforcement) {
        checkEnforcement(action.kind, classification);
        await tx
          .insertInto('enforcementAction')
          .values({ ...owned, findingId: action.finding === undefined ? null : (findingIds[action.finding] ?? null), kind: action.kind, status: action.status, decidedOn: day(action.daysFromToday), description: action.description })
          .execute();
      }
      created += entry.inspections.length + entry.findings.length + entry.enforcement.length;
    }
    await appendAudit(tx, actor, { action: 'seed', objectType: 'supervision', details: { entities: file.supervision.length } });
  });
  return { created, updated: 0 };
}
