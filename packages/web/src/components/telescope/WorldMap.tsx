/** The world map of darknet sources, loaded lazily with its shapes (see worldGeo.ts). */
import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useState } from 'react';
import { Chart, type ChartOption } from '../Chart';
import { Empty, Loading } from '../Status';
import { formatNumber } from '../../format';
import { useLang } from '../../hooks/useLang';
import type { TelescopeMap } from '../../types';
import { escapeHtml, HEAT_COLOURS } from './charts';
import { countryName } from './telescopeFormat';
import { loadWorld } from './worldGeo';

echarts.use([MapChart, TooltipComponent, VisualMapContinuousComponent, CanvasRenderer]);

const MAP_NAME = 'cynex-world';
let registered = false;

interface MapDatum {
  name: string;
  value: number;
  packets: number;
}

export default function WorldMap({ data }: { data: TelescopeMap }) {
  const { t, lang } = useLang();
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>(registered ? 'ready' : 'loading');

  useEffect(() => {
    if (registered) return;
    let live = true;
    loadWorld()
      .then((geo) => {
        if (!registered) {
          echarts.registerMap(MAP_NAME, geo);
          registered = true;
        }
        if (live) setState('ready');
      })
      .catch(() => {
        if (live) setState('failed');
      });
    return () => {
      live = false;
    };
  }, []);

  const option = useMemo<ChartOption>(() => {
    const unknown = t('telescope.unknownCountry');
    const items: MapDatum[] = data.items
      .filter((item) => item.cc && item.cc.toUpperCase() !== 'ZZ')
      .map((item) => ({ name: item.cc.toUpperCase(), value: item.sources, packets: item.packets }));
    const max = Math.max(1, ...items.map((item) => item.value));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (params: { name: string; data?: MapDatum }) => {
          const name = escapeHtml(`${countryName(params.name, lang, unknown)} (${params.name})`);
          if (!params.data) return `${name}<br/>${escapeHtml(t('telescope.map.none'))}`;
          return [
            `<strong>${name}</strong>`,
            `${escapeHtml(t('telescope.uniqueHosts'))}: ${formatNumber(params.data.value, lang)}`,
            `${escapeHtml(t('telescope.packets'))}: ${formatNumber(params.data.packets, lang)}`,
          ].join('<br/>');
        },
      },
      visualMap: {
        type: 'continuous',
        min: 0,
        max,
        left: 8,
        bottom: 8,
        calculable: true,
        text: [t('telescope.map.many'), t('telescope.map.few')],
        inRange: { color: HEAT_COLOURS },
        formatter: (value: number) => formatNumber(Math.round(value), lang),
      },
      series: [
        {
          type: 'map',
          map: MAP_NAME,
          name: t('telescope.uniqueHosts'),
          roam: true,
          scaleLimit: { min: 1, max: 12 },
          zoom: 1.1,
          emphasis: { label: { show: false }, itemStyle: { areaColor: '#7fb2f0' } },
          select: { disabled: true },
          itemStyle: { areaColor: '#eef1f5', borderColor: '#b9c1cd', borderWidth: 0.4 },
          data: items,
        },
      ],
    };
  }, [data, t, lang]);

  if (state === 'failed') return <Empty>{t('telescope.map.failed')}</Empty>;
  if (state === 'loading') return <Loading label={t('telescope.map.loading')} />;
  return <Chart option={option} label={t('telescope.map.title')} height={420} testId="telescope-map-chart" />;
}
