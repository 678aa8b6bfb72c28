import os from 'node:os';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError, invalid, notFound, type ErrorDetail } from '../domain/errors.ts';
import {
  checkScenarioDefinition,
  defaultScenarioHorizonHours,
  defaultScenarioSeed,
  fragilityOf,
  inRegion,
  planarKm,
  type FragilityTable,
  type Hazard,
  type ScenarioDefinition,
  type TimedFailure,
  type RegistrySimulationResult,
  type SimulatedAsset,
  type SimulatedProcess,
  type Trigger,
} from '../domain/simulation-scenario.ts';
import { CAUSE_INITIAL, type InitialFailure } from '../engine/cascade.ts';
import { createRandom } from '../engine/random.ts';
import { compareSinglePointsOfFailure, rankingHours, rankSinglePointsOfFailure, type SinglePointOfFailure } from '../engine/ranking.ts';
import { runMonteCarloInWorkers } from '../engine/worker-pool.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { authorizeCapacityRuleWrite, authorizeScenarioWrite, authorizeSimulation, jobReadable, scenarioReadable, simulationAssetsVisible } from './policy.ts';
import { isUuid } from './registry/registry.service.ts';
import { assetsCutOffFromVendor } from './concentration.service.ts';
import { capacityLevel, loadRegistryModel, readCapacityReference, readFragilityTable, type RegistryModel } from './simulation-model.ts';
import { reportRanking, runAndReport } from './simulation.service.ts';
import { inTransaction } from './transaction.ts';

/**
 * Simulations on the registry (issue 4 items 2, 5 and 6): saved scenarios, the capacity level of each vital
 * process, and jobs that run a scenario, a Monte Carlo series over the worker pool or the single-point-of-failure
 * ranking on the model the user may see, with progress and cancellation. Jobs run in this process; their state and
 * result are stored so that any request can read them.
 */

export interface MonteCarloInput {
  runs: number;
  hazard: Hazard;
  radiusKm: number;
  horizonHours?: number;
  seed?: number;
}

