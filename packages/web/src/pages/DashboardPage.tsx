import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { LevelBadge } from '../components/Badges';
import { Chart, type ChartOption } from '../components/Chart';
import { AsyncBlock, Empty } from '../components/Status';
import { fillMonths } from '../components/month-series';
import { LEVEL_COLOURS, LEVELS } from '../constants';
import { formatMonth, formatNumber, formatRelative } from '../format';
import { useApi } from '../hooks/useApi';
import { useLang } from '../hooks/useLang';
import type { CaseStats } from '../types';

const TOP_FAMILIES = 12;
const GRID = { left: 48, right: 16, top: 16, bottom: 36, containLabel: false };

function useChartOptions(stats: CaseStats | undefined) {
  const { t, lang } = useLang();
  return useMemo(() => {
    if (!stats) return undefined;
    const counts = new Map(stats.byLevel.map((entry) => [entry.level, entry.count]));
    const byLevel: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: GRID,
      xAxis: { type: 'category', data: LEVELS.map((level) => t('level.short', { level })) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('dashboard.cases'),
          data: LEVELS.map((level) => ({ value: counts.get(level) ?? 0, itemStyle: { color: LEVEL_COLOURS[level] } })),
          barMaxWidth: 40,
        },
      ],
    };
    const families = [...stats.byFamily]
      .sort((a, b) => b.count - a.count)
      .slice(0, TOP_FAMILIES)
      .reverse();
    const byFamily: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: families.map((entry) => entry.family || t('dashboard.unknownFamily')) },
      series: [
        {
          type: 'bar',
          name: t('dashboard.cases'),
          data: families.map((e) => e.count),
          itemStyle: { color: '#2c6fbb' },
          barMaxWidth: 22,
        },
      ],
    };
    const months = fillMonths(stats.byMonth);
    const byMonth: ChartOption = {
      tooltip: { trigger: 'axis' },
      grid: GRID,
      xAxis: { type: 'category', data: months.map((entry) => formatMonth(entry.month, lang)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('dashboard.cases'),
          data: months.map((e) => e.count),
          itemStyle: { color: '#5b8fd1' },
          barMaxWidth: 28,
        },
        {
          type: 'line',
          name: t('dashboard.trend'),
          data: months.map((e) => e.count),
          // Straight segments: a smoothed curve overshoots the bars and invents counts between months.
          smooth: false,
          itemStyle: { color: '#0b2545' },
          symbolSize: 5,
        },
      ],
    };
    return { byLevel, byFamily, byMonth };
  }, [stats, t, lang]);
}

export default function DashboardPage() {
  const { t, lang } = useLang();
  const state = useApi<CaseStats>('/cases/stats');
  const options = useChartOptions(state.data);

  return (
    <section className="page">
      <div className="page-header">
        <h1 data-testid="dashboard-title">{t('dashboard.title')}</h1>
        <Link to="/cases" className="btn">
          {t('dashboard.allCases')}
        </Link>
      </div>
      <AsyncBlock state={state}>
        {(stats) => {
          const handsOn = stats.byLevel.filter((e) => e.level >= 5).reduce((sum, e) => sum + e.count, 0);
          const established = stats.byLevel.filter((e) => e.level >= 4).reduce((sum, e) => sum + e.count, 0);
          return (
            <>
              <div className="kpis">
                <div className="kpi">
                  <span className="kpi-label">{t('dashboard.total')}</span>
                  <span className="kpi-value" data-testid="dashboard-total">
                    {formatNumber(stats.total, lang)}
                  </span>
                </div>
                <div className="kpi">
                  <span className="kpi-label">{t('dashboard.c2Established')}</span>
                  <span className="kpi-value">{formatNumber(established, lang)}</span>
                </div>
                <div className="kpi">
                  <span className="kpi-label">{t('dashboard.handsOn')}</span>
                  <span className="kpi-value">{formatNumber(handsOn, lang)}</span>
                </div>
                <div className="kpi">
                  <span className="kpi-label">{t('dashboard.families')}</span>
                  <span className="kpi-value">{formatNumber(stats.byFamily.length, lang)}</span>
                </div>
              </div>
              {stats.total === 0 ? (
                <Empty>
                  {t('dashboard.empty')} <Link to="/cases/new">{t('cases.new')}</Link>
                </Empty>
              ) : (
                options && (
                  <div className="dashboard-grid">
                    <div className="panel">
                      <h2>{t('dashboard.byLevel')}</h2>
                      <Chart option={options.byLevel} label={t('dashboard.byLevel')} testId="chart-by-level" />
                    </div>
                    <div className="panel">
                      <h2>{t('dashboard.byFamily')}</h2>
                      <Chart option={options.byFamily} label={t('dashboard.byFamily')} testId="chart-by-family" />
                    </div>
                    <div className="panel panel-wide">
                      <h2>{t('dashboard.byMonth')}</h2>
                      <Chart option={options.byMonth} label={t('dashboard.byMonth')} testId="chart-by-month" />
                    </div>
                  </div>
                )
              )}
              <div className="panel">
                <h2>{t('dashboard.recent')}</h2>
                {stats.recent.length === 0 ? (
                  <Empty>{t('dashboard.noRecent')}</Empty>
                ) : (
                  <ul className="recent-list" data-testid="recent-activity">
                    {stats.recent.map((item) => (
                      <li key={item.id}>
                        <Link to={`/cases/${item.id}`} className="mono">
                          {item.caseId}
                        </Link>
                        <span>{item.malwareFamily}</span>
                        <LevelBadge level={item.progressLevel} />
                        <time dateTime={item.updatedAt} className="muted">
                          {t('dashboard.updated', { when: formatRelative(item.updatedAt, lang) })}
                        </time>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </>
          );
        }}
      </AsyncBlock>
    </section>
  );
}
