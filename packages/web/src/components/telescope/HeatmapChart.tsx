import { useMemo } from 'react';
import { Chart, type ChartOption } from '../Chart';
import { formatNumber } from '../../format';
import { useLang } from '../../hooks/useLang';
import type { TelescopeHeatmap } from '../../types';
import { escapeHtml, HEAT_COLOURS } from './charts';
import { formatCompact } from './telescopeFormat';

const PORTS = 65_536;

/** Axis labels: the hub's own labels when it sends a list, else indexes (ports: the bucket's range). */
function labels(
  spec: TelescopeHeatmap['dstBlocks'],
  used: number[],
  describe: (index: number, count: number) => string,
) {
  if (Array.isArray(spec)) return spec.map(String);
  const count = Math.max(typeof spec === 'number' && spec > 0 ? spec : 0, ...used.map((value) => value + 1));
  return Array.from({ length: count }, (_, index) => describe(index, count));
}

/**
 * The 2D Cube: destination blocks of the darknet (rows) against destination-port buckets (columns), coloured by
 * packets on a log scale, so horizontal lines show a port swept across the darknet and vertical ones an address
 * range hit on many ports.
 */
export function HeatmapChart({ data }: { data: TelescopeHeatmap }) {
  const { t, lang } = useLang();
  const option = useMemo<ChartOption>(() => {
    const size = data.portBucketSize;
    const ports = labels(
      data.portBuckets,
      data.items.map((item) => item.portBucket),
      (index) => {
        if (!size || size < 1) return t('telescope.heatmap.bucket', { index });
        const low = index * size;
        const high = Math.min(PORTS - 1, low + size - 1);
        return low === high ? String(low) : `${low}–${high}`;
      },
    );
    const blocks = labels(
      data.dstBlocks,
      data.items.map((item) => item.dstBlock),
      (index) => t('telescope.heatmap.block', { index }),
    );
    const cells = data.items
      .filter((item) => item.packets > 0)
      .map((item) => [item.portBucket, item.dstBlock, Math.log10(item.packets + 1), item.packets]);
    const maxLog = Math.max(1, ...cells.map((cell) => cell[2] ?? 0));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (params: { value: number[] }) => {
          const [port = 0, block = 0, , packets = 0] = params.value;
          return [
            `${escapeHtml(t('telescope.heatmap.ports'))}: ${escapeHtml(ports[port] ?? String(port))}`,
            `${escapeHtml(t('telescope.heatmap.blocks'))}: ${escapeHtml(blocks[block] ?? String(block))}`,
            `${escapeHtml(t('telescope.packets'))}: ${formatNumber(packets, lang)}`,
          ].join('<br/>');
        },
      },
      grid: { left: 96, right: 96, top: 24, bottom: 72 },
      xAxis: {
        type: 'category',
        data: ports,
        name: t('telescope.heatmap.ports'),
        nameLocation: 'middle',
        nameGap: 56,
        splitArea: { show: false },
        axisLabel: { rotate: 45, hideOverlap: true },
      },
      yAxis: {
        type: 'category',
        data: blocks,
        name: t('telescope.heatmap.blocks'),
        nameLocation: 'end',
        axisLabel: { hideOverlap: true },
      },
      visualMap: {
        type: 'continuous',
        dimension: 2,
        min: 0,
        max: maxLog,
        orient: 'vertical',
        right: 8,
        top: 'middle',
        itemHeight: 200,
        calculable: true,
        inRange: { color: HEAT_COLOURS },
        formatter: (value: number) => formatCompact(Math.max(0, Math.round(10 ** value - 1)), lang),
      },
      series: [
        {
          type: 'heatmap',
          name: t('telescope.packets'),
          data: cells,
          progressive: 5000,
          emphasis: { itemStyle: { borderColor: '#0b2545', borderWidth: 1 } },
        },
      ],
    };
  }, [data, t, lang]);
  const height = Math.min(
    640,
    Math.max(320, 120 + (Array.isArray(data.dstBlocks) ? data.dstBlocks.length : Number(data.dstBlocks) || 0) * 6),
  );
  return (
    <Chart option={option} label={t('telescope.heatmap.title')} height={height} testId="telescope-heatmap-chart" />
  );
}
