import { Ajv, type ErrorObject } from 'ajv';
import { invalid, type ErrorDetail } from '../domain/errors.ts';
import { checkJsonTextDepth } from '../domain/input-limits.ts';
import { responseTableProblem, type ResponsePoint } from '../domain/response-table.ts';

/**
 * The graph and scenario files of `vitaal simulate` (DESIGN.md §5): JSON checked against a schema, then
 * for referential integrity. A malformed file is refused whole, with the JSON pointer of each offending
 * element (`/dependencies/17/supplier: unknown node "sub-9"`).
 */

export type ConnectivityRule = 'none' | 'source' | 'giant-component';

export interface GraphFile {
  layers?: { id: string; connectivity: ConnectivityRule }[];
  nodes: { id: string; name?: string; kind?: string; layer?: string; source?: boolean; population?: number; euroPerHour?: number; repairHours?: number; restartHours?: number }[];
  links?: { source: string; target: string }[];
  dependencies?: { dependent: string; supplier: string; group?: string; type?: 'physical' | 'cyber' | 'geographic' | 'logical' }[];
  /** `response`: partial capacity, `[fraction of suppliers working, capacity]` points (domain/response-table.ts). */
  groups?: { node: string; id: string; k?: number; bufferHours?: number; response?: ResponsePoint[] }[];
}

export interface ScenarioFailure {
  node: string;
  atHours?: number;
  repairHours?: number;
}

export interface ScenarioFile {
  name?: string;
  initialFailures: ScenarioFailure[];
  /** Each node (of `layer`) also fails at hour 0 with this probability, drawn with the run's seed. */
  randomFailures?: { probability: number; layer?: string };
  horizonHours?: number;
}

const id = { type: 'string', minLength: 1 };
const hours = { type: 'number', minimum: 0 };
const share = { type: 'number', minimum: 0, maximum: 1 };
const responseTable = { type: 'array', minItems: 2, items: { type: 'array', minItems: 2, maxItems: 2, items: [share, share], additionalItems: false } };

const graphSchema = {
  type: 'object',
  required: ['nodes'],
  additionalProperties: false,
  properties: {
    layers: {
      type: 'array',
      items: { type: 'object', required: ['id', 'connectivity'], additionalProperties: false, properties: { id, connectivity: { enum: ['none', 'source', 'giant-component'] } } },
    },
    nodes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id'],
        additionalProperties: false,
        properties: {
          id,
          name: { type: 'string' },
          kind: { type: 'string' },
          layer: id,
          source: { type: 'boolean' },
          population: { type: 'number', minimum: 0 },
          euroPerHour: { type: 'number', minimum: 0 },
          repairHours: hours,
          restartHours: hours,
        },
      },
    },
    links: { type: 'array', items: { type: 'object', required: ['source', 'target'], additionalProperties: false, properties: { source: id, target: id } } },
    dependencies: {
      type: 'array',
      items: {
        type: 'object',
        required: ['dependent', 'supplier'],
        additionalProperties: false,
        properties: { dependent: id, supplier: id, group: id, type: { enum: ['physical', 'cyber', 'geographic', 'logical'] } },
      },
    },
    groups: {
      type: 'array',
      items: { type: 'object', required: ['node', 'id'], additionalProperties: false, properties: { node: id, id, k: { type: 'integer', minimum: 1 }, bufferHours: hours, response: responseTable } },
    },
  },
};

const scenarioSchema = {
  type: 'object',
  required: ['initialFailures'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    initialFailures: {
      type: 'array',
      items: {
        oneOf: [id, { type: 'object', required: ['node'], additionalProperties: false, properties: { node: id, atHours: hours, repairHours: hours } }],
      },
    },
    randomFailures: {
      type: 'object',
      required: ['probability'],
      additionalProperties: false,
      properties: { probability: { type: 'number', minimum: 0, maximum: 1 }, layer: id },
    },
    horizonHours: { type: 'number', exclusiveMinimum: 0 },
  },
};

let validators: { graph: ReturnType<Ajv['compile']>; scenario: ReturnType<Ajv['compile']> } | undefined;
function compileValidators() {
  if (validators) return validators;
  const ajv = new Ajv({ allErrors: false, strict: true });
  validators = { graph: ajv.compile(graphSchema), scenario: ajv.compile(scenarioSchema) };
  return validators;
}

const maxDetails = 20;

function refuse(what: 'graph' | 'scenario', details: ErrorDetail[]): never {
  const first = details[0]!;
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
  throw invalid(`${what}-invalid`, `Invalid ${what} file: ${first.path}: ${first.message}${more}`, details);
}

function schemaDetail(error: ErrorObject): ErrorDetail {
  const path = error.instancePath || '/';
  if (error.keyword === 'additionalProperties') return { path, message: `unknown property "${(error.params as { additionalProperty: string }).additionalProperty}"` };
  if (error.keyword === 'enum') return { path, message: `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}` };
  return { path, message: error.message ?? 'is invalid' };
}

