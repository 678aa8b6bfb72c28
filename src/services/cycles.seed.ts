import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CycleStep } from '../domain/cycle.ts';
import { resilienceIndicators, type ResilienceIndicator } from '../domain/resilience.ts';
import { systemActor } from './actor.ts';
import { createCycleProgrammeServices } from './cycle-programme.ts';
import { createCyclesService } from './cycles.service.ts';
import { createResilienceService } from './resilience.service.ts';
import { createVitalityService } from './vitality.service.ts';

/** data/demo/cycles.json: the shape of the demo cycles; the scores themselves are derived from codes, so they are stable. */
export interface CycleDemoFile {
  completed: { openedAt: string; dueAt: string; completedAt: string };
  current: { openedAt: string; dueAt: string };
  scenarios: { key: string; threatKey: string; subThreatKey: string; title: string; likelihood: [string, string]; impacts: Record<string, string>; shared: boolean }[];
  measures: { title: string; scenario?: string; indicator: ResilienceIndicator; expectedScore: number; expectedLikelihood?: string; costEstimateEur: number; owner: 'provider' | 'ministry' }[];
  crossSector: { title: string; processes: string[]; indicator: ResilienceIndicator; expectedScore: number; costEstimateEur: number; dueAt: string };
  event: { name: string; description: string; sectors: string[]; declaredAt: string; dueAt: string };
}

/** A score of 1–4 that is the same on every run: derived from the process, provider, indicator and a salt. */
const stableScore = (...parts: string[]) => 1 + ((createHash('sha256').update(parts.join('/')).digest()[0] as number) % 4);
const plusDays = (iso: string, days: number) => new Date(new Date(iso).getTime() + days * 86_400_000).toISOString();

/**
 * Seeds, for every category-A process with providers, a completed regular cycle (all four steps, scores, scenarios,
 * measures, re-assessment) and a cycle in progress (in its action programme), plus a declared event with open
 * quickscans. Processes that already have a cycle are left alone, so a second run adds nothing.
 */
export async function seedCycleDemo(db: Kysely<Database>, dataDir: string, file: CycleDemoFile): Promise<{ created: number; updated: number }> {
  // Hundreds of use cases, each its own transaction, made the demo start slow on the embedded database: run them all in
  // one transaction instead (all or nothing), by handing the services a handle whose transactions are the outer one.
  return db.transaction().execute((tx) => seedInto(withinTransaction(tx), dataDir, file));
}

