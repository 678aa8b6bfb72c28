import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { systemActor } from './actor.ts';
import { createDutyOfCareService, type ControlStatusInput, type ScopingInput } from './duty-of-care.service.ts';

interface DutyOfCareDemoFile {
  scoping: (ScopingInput & { provider: string })[];
  controls: (ControlStatusInput & { provider: string; catalogue: string; control: string })[];
  approvals: { provider: string; approvedBy: string; note?: string }[];
  changesAfterApproval: (ControlStatusInput & { provider: string; catalogue: string; control: string })[];
}

/**
 * Loads data/demo/duty-of-care.json through the duty-of-care service (validated and audited like any write).
 * Idempotent: an organisation that already has a stored scoping or control status is left as it is.
 */
export async function seedDutyOfCareDemo(db: Kysely<Database>, dataDir: string, file: DutyOfCareDemoFile, organisationIds: Map<string, string>): Promise<{ created: number; updated: number }> {
  const service = createDutyOfCareService(db, { dataDir });
  const actor = systemActor('seed');
  const idOf = (code: string) => {
    const id = organisationIds.get(code);
    if (!id) throw new Error(`Seed data refers to unknown provider "${code}"`);
    return id;
  };
  const started = new Set((await db.selectFrom('organisationScoping').select('organisationId').distinct().execute()).map((row) => row.organisationId));
  const tracked = new Set((await db.selectFrom('controlStatus').select('organisationId').distinct().execute()).map((row) => row.organisationId));
  let created = 0;
  for (const { provider, ...input } of file.scoping) {
    if (started.has(idOf(provider))) continue;
    await service.putScoping(actor, idOf(provider), input);
    created++;
  }
  const fresh = (provider: string) => !tracked.has(idOf(provider));
  for (const { provider, catalogue, control, ...input } of file.controls.filter((entry) => fresh(entry.provider))) {
    await service.setControlStatus(actor, idOf(provider), catalogue, control, input);
    created++;
  }
  for (const { provider, ...input } of file.approvals.filter((entry) => fresh(entry.provider))) {
    await service.approve(actor, idOf(provider), input);
    created++;
  }
  for (const { provider, catalogue, control, ...input } of file.changesAfterApproval.filter((entry) => fresh(entry.provider))) {
    await service.setControlStatus(actor, idOf(provider), catalogue, control, input);
    created++;
  }
  return { created, updated: 0 };
}
