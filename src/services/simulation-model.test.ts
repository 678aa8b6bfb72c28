import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inRegion, checkScenarioDefinition } from '../domain/simulation-scenario.ts';
import { createCascadeWorkspace, simulateCascade } from '../engine/cascade.ts';
import { compileGraph } from '../engine/graph.ts';
import { buildRegistryGraphModel, processNodeId, type ModelAsset, type ModelDependencyRow, type ModelProcess } from './simulation-model.ts';

const read = <T>(file: string): T => JSON.parse(fs.readFileSync(new URL(`../../data/${file}`, import.meta.url), 'utf8')) as T;

/** The demo data set as registry rows (codes stand in for ids). */
function demoModel(minCapacity = 0.5) {
  const assets = read<{ code: string; provider: string; process?: string; name: string; kind: string; assetType?: string; latitude?: number; longitude?: number; populationServed?: number; euroPerHour?: number }[]>('demo/assets.json');
  const dependencies = read<{ dependent: string; supplier: string; type: string; group?: string; k?: number; bufferHours?: number }[]>('demo/dependencies.json');
  const processes = read<{ id: string; name_nl: string; name_en: string }[]>('reference/vital-processes.json');
  const assetRows: ModelAsset[] = assets.map((a) => ({
    id: a.code,
    code: a.code,
    name: a.name,
    kind: a.kind,
    assetType: a.assetType ?? null,
    providerId: a.provider,
    processId: a.process ?? null,
    latitude: a.latitude ?? null,
    longitude: a.longitude ?? null,
    populationServed: a.populationServed ?? 0,
    euroPerHour: a.euroPerHour ?? 0,
  }));
  const dependencyRows: ModelDependencyRow[] = dependencies.map((d, i) => ({ id: `d${i}`, dependentId: d.dependent, supplierId: d.supplier, type: d.type, groupName: d.group ?? null, k: d.k ?? null, bufferHours: d.bufferHours ?? 0 }));
  const processRows: ModelProcess[] = processes.map((p) => ({ id: p.id, code: p.id, nameNl: p.name_nl, nameEn: p.name_en, minCapacity, minCapacitySource: 'reference' }));
  return { assetRows, dependencyRows, processRows, ...buildRegistryGraphModel(assetRows, dependencyRows, processRows) };
}

describe('the registry model', () => {
  it('compiles the demo data set: one node per asset and per served process, every dependency, a capacity group per process', () => {
    const { model, assetRows, dependencyRows, processAssets } = demoModel();
    const graph = compileGraph(model);
    expect(graph.nodeCount).toBe(assetRows.length + processAssets.size);
    const capacityEdges = [...processAssets.values()].reduce((sum, members) => sum + members.length, 0);
    expect(graph.memberSuppliers.length).toBe(dependencyRows.length + capacityEdges);
    const electricity = graph.nodeIds.indexOf(processNodeId('elektriciteit-landelijk'));
    const members = processAssets.get('elektriciteit-landelijk')!;
    const group = graph.groupOffsets[electricity]!;
    expect(graph.groupNames[group]).toBe('capacity');
    expect(graph.groupK[group]).toBe(Math.ceil(0.5 * members.length));
  });

  it('an unnamed dependency with a buffer becomes its own group, so that the buffer holds', () => {
    const asset = (id: string): ModelAsset => ({ id, code: id, name: id, kind: 'site', assetType: null, providerId: 'p', processId: 'proc', latitude: null, longitude: null, populationServed: 1, euroPerHour: 0 });
    const { model } = buildRegistryGraphModel([asset('a'), asset('b')], [{ id: 'x', dependentId: 'a', supplierId: 'b', type: 'physical', groupName: null, k: null, bufferHours: 8 }], [
      { id: 'proc', code: 'proc', nameNl: '', nameEn: '', minCapacity: 1, minCapacitySource: 'reference' },
    ]);
    const graph = compileGraph(model);
    const result = simulateCascade(createCascadeWorkspace(graph), { initialFailures: [{ node: graph.nodeIds.indexOf('b'), atHours: 0 }], horizonHours: 24 });
    const a = graph.nodeIds.indexOf('a');
    expect(result.failedAtHours[a]).toBe(8);
    // The process needs every asset (level 1): it is down as soon as b fails.
    expect(result.failedAtHours[graph.nodeIds.indexOf(processNodeId('proc'))]).toBe(0);
  });

  it('a process stays up while its working share is at its level, and goes down below it', () => {
    const assets: ModelAsset[] = ['a', 'b', 'c', 'd'].map((id) => ({ id, code: id, name: id, kind: 'site', assetType: null, providerId: 'p', processId: 'proc', latitude: null, longitude: null, populationServed: 0, euroPerHour: 0 }));
    const { model } = buildRegistryGraphModel(assets, [], [{ id: 'proc', code: 'proc', nameNl: '', nameEn: '', minCapacity: 0.5, minCapacitySource: 'reference' }]);
    const graph = compileGraph(model);
    const workspace = createCascadeWorkspace(graph);
    const down = (ids: string[]) => {
      const result = simulateCascade(workspace, { initialFailures: ids.map((id) => ({ node: graph.nodeIds.indexOf(id), atHours: 0 })), horizonHours: 1 });
      return Array.from(result.failedNodes).includes(graph.nodeIds.indexOf(processNodeId('proc')));
    };
    expect(down(['a', 'b'])).toBe(false);
    expect(down(['a', 'b', 'c'])).toBe(true);
  });
});

describe('scenario geometry', () => {
  const square = { type: 'Polygon' as const, coordinates: [[[4, 52], [5, 52], [5, 53], [4, 53], [4, 52]]] as [number, number][][] };
  it('places points in polygons (with holes) and circles', () => {
    expect(inRegion({ polygon: square }, [4.5, 52.5])).toBe(true);
    expect(inRegion({ polygon: square }, [5.5, 52.5])).toBe(false);
    const holed = { type: 'Polygon' as const, coordinates: [...square.coordinates, [[4.4, 52.4], [4.6, 52.4], [4.6, 52.6], [4.4, 52.6], [4.4, 52.4]]] as [number, number][][] };
    expect(inRegion({ polygon: holed }, [4.5, 52.5])).toBe(false);
    // Amsterdam to Utrecht is about 35 km.
    expect(inRegion({ circle: { center: [4.9, 52.37], radiusKm: 40 } }, [5.12, 52.09])).toBe(true);
    expect(inRegion({ circle: { center: [4.9, 52.37], radiusKm: 30 } }, [5.12, 52.09])).toBe(false);
  });

  it('names the offending element of a malformed region', () => {
    const open = { ...square, coordinates: [[[4, 52], [5, 52], [5, 53], [4, 53]]] as [number, number][][] };
    expect(checkScenarioDefinition({ region: { hazard: 'flood', polygon: open } }, '/s')).toEqual([{ path: '/s/region/polygon/coordinates/0/3', message: 'a linear ring must end at its first position' }]);
    expect(checkScenarioDefinition({ region: { hazard: 'flood' } }, '/s').map((e) => e.path)).toEqual(['/s/region']);
    expect(checkScenarioDefinition({}, '/s').map((e) => e.path)).toEqual(['/s']);
    expect(checkScenarioDefinition({ region: { hazard: 'heat', circle: { center: [200, 52], radiusKm: 5 } } }, '/s').map((e) => e.path)).toEqual(['/s/region/circle/center/0']);
  });
});
