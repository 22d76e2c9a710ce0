import { GraphChart } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import { useLang } from '../../hooks/useLang';
import type { FusionGraph as Graph, FusionGraphNode } from '../../types/fusion';
import { escapeHtml } from '../telescope/charts';
import { nodeColour } from './fusionColours';

echarts.use([GraphChart, TooltipComponent, CanvasRenderer]);

const FONT = '"Noto Sans JP", "Hiragino Sans", "Yu Gothic UI", "Segoe UI", system-ui, sans-serif';

/** How long a click on a value waits for a second one (a double click searches instead of expanding). */
const DOUBLE_CLICK_MS = 300;

const short = (text: string, max = 28) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * The relationship graph drawn by ECharts with a force layout: a click on a node selects and expands it, a double
 * click on a value searches for it. Node positions survive a merge, so expanding does not reshuffle the picture.
 */
export function FusionGraphChart({
  graph,
  rootId,
  selectedId,
  expanded,
  onClickNode,
  onSearchNode,
  height = 460,
}: {
  graph: Graph;
  rootId: string | null;
  selectedId: string | null;
  expanded: ReadonlySet<string>;
  onClickNode: (node: FusionGraphNode) => void;
  onSearchNode: (node: FusionGraphNode) => void;
  height?: number;
}) {
  const { t } = useLang();
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const byId = useRef(new Map<string, FusionGraphNode>());
  const handlers = useRef({ onClickNode, onSearchNode });
  handlers.current = { onClickNode, onSearchNode };

  useEffect(() => {
    const node = element.current;
    if (!node) return;
    const instance = echarts.init(node, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const nodeOf = (params: { dataType?: string; data?: unknown }) =>
      params.dataType === 'node' ? byId.current.get((params.data as { id: string }).id) : undefined;
    // A click on a value waits for a possible second click: a double click searches for the value and must not
    // expand it first (expanding moves the nodes, so the second click would miss).
    let pending: ReturnType<typeof setTimeout> | undefined;
    instance.on('click', (params) => {
      const clicked = nodeOf(params);
      if (!clicked) return;
      clearTimeout(pending);
      if (clicked.kind === 'record') handlers.current.onClickNode(clicked);
      else pending = setTimeout(() => handlers.current.onClickNode(clicked), DOUBLE_CLICK_MS);
    });
    instance.on('dblclick', (params) => {
      const clicked = nodeOf(params);
      if (clicked?.kind !== 'value') return;
      clearTimeout(pending);
      handlers.current.onSearchNode(clicked);
    });
    const observer = new ResizeObserver(() => {
      if (node.isConnected && node.clientWidth > 0 && node.clientHeight > 0) instance.resize();
    });
    observer.observe(node);
    return () => {
      clearTimeout(pending);
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  const typeName = useMemo(
    () => (node: FusionGraphNode) =>
      node.kind === 'record'
        ? t(`fusion.type.${node.type}`)
        : t(`fusion.kind.${node.type}`, { defaultValue: node.type }),
    [t],
  );

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    byId.current = new Map(graph.nodes.map((node) => [node.id, node]));
    instance.setOption(
      {
        textStyle: { fontFamily: FONT },
        animationDurationUpdate: 300,
        tooltip: {
          formatter: (params: { dataType?: string; data?: { id: string } }) => {
            const node = params.dataType === 'node' && params.data ? byId.current.get(params.data.id) : undefined;
            if (!node) return '';
            const hint = node.kind === 'value' ? t('fusion.graph.hintValue') : t('fusion.graph.hintRecord');
            return [`<strong>${escapeHtml(node.label)}</strong>`, escapeHtml(typeName(node)), escapeHtml(hint)].join(
              '<br/>',
            );
          },
        },
        series: [
          {
            type: 'graph',
            layout: 'force',
            roam: true,
            draggable: true,
            force: { repulsion: 240, edgeLength: [60, 140], gravity: 0.06, layoutAnimation: true },
            label: { show: true, position: 'right', fontSize: 11, color: '#334155' },
            lineStyle: { color: '#cbd5e1', width: 1, opacity: 0.9 },
            emphasis: { focus: 'adjacency', lineStyle: { width: 2 } },
            data: graph.nodes.map((node) => {
              const root = node.id === rootId;
              return {
                id: node.id,
                name: node.id,
                symbolSize: root ? 30 : node.kind === 'record' ? 18 : 11,
                itemStyle: {
                  color: nodeColour(node.kind, node.type, root),
                  borderColor: node.id === selectedId ? '#f59e0b' : expanded.has(node.id) ? '#0f172a' : '#fff',
                  borderWidth: node.id === selectedId ? 3 : 1,
                },
                label: { formatter: () => short(node.label), fontWeight: root ? 'bold' : 'normal' },
              };
            }),
            links: graph.edges.map((edge) => ({ source: edge.source, target: edge.target })),
          },
        ],
      },
      // merged, not replaced: the series keeps its force layout's positions for the nodes it already drew
    );
  }, [graph, rootId, selectedId, expanded, t, typeName]);

  return (
    <div
      ref={element}
      className="chart fusion-graph-canvas"
      style={{ height }}
      role="img"
      aria-label={t('fusion.graph.label', { nodes: graph.nodes.length, edges: graph.edges.length })}
      data-testid="fusion-graph-chart"
    />
  );
}
