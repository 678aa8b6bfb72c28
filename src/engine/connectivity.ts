/**
 * Traversals on CSR adjacency (`offsets`, `targets`: the neighbours of v are targets[offsets[v]..offsets[v+1]]).
 * An optional `alive` mask (1 = usable) restricts them to working nodes. All O(nodes + edges).
 */

/** Hop distance from `start` to every node, -1 when unreachable. */
export function breadthFirstDistances(offsets: Int32Array, targets: Int32Array, start: number, alive?: Uint8Array): Int32Array {
  const n = offsets.length - 1;
  const distance = new Int32Array(n).fill(-1);
  if (alive && !alive[start]) return distance;
  const queue = new Int32Array(n);
  queue[0] = start;
  distance[start] = 0;
  let tail = 1;
  for (let head = 0; head < tail; head++) {
    const v = queue[head]!;
    const next = distance[v]! + 1;
    for (let e = offsets[v]!, end = offsets[v + 1]!; e < end; e++) {
      const w = targets[e]!;
      if (distance[w] === -1 && (!alive || alive[w])) {
        distance[w] = next;
        queue[tail++] = w;
      }
    }
  }
  return distance;
}

export interface Components {
  /** Component of each node, -1 for nodes not alive. Components are numbered in order of their lowest node. */
  componentOf: Int32Array;
  sizes: Int32Array;
  count: number;
}

/** Connected components of the (alive part of the) undirected graph. */
export function connectedComponents(offsets: Int32Array, targets: Int32Array, alive?: Uint8Array): Components {
  const n = offsets.length - 1;
  const componentOf = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const sizes: number[] = [];
  for (let s = 0; s < n; s++) {
    if (componentOf[s] !== -1 || (alive && !alive[s])) continue;
    const component = sizes.length;
    componentOf[s] = component;
    queue[0] = s;
    let tail = 1;
    for (let head = 0; head < tail; head++) {
      const v = queue[head]!;
      for (let e = offsets[v]!, end = offsets[v + 1]!; e < end; e++) {
        const w = targets[e]!;
        if (componentOf[w] === -1 && (!alive || alive[w])) {
          componentOf[w] = component;
          queue[tail++] = w;
        }
      }
    }
    sizes.push(tail);
  }
  return { componentOf, sizes: Int32Array.from(sizes), count: sizes.length };
}

/** The largest component (the first one on ties) as a 0/1 mask, and its size. */
export function giantComponent(offsets: Int32Array, targets: Int32Array, alive?: Uint8Array): { member: Uint8Array; size: number } {
  const { componentOf, sizes, count } = connectedComponents(offsets, targets, alive);
  let best = -1;
  for (let c = 0; c < count; c++) if (best < 0 || sizes[c]! > sizes[best]!) best = c;
  const member = new Uint8Array(componentOf.length);
  for (let v = 0; v < member.length; v++) member[v] = componentOf[v] === best ? 1 : 0;
  return { member, size: best < 0 ? 0 : sizes[best]! };
}

/** Nodes connected through alive nodes to an alive source (0/1 mask). */
export function reachableFromSources(offsets: Int32Array, targets: Int32Array, sources: ArrayLike<number>, alive?: Uint8Array): Uint8Array {
  const n = offsets.length - 1;
  const reached = new Uint8Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i]!;
    if (!reached[s] && (!alive || alive[s])) {
      reached[s] = 1;
      queue[tail++] = s;
    }
  }
  for (let head = 0; head < tail; head++) {
    const v = queue[head]!;
    for (let e = offsets[v]!, end = offsets[v + 1]!; e < end; e++) {
      const w = targets[e]!;
      if (!reached[w] && (!alive || alive[w])) {
        reached[w] = 1;
        queue[tail++] = w;
      }
    }
  }
  return reached;
}
