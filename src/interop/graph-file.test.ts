import { describe, expect, it } from 'vitest';
import { isDomainError } from '../domain/errors.ts';
import { parseGraphFile, parseScenarioFile, type GraphFile } from './graph-file.ts';

const good: GraphFile = {
  layers: [{ id: 'power', connectivity: 'source' }],
  nodes: [
    { id: 'sub-1', layer: 'power', source: true, population: 12000 },
    { id: 'sub-2', layer: 'power' },
    { id: 'pump-1' },
  ],
  links: [{ source: 'sub-1', target: 'sub-2' }],
  dependencies: [
    { dependent: 'pump-1', supplier: 'sub-1', group: 'power', type: 'physical' },
    { dependent: 'pump-1', supplier: 'sub-2', group: 'power', type: 'physical' },
  ],
  groups: [{ node: 'pump-1', id: 'power', k: 1, bufferHours: 8 }],
};

function refusal(parse: () => unknown): { code: string; message: string; paths: string[] } {
  try {
    parse();
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, message: error.message, paths: error.details.map((d) => d.path) };
    throw error;
  }
  throw new Error('not refused');
}

const withChange = (change: (graph: GraphFile) => void) => {
  const copy = structuredClone(good);
  change(copy);
  return JSON.stringify(copy);
};

describe('graph file', () => {
  it('accepts the example of DESIGN.md §5', () => {
    expect(parseGraphFile(JSON.stringify(good))).toEqual(good);
  });

  it('accepts a group with a response table (partial capacity), steps included', () => {
    const text = withChange((g) => (g.groups![0]!.response = [[0, 0], [0.5, 0], [0.5, 0.6], [1, 1]]));
    expect(parseGraphFile(text).groups![0]!.response).toEqual([[0, 0], [0.5, 0], [0.5, 0.6], [1, 1]]);
  });

  it.each([
    { name: 'not JSON', text: '{"nodes": [', path: '/', message: /not valid JSON/ },
    { name: 'no nodes', text: '{}', path: '/', message: /must have required property 'nodes'/ },
    { name: 'unknown supplier', text: withChange((g) => (g.dependencies![1]!.supplier = 'sub-9')), path: '/dependencies/1/supplier', message: /unknown node "sub-9"/ },
    { name: 'unknown dependent', text: withChange((g) => (g.dependencies![0]!.dependent = 'x')), path: '/dependencies/0/dependent', message: /unknown node "x"/ },
    { name: 'unknown link end', text: withChange((g) => (g.links![0]!.target = 'sub-3')), path: '/links/0/target', message: /unknown node "sub-3"/ },
    { name: 'link across layers', text: withChange((g) => (g.links![0]!.target = 'pump-1')), path: '/links/0/target', message: /"pump-1" is not in layer "power"/ },
    { name: 'unknown layer', text: withChange((g) => (g.nodes[2]!.layer = 'gas')), path: '/nodes/2/layer', message: /unknown layer "gas"/ },
    { name: 'duplicate node', text: withChange((g) => (g.nodes[2]!.id = 'sub-1')), path: '/nodes/2/id', message: /duplicate node "sub-1"/ },
    { name: 'negative population', text: withChange((g) => (g.nodes[0]!.population = -1)), path: '/nodes/0/population', message: /must be >= 0/ },
    { name: 'bad rule', text: withChange((g) => ((g.layers![0] as { connectivity: string }).connectivity = 'mesh')), path: '/layers/0/connectivity', message: /must be one of/ },
    { name: 'unknown property', text: withChange((g) => Object.assign(g.nodes[0]!, { colour: 'red' })), path: '/nodes/0', message: /unknown property "colour"/ },
    { name: 'k above the suppliers', text: withChange((g) => (g.groups![0]!.k = 3)), path: '/groups/0/k', message: /k = 3 .* 2 supplier/ },
    { name: 'group of an unknown node', text: withChange((g) => (g.groups![0]!.node = 'pump-9')), path: '/groups/0/node', message: /unknown node "pump-9"/ },
    { name: 'group without dependencies', text: withChange((g) => (g.groups![0]!.id = 'water')), path: '/groups/0', message: /has no dependencies/ },
    { name: 'a response point outside 0..1', text: withChange((g) => (g.groups![0]!.response = [[0, 0], [0.5, 1.2], [1, 1]])), path: '/groups/0/response/1/1', message: /must be <= 1/ },
    { name: 'a response point of three numbers', text: withChange((g) => (g.groups![0]!.response = [[0, 0], [0.5, 0.5, 1] as never, [1, 1]])), path: '/groups/0/response/1', message: /must NOT have more than 2 items/ },
    { name: 'a response table of one point', text: withChange((g) => (g.groups![0]!.response = [[1, 1]])), path: '/groups/0/response', message: /fewer than 2 items/ },
    { name: 'a response table not from 0', text: withChange((g) => (g.groups![0]!.response = [[0.2, 0], [1, 1]])), path: '/groups/0/response/0', message: /first point is at fraction 0/ },
    { name: 'a response table that falls', text: withChange((g) => (g.groups![0]!.response = [[0, 0], [0.5, 0.8], [0.7, 0.6], [1, 1]])), path: '/groups/0/response/2', message: /must not fall/ },
    { name: 'response fractions that go back', text: withChange((g) => (g.groups![0]!.response = [[0, 0], [0.6, 0.5], [0.4, 0.5], [1, 1]])), path: '/groups/0/response/2', message: /must not decrease/ },
    { name: 'three response points at one fraction', text: withChange((g) => (g.groups![0]!.response = [[0, 0], [0.5, 0], [0.5, 0.2], [0.5, 0.4], [1, 1]])), path: '/groups/0/response/3', message: /at most two points/ },
    { name: 'a response table short of [1, 1]', text: withChange((g) => (g.groups![0]!.response = [[0, 0], [1, 0.9]])), path: '/groups/0/response/1', message: /last point is \[1, 1\]/ },
  ])('refuses $name with the path of the element', ({ text, path, message }) => {
    const refused = refusal(() => parseGraphFile(text));
    expect(refused.code).toBe('graph-invalid');
    expect(refused.paths[0]).toBe(path);
    expect(refused.message).toContain(path);
    expect(refused.message).toMatch(message);
  });
});

describe('scenario file', () => {
  it('accepts ids and objects', () => {
    expect(parseScenarioFile(JSON.stringify({ initialFailures: ['sub-1', { node: 'sub-2', atHours: 2, repairHours: 4 }] }), good)).toEqual({
      initialFailures: [{ node: 'sub-1' }, { node: 'sub-2', atHours: 2, repairHours: 4 }],
    });
  });
  it.each([
    { text: '{"initialFailures": ["sub-1", "sub-7"]}', path: '/initialFailures/1' },
    { text: '{"initialFailures": [{"node": "nope"}]}', path: '/initialFailures/0/node' },
    { text: '{"initialFailures": [{"node": "sub-1", "atHours": -1}]}', path: '/initialFailures/0' },
    { text: '{"initialFailures": [], "randomFailures": {"probability": 2}}', path: '/randomFailures/probability' },
    { text: '{"failures": []}', path: '/' },
  ])('refuses $text at $path', ({ text, path }) => {
    const refused = refusal(() => parseScenarioFile(text, good));
    expect(refused.code).toBe('scenario-invalid');
    expect(refused.paths[0]).toBe(path);
  });
});
