import { lazy, Suspense, useMemo, useState } from 'react';
import { techniqueUrl } from '../../constants';
import { formatBytes, formatNumber } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { DecoyTopEntry, DecoyWorldStats } from '../../types/decoy';
import { Chart, type ChartOption } from '../Chart';
import { AsyncBlock, Empty, Loading } from '../Status';
import { escapeHtml } from '../telescope/charts';
import { countryItems, periodStart, STATS_PERIODS as PERIODS, topEntry, type PeriodDays } from './decoyFormat';

const WorldMap = lazy(() => import('../telescope/WorldMap'));

const BAR_COLOUR = '#1f6feb';

/** A horizontal bar chart of a "top" list; labels are attacker input, so the tooltip escapes them. */
function topOption(entries: { label: string; count: number }[], name: string): ChartOption {
  const rows = [...entries].reverse();
  return {
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (params: { name: string; value: number }) =>
        `${escapeHtml(params.name)}<br/>${escapeHtml(name)}: ${params.value}`,
    },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: rows.map((row) => row.label),
      axisLabel: { width: 160, overflow: 'truncate', fontFamily: 'monospace' },
    },
    series: [{ type: 'bar', name, data: rows.map((row) => row.count), itemStyle: { color: BAR_COLOUR } }],
  };
}

function TopChart({ title, entries, testId }: { title: string; entries: DecoyTopEntry[]; testId: string }) {
  const { t } = useLang();
  const rows = useMemo(() => entries.map(topEntry).filter((row) => row.label !== ''), [entries]);
  const option = useMemo(() => topOption(rows, t('decoy.stats.count')), [rows, t]);
  return (
    <section className="panel" aria-label={title}>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <Empty>{t('decoy.stats.none')}</Empty>
      ) : (
        <Chart option={option} label={title} height={Math.max(160, rows.length * 22 + 40)} testId={testId} />
      )}
    </section>
  );
}

function PerDayChart({ stats }: { stats: DecoyWorldStats }) {
  const { t } = useLang();
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: stats.perDay.map((day) => day.day.slice(0, 10)) },
      yAxis: [
        { type: 'value', minInterval: 1, name: t('decoy.stats.sessions') },
        { type: 'value', minInterval: 1, name: t('decoy.stats.events') },
      ],
      series: [
        {
          type: 'bar',
          name: t('decoy.stats.sessions'),
          data: stats.perDay.map((day) => day.sessions),
          itemStyle: { color: BAR_COLOUR },
          barMaxWidth: 32,
        },
        {
          type: 'line',
          name: t('decoy.stats.events'),
          yAxisIndex: 1,
          data: stats.perDay.map((day) => day.events),
          itemStyle: { color: '#e8710a' },
        },
      ],
    }),
    [stats, t],
  );
  return <Chart option={option} label={t('decoy.stats.perDay')} testId="decoy-chart-per-day" />;
}

/** A world's statistics: sessions per day, top usernames, passwords and commands, countries, techniques, files. */

export function WorldStats({ worldId }: { worldId: string }) {
  const { t, lang } = useLang();
  const [days, setDays] = useState<PeriodDays>('30');
  const stats = useApi<DecoyWorldStats>(`/decoy/worlds/${encodeURIComponent(worldId)}/stats`, {
    from: periodStart(days),
  });
  return (
    <AsyncBlock state={stats}>
      {(data) => (
        <div data-testid="decoy-stats" className={stats.loading ? 'is-refreshing' : undefined}>
          <label className="filter">
            <span>{t('decoy.stats.period')}</span>
            <select
              value={days}
              onChange={(event) => setDays(event.target.value as PeriodDays)}
              data-testid="decoy-stats-period"
            >
              {PERIODS.map((value) => (
                <option key={value} value={value}>
                  {t(`decoy.stats.period_${value}`)}
                </option>
              ))}
            </select>
          </label>
          <div className="kpis">
            {(
              [
                ['sessions', data.sessions],
                ['sources', data.sources],
                ['authAttempts', data.authAttempts],
                ['authSuccess', data.authSuccess],
              ] as const
            ).map(([key, value]) => (
              <div key={key} className="kpi" data-testid={`decoy-kpi-${key}`}>
                <span className="kpi-value">{formatNumber(value, lang)}</span>
                <span className="kpi-label">{t(`decoy.stats.${key}`)}</span>
              </div>
            ))}
          </div>
          <section className="panel">
            <h3>{t('decoy.stats.perDay')}</h3>
            {data.perDay.length === 0 ? <Empty>{t('decoy.stats.none')}</Empty> : <PerDayChart stats={data} />}
          </section>
          <div className="decoy-charts">
            <TopChart
              title={t('decoy.stats.topUsernames')}
              entries={data.topUsernames}
              testId="decoy-chart-usernames"
            />
            <TopChart
              title={t('decoy.stats.topPasswords')}
              entries={data.topPasswords}
              testId="decoy-chart-passwords"
            />
            <TopChart title={t('decoy.stats.topCommands')} entries={data.topCommands} testId="decoy-chart-commands" />
            <TopChart
              title={t('decoy.stats.techniques')}
              entries={data.techniques.map((item) => ({ value: item.id, count: item.count }))}
              testId="decoy-chart-techniques"
            />
          </div>
          <section className="panel">
            <h3>{t('decoy.stats.countries')}</h3>
            {countryItems(data.countries).length === 0 ? (
              <Empty>{t('decoy.stats.none')}</Empty>
            ) : (
              <Suspense fallback={<Loading />}>
                <WorldMap data={{ items: countryItems(data.countries) }} />
              </Suspense>
            )}
          </section>
          <div className="decoy-charts">
            <section className="panel">
              <h3>{t('decoy.stats.downloads')}</h3>
              {data.downloads.length === 0 ? (
                <Empty>{t('decoy.stats.none')}</Empty>
              ) : (
                <table className="table table-compact" data-testid="decoy-downloads">
                  <thead>
                    <tr>
                      <th scope="col">URL</th>
                      <th scope="col" className="num">
                        {t('decoy.stats.count')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.downloads.map((item) => (
                      <tr key={item.url}>
                        <td className="mono decoy-event-text">{item.url}</td>
                        <td className="num">{formatNumber(item.count, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section className="panel">
              <h3>{t('decoy.stats.hashes')}</h3>
              {data.hashes.length === 0 ? (
                <Empty>{t('decoy.stats.none')}</Empty>
              ) : (
                <table className="table table-compact" data-testid="decoy-hashes">
                  <thead>
                    <tr>
                      <th scope="col">SHA-256</th>
                      <th scope="col" className="num">
                        {t('decoy.stats.size')}
                      </th>
                      <th scope="col" className="num">
                        {t('decoy.stats.count')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.hashes.map((item) => (
                      <tr key={item.sha256}>
                        <td className="mono small">
                          <a href={`/api/v1/decoy/captures/${item.sha256}`} download>
                            {item.sha256}
                          </a>
                        </td>
                        <td className="num nowrap">{item.size === null ? '—' : formatBytes(item.size, lang)}</td>
                        <td className="num">{formatNumber(item.count, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>
          {data.techniques.length > 0 && (
            <p className="small muted">
              {data.techniques.map((item, index) => (
                <span key={item.id}>
                  {index > 0 && ', '}
                  <a href={techniqueUrl(item.id)} target="_blank" rel="noreferrer noopener" className="mono">
                    {item.id}
                  </a>{' '}
                  ({formatNumber(item.count, lang)})
                </span>
              ))}
            </p>
          )}
        </div>
      )}
    </AsyncBlock>
  );
}
