import fs from 'node:fs';
import path from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { invalid } from '../domain/errors.ts';
import { hazards, type FragilityTable } from '../domain/simulation-scenario.ts';
import { compileGraph, type CascadeGraph, type GraphModel, type ModelDependency, type ModelGroup } from '../engine/graph.ts';
import type { Actor } from './actor.ts';
import { simulationAssetsVisible } from './policy.ts';

/**
 * The cascade model of the registry (issue 4 item 5): one node per asset the user may see, its dependencies on
 * other visible assets with their k-of-n groups and buffers, and one node per vital process that is down when
 * the share of its providers' (visible) assets still working falls below the process's capacity level.
 */

export interface ModelAsset {
  id: string;
  code: string;
  name: string;
  kind: string;
  assetType: string | null;
  providerId: string;
  processId: string | null;
  latitude: number | null;
  longitude: number | null;
  populationServed: number;
  euroPerHour: number;
}

export interface ModelDependencyRow {
  id: string;
  dependentId: string;
  supplierId: string;
  type: string;
  groupName: string | null;
  k: number | null;
  bufferHours: number;
}

export interface ModelProcess {
  id: string;
  code: string;
  nameNl: string;
  nameEn: string;
  /** Share of its assets that must work (0..1]. */
  minCapacity: number;
  /** Where the level comes from: set for this process, or the reference default. */
  minCapacitySource: 'process' | 'reference';
}

export interface RegistryModel {
  assets: ModelAsset[];
  processes: (ModelProcess & { assetIds: string[] })[];
  dependencies: number;
  graph: CascadeGraph;
  /** Node index by asset id or `process:<id>`. */
  indexOf: Map<string, number>;
}

/** data/reference/process-capacity.json: the default level and per-process levels by process code (unconfirmed, hence data). */
export interface CapacityReference {
  defaultMinCapacity: number;
  byProcess: Record<string, number>;
}

const level = (value: unknown) => typeof value === 'number' && value > 0 && value <= 1;

export function readCapacityReference(dataDir: string): CapacityReference {
  const file = JSON.parse(fs.readFileSync(path.join(dataDir, 'reference', 'process-capacity.json'), 'utf8')) as Partial<CapacityReference>;
  if (!level(file.defaultMinCapacity) || typeof file.byProcess !== 'object' || !Object.values(file.byProcess ?? {}).every(level))
    throw invalid('file-unreadable', 'reference/process-capacity.json needs defaultMinCapacity and byProcess levels in (0, 1].');
  return { defaultMinCapacity: file.defaultMinCapacity!, byProcess: file.byProcess! };
}

/** The level of a process: the one stored for it, else the reference value for its code, else the reference default. */
export function capacityLevel(capacity: CapacityReference, code: string, stored: number | null): { minCapacity: number; minCapacitySource: 'process' | 'reference' } {
  return stored === null ? { minCapacity: capacity.byProcess[code] ?? capacity.defaultMinCapacity, minCapacitySource: 'reference' } : { minCapacity: stored, minCapacitySource: 'process' };
}

export function readFragilityTable(dataDir: string): FragilityTable {
  const file = JSON.parse(fs.readFileSync(path.join(dataDir, 'reference', 'hazard-fragility.json'), 'utf8')) as FragilityTable;
  const probability = (value: unknown) => typeof value === 'number' && value >= 0 && value <= 1;
  for (const hazard of hazards) {
    const entry = file.hazards?.[hazard];
    if (!entry || !(entry.repairHours >= 0) || !Object.values(entry.byKind ?? {}).every(probability) || !Object.values(entry.byAssetType ?? {}).every(probability))
      throw invalid('file-unreadable', `reference/hazard-fragility.json needs repairHours and probabilities in [0, 1] for ${hazard}.`);
  }
  return file;
}

export const processNodeId = (processId: string) => `process:${processId}`;
export const dependencyGroupId = (dependencyId: string) => `dependency:${dependencyId}`;
export const capacityGroup = 'capacity';

/**
 * The graph model from registry rows (pure). Named dependency groups take the largest k and the shortest buffer
 * stated by their members (the cautious reading when members disagree); an unnamed dependency with a buffer becomes
 * its own 1-of-1 group so that its buffer counts. A process needs ⌈level × n⌉ of its n assets: below that share it is down.
 */
