import { lazy, Suspense } from 'react';
import { AsyncBlock, Empty, Loading, Notice } from '../../components/Status';
import '../../components/telescope/charts';
import { HeatmapChart } from '../../components/telescope/HeatmapChart';
import { PeriodBar } from '../../components/telescope/PeriodBar';
import { SeriesChart } from '../../components/telescope/SeriesChart';
import { SummaryCards } from '../../components/telescope/SummaryCards';
import '../../components/telescope/telescope.css';
import { TelescopeNav } from '../../components/telescope/TelescopeNav';
import { TopTable } from '../../components/telescope/TopTable';
import { granularityAllowed, MAX_POINTS, usePeriod } from '../../components/telescope/usePeriod';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type {
  TelescopeHeatmap,
  TelescopeMap,
  TelescopeSeries,
  TelescopeSummary,
  TelescopeTop,
  TopDimension,
} from '../../types';

/** The world map and its shapes load only when this page shows it. */
const WorldMap = lazy(() => import('../../components/telescope/WorldMap'));

const TOP_DIMENSIONS = ['country', 'tcp_port', 'udp_port'] as const satisfies readonly TopDimension[];

function TopPanel({ dimension, range }: { dimension: TopDimension; range: { from: string; to: string } | null }) {
  const { t } = useLang();
  const state = useApi<TelescopeTop>(
    range ? '/telescope/top' : null,
    range ? { dimension, ...range, limit: 10 } : undefined,
  );
  return (
    <div className="panel" data-testid={`top-${dimension}`}>
      <h2>{t(`telescope.top.title.${dimension}`)}</h2>
      <AsyncBlock state={state}>
        {(top) =>
          top.items.length === 0 ? (
            <Empty>{t('telescope.noData')}</Empty>
          ) : (
            <div className={state.loading ? 'is-refreshing' : undefined}>
              <TopTable top={top} />
            </div>
          )
        }
      </AsyncBlock>
    </div>
  );
}

export default function TelescopePage() {
  const { t } = useLang();
  const { period, setRange, setCustom, setGranularity, refresh } = usePeriod();
  const range = period.from && period.to ? { from: period.from, to: period.to } : null;
  // a period too long even for daily points gets no series (the hub would refuse it); the rest still shows
  const seriesFits = granularityAllowed(period.granularity, period.spanSeconds);
  const series = useApi<TelescopeSeries>(
    range && seriesFits ? '/telescope/series' : null,
    range ? { granularity: period.granularity, ...range } : undefined,
  );
  const summary = useApi<TelescopeSummary>(range ? '/telescope/summary' : null, range ?? undefined);
  const map = useApi<TelescopeMap>(range ? '/telescope/map' : null, range ?? undefined);
  const heatmap = useApi<TelescopeHeatmap>(range ? '/telescope/heatmap' : null, range ?? undefined);

  return (
    <section className="page telescope-page">
      <div className="page-header">
        <h1 data-testid="telescope-title">{t('telescope.title')}</h1>
        <TelescopeNav />
      </div>
      <p className="page-intro">{t('telescope.intro')}</p>
      <PeriodBar
        period={period}
        onRange={setRange}
        onCustom={setCustom}
        onGranularity={setGranularity}
        onRefresh={refresh}
        loading={series.loading}
      />
      {range && (
        <>
          <AsyncBlock state={summary}>{(data) => <SummaryCards summary={data} />}</AsyncBlock>
          <div className="panel" data-testid="telescope-series">
            <h2>{t('telescope.series.title')}</h2>
            {seriesFits ? (
              <AsyncBlock state={series}>
                {(data) =>
                  data.items.length === 0 ? (
                    <Empty>{t('telescope.noData')}</Empty>
                  ) : (
                    <div className={series.loading ? 'is-refreshing' : undefined}>
                      <SeriesChart series={data} />
                      <p className="muted small">{t('telescope.series.note')}</p>
                    </div>
                  )
                }
              </AsyncBlock>
            ) : (
              <Notice kind="info">{t('telescope.series.tooLong', { max: MAX_POINTS })}</Notice>
            )}
          </div>
          <div className="telescope-top-grid">
            {TOP_DIMENSIONS.map((dimension) => (
              <TopPanel key={dimension} dimension={dimension} range={range} />
            ))}
          </div>
          <div className="panel" data-testid="telescope-map">
            <h2>{t('telescope.map.title')}</h2>
            <AsyncBlock state={map}>
              {(data) =>
                data.items.length === 0 ? (
                  <Empty>{t('telescope.noData')}</Empty>
                ) : (
                  <Suspense fallback={<Loading label={t('telescope.map.loading')} />}>
                    <WorldMap data={data} />
                  </Suspense>
                )
              }
            </AsyncBlock>
          </div>
          <div className="panel" data-testid="telescope-heatmap">
            <h2>{t('telescope.heatmap.title')}</h2>
            <p className="muted small">{t('telescope.heatmap.help')}</p>
            <AsyncBlock state={heatmap}>
              {(data) =>
                data.items.length === 0 ? <Empty>{t('telescope.noData')}</Empty> : <HeatmapChart data={data} />
              }
            </AsyncBlock>
          </div>
        </>
      )}
    </section>
  );
}
