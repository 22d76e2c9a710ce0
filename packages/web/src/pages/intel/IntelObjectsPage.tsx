import { Link, useSearchParams } from 'react-router-dom';
import { apiUrl } from '../../api';
import '../../components/intel/intel.css';
import { IntelNav } from '../../components/intel/IntelNav';
import { ObjectTable } from '../../components/intel/ObjectTable';
import { STIX_TYPE_GROUPS, STIX_TYPE_PATTERN, type StixTypeGroup } from '../../components/intel/stixTypes';
import { Pagination } from '../../components/Pagination';
import { Empty, ErrorMessage, Loading } from '../../components/Status';
import '../../components/telescope/telescope.css';
import { DebouncedInput } from '../../components/telescope/DebouncedInput';
import { formatNumber } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { StixObjectList } from '../../types/intel';

const DEFAULT_LIMIT = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A whole number from the query string, or the fallback. */
const whole = (text: string | null, fallback: number) => {
  const value = Number(text);
  return text !== null && Number.isInteger(value) && value >= 0 ? value : fallback;
};

/**
 * The STIX object browser: the newest version of every object the person may see, filtered by type, text and
 * import. The filters and the page live in the URL, so a filtered list can be bookmarked, shared and exported.
 */
export default function IntelObjectsPage() {
  const { t, lang } = useLang();
  const [params, setParams] = useSearchParams();
  const filters = {
    type: params.get('type') ?? '',
    q: params.get('q') ?? '',
    importId: params.get('importId') ?? '',
  };
  const page = {
    limit: Math.min(500, whole(params.get('limit'), DEFAULT_LIMIT) || DEFAULT_LIMIT),
    offset: whole(params.get('offset'), 0),
  };
  const update = (patch: Partial<typeof filters & { limit: number; offset: number }>) => {
    const next = { ...filters, ...page, offset: 0, ...patch };
    const search = new URLSearchParams();
    if (next.type) search.set('type', next.type);
    if (next.q) search.set('q', next.q);
    if (next.importId) search.set('importId', next.importId);
    if (next.limit !== DEFAULT_LIMIT) search.set('limit', String(next.limit));
    if (next.offset > 0) search.set('offset', String(next.offset));
    setParams(search, { replace: true });
  };
  const typeInvalid = filters.type !== '' && !STIX_TYPE_PATTERN.test(filters.type);
  const importInvalid = filters.importId !== '' && !UUID.test(filters.importId);
  const query = {
    type: filters.type || undefined,
    q: filters.q.trim() || undefined,
    importId: filters.importId || undefined,
  };
  const list = useApi<StixObjectList>(typeInvalid || importInvalid ? null : '/intel/objects', { ...query, ...page });
  const filtered = Boolean(filters.type || filters.q || filters.importId);
  const known = (Object.values(STIX_TYPE_GROUPS) as readonly (readonly string[])[]).some((types) =>
    types.includes(filters.type),
  );

  return (
    <section className="page" data-testid="intel-objects">
      <div className="page-header">
        <h1>
          {t('intel.objects.title')}
          {list.data && <span className="count-pill">{formatNumber(list.data.total, lang)}</span>}
        </h1>
        <IntelNav />
        <div className="toolbar">
          <a
            className="btn"
            href={apiUrl('/intel/bundle', query)}
            download="cynex-bundle.json"
            title={t('intel.objects.exportHelp')}
            data-testid="intel-export"
          >
            {t('intel.objects.export')}
          </a>
          <Link to="/intel/import" className="btn btn-primary" data-testid="intel-import-link">
            {t('intel.objects.import')}
          </Link>
        </div>
      </div>
      <p className="page-intro">{t('intel.objects.intro')}</p>
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <label className="filter">
          <span>{t('intel.objects.type')}</span>
          <select
            value={filters.type}
            onChange={(event) => update({ type: event.target.value })}
            data-testid="intel-filter-type"
          >
            <option value="">{t('intel.objects.allTypes')}</option>
            {!known && filters.type && <option value={filters.type}>{filters.type}</option>}
            {(Object.keys(STIX_TYPE_GROUPS) as StixTypeGroup[]).map((group) => (
              <optgroup key={group} label={t(`intel.typeGroup.${group}`)}>
                {STIX_TYPE_GROUPS[group].map((type) => (
                  <option key={type} value={type}>
                    {type}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label className="filter filter-wide">
          <span>{t('intel.objects.search')}</span>
          <DebouncedInput
            type="search"
            value={filters.q}
            onCommit={(q) => update({ q })}
            placeholder={t('intel.objects.searchPlaceholder')}
            maxLength={200}
            spellCheck={false}
            data-testid="intel-filter-q"
          />
        </label>
        {filters.importId && (
          <span className="chip intel-import-chip" data-testid="intel-filter-import">
            {t('intel.objects.importFilter', { id: filters.importId.slice(0, 8) })}
            <button
              type="button"
              className="chip-remove"
              onClick={() => update({ importId: '' })}
              aria-label={t('intel.objects.clearImport')}
            >
              ×
            </button>
          </span>
        )}
        {filtered && (
          <button
            type="button"
            className="btn btn-small btn-link"
            onClick={() => setParams(new URLSearchParams(), { replace: true })}
            data-testid="intel-clear-filters"
          >
            {t('intel.objects.clearFilters')}
          </button>
        )}
        {(typeInvalid || importInvalid) && (
          <p className="field-error" role="alert">
            {typeInvalid ? t('intel.objects.typeInvalid') : t('intel.objects.importInvalid')}
          </p>
        )}
      </form>
      <ErrorMessage error={list.error} onRetry={list.reload} />
      {!list.data && !list.error && !typeInvalid && !importInvalid && <Loading />}
      {list.data && (
        <div className={list.loading ? 'is-refreshing' : undefined} aria-busy={list.loading}>
          {list.data.items.length === 0 ? (
            <Empty>
              <span data-testid="intel-objects-empty">
                {filtered ? t('intel.objects.noMatch') : t('intel.objects.empty')}
              </span>{' '}
              {!filtered && <Link to="/intel/import">{t('intel.objects.import')}</Link>}
            </Empty>
          ) : (
            <ObjectTable items={list.data.items} />
          )}
          <Pagination
            total={list.data.total}
            limit={page.limit}
            offset={page.offset}
            onChange={(next) => update(next)}
          />
        </div>
      )}
    </section>
  );
}
