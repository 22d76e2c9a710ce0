import type { FusionGraph, FusionGraphNode, FusionRecordType } from '../../types/fusion';

export const EMPTY_GRAPH: FusionGraph = { nodes: [], edges: [] };

const edgeKey = (edge: { source: string; target: string }) =>
  edge.source < edge.target ? `${edge.source}\n${edge.target}` : `${edge.target}\n${edge.source}`;

/** The union of two graphs: nodes by id (the newer answer's label wins), edges once whichever way they point. */
export function mergeGraphs(previous: FusionGraph, next: FusionGraph): FusionGraph {
  const nodes = new Map(previous.nodes.map((node) => [node.id, node]));
  for (const node of next.nodes) nodes.set(node.id, { ...nodes.get(node.id), ...node });
  const edges = new Map(previous.edges.map((edge) => [edgeKey(edge), edge]));
  for (const edge of next.edges) {
    if (nodes.has(edge.source) && nodes.has(edge.target) && !edges.has(edgeKey(edge))) edges.set(edgeKey(edge), edge);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/**
 * The graph limited to some record types: records of other types go, and so do values only they linked in.
 * `keep` ids (the searched value) always stay. An empty type list keeps everything.
 */
export function filterGraph(graph: FusionGraph, types: readonly FusionRecordType[], keep: ReadonlySet<string>) {
  if (types.length === 0) return graph;
  const wanted = new Set<string>(types);
  const records = new Set(
    graph.nodes.filter((node) => node.kind === 'record' && !wanted.has(node.type)).map((node) => node.id),
  );
  const edges = graph.edges.filter((edge) => !records.has(edge.source) && !records.has(edge.target));
  const linked = new Set(edges.flatMap((edge) => [edge.source, edge.target]));
  const nodes = graph.nodes.filter(
    (node) => keep.has(node.id) || (!records.has(node.id) && (node.kind === 'record' || linked.has(node.id))),
  );
  return { nodes, edges };
}

/**
 * The node an answer is about: the value whose records it lists (values point at their records, records at their
 * other values), else its first node.
 */
export function centreOf(graph: FusionGraph): string | null {
  const values = new Set(graph.nodes.filter((node) => node.kind === 'value').map((node) => node.id));
  return graph.edges.find((edge) => values.has(edge.source))?.source ?? graph.nodes[0]?.id ?? null;
}

/**
 * One level around a node: the node, its neighbours and the links among them. The hub answers a value with its
 * records and their values too; the console shows one level per click, so that a busy address stays readable and
 * a click on a record is what brings in its values.
 */
export function neighbourhood(graph: FusionGraph, centre: string | null): FusionGraph {
  if (centre === null) return graph;
  const kept = new Set([centre]);
  for (const edge of graph.edges) {
    if (edge.source === centre) kept.add(edge.target);
    if (edge.target === centre) kept.add(edge.source);
  }
  return {
    nodes: graph.nodes.filter((node) => kept.has(node.id)),
    edges: graph.edges.filter((edge) => kept.has(edge.source) && kept.has(edge.target)),
  };
}

/** The `record` parameter of the graph API for a record node: `<type>:<id>`, whatever prefix the node id has. */
export function recordRef(node: Pick<FusionGraphNode, 'id' | 'type'>): string {
  const id = node.id.startsWith('record:') ? node.id.slice('record:'.length) : node.id;
  return id.startsWith(`${node.type}:`) ? id : `${node.type}:${id}`;
}

/** Whether a graph node stands for a given record (its id ends with the record's id). */
export function isRecordNode(node: FusionGraphNode, recordType: string, recordId: string): boolean {
  return node.kind === 'record' && node.type === recordType && recordRef(node) === `${recordType}:${recordId}`;
}

/** The value a value node stands for. */
export const nodeValue = (node: FusionGraphNode) => node.value ?? node.label;
