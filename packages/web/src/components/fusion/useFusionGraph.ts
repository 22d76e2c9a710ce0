import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api, isAbort } from '../../api';
import type { FusionGraph, FusionGraphNode } from '../../types/fusion';
import { centreOf, EMPTY_GRAPH, mergeGraphs, neighbourhood, nodeValue, recordRef } from './graphModel';

const asApiError = (error: unknown) =>
  error instanceof ApiError ? error : new ApiError(0, 'CLIENT', error instanceof Error ? error.message : String(error));

export interface FusionGraphState {
  graph: FusionGraph;
  rootId: string | null;
  expanded: ReadonlySet<string>;
  loading: boolean;
  error: ApiError | undefined;
  /** Fetches a node's neighbours (a value's records, a record's values) and merges them into the graph. */
  expand: (node: FusionGraphNode) => Promise<void>;
}

/**
 * The graph around the searched value, grown one level per click: the value and its records first; expanding a
 * record adds its values, expanding a value its records (with the page's filters). A new search or filter starts
 * it afresh.
 */
export function useFusionGraph(filterQuery: Record<string, string> | null, rootValue: string | null): FusionGraphState {
  const [graph, setGraph] = useState<FusionGraph>(EMPTY_GRAPH);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const generation = useRef(0);
  const filterRef = useRef(filterQuery);
  filterRef.current = filterQuery;
  const key = JSON.stringify(filterQuery);

  useEffect(() => {
    generation.current += 1;
    setGraph(EMPTY_GRAPH);
    setExpanded(new Set());
    setError(undefined);
    const query = filterRef.current;
    if (!query) return;
    const controller = new AbortController();
    setPending((count) => count + 1);
    api
      .get<FusionGraph>('/fusion/graph', { query, signal: controller.signal })
      .then((answer) => {
        const centre = centreOf(answer);
        setGraph(neighbourhood(answer, centre));
        // the searched value is shown expanded: its records are what the answer brought
        if (centre) setExpanded(new Set([centre]));
      })
      .catch((caught: unknown) => {
        if (!isAbort(caught)) setError(asApiError(caught));
      })
      .finally(() => setPending((count) => count - 1));
    return () => controller.abort();
  }, [key]);

  const expand = useCallback(async (node: FusionGraphNode) => {
    const started = generation.current;
    // a value is asked as the kind the graph says it is, not guessed again from its shape
    const query =
      node.kind === 'record'
        ? { record: recordRef(node) }
        : { ...(filterRef.current ?? {}), q: nodeValue(node), kind: node.type };
    setExpanded((previous) => new Set(previous).add(node.id));
    setPending((count) => count + 1);
    setError(undefined);
    try {
      const answer = await api.get<FusionGraph>('/fusion/graph', { query });
      // an answer for a search the user has since left is dropped
      if (generation.current === started)
        setGraph((previous) => {
          const centre = answer.nodes.some((each) => each.id === node.id) ? node.id : centreOf(answer);
          return mergeGraphs(previous, neighbourhood(answer, centre));
        });
    } catch (caught) {
      if (generation.current === started) {
        setError(asApiError(caught));
        setExpanded((previous) => {
          const next = new Set(previous);
          next.delete(node.id);
          return next;
        });
      }
    } finally {
      setPending((count) => count - 1);
    }
  }, []);

  const root =
    graph.nodes.find((node) => node.kind === 'value' && rootValue !== null && nodeValue(node) === rootValue) ??
    graph.nodes.find((node) => node.kind === 'value') ??
    null;

  return { graph, rootId: root?.id ?? null, expanded, loading: pending > 0, error, expand };
}