function parseJson(what: 'graph' | 'scenario', text: string): unknown {
  checkJsonTextDepth(text, `The ${what} file`);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return refuse(what, [{ path: '/', message: `not valid JSON (${(error as Error).message})` }]);
  }
}

/** Parses and checks a graph file: schema, unique ids, known nodes and layers, links inside one layer, groups with enough suppliers. */
export function parseGraphFile(text: string): GraphFile {
  const document = parseJson('graph', text);
  const { graph: validate } = compileValidators();
  if (!validate(document)) refuse('graph', (validate.errors ?? []).map(schemaDetail));
  const graph = document as GraphFile;
  const details: ErrorDetail[] = [];
  const problem = (path: string, message: string) => {
    if (details.length < maxDetails) details.push({ path, message });
  };
  const layers = new Set<string>();
  (graph.layers ?? []).forEach((layer, i) => {
    if (layers.has(layer.id)) problem(`/layers/${i}/id`, `duplicate layer "${layer.id}"`);
    layers.add(layer.id);
  });
  const layerOf = new Map<string, string | undefined>();
  graph.nodes.forEach((node, i) => {
    if (layerOf.has(node.id)) problem(`/nodes/${i}/id`, `duplicate node "${node.id}"`);
    if (node.layer !== undefined && !layers.has(node.layer)) problem(`/nodes/${i}/layer`, `unknown layer "${node.layer}"`);
    layerOf.set(node.id, node.layer);
  });
  const known = (path: string, nodeId: string) => {
    if (layerOf.has(nodeId)) return true;
    problem(path, `unknown node "${nodeId}"`);
    return false;
  };
  (graph.links ?? []).forEach((link, i) => {
    const ok = known(`/links/${i}/source`, link.source) && known(`/links/${i}/target`, link.target);
    if (!ok) return;
    const layer = layerOf.get(link.source);
    if (layer === undefined) problem(`/links/${i}/source`, `node "${link.source}" has no layer; links join nodes of one layer`);
    else if (layerOf.get(link.target) !== layer) problem(`/links/${i}/target`, `node "${link.target}" is not in layer "${layer}" of "${link.source}"`);
  });
  const suppliersOf = new Map<string, number>();
  const groupKey = (node: string, group: string) => `${node}\u0000${group}`;
  (graph.dependencies ?? []).forEach((dependency, i) => {
    known(`/dependencies/${i}/dependent`, dependency.dependent);
    known(`/dependencies/${i}/supplier`, dependency.supplier);
    if (dependency.group !== undefined) {
      const key = groupKey(dependency.dependent, dependency.group);
      suppliersOf.set(key, (suppliersOf.get(key) ?? 0) + 1);
    }
  });
  const groups = new Set<string>();
  (graph.groups ?? []).forEach((group, i) => {
    if (!known(`/groups/${i}/node`, group.node)) return;
    const key = groupKey(group.node, group.id);
    if (groups.has(key)) problem(`/groups/${i}/id`, `duplicate group "${group.id}" of node "${group.node}"`);
    groups.add(key);
    const suppliers = suppliersOf.get(key) ?? 0;
    if (suppliers === 0) problem(`/groups/${i}`, `group "${group.id}" of node "${group.node}" has no dependencies`);
    else if ((group.k ?? 1) > suppliers) problem(`/groups/${i}/k`, `k = ${group.k} but group "${group.id}" of node "${group.node}" has ${suppliers} supplier(s)`);
    const table = group.response && responseTableProblem(group.response);
    if (table) problem(table.index < 0 ? `/groups/${i}/response` : `/groups/${i}/response/${table.index}`, table.message);
  });
  if (details.length > 0) refuse('graph', details);
  return graph;
}

/** Parses and checks a scenario file against the node and layer ids of its graph; bare ids become `{ node }`. */
export function parseScenarioFile(text: string, graph: GraphFile): ScenarioFile {
  const document = parseJson('scenario', text);
  const { scenario: validate } = compileValidators();
  if (!validate(document)) refuse('scenario', (validate.errors ?? []).map(schemaDetail));
  const raw = document as Omit<ScenarioFile, 'initialFailures'> & { initialFailures: (string | ScenarioFailure)[] };
  const nodes = new Set(graph.nodes.map((node) => node.id));
  const details: ErrorDetail[] = [];
  const initialFailures = raw.initialFailures.map((failure, i) => {
    const entry = typeof failure === 'string' ? { node: failure } : failure;
    if (!nodes.has(entry.node) && details.length < maxDetails)
      details.push({ path: typeof failure === 'string' ? `/initialFailures/${i}` : `/initialFailures/${i}/node`, message: `unknown node "${entry.node}"` });
    return entry;
  });
  const layer = raw.randomFailures?.layer;
  if (layer !== undefined && !(graph.layers ?? []).some((l) => l.id === layer)) details.push({ path: '/randomFailures/layer', message: `unknown layer "${layer}"` });
  if (details.length > 0) refuse('scenario', details);
  return { ...raw, initialFailures };
}
