import { DirectedGraph } from 'graphology';
import forceAtlas2Module from 'graphology-layout-forceatlas2';
import { useEffect, useRef, useState } from 'react';
import Sigma from 'sigma';

// A CommonJS package: TypeScript (NodeNext) sees its default export under `.default`, the bundler as the module itself.
type ForceAtlas2 = typeof forceAtlas2Module.default;
const forceAtlas2: ForceAtlas2 = (forceAtlas2Module as unknown as { default?: ForceAtlas2 }).default ?? (forceAtlas2Module as unknown as ForceAtlas2);

export interface GraphNode {
  id: string;
  label: string;
  /** Nodes of the page's own process are drawn in the primary colour. */
  own: boolean;
  /** People served; sets the node size. */
  weight: number;
}

export interface GraphEdge {
  id: string;
  /** The asset that supplies. */
  source: string;
  /** The asset that depends on it. */
  target: string;
}

// WebGL needs literal colours: lintblauw-500 and violet-500 of the Rijkshuisstijl tokens.
export const graphColours = { own: '#154273', other: '#a90061', edge: '#8fa6bd' } as const;

/** Builds the graph and lays it out with ForceAtlas2 from a circle, so the same data gives the same picture. */
export function buildDependencyGraph(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): DirectedGraph {
  const graph = new DirectedGraph();
  nodes.forEach((node, index) => {
    const angle = (2 * Math.PI * index) / Math.max(nodes.length, 1);
    graph.addNode(node.id, {
      label: node.label,
      x: Math.cos(angle),
      y: Math.sin(angle),
      size: 5 + Math.min(10, Math.log10(1 + node.weight)),
      color: node.own ? graphColours.own : graphColours.other,
    });
  });
  for (const edge of edges) {
    if (graph.hasNode(edge.source) && graph.hasNode(edge.target) && !graph.hasEdge(edge.source, edge.target)) {
      graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, { size: 2, color: graphColours.edge, type: 'arrow' });
    }
  }
  if (graph.order > 1) forceAtlas2.assign(graph, { iterations: 300, settings: { ...forceAtlas2.inferSettings(graph), adjustSizes: true } });
  return graph;
}

/** Whether this browser can give sigma a WebGL context (headless browsers without a GPU may not). */
function hasWebGl(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return Boolean(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
  } catch {
    return false;
  }
}

/**
 * The dependency network drawn by sigma (WebGL). A picture for sighted users; the page gives the same
 * dependencies as a table. Without WebGL it shows `unavailable` instead.
 */
export function DependencyGraph({
  nodes,
  edges,
  label,
  unavailable,
  colours,
}: {
  nodes: readonly GraphNode[];
  edges: readonly GraphEdge[];
  label: string;
  unavailable: string;
  /** Colours that override a node's own (a cascade at a moment, a highlighted ranking); changing them keeps the layout. */
  colours?: ReadonlyMap<string, string>;
}) {
  const container = useRef<HTMLDivElement>(null);
  const renderer = useRef<Sigma | undefined>(undefined);
  const [failed, setFailed] = useState(() => !hasWebGl());
  useEffect(() => {
    const graph = renderer.current?.getGraph();
    if (!graph) return;
    const own = new Set(nodes.filter((node) => node.own).map((node) => node.id));
    graph.forEachNode((id) => graph.setNodeAttribute(id, 'color', colours?.get(id) ?? (own.has(id) ? graphColours.own : graphColours.other)));
    renderer.current?.refresh();
  }, [colours, nodes, failed]);
  useEffect(() => {
    if (!container.current || failed) return;
    let drawn: Sigma | undefined;
    try {
      const graph = buildDependencyGraph(nodes, edges);
      for (const [id, colour] of colours ?? []) if (graph.hasNode(id)) graph.setNodeAttribute(id, 'color', colour);
      drawn = new Sigma(graph, container.current, {
        renderEdgeLabels: false,
        defaultEdgeType: 'arrow',
        labelRenderedSizeThreshold: 0,
        labelFont: 'RijksSans, "Noto Sans", Arial, sans-serif',
        labelSize: 12,
        labelColor: { color: '#000000' },
      });
    } catch (error) {
      console.warn('Dependency graph not drawn:', error);
      queueMicrotask(() => setFailed(true));
    }
    renderer.current = drawn;
    return () => {
      drawn?.kill();
      renderer.current = undefined;
    };
    // Colours change without a new layout (the effect above); the initial ones are applied here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [nodes, edges, failed]);

  if (failed) return <p className="vitaal-graph vitaal-graph--unavailable">{unavailable}</p>;
  return <div ref={container} className="vitaal-graph" role="img" aria-label={label} data-testid="dependency-graph" />;
}
