import { useMemo } from 'react';
import { Chart, type ChartOption } from '../Chart';
import { formatDate, formatDateTime, formatNumber } from '../../format';
import { useLang } from '../../hooks/useLang';
import type { Lang, TelescopeSeries } from '../../types';
import { escapeHtml } from './charts';
import { formatCompact } from './telescopeFormat';

const PACKETS_COLOUR = '#1f6feb';
const HOSTS_COLOUR = '#d2452f';

function axisLabel(value: number, lang: Lang): string {
  const date = new Date(value);
  const midnight = date.getHours() === 0 && date.getMinutes() === 0;
  return new Intl.DateTimeFormat(
    lang === 'ja' ? 'ja-JP' : 'en-GB',
    midnight ? { month: 'short', day: 'numeric' } : { hour: '2-digit', minute: '2-digit' },
  ).format(date);
}

interface AxisParam {
  seriesName: string;
  marker: string;
  value: [number, number];
}

/** Packets (left axis) and unique hosts (right axis) over time, zoomable with the mouse wheel and the slider. */
export function SeriesChart({ series }: { series: TelescopeSeries }) {
  const { t, lang } = useLang();
  const option = useMemo<ChartOption>(() => {
    const daily = series.granularity === '1d';
    const points = series.items
      .map((item) => ({ ...item, time: Date.parse(item.t) }))
      .filter((item) => Number.isFinite(item.time))
      .sort((a, b) => a.time - b.time);
    const when = (time: number) => {
      const iso = new Date(time).toISOString();
      return daily ? formatDate(iso, lang) : formatDateTime(iso, lang);
    };
    return {
      color: [PACKETS_COLOUR, HOSTS_COLOUR],
      legend: { top: 0, data: [t('telescope.packets'), t('telescope.uniqueHosts')] },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'line' },
        formatter: (params: AxisParam[] | AxisParam) => {
          const list = Array.isArray(params) ? params : [params];
          const first = list[0];
          if (!first) return '';
          return [
            escapeHtml(when(first.value[0])),
            ...list.map(
              (entry) => `${entry.marker}${escapeHtml(entry.seriesName)}: ${formatNumber(entry.value[1], lang)}`,
            ),
          ].join('<br/>');
        },
      },
      grid: { left: 64, right: 64, top: 56, bottom: 72 },
      xAxis: {
        type: 'time',
        axisLabel: { formatter: (value: number) => axisLabel(value, lang), hideOverlap: true },
      },
      yAxis: [
        {
          type: 'value',
          name: t('telescope.packets'),
          nameTextStyle: { color: PACKETS_COLOUR },
          axisLabel: { formatter: (value: number) => formatCompact(value, lang) },
        },
        {
          type: 'value',
          name: t('telescope.uniqueHosts'),
          nameTextStyle: { color: HOSTS_COLOUR },
          splitLine: { show: false },
          axisLabel: { formatter: (value: number) => formatCompact(value, lang) },
        },
      ],
      dataZoom: [
        { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
        {
          type: 'slider',
          xAxisIndex: 0,
          height: 22,
          bottom: 14,
          filterMode: 'none',
          labelFormatter: (value: number) => when(value),
        },
      ],
      series: [
        {
          type: 'line',
          name: t('telescope.packets'),
          yAxisIndex: 0,
          showSymbol: false,
          sampling: 'lttb',
          lineStyle: { width: 1.5 },
          areaStyle: { opacity: 0.12 },
          data: points.map((point) => [point.time, point.packets]),
        },
        {
          type: 'line',
          name: t('telescope.uniqueHosts'),
          yAxisIndex: 1,
          showSymbol: false,
          sampling: 'lttb',
          lineStyle: { width: 1.5 },
          data: points.map((point) => [point.time, point.uniqueSources]),
        },
      ],
    };
  }, [series, t, lang]);
  return <Chart option={option} label={t('telescope.series.title')} height={340} testId="telescope-series-chart" />;
}