export function buildRegistryGraphModel(assets: ModelAsset[], dependencies: ModelDependencyRow[], processes: ModelProcess[]): { model: GraphModel; processAssets: Map<string, string[]> } {
  const nodes: GraphModel['nodes'] = assets.map((asset) => ({ id: asset.id, population: asset.populationServed, euroPerHour: asset.euroPerHour }));
  const edges: ModelDependency[] = [];
  const groups = new Map<string, ModelGroup>();
  for (const dependency of dependencies) {
    let group = dependency.groupName ?? undefined;
    if (group === undefined && dependency.bufferHours > 0) group = dependencyGroupId(dependency.id);
    edges.push({ dependent: dependency.dependentId, supplier: dependency.supplierId, type: dependency.type, ...(group === undefined ? {} : { group }) });
    if (group === undefined) continue;
    const key = `${dependency.dependentId}\u0000${group}`;
    const known = groups.get(key);
    if (!known) groups.set(key, { node: dependency.dependentId, id: group, k: dependency.k ?? 1, bufferHours: dependency.bufferHours });
    else {
      known.k = Math.max(known.k ?? 1, dependency.k ?? 1);
      known.bufferHours = Math.min(known.bufferHours ?? 0, dependency.bufferHours);
    }
  }
  const processAssets = new Map<string, string[]>();
  for (const asset of assets) if (asset.processId !== null) processAssets.set(asset.processId, [...(processAssets.get(asset.processId) ?? []), asset.id]);
  for (const process of processes) {
    const members = processAssets.get(process.id);
    if (!members) continue;
    const node = processNodeId(process.id);
    nodes.push({ id: node });
    for (const assetId of members) edges.push({ dependent: node, supplier: assetId, group: capacityGroup, type: 'logical' });
    groups.set(`${node}\u0000${capacityGroup}`, { node, id: capacityGroup, k: Math.max(1, Math.ceil(process.minCapacity * members.length - 1e-9)) });
  }
  // A k above the group's size could never be met: the group is down from the start. Cap it to the members present.
  const sizes = new Map<string, number>();
  for (const edge of edges) if (edge.group !== undefined) sizes.set(`${edge.dependent}\u0000${edge.group}`, (sizes.get(`${edge.dependent}\u0000${edge.group}`) ?? 0) + 1);
  for (const [key, group] of groups) group.k = Math.min(group.k ?? 1, sizes.get(key) ?? 1);
  return { model: { nodes, dependencies: edges, groups: [...groups.values()] }, processAssets };
}

/** Reads what `actor` may see (policy.ts `simulationAssetsVisible`) and compiles it. Assets in code order, so that seeded draws repeat. */
export async function loadRegistryModel(db: Kysely<Database> | Transaction<Database>, actor: Actor, capacity: CapacityReference): Promise<RegistryModel> {
  const assets = await db
    .selectFrom('asset')
    .where(simulationAssetsVisible(actor))
    .select(['id', 'code', 'name', 'kind', 'assetType', 'providerId', 'processId', 'latitude', 'longitude', 'populationServed', 'euroPerHour'])
    .orderBy('code')
    .execute();
  const visible = db.selectFrom('asset').select('asset.id').where(simulationAssetsVisible(actor));
  const dependencies = await db
    .selectFrom('dependency')
    .select(['id', 'dependentId', 'supplierId', 'type', 'groupName', 'k', 'bufferHours'])
    .where('dependentId', 'in', visible)
    .where('supplierId', 'in', visible)
    .orderBy('dependentId')
    .orderBy('supplierId')
    .execute();
  const processRows = await db
    .selectFrom('vitalProcess')
    .leftJoin('processCapacityRule', 'processCapacityRule.processId', 'vitalProcess.id')
    .select(['vitalProcess.id', 'vitalProcess.code', 'vitalProcess.nameNl', 'vitalProcess.nameEn', 'processCapacityRule.minCapacity'])
    .orderBy('vitalProcess.code')
    .execute();
  const processes: ModelProcess[] = processRows.map((row) => ({
    id: row.id,
    code: row.code,
    nameNl: row.nameNl,
    nameEn: row.nameEn,
    ...capacityLevel(capacity, row.code, row.minCapacity),
  }));
  const { model, processAssets } = buildRegistryGraphModel(assets, dependencies, processes);
  const graph = compileGraph(model);
  return {
    assets,
    processes: processes.filter((process) => processAssets.has(process.id)).map((process) => ({ ...process, assetIds: processAssets.get(process.id)! })),
    dependencies: dependencies.length,
    graph,
    indexOf: new Map(graph.nodeIds.map((id, v) => [id, v])),
  };
}
