import { describe, expect, it } from 'vitest';
import { scanHighRisk, type ScanGraph } from './supply-chain-scan.ts';

const graph = (values: Partial<ScanGraph>): ScanGraph => ({ assets: [], dependencies: [], uses: [], components: [], flagged: new Set(), ...values });

describe('scanHighRisk', () => {
  it('finds flagged firmware two levels deep in a device used by a supplier of a key asset, with both paths', () => {
    const hits = scanHighRisk(
      graph({
        assets: [{ id: 'control-room', keyAsset: true }, { id: 'substation', keyAsset: false }],
        dependencies: [{ dependentId: 'control-room', supplierId: 'substation' }],
        uses: [{ assetId: 'substation', productId: 'rtu' }],
        components: [
          { parentProductId: 'rtu', childProductId: 'modem' },
          { parentProductId: 'modem', childProductId: 'modem-fw' },
        ],
        flagged: new Set(['modem-fw']),
      }),
    );
    expect(hits).toEqual([{ keyAssetId: 'control-room', assetPath: ['control-room', 'substation'], productPath: ['rtu', 'modem', 'modem-fw'], occurrences: 1 }]);
  });

  it('reports a flagged product outside every key asset’s closure once, without a key asset', () => {
    const hits = scanHighRisk(
      graph({
        assets: [{ id: 'core', keyAsset: true }, { id: 'office', keyAsset: false }],
        dependencies: [{ dependentId: 'office', supplierId: 'core' }],
        uses: [{ assetId: 'office', productId: 'camera' }],
        flagged: new Set(['camera']),
      }),
    );
    expect(hits).toEqual([{ keyAssetId: null, assetPath: ['office'], productPath: ['camera'], occurrences: 1 }]);
  });

  it('terminates on cycles in dependencies and components and takes the shortest supplier path', () => {
    const hits = scanHighRisk(
      graph({
        assets: [{ id: 'k', keyAsset: true }, { id: 'a', keyAsset: false }, { id: 'b', keyAsset: false }],
        dependencies: [
          { dependentId: 'k', supplierId: 'a' },
          { dependentId: 'a', supplierId: 'b' },
          { dependentId: 'b', supplierId: 'k' },
          { dependentId: 'k', supplierId: 'b' },
        ],
        uses: [{ assetId: 'b', productId: 'p' }],
        components: [
          { parentProductId: 'p', childProductId: 'q' },
          { parentProductId: 'q', childProductId: 'p' },
        ],
        flagged: new Set(['q']),
      }),
    );
    expect(hits).toEqual([{ keyAssetId: 'k', assetPath: ['k', 'b'], productPath: ['p', 'q'], occurrences: 1 }]);
  });

  it('reports a flagged product once per key asset, with a shortest path and the number of ways it is reached', () => {
    const hits = scanHighRisk(
      graph({
        assets: [{ id: 'k', keyAsset: true }, { id: 'far', keyAsset: false }, { id: 'near', keyAsset: false }],
        dependencies: [
          { dependentId: 'k', supplierId: 'near' },
          { dependentId: 'near', supplierId: 'far' },
        ],
        uses: [
          { assetId: 'far', productId: 'fw' },
          { assetId: 'near', productId: 'device' },
        ],
        components: [{ parentProductId: 'device', childProductId: 'fw' }],
        flagged: new Set(['fw']),
      }),
    );
    expect(hits).toEqual([{ keyAssetId: 'k', assetPath: ['k', 'near'], productPath: ['device', 'fw'], occurrences: 2 }]);
  });

  it('finds nothing when nothing is flagged', () => {
    expect(scanHighRisk(graph({ assets: [{ id: 'k', keyAsset: true }], uses: [{ assetId: 'k', productId: 'p' }] }))).toEqual([]);
  });
});
