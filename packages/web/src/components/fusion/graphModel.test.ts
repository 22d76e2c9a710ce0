import { describe, expect, it } from 'vitest';
import type { FusionGraph } from '../../types/fusion';
import { centreOf, filterGraph, isRecordNode, mergeGraphs, neighbourhood, recordRef } from './graphModel';

const value = (id: string) => ({ id, kind: 'value' as const, type: 'ip', label: id, value: id });
const record = (id: string, type = 'case') => ({ id, kind: 'record' as const, type, label: id });

describe('mergeGraphs', () => {
  it('adds the new nodes and edges once, whichever way an edge points', () => {
    const first: FusionGraph = {
      nodes: [value('v:203.0.113.7'), record('case:1')],
      edges: [{ source: 'v:203.0.113.7', target: 'case:1' }],
    };
    const second: FusionGraph = {
      nodes: [record('case:1'), value('v:evil.example')],
      edges: [
        { source: 'case:1', target: 'v:203.0.113.7' },
        { source: 'case:1', target: 'v:evil.example' },
      ],
    };
    const merged = mergeGraphs(first, second);
    expect(merged.nodes.map((node) => node.id)).toEqual(['v:203.0.113.7', 'case:1', 'v:evil.example']);
    expect(merged.edges).toHaveLength(2);
  });

  it('drops an edge to a node neither answer holds', () => {
    const merged = mergeGraphs(
      { nodes: [value('a')], edges: [] },
      { nodes: [], edges: [{ source: 'a', target: 'b' }] },
    );
    expect(merged.edges).toEqual([]);
  });
});

describe('filterGraph', () => {
  const graph: FusionGraph = {
    nodes: [value('root'), record('case:1'), record('telescope_source:x', 'telescope_source'), value('only-case')],
    edges: [
      { source: 'root', target: 'case:1' },
      { source: 'root', target: 'telescope_source:x' },
      { source: 'case:1', target: 'only-case' },
    ],
  };

  it('keeps everything without a type filter', () => {
    expect(filterGraph(graph, [], new Set(['root']))).toBe(graph);
  });

  it('hides records of other types and the values only they linked in, but never the searched value', () => {
    const filtered = filterGraph(graph, ['telescope_source'], new Set(['root']));
    expect(filtered.nodes.map((node) => node.id)).toEqual(['root', 'telescope_source:x']);
    expect(filtered.edges).toEqual([{ source: 'root', target: 'telescope_source:x' }]);
  });
});

describe('recordRef', () => {
  it('names a record as type:id whatever the node id looks like', () => {
    expect(recordRef({ id: 'record:case:42', type: 'case' })).toBe('case:42');
    expect(recordRef({ id: 'case:42', type: 'case' })).toBe('case:42');
    expect(recordRef({ id: '42', type: 'case' })).toBe('case:42');
    expect(isRecordNode(record('record:stix:9', 'stix'), 'stix', '9')).toBe(true);
    expect(isRecordNode(record('record:stix:9', 'stix'), 'case', '9')).toBe(false);
  });
});

describe('neighbourhood', () => {
  // as the hub answers a value: the value, its records, and their other values
  const answer: FusionGraph = {
    nodes: [value('value:ip:203.0.113.7'), record('record:case:1'), value('value:family:nanocore')],
    edges: [
      { source: 'value:ip:203.0.113.7', target: 'record:case:1' },
      { source: 'record:case:1', target: 'value:family:nanocore' },
    ],
  };

  it('finds the value the answer is about', () => {
    expect(centreOf(answer)).toBe('value:ip:203.0.113.7');
    expect(centreOf({ nodes: [value('value:ip:192.0.2.1')], edges: [] })).toBe('value:ip:192.0.2.1');
  });

  it('keeps one level around it: the records, not their other values', () => {
    const level = neighbourhood(answer, 'value:ip:203.0.113.7');
    expect(level.nodes.map((node) => node.id)).toEqual(['value:ip:203.0.113.7', 'record:case:1']);
    expect(level.edges).toEqual([{ source: 'value:ip:203.0.113.7', target: 'record:case:1' }]);
  });
});
