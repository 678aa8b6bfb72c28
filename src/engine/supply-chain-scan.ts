/**
 * The graph walk of the high-risk scan: from every key asset through its suppliers (the `dependency` edges,
 * transitively) to the products each asset uses, and into those products' components (firmware inside a
 * device, a library inside software), to every flagged product. Pure and synchronous; ids are opaque strings.
 * Each asset and product is visited once per key asset, so a walk costs O(key assets × (assets + edges)).
 */
export interface ScanGraph {
  /** Assets in a stable order; the order of the hits follows it. */
  assets: readonly { id: string; keyAsset: boolean }[];
  /** "dependent needs supplier". */
  dependencies: readonly { dependentId: string; supplierId: string }[];
  uses: readonly { assetId: string; productId: string }[];
  components: readonly { parentProductId: string; childProductId: string }[];
  /** Products whose vendor or manufacturer matches the country policy. */
  flagged: ReadonlySet<string>;
}

export interface ScanHit {
  /** The key asset whose dependency closure holds the flagged product; null for a flagged product used outside every closure. */
  keyAssetId: string | null;
  /** Shortest supplier path from the key asset (first) to the asset that uses the product (last); just that asset when `keyAssetId` is null. */
  assetPath: string[];
  /** The product the asset uses (first) down through components to the flagged product (last). */
  productPath: string[];
  /** How many (asset, product path) pairs of the closure lead to this flagged product; the paths above are a shortest one. */
  occurrences: number;
}

type Adjacency = Map<string, string[]>;

function adjacency<T>(edges: readonly T[], from: (edge: T) => string, to: (edge: T) => string): Adjacency {
  const map: Adjacency = new Map();
  for (const edge of edges) {
    const list = map.get(from(edge));
    if (list) list.push(to(edge));
    else map.set(from(edge), [to(edge)]);
  }
  return map;
}

/** Breadth-first from `start`; returns each reached node's parent (the start maps to null), in order of reaching. */
function breadthFirst(start: string, next: Adjacency): Map<string, string | null> {
  const parent = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as string;
    for (const neighbour of next.get(node) ?? []) {
      if (parent.has(neighbour)) continue;
      parent.set(neighbour, node);
      queue.push(neighbour);
    }
  }
  return parent;
}

function pathTo(node: string, parent: Map<string, string | null>): string[] {
  const path: string[] = [];
  for (let current: string | null | undefined = node; current != null; current = parent.get(current)) path.push(current);
  return path.reverse();
}

/**
 * Every flagged product in the dependency closure of each key asset, once per (key asset, flagged product) with a
 * shortest supplier path, and every flagged product used outside all closures, once per using asset.
 */
export function scanHighRisk(graph: ScanGraph): ScanHit[] {
  const suppliers = adjacency(graph.dependencies, (edge) => edge.dependentId, (edge) => edge.supplierId);
  const children = adjacency(graph.components, (edge) => edge.parentProductId, (edge) => edge.childProductId);
  const usedBy = adjacency(graph.uses, (use) => use.assetId, (use) => use.productId);

  // Per used product: the component paths to the flagged products inside it (itself included).
  const flaggedPaths = new Map<string, string[][]>();
  const flaggedWithin = (productId: string): string[][] => {
    let paths = flaggedPaths.get(productId);
    if (!paths) {
      const parent = breadthFirst(productId, children);
      paths = [...parent.keys()].filter((id) => graph.flagged.has(id)).map((id) => pathTo(id, parent));
      flaggedPaths.set(productId, paths);
    }
    return paths;
  };
  // Breadth-first order reaches nearer assets first, so the first hit of a flagged product has a shortest path.
  const collect = (hits: ScanHit[], keyAssetId: string | null, assetIds: Iterable<string>, pathOf: (assetId: string) => string[]) => {
    const byFlagged = new Map<string, ScanHit>();
    for (const assetId of assetIds)
      for (const productId of usedBy.get(assetId) ?? [])
        for (const productPath of flaggedWithin(productId)) {
          const flaggedId = productPath.at(-1) as string;
          const hit = byFlagged.get(flaggedId);
          if (hit) hit.occurrences++;
          else byFlagged.set(flaggedId, { keyAssetId, assetPath: pathOf(assetId), productPath, occurrences: 1 });
        }
    hits.push(...byFlagged.values());
  };

  const hits: ScanHit[] = [];
  const inCore = new Set<string>();
  for (const asset of graph.assets) {
    if (!asset.keyAsset) continue;
    const parent = breadthFirst(asset.id, suppliers);
    for (const reached of parent.keys()) inCore.add(reached);
    collect(hits, asset.id, parent.keys(), (assetId) => pathTo(assetId, parent));
  }
  for (const asset of graph.assets) if (!inCore.has(asset.id)) collect(hits, null, [asset.id], (assetId) => [assetId]);
  return hits;
}
