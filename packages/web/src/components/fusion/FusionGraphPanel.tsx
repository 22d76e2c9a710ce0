import { useMemo, useState } from 'react';
import { formatNumber } from '../../format';
import { useLang } from '../../hooks/useLang';
import { FUSION_RECORD_TYPES, type FusionGraphNode, type FusionRecordType } from '../../types/fusion';
import { ErrorMessage, Loading } from '../Status';
import { FusionGraphChart } from './FusionGraph';
import { RECORD_COLOURS, ROOT_COLOUR, VALUE_COLOUR } from './fusionColours';
import { filterGraph, nodeValue } from './graphModel';
import type { FusionGraphState } from './useFusionGraph';

/**
 * The relationship graph beside the table: the searched value, its records and their other values. A click on a
 * node (or the node picker and its buttons, for the keyboard) expands it; a value can become the new search.
 */
export function FusionGraphPanel({
  state,
  types,
  onSearch,
}: {
  state: FusionGraphState;
  types: readonly FusionRecordType[];
  onSearch: (value: string, kind: string) => void;
}) {
  const { t, lang } = useLang();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const keep = useMemo(() => new Set(state.rootId ? [state.rootId] : []), [state.rootId]);
  const graph = useMemo(() => filterGraph(state.graph, types, keep), [state.graph, types, keep]);
  const selected = graph.nodes.find((node) => node.id === selectedId) ?? null;

  const counts = useMemo(() => {
    const byType = new Map<string, number>();
    for (const node of graph.nodes) if (node.kind === 'record') byType.set(node.type, (byType.get(node.type) ?? 0) + 1);
    return byType;
  }, [graph]);
  const values = graph.nodes.filter((node) => node.kind === 'value' && node.id !== state.rootId).length;

  const click = (node: FusionGraphNode) => {
    setSelectedId(node.id);
    if (!state.expanded.has(node.id)) void state.expand(node);
  };
  const describe = (node: FusionGraphNode) =>
    node.kind === 'record' ? t(`fusion.type.${node.type}`) : t(`fusion.kind.${node.type}`, { defaultValue: node.type });

  return (
    <section className="panel fusion-graph" aria-labelledby="fusion-graph-title" data-testid="fusion-graph">
      <div className="fusion-graph-head">
        <h2 id="fusion-graph-title">{t('fusion.graph.title')}</h2>
        <span className="muted small" data-testid="fusion-graph-count" aria-live="polite">
          {t('fusion.graph.count', {
            nodes: formatNumber(graph.nodes.length, lang),
            edges: formatNumber(graph.edges.length, lang),
          })}
        </span>
        {state.loading && <Loading inline label={t('fusion.graph.loading')} />}
      </div>
      <p className="muted small">{t('fusion.graph.help')}</p>
      <ErrorMessage error={state.error} />
      <ul className="fusion-legend" aria-label={t('fusion.graph.legend')} data-testid="fusion-graph-legend">
        <li>
          <span className="fusion-swatch" style={{ background: ROOT_COLOUR }} aria-hidden="true" />
          {t('fusion.graph.root')}
        </li>
        <li>
          <span className="fusion-swatch" style={{ background: VALUE_COLOUR }} aria-hidden="true" />
          {t('fusion.graph.values')} <span className="muted">({formatNumber(values, lang)})</span>
        </li>
        {FUSION_RECORD_TYPES.filter((type) => counts.has(type)).map((type) => (
          <li key={type} data-testid={`fusion-legend-${type}`}>
            <span className="fusion-swatch" style={{ background: RECORD_COLOURS[type] }} aria-hidden="true" />
            {t(`fusion.type.${type}`)} <span className="muted">({formatNumber(counts.get(type) ?? 0, lang)})</span>
          </li>
        ))}
      </ul>
      {graph.nodes.length > 0 && (
        <FusionGraphChart
          graph={graph}
          rootId={state.rootId}
          selectedId={selectedId}
          expanded={state.expanded}
          onClickNode={click}
          onSearchNode={(node) => onSearch(nodeValue(node), node.type)}
        />
      )}
      {graph.nodes.length > 0 && (
        <div className="fusion-node-tools">
          <label className="filter">
            <span>{t('fusion.graph.node')}</span>
            <select
              value={selected?.id ?? ''}
              onChange={(event) => setSelectedId(event.target.value || null)}
              data-testid="fusion-graph-node"
            >
              <option value="">{t('fusion.graph.pickNode')}</option>
              {graph.nodes.map((node) => (
                <option key={node.id} value={node.id}>
                  {`${node.label} · ${describe(node)}`}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="btn btn-small"
            disabled={!selected || state.expanded.has(selected.id)}
            onClick={() => selected && void state.expand(selected)}
            data-testid="fusion-graph-expand"
          >
            {t('fusion.graph.expand')}
          </button>
          <button
            type="button"
            className="btn btn-small"
            disabled={selected?.kind !== 'value'}
            onClick={() => selected && onSearch(nodeValue(selected), selected.type)}
            data-testid="fusion-graph-search"
          >
            {t('fusion.graph.search')}
          </button>
        </div>
      )}
    </section>
  );
}
