import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { checkScenarioDefinition, type ScenarioDefinition } from '../domain/simulation-scenario.ts';
import { systemActor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { planColumns, type CrisisPlanInput, type InjectInput } from './crisis-plans.service.ts';
import { inTransaction } from './transaction.ts';

/** data/demo/crisis-plans.json: scenarios, plans and exercises that name assets, processes and vendors by code. */
export interface CrisisDemoFile {
  owner: string;
  scenarios: { name: string; description?: string; definition: Omit<ScenarioDefinition, 'initialFailures' | 'vendorCompromise'> & { initialFailures?: { asset: string }[]; vendorCompromise?: { vendor: string } } }[];
  plans: (Omit<CrisisPlanInput, 'processId' | 'scenarioIds'> & {
    process: string;
    scenarios: string[];
    exercises: { name: string; scenario: string; scheduledAt: string; injects: InjectInput[] }[];
  })[];
}

/** Seeds the demo scenarios, crisis plan and exercise; records already there (by name or title) are left as they are. */
export async function seedCrisisDemo(db: Kysely<Database>, file: CrisisDemoFile): Promise<{ created: number; updated: number }> {
  const actor = systemActor('seed');
  return inTransaction(db, async (tx) => {
    const idOf = async (table: 'asset' | 'vendor' | 'vitalProcess' | 'organisation', code: string) => {
      const row = await tx.selectFrom(table).select('id').where('code', '=', code).executeTakeFirst();
      if (!row) throw new Error(`Crisis demo data refers to unknown ${table} "${code}"`);
      return row.id;
    };
    const ownerOrgId = await idOf('organisation', file.owner);
    let created = 0;
    const scenarioIds = new Map<string, string>();
    for (const scenario of file.scenarios) {
      const { initialFailures, vendorCompromise, ...rest } = scenario.definition;
      const definition: ScenarioDefinition = {
        ...rest,
        ...(initialFailures ? { initialFailures: await Promise.all(initialFailures.map(async ({ asset }) => ({ assetId: await idOf('asset', asset) }))) } : {}),
        ...(vendorCompromise ? { vendorCompromise: { vendorId: await idOf('vendor', vendorCompromise.vendor) } } : {}),
      };
      const errors = checkScenarioDefinition(definition, `/scenarios/${scenario.name}`);
      if (errors.length > 0) throw new Error(`Crisis demo scenario is malformed: ${JSON.stringify(errors)}`);
      const existing = await tx.selectFrom('simulationScenario').select('id').where('name', '=', scenario.name).where('ownerOrgId', '=', ownerOrgId).executeTakeFirst();
      const id =
        existing?.id ??
        (await tx.insertInto('simulationScenario').values({ name: scenario.name, description: scenario.description ?? null, ownerOrgId, definition: JSON.stringify(definition) }).returning('id').executeTakeFirstOrThrow()).id;
      if (!existing) created++;
      scenarioIds.set(scenario.name, id);
    }
    const scenarioId = (name: string) => {
      const id = scenarioIds.get(name);
      if (!id) throw new Error(`Crisis demo data refers to unknown scenario "${name}"`);
      return id;
    };
    for (const plan of file.plans) {
      if (await tx.selectFrom('crisisPlan').select('id').where('title', '=', plan.title).executeTakeFirst()) continue;
      const { id } = await tx
        .insertInto('crisisPlan')
        .values({ processId: await idOf('vitalProcess', plan.process), ...planColumns(plan) })
        .returning('id')
        .executeTakeFirstOrThrow();
      created++;
      const linked = new Set([...plan.scenarios, ...plan.exercises.map((exercise) => exercise.scenario)].map(scenarioId));
      await tx.insertInto('crisisPlanScenario').values([...linked].map((scenario) => ({ planId: id, scenarioId: scenario }))).execute();
      for (const exercise of plan.exercises) {
        const row = await tx
          .insertInto('exercise')
          .values({ planId: id, scenarioId: scenarioId(exercise.scenario), name: exercise.name, scheduledAt: new Date(exercise.scheduledAt) })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (exercise.injects.length > 0) await tx.insertInto('exerciseInject').values(exercise.injects.map((inject) => ({ exerciseId: row.id, ...inject }))).execute();
        created++;
      }
    }
    await appendAudit(tx, actor, { action: 'seed', objectType: 'crisis-plan', details: { created } });
    return { created, updated: 0 };
  });
}