/** `tx` as a database handle whose `transaction()` runs its work directly in `tx`. */
function withinTransaction(tx: Transaction<Database>): Kysely<Database> {
  return new Proxy(tx, {
    get(target, property) {
      if (property === 'transaction') return () => ({ execute: <T>(work: (inner: Transaction<Database>) => Promise<T>) => work(target) });
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

async function seedInto(db: Kysely<Database>, dataDir: string, file: CycleDemoFile): Promise<{ created: number; updated: number }> {
  const actor = systemActor('seed');
  const cycles = createCyclesService(db, { dataDir });
  const vitality = createVitalityService(db, { dataDir });
  const resilience = createResilienceService(db, { dataDir });
  const { cycleDesignation, risk, programme } = createCycleProgrammeServices(db, { dataDir });
  const processes = await db.selectFrom('vitalProcess').select(['id', 'code', 'ministryId', 'euInterest', 'natoInterest']).where('category', '=', 'A').orderBy('code').execute();
  const processIds = new Map((await db.selectFrom('vitalProcess').select(['id', 'code']).execute()).map((row) => [row.code, row.id]));
  let created = 0;
  const currentCycles = new Map<string, string>();

  for (const process of processes) {
    if (await db.selectFrom('cycle').select('id').where('processId', '=', process.id).executeTakeFirst()) continue;
    const providers = await db
      .selectFrom('processProvider')
      .innerJoin('organisation', 'organisation.id', 'processProvider.providerId')
      .select(['organisation.id', 'organisation.code'])
      .where('processProvider.processId', '=', process.id)
      .where('processProvider.status', '<>', 'withdrawn')
      .orderBy('organisation.code')
      .limit(3)
      .execute();
    if (providers.length === 0) continue;

    const walk = async (window: { openedAt: string; dueAt: string }, salt: string, until: 'completed' | 'measures') => {
      const { id } = await cycles.create(actor, { processId: process.id, kind: 'regular', openedAt: window.openedAt, dueAt: window.dueAt });
      const at = (days: number) => plusDays(window.openedAt, days);
      const move = (step: CycleStep, state: 'in-progress' | 'completed', days: number) => cycles.moveStep(actor, id, { step, state, at: at(days) });
      await move('designation', 'in-progress', 1);
      const assessment = await vitality.assess(actor, { processId: process.id, cycleId: id, criteria: [{ measure: 'people-affected', value: 2_500_000, source: 'Demo: CBS-bevolkingscijfers van het verzorgingsgebied' }] });
      await vitality.decide(actor, assessment.id, { category: 'A', rationale: 'Uitval raakt miljoenen mensen en meerdere andere vitale processen.', euInterest: process.euInterest, natoInterest: process.natoInterest });
      for (const provider of providers) {
        await cycleDesignation.setStatus(actor, id, { providerId: provider.id, status: 'designated', at: at(2) });
        await cycleDesignation.notify(actor, id, { providerId: provider.id, message: 'U bent aangewezen als vitale aanbieder voor dit proces.', at: at(3) });
      }
      await move('designation', 'completed', 30);
      await move('analysis', 'in-progress', 31);
      for (const provider of providers)
        for (const indicator of resilienceIndicators)
          await resilience.score(actor, id, { providerId: provider.id, indicator, score: stableScore(process.code, provider.code, indicator, salt), rationale: 'Zelfevaluatie met toelichting van de aanbieder (demo).', evidence: [`https://demo.vitaal.nl/bewijs/${provider.code}/${indicator}`] });
      const scenarioIds = new Map<string, string>();
      for (const scenario of file.scenarios) {
        await risk.linkThreat(actor, id, { threatKey: scenario.threatKey, subThreatKey: scenario.subThreatKey });
        const { id: scenarioId } = await risk.createScenario(actor, id, { key: scenario.key, title: scenario.title, threatKey: scenario.threatKey, sharedWithProviders: scenario.shared });
        await risk.scoreScenario(actor, id, scenarioId, { likelihoodClass: until === 'completed' ? (scenario.likelihood[0] as string) : (scenario.likelihood[1] as string), impacts: scenario.impacts });
        scenarioIds.set(scenario.key, scenarioId);
      }
      await risk.linkInput(actor, id, { kind: 'procurement', title: 'Inkoopanalyse besturingssystemen (Toolbox veilig inkopen)', reference: `demo-${process.code}` });
      await risk.shareScores(actor, id, true);
      await move('analysis', 'completed', 200);
      await move('measures', 'in-progress', 201);
      const measureIds: string[] = [];
      for (const [index, measure] of file.measures.entries()) {
        const { id: measureId } = await programme.create(actor, id, {
          title: measure.title,
          scope: 'sectoral',
          ownerOrgId: measure.owner === 'provider' ? (providers[index % providers.length]?.id as string) : process.ministryId,
          dueAt: at(until === 'completed' ? 500 : 400 + 120 * index),
          costEstimateEur: measure.costEstimateEur,
          sharedWithProviders: true,
          status: until === 'completed' ? 'done' : index === 0 ? 'in-progress' : 'planned',
          scenarios: measure.scenario ? [{ scenarioId: scenarioIds.get(measure.scenario) as string, expectedLikelihoodClass: measure.expectedLikelihood }] : [],
          indicators: [{ indicator: measure.indicator, expectedScore: measure.expectedScore }],
        });
        measureIds.push(measureId);
      }
      created += 1;
      if (until === 'measures') return id;
      await move('measures', 'completed', 600);
      await move('effectiveness', 'in-progress', 601);
      for (const measure of file.measures)
        for (const [index, provider] of providers.entries())
          await resilience.score(actor, id, { providerId: provider.id, indicator: measure.indicator, score: index === 0 ? measure.expectedScore : Math.max(2, measure.expectedScore - 1), rationale: 'Herbeoordeling na de maatregelen (demo).', phase: 'reassessment' });
      for (const scenario of file.scenarios)
        await risk.scoreScenario(actor, id, scenarioIds.get(scenario.key) as string, { likelihoodClass: scenario.likelihood[1], impacts: scenario.impacts, phase: 'reassessment' });
      await cycles.moveStep(actor, id, { step: 'effectiveness', state: 'completed', at: file.completed.completedAt });
      return id;
    };

    await walk(file.completed, 'completed', 'completed');
    currentCycles.set(process.code, await walk(file.current, 'current', 'measures'));
  }

  const first = file.crossSector.processes.find((code) => currentCycles.has(code));
  if (first) {
    await programme.create(actor, currentCycles.get(first) as string, {
      title: file.crossSector.title,
      scope: 'cross-sector',
      ownerOrgId: (processes.find((process) => process.code === first) as { ministryId: string }).ministryId,
      dueAt: file.crossSector.dueAt,
      status: 'in-progress',
      costEstimateEur: file.crossSector.costEstimateEur,
      processIds: file.crossSector.processes.filter((code) => code !== first).flatMap((code) => processIds.get(code) ?? []),
      indicators: [{ indicator: file.crossSector.indicator, expectedScore: file.crossSector.expectedScore }],
    });
  }
  if (currentCycles.size > 0) {
    const sectorIds = (await db.selectFrom('sector').select('id').where('code', 'in', file.event.sectors).execute()).map((sector) => sector.id);
    const event = await cycles.declareEvent(actor, { name: file.event.name, description: file.event.description, sectorIds, declaredAt: file.event.declaredAt, dueAt: file.event.dueAt });
    created += event.cycleIds.length;
  }
  return { created, updated: 0 };
}