export type JobKind = 'simulate' | 'monte-carlo' | 'rank';
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobView {
  id: string;
  kind: JobKind;
  status: JobStatus;
  scenarioId: string | null;
  input: unknown;
  done: number;
  total: number;
  result: unknown;
  error: { code: string; detail: string } | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface ScenarioView {
  id: string;
  name: string;
  description: string | null;
  ownerOrgId: string | null;
  createdByUserId: string | null;
  definition: ScenarioDefinition;
  planIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface ScenarioInput {
  name: string;
  description?: string;
  definition: ScenarioDefinition;
}

export interface SimulationRequest {
  scenarioId?: string;
  scenario?: ScenarioDefinition;
  monteCarlo?: MonteCarloInput;
}

export interface SimulationsOptions {
  dataDir: string;
  /** Worker threads for Monte Carlo (default: the machine's parallelism, at most 4). */
  workerCount?: number;
}

const elapsedMs = (since: number) => Math.round((performance.now() - since) * 10) / 10;
const userOf = (actor: Actor) => (actor.kind === 'user' ? actor.userId : null);
const orgOf = (actor: Actor) => (actor.kind === 'user' ? actor.organisationId : null);
const scenarioInvalid = (errors: ErrorDetail[]) => invalid('scenario-invalid', `The scenario is malformed: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`, errors);
const rankBatch = 64;

/** Changes of state replayed into per-process counts at each sample time. */
function processImpact(model: RegistryModel, result: ReturnType<typeof runAndReport>['result'], sampleHours: number[]): Map<string, SimulatedProcess['impact']> {
  const processOf = new Int32Array(model.graph.nodeCount).fill(-1);
  const assetIndex = new Map(model.assets.map((asset, i) => [asset.id, i]));
  model.processes.forEach((process, p) => {
    for (const assetId of process.assetIds) processOf[model.indexOf.get(assetId)!] = p;
  });
  const down = new Int32Array(model.processes.length);
  const people = new Float64Array(model.processes.length);
  const out = new Map(model.processes.map((process) => [process.id, [] as SimulatedProcess['impact']]));
  let i = 0;
  for (const at of sampleHours) {
    for (; i < result.changeHours.length && result.changeHours[i]! <= at; i++) {
      const encoded = result.changeNodes[i]!;
      const v = encoded >= 0 ? encoded : ~encoded;
      const p = processOf[v]!;
      if (p < 0) continue;
      const sign = encoded >= 0 ? 1 : -1;
      down[p]! += sign;
      people[p]! += sign * model.assets[assetIndex.get(model.graph.nodeIds[v]!)!]!.populationServed;
    }
    model.processes.forEach((process, p) =>
      out.get(process.id)!.push({ atHours: at, assetsDown: down[p]!, capacity: 1 - down[p]! / process.assetIds.length, populationAffected: people[p]! }),
    );
  }
  return out;
}

export function createSimulationsService(db: Kysely<Database>, options: SimulationsOptions) {
  const capacity = readCapacityReference(options.dataDir);
  const fragility: FragilityTable = readFragilityTable(options.dataDir);
  const workerCount = options.workerCount ?? Math.max(1, Math.min(os.availableParallelism(), 4));
  /** Jobs running in this process, by id. */
  const running = new Map<string, { controller: AbortController; finished: Promise<void> }>();

  const scenarioQuery = (executor: Kysely<Database> | Transaction<Database>, actor: Actor) =>
    executor.selectFrom('simulationScenario').where(scenarioReadable(actor)).select(['id', 'name', 'description', 'ownerOrgId', 'createdByUserId', 'definition', 'createdAt', 'updatedAt']);

  async function findScenario(executor: Kysely<Database> | Transaction<Database>, actor: Actor, id: string): Promise<ScenarioView | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await scenarioQuery(executor, actor).where('simulationScenario.id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const plans = await executor.selectFrom('crisisPlanScenario').select('planId').where('scenarioId', '=', id).execute();
    return { ...row, definition: row.definition as ScenarioDefinition, planIds: plans.map((plan) => plan.planId) };
  }

  /** Resolves every failure source of a definition to node indices of the model; unknown or invisible ids are refused alike, by path. */
  async function initialFailuresOf(model: RegistryModel, actor: Actor, definition: ScenarioDefinition, base: string): Promise<{ failures: InitialFailure[]; triggers: Map<number, Trigger> }> {
    const errors = checkScenarioDefinition(definition, base);
    if (errors.length > 0) throw scenarioInvalid(errors);
    const seed = definition.seed ?? defaultScenarioSeed;
    const chosen = new Map<number, InitialFailure>();
    const triggers = new Map<number, Trigger>();
    const add = (node: number, timing: TimedFailure, trigger: Trigger, repairDefault?: number) => {
      const known = chosen.get(node);
      const atHours = timing.atHours ?? 0;
      if (known && (known.atHours ?? 0) <= atHours) return;
      chosen.set(node, { node, atHours, repairHours: timing.repairHours ?? repairDefault });
      triggers.set(node, trigger);
    };
    definition.initialFailures?.forEach((failure, i) => {
      const node = model.indexOf.get(failure.assetId);
      if (node === undefined) errors.push({ path: `${base}/initialFailures/${i}/assetId`, message: 'no asset with this id is visible to you' });
      else add(node, failure, 'explicit');
    });
    if (definition.region) {
      const region = definition.region;
      const random = createRandom(seed);
      const repairHours = fragility.hazards[region.hazard].repairHours;
      for (const asset of model.assets) {
        if (asset.latitude === null || asset.longitude === null || !inRegion(region, [asset.longitude, asset.latitude])) continue;
        // One draw per located asset in the region, in code order: the same seed and registry give the same failures.
        if (random.next() < fragilityOf(fragility, region.hazard, asset.kind, asset.assetType)) add(model.indexOf.get(asset.id)!, region, 'region', repairHours);
      }
    }
    const addAll = (ids: string[], timing: TimedFailure, trigger: Trigger) => {
      for (const id of ids) {
        const node = model.indexOf.get(id);
        if (node !== undefined) add(node, timing, trigger);
      }
    };
    if (definition.vendorCompromise) {
      const { vendorId } = definition.vendorCompromise;
      const vendor = isUuid(vendorId) ? await db.selectFrom('vendor').select('id').where('id', '=', vendorId).executeTakeFirst() : undefined;
      if (!vendor) errors.push({ path: `${base}/vendorCompromise/vendorId`, message: 'no vendor with this id' });
      else {
        // Products of the vendor and every product that holds one of them (firmware in a device, a library in software).
        const rows = await sql<{ assetId: string }>`with recursive affected(id) as (
            select id from product where vendor_id = ${vendorId}
            union select pc.parent_product_id from product_component pc join affected a on pc.child_product_id = a.id)
          select distinct asset_id as "assetId" from product_use where product_id in (select id from affected)`.execute(db);
        addAll(rows.rows.map((row) => row.assetId), definition.vendorCompromise, 'vendor');
      }
    }
    if (definition.vendorCutOff) {
      const { vendorId } = definition.vendorCutOff;
      const vendor = isUuid(vendorId) ? await db.selectFrom('vendor').select('id').where('id', '=', vendorId).executeTakeFirst() : undefined;
      if (!vendor) errors.push({ path: `${base}/vendorCutOff/vendorId`, message: 'no vendor with this id' });
      else addAll(await assetsCutOffFromVendor(db, vendorId), definition.vendorCutOff, 'vendor-cut-off');
    }
    if (definition.crossBorder) {
      const { country } = definition.crossBorder;
      const rows = await sql<{ assetId: string }>`select supplier_id as "assetId" from dependency where cross_border_country = ${country}
        union select asset.id from asset join organisation o on o.id = asset.provider_id where o.country = ${country} and ${simulationAssetsVisible(actor)}`.execute(db);
      addAll(rows.rows.map((row) => row.assetId), definition.crossBorder, 'cross-border');
    }
    if (errors.length > 0) throw scenarioInvalid(errors);
    return { failures: [...chosen.values()], triggers };
  }

  /** Runs one scenario on the model and links the result back to assets, providers and processes. */
  function simulate(model: RegistryModel, failures: InitialFailure[], triggers: Map<number, Trigger>, definition: ScenarioDefinition, timings: { loadMs: number; compileMs: number }): RegistrySimulationResult {
    const start = performance.now();
    const horizonHours = definition.horizonHours ?? defaultScenarioHorizonHours;
    const seed = definition.seed ?? defaultScenarioSeed;
    const { result, summary } = runAndReport(model.graph, failures, horizonHours, seed);
    const assetOf = new Map(model.assets.map((asset) => [asset.id, asset]));
    const { graph } = model;
    const failed: SimulatedAsset[] = [];
    const processDown = new Map<string, { at: number; recovered: number | null; tippedBy: string | null }>();
    for (const v of result.failedNodes) {
      const id = graph.nodeIds[v]!;
      const recovered = result.recoveredAtHours[v]!;
      const supplier = result.causeSupplier[v]! >= 0 ? graph.nodeIds[result.causeSupplier[v]!]! : undefined;
      const asset = assetOf.get(id);
      if (!asset) {
        processDown.set(id.slice('process:'.length), { at: result.failedAtHours[v]!, recovered: Number.isNaN(recovered) ? null : recovered, tippedBy: supplier ?? null });
        continue;
      }
      const group = result.causeGroup[v]! >= 0 ? graph.groupNames[result.causeGroup[v]!] : undefined;
      const kind = result.causeKind[v] === CAUSE_INITIAL ? 'initial' : 'dependency';
      failed.push({
        assetId: id,
        code: asset.code,
        name: asset.name,
        kind: asset.kind,
        providerId: asset.providerId,
        processId: asset.processId,
        latitude: asset.latitude,
        longitude: asset.longitude,
        atHours: result.failedAtHours[v]!,
        recoveredAtHours: Number.isNaN(recovered) ? null : recovered,
        cause:
          kind === 'initial'
            ? { kind, trigger: triggers.get(v) }
            : { kind, supplierAssetId: supplier, supplierCode: assetOf.get(supplier!)?.code, ...(group && !group.startsWith('dependency:') ? { group } : {}) },
      });
    }
    const sampleHours = summary.impact.map((sample) => sample.atHours);
    const perProcess = processImpact(model, result, sampleHours);
    const processes: SimulatedProcess[] = model.processes.map((process) => {
      const down = processDown.get(process.id);
      return {
        processId: process.id,
        code: process.code,
        nameNl: process.nameNl,
        nameEn: process.nameEn,
        minCapacity: process.minCapacity,
        minCapacitySource: process.minCapacitySource,
        assets: process.assetIds.length,
        downAtHours: down?.at ?? null,
        recoveredAtHours: down?.recovered ?? null,
        tippedByAssetId: down?.tippedBy ?? null,
        impact: perProcess.get(process.id)!,
      };
    });
    const processesDownAt = (at: number) => processes.filter((p) => p.downAtHours !== null && p.downAtHours <= at && (p.recoveredAtHours === null || p.recoveredAtHours > at)).length;
    return {
      failed,
      processes,
      summary: {
        assets: model.assets.length,
        dependencies: model.dependencies,
        initialFailures: failures.length,
        failed: failed.length,
        processesDown: processes.filter((p) => p.downAtHours !== null).length,
        horizonHours,
        seed,
        impact: summary.impact.map((sample) => ({
          atHours: sample.atHours,
          assetsDown: sample.nodesDown - processesDownAt(sample.atHours),
          populationAffected: sample.populationAffected,
          eurosLost: sample.eurosLost,
          processesDown: processesDownAt(sample.atHours),
        })),
      },
      timings: { ...timings, simulateMs: elapsedMs(start) },
    };
  }

  async function loadModel(actor: Actor) {
    const start = performance.now();
    const model = await loadRegistryModel(db, actor, capacity);
    return { model, loadMs: elapsedMs(start) };
  }

  /** The definition a request names: a saved scenario (re-checked against today's registry) or an inline one. */
  async function definitionOf(actor: Actor, request: SimulationRequest): Promise<{ definition: ScenarioDefinition; base: string; scenarioId: string | null }> {
    if (request.scenarioId !== undefined) {
      const scenario = await findScenario(db, actor, request.scenarioId);
      if (!scenario) throw notFound('scenario', request.scenarioId);
      return { definition: scenario.definition, base: '/definition', scenarioId: scenario.id };
    }
    return { definition: request.scenario!, base: '/body/scenario', scenarioId: null };
  }

  /** The scenario of a request resolved to initial failures on the model, before any job starts (so that a malformed one is refused at once). */
  async function prepare(actor: Actor, loaded: { model: RegistryModel; loadMs: number }, request: SimulationRequest) {
    const { definition, base, scenarioId } = await definitionOf(actor, request);
    const compileStart = performance.now();
    const { failures, triggers } = await initialFailuresOf(loaded.model, actor, definition, base);
    return { model: loaded.model, definition, scenarioId, failures, triggers, timings: { loadMs: loaded.loadMs, compileMs: elapsedMs(compileStart) } };
  }

  async function jobView(executor: Kysely<Database> | Transaction<Database>, actor: Actor, id: string): Promise<JobView | undefined> {
    if (!isUuid(id)) return undefined;
    const row = await executor
      .selectFrom('simulationJob')
      .where(jobReadable(actor))
      .where('simulationJob.id', '=', id)
      .select(['id', 'kind', 'status', 'scenarioId', 'input', 'done', 'total', 'result', 'error', 'createdAt', 'startedAt', 'finishedAt'])
      .executeTakeFirst();
    return row && { ...row, kind: row.kind as JobKind, status: row.status as JobStatus, error: row.error as JobView['error'] };
  }

  /** Records the job, then runs `work` after the response: progress is written at most every quarter second. */
  async function startJob(actor: Actor, kind: JobKind, scenarioId: string | null, input: unknown, total: number, work: (signal: AbortSignal, progress: (done: number) => void) => Promise<unknown>): Promise<JobView> {
    const job = await inTransaction(db, async (tx) => {
      const row = await tx
        .insertInto('simulationJob')
        .values({ kind, status: 'running', scenarioId, input: JSON.stringify(input), total, createdByUserId: userOf(actor), ownerOrgId: orgOf(actor), startedAt: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await appendAudit(tx, actor, { action: 'create', objectType: 'simulation-job', objectId: row.id, details: { kind, scenarioId } });
      return row;
    });
    const controller = new AbortController();
    let lastWrite = 0;
    let writing: Promise<unknown> = Promise.resolve();
    const progress = (done: number) => {
      const now = performance.now();
      if (now - lastWrite < 250) return;
      lastWrite = now;
      writing = writing.then(() => db.updateTable('simulationJob').set({ done }).where('id', '=', job.id).where('status', '=', 'running').execute());
    };
    const finish = async (values: { status: JobStatus; done?: number; result?: string; error?: string }) => {
      await writing.catch(() => undefined);
      await db
        .updateTable('simulationJob')
        .set({ ...values, finishedAt: new Date() })
        .where('id', '=', job.id)
        .execute();
    };
    const finished = (async () => {
      await new Promise((resolve) => setImmediate(resolve));
      try {
        const result = await work(controller.signal, progress);
        if (controller.signal.aborted) throw new DomainError('simulation-cancelled', 'The simulation was cancelled.');
        await finish({ status: 'succeeded', done: total, result: JSON.stringify(result) });
      } catch (error) {
        const cancelled = controller.signal.aborted;
        const detail = error instanceof DomainError ? { code: error.code, detail: error.message, errors: error.details } : { code: 'internal-error', detail: 'The simulation failed; the error was logged.' };
        if (!(error instanceof DomainError)) console.error('simulation job failed', error);
        await finish({ status: cancelled ? 'cancelled' : 'failed', error: JSON.stringify(cancelled ? { code: 'simulation-cancelled', detail: 'The simulation was cancelled.' } : detail) });
      } finally {
        running.delete(job.id);
      }
    })().catch((error: unknown) => console.error('simulation job could not record its end', error));
    running.set(job.id, { controller, finished });
    return (await jobView(db, actor, job.id))!;
  }

  /** The N-1 sweep over the assets in batches, yielding between them so that a cancel is heard. */
  async function rankInBatches(model: RegistryModel, signal: AbortSignal, progress: (done: number) => void): Promise<SinglePointOfFailure[]> {
    const candidates = model.assets.map((asset) => model.indexOf.get(asset.id)!);
    const ranking: SinglePointOfFailure[] = [];
    for (let from = 0; from < candidates.length; from += rankBatch) {
      if (signal.aborted) throw new DomainError('simulation-cancelled', 'The simulation was cancelled.');
      ranking.push(...rankSinglePointsOfFailure(model.graph, { candidates: candidates.slice(from, from + rankBatch) }));
      progress(Math.min(candidates.length, from + rankBatch));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return ranking.sort(compareSinglePointsOfFailure);
  }

  /** The capacity level of every vital process, set or from the reference default. */
  async function listProcessRules(): Promise<{ processId: string; code: string; minCapacity: number; source: 'process' | 'reference'; rationale: string | null }[]> {
    const rows = await db
      .selectFrom('vitalProcess')
      .leftJoin('processCapacityRule', 'processCapacityRule.processId', 'vitalProcess.id')
      .select(['vitalProcess.id', 'vitalProcess.code', 'processCapacityRule.minCapacity', 'processCapacityRule.rationale'])
      .orderBy('vitalProcess.code')
      .execute();
    return rows.map((row) => {
      const { minCapacity, minCapacitySource } = capacityLevel(capacity, row.code, row.minCapacity);
      return { processId: row.id, code: row.code, minCapacity, source: minCapacitySource, rationale: row.rationale };
    });
  }

  return {
    capacity,
    fragility,

    /** What `actor` may simulate, for drawing: visible assets, the dependencies between them, and the processes they serve. */
    async modelOverview(actor: Actor) {
      authorizeSimulation(actor);
      const { model } = await loadModel(actor);
      const nodes = new Set(model.assets.map((asset) => asset.id));
      const edges: { dependentId: string; supplierId: string }[] = [];
      const { graph } = model;
      for (let g = 0; g < graph.groupCount; g++) {
        const dependent = graph.nodeIds[graph.groupNode[g]!]!;
        if (!nodes.has(dependent)) continue;
        for (let m = graph.memberOffsets[g]!; m < graph.memberOffsets[g + 1]!; m++) edges.push({ dependentId: dependent, supplierId: graph.nodeIds[graph.memberSuppliers[m]!]! });
      }
      return {
        assets: model.assets,
        dependencies: edges,
        processes: model.processes.map(({ assetIds, ...process }) => ({ ...process, assets: assetIds.length })),
      };
    },

    /** The scenarios `actor` may see, newest first. */
    async listScenarios(actor: Actor): Promise<ScenarioView[]> {
      const rows = await scenarioQuery(db, actor).orderBy('createdAt', 'desc').orderBy('id').execute();
      const links = rows.length === 0 ? [] : await db.selectFrom('crisisPlanScenario').select(['planId', 'scenarioId']).where('scenarioId', 'in', rows.map((row) => row.id)).execute();
      return rows.map((row) => ({ ...row, definition: row.definition as ScenarioDefinition, planIds: links.filter((link) => link.scenarioId === row.id).map((link) => link.planId) }));
    },

    async getScenario(actor: Actor, id: string): Promise<ScenarioView> {
      const scenario = await findScenario(db, actor, id);
      if (!scenario) throw notFound('scenario', id);
      return scenario;
    },

    /** Saves a named scenario after checking that it resolves on the saver's model (same paths as a run). */
    async createScenario(actor: Actor, input: ScenarioInput): Promise<ScenarioView> {
      authorizeScenarioWrite(actor, undefined);
      const { model } = await loadModel(actor);
      await initialFailuresOf(model, actor, input.definition, '/body/definition');
      const id = await inTransaction(db, async (tx) => {
        const row = await tx
          .insertInto('simulationScenario')
          .values({ name: input.name, description: input.description ?? null, ownerOrgId: orgOf(actor), createdByUserId: userOf(actor), definition: JSON.stringify(input.definition) })
          .returning('id')
          .executeTakeFirstOrThrow();
        await appendAudit(tx, actor, { action: 'create', objectType: 'simulation-scenario', objectId: row.id, subjectOrgId: orgOf(actor), after: input });
        return row.id;
      });
      return (await findScenario(db, actor, id))!;
    },

    async updateScenario(actor: Actor, id: string, input: Partial<ScenarioInput>): Promise<ScenarioView> {
      const before = await findScenario(db, actor, id);
      if (!before) throw notFound('scenario', id);
      authorizeScenarioWrite(actor, before.ownerOrgId);
      if (input.definition) await initialFailuresOf((await loadModel(actor)).model, actor, input.definition, '/body/definition');
      await inTransaction(db, async (tx) => {
        await tx
          .updateTable('simulationScenario')
          .set({
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.description !== undefined ? { description: input.description } : {}),
            ...(input.definition !== undefined ? { definition: JSON.stringify(input.definition) } : {}),
            updatedAt: new Date(),
          })
          .where('id', '=', id)
          .execute();
        await appendAudit(tx, actor, { action: 'update', objectType: 'simulation-scenario', objectId: id, subjectOrgId: before.ownerOrgId, before, after: input });
      });
      return (await findScenario(db, actor, id))!;
    },

    /** Runs a saved or inline scenario (or a Monte Carlo series) as a job on the registry model `actor` may see. */
    async startSimulation(actor: Actor, request: SimulationRequest): Promise<JobView> {
      authorizeSimulation(actor);
      const { model, loadMs } = await loadModel(actor);
      if (request.monteCarlo) {
        const mc = request.monteCarlo;
        const assetOf = new Map(model.assets.map((asset) => [asset.id, asset]));
        const located = model.graph.nodeIds.map((id) => assetOf.get(id));
        const xKm = new Float64Array(model.graph.nodeCount).fill(Number.NaN);
        const yKm = new Float64Array(model.graph.nodeCount).fill(Number.NaN);
        const nodeFragility = new Float64Array(model.graph.nodeCount);
        located.forEach((asset, v) => {
          if (!asset) return;
          nodeFragility[v] = fragilityOf(fragility, mc.hazard, asset.kind, asset.assetType);
          if (asset.latitude === null || asset.longitude === null) return;
          const { xKm: x, yKm: y } = planarKm([asset.longitude, asset.latitude]);
          xKm[v] = x;
          yKm[v] = y;
        });
        const horizonHours = mc.horizonHours ?? defaultScenarioHorizonHours;
        const sampleHours = [...new Set([...rankingHours.filter((h) => h < horizonHours), horizonHours])];
        const spec = {
          scenarioCount: mc.runs,
          seed: mc.seed ?? defaultScenarioSeed,
          horizonHours,
          sampleHours,
          hazard: { kind: 'regional' as const, xKm, yKm, radiusKm: mc.radiusKm, fragility: nodeFragility, repairHours: fragility.hazards[mc.hazard].repairHours },
        };
        return startJob(actor, 'monte-carlo', null, request, mc.runs, async (signal, progress) => {
          const summary = await runMonteCarloInWorkers(model.graph, spec, { workerCount, signal, onProgress: (done) => progress(done) });
          const importance = model.assets
            .map((asset) => ({ assetId: asset.id, code: asset.code, name: asset.name, frequency: summary.failureFrequency[model.indexOf.get(asset.id)!]! }))
            .filter((entry) => entry.frequency > 0)
            .sort((a, b) => b.frequency - a.frequency || a.code.localeCompare(b.code))
            .slice(0, 50);
          const processFrequency = model.processes.map((process) => ({ processId: process.id, code: process.code, frequency: summary.failureFrequency[model.indexOf.get(`process:${process.id}`)!]! }));
          return { runs: summary.scenarioCount, hazard: mc.hazard, radiusKm: mc.radiusKm, seed: spec.seed, distribution: summary.baseline, importance, processFrequency, timings: { loadMs } };
        });
      }
      const prepared = await prepare(actor, { model, loadMs }, request);
      return startJob(actor, 'simulate', prepared.scenarioId, request, 1, async () => simulate(model, prepared.failures, prepared.triggers, prepared.definition, prepared.timings));
    },

    /** Runs a saved scenario at once, without a job (an exercise's timeline: one cascade on the registry is milliseconds). */
    async runScenario(actor: Actor, scenarioId: string): Promise<RegistrySimulationResult> {
      authorizeSimulation(actor);
      const prepared = await prepare(actor, await loadModel(actor), { scenarioId });
      return simulate(prepared.model, prepared.failures, prepared.triggers, prepared.definition, prepared.timings);
    },

    /** The single-point-of-failure ranking of the model `actor` may see, as a job (N-1 sweep plus dominators). */
    async startRanking(actor: Actor, input: { top?: number }): Promise<JobView> {
      authorizeSimulation(actor);
      const { model } = await loadModel(actor);
      const assetOf = new Map(model.assets.map((asset) => [asset.id, asset]));
      return startJob(actor, 'rank', null, input, model.assets.length, async (signal, progress) => {
        const ranking = await rankInBatches(model, signal, progress);
        return {
          assets: model.assets.length,
          ranking: reportRanking(model.graph, ranking, input.top ?? 50).map(({ id, ...entry }) => {
            const asset = assetOf.get(id)!;
            return { assetId: id, code: asset.code, name: asset.name, providerId: asset.providerId, processId: asset.processId, latitude: asset.latitude, longitude: asset.longitude, ...entry };
          }),
        };
      });
    },

    async getJob(actor: Actor, id: string): Promise<JobView> {
      const job = await jobView(db, actor, id);
      if (!job) throw notFound('simulation-job', id);
      return job;
    },

    /** Cancels a running job: its workers are terminated before the job reads `cancelled`. A finished job is left as it is. */
    async cancelJob(actor: Actor, id: string): Promise<JobView> {
      const job = await jobView(db, actor, id);
      if (!job) throw notFound('simulation-job', id);
      const live = running.get(id);
      if (live) {
        live.controller.abort();
        await live.finished;
        await inTransaction(db, (tx) => appendAudit(tx, actor, { action: 'update', objectType: 'simulation-job', objectId: id, details: { cancelled: true } }));
      } else if (job.status === 'running' || job.status === 'queued') {
        // Started by a process that is gone (restart): it will never finish.
        await db.updateTable('simulationJob').set({ status: 'cancelled', finishedAt: new Date() }).where('id', '=', id).execute();
      }
      return (await jobView(db, actor, id))!;
    },

    /** Jobs running in this process (tests: none remain after a cancel). */
    runningJobs: () => running.size,

    /** Waits for every job of this process (tests, shutdown). */
    async settle(): Promise<void> {
      await Promise.all([...running.values()].map((job) => job.finished));
    },

    listProcessRules,

    async setProcessRule(actor: Actor, processId: string, input: { minCapacity: number; rationale?: string }) {
      if (!isUuid(processId) || !(await db.selectFrom('vitalProcess').select('id').where('id', '=', processId).executeTakeFirst())) throw notFound('vital-process', processId);
      await inTransaction(db, async (tx) => {
        await authorizeCapacityRuleWrite(actor, tx, processId);
        const before = await tx.selectFrom('processCapacityRule').selectAll().where('processId', '=', processId).executeTakeFirst();
        const values = { minCapacity: input.minCapacity, rationale: input.rationale ?? null, updatedByUserId: userOf(actor), updatedAt: new Date() };
        await tx
          .insertInto('processCapacityRule')
          .values({ processId, ...values })
          .onConflict((oc) => oc.column('processId').doUpdateSet(values))
          .execute();
        await appendAudit(tx, actor, { action: before ? 'update' : 'create', objectType: 'process-capacity-rule', objectId: processId, before, after: input });
      });
      return (await listProcessRules()).find((rule) => rule.processId === processId)!;
    },
  };
}

export type SimulationsService = ReturnType<typeof createSimulationsService>;
