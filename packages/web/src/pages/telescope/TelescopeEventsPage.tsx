import { Link } from 'react-router-dom';
import { Pagination } from '../../components/Pagination';
import { Empty, ErrorMessage, Loading } from '../../components/Status';
import { DebouncedInput } from '../../components/telescope/DebouncedInput';
import { BackscatterTable, DosTable, ScanTable } from '../../components/telescope/EventTables';
import '../../components/telescope/telescope.css';
import { TelescopeNav } from '../../components/telescope/TelescopeNav';
import { EVENT_KINDS, useEventQuery, validAddress, validPort } from '../../components/telescope/useEventQuery';
import { formatNumber } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { TelescopeBackscatter, TelescopeDos, TelescopeEventList, TelescopeScan } from '../../types';

type EventQueryState = ReturnType<typeof useEventQuery>;

/** One tab's list; mounted per kind so a scan answer is never shown in the DoS table. */
function EventList({
  query,
  apiQuery,
  update,
  filtered,
}: {
  query: EventQueryState['query'];
  apiQuery: Record<string, string | number>;
  update: EventQueryState['update'];
  filtered: boolean;
}) {
  const { t, lang } = useLang();
  const list = useApi<TelescopeEventList<TelescopeScan | TelescopeDos | TelescopeBackscatter>>(
    '/telescope/events',
    apiQuery,
  );
  return (
    <>
      <ErrorMessage error={list.error} onRetry={list.reload} />
      {!list.data && !list.error && <Loading />}
      {list.data && (
        <div className={list.loading ? 'is-refreshing' : undefined} aria-busy={list.loading}>
          <p className="muted small" data-testid="events-total">
            {t(`telescope.events.count.${query.kind}`, { total: formatNumber(list.data.total, lang) })}
          </p>
          {list.data.items.length === 0 ? (
            <Empty>{filtered ? t('telescope.events.noMatch') : t(`telescope.events.empty.${query.kind}`)}</Empty>
          ) : query.kind === 'scan' ? (
            <ScanTable items={list.data.items as TelescopeScan[]} />
          ) : query.kind === 'dos' ? (
            <DosTable items={list.data.items as TelescopeDos[]} />
          ) : (
            <BackscatterTable items={list.data.items as TelescopeBackscatter[]} />
          )}
          <Pagination
            total={list.data.total}
            limit={query.limit}
            offset={query.offset}
            onChange={({ limit, offset }) => update({ limit, offset })}
          />
        </div>
      )}
    </>
  );
}

export default function TelescopeEventsPage() {
  const { t } = useLang();
  const { query, update, apiQuery } = useEventQuery();
  const { filters } = query;
  const filtered = Object.values(filters).some((value) => value !== '');
  const portInvalid = !validPort(filters.port);
  const addressInvalid = !validAddress(filters.source);
  const periodInvalid = !portInvalid && !addressInvalid && apiQuery === null;

  return (
    <section className="page telescope-page" data-testid="telescope-events">
      <div className="page-header">
        <h1>{t('telescope.events.title')}</h1>
        <TelescopeNav />
      </div>
      <div className="tabs tabs-sub" role="tablist" aria-label={t('telescope.events.kinds')}>
        {EVENT_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            role="tab"
            aria-selected={query.kind === kind}
            className={query.kind === kind ? 'tab active' : 'tab'}
            onClick={() => update({ kind })}
            data-testid={`events-tab-${kind}`}
          >
            {t(`telescope.events.kind.${kind}`)}
          </button>
        ))}
      </div>
      <p className="page-intro">{t(`telescope.events.intro.${query.kind}`)}</p>
      <form
        className="filters"
        role="search"
        aria-label={t('telescope.events.filters')}
        onSubmit={(event) => event.preventDefault()}
      >
        <label className="filter filter-wide">
          <span>{query.kind === 'scan' ? t('telescope.events.source') : t('telescope.events.victim')}</span>
          <DebouncedInput
            type="search"
            value={filters.source}
            onCommit={(source) => update({ source })}
            placeholder={t('telescope.events.addressPlaceholder')}
            spellCheck={false}
            aria-invalid={addressInvalid ? true : undefined}
            data-testid="events-filter-source"
          />
        </label>
        <label className="filter">
          <span>{t('telescope.events.port')}</span>
          <DebouncedInput
            inputMode="numeric"
            value={filters.port}
            onCommit={(port) => update({ port })}
            placeholder="23"
            aria-invalid={portInvalid ? true : undefined}
            data-testid="events-filter-port"
          />
        </label>
        <label className="filter">
          <span>{t('telescope.period.from')}</span>
          <input
            type="datetime-local"
            value={filters.from}
            onChange={(event) => update({ from: event.target.value })}
            data-testid="events-filter-from"
          />
        </label>
        <label className="filter">
          <span>{t('telescope.period.to')}</span>
          <input
            type="datetime-local"
            value={filters.to}
            onChange={(event) => update({ to: event.target.value })}
            data-testid="events-filter-to"
          />
        </label>
        {filtered && (
          <button
            type="button"
            className="btn btn-small btn-link filter-clear"
            onClick={() => update({ source: '', port: '', from: '', to: '' })}
          >
            {t('telescope.events.clearFilters')}
          </button>
        )}
        {addressInvalid && (
          <p className="field-error period-error" role="alert">
            {t('telescope.events.addressInvalid')}
          </p>
        )}
        {portInvalid && (
          <p className="field-error period-error" role="alert">
            {t('telescope.events.portInvalid')}
          </p>
        )}
        {periodInvalid && (
          <p className="field-error period-error" role="alert">
            {t('telescope.period.reversed')}
          </p>
        )}
      </form>
      {apiQuery && <EventList key={query.kind} query={query} apiQuery={apiQuery} update={update} filtered={filtered} />}
      <p className="muted small">
        <Link to="/telescope">{t('telescope.backToOverview')}</Link>
      </p>
    </section>
  );
}
