import { Link } from 'react-router-dom';
import { apiUrl } from '../api';
import { CaseFilters } from '../components/cases/CaseFilters';
import { CaseImport } from '../components/cases/CaseImport';
import { CaseTable } from '../components/cases/CaseTable';
import { Pagination } from '../components/Pagination';
import { Empty, ErrorMessage, Loading } from '../components/Status';
import { formatNumber } from '../format';
import { useApi } from '../hooks/useApi';
import { useCaseQuery } from '../hooks/useCaseQuery';
import { useLang } from '../hooks/useLang';
import { usePermissions } from '../hooks/usePermissions';
import type { CaseList, CaseStats, Items, Org } from '../types';

export default function CaseListPage() {
  const { t, lang } = useLang();
  const permissions = usePermissions();
  const { query, update, apiQuery, filterQuery } = useCaseQuery();
  const list = useApi<CaseList>('/cases', apiQuery);
  const orgs = useApi<Items<Org>>('/orgs');
  const stats = useApi<CaseStats>('/cases/stats');
  const families = (stats.data?.byFamily ?? []).map((entry) => entry.family).filter(Boolean);
  const filtered = Object.keys(filterQuery).length > 0;

  return (
    <section className="page">
      <div className="page-header">
        <h1>
          {t('cases.title')}
          {list.data && <span className="count-pill">{formatNumber(list.data.total, lang)}</span>}
        </h1>
        <div className="toolbar">
          {permissions.canWriteCases && (
            <Link to="/cases/new" className="btn btn-primary" data-testid="case-new">
              {t('cases.new')}
            </Link>
          )}
          <a
            className="btn"
            href={apiUrl('/cases/export', { format: 'csv', ...filterQuery })}
            download
            data-testid="case-export-csv"
          >
            {t('cases.exportCsv')}
          </a>
          <a
            className="btn"
            href={apiUrl('/cases/export', { format: 'json', ...filterQuery })}
            download
            data-testid="case-export-json"
          >
            {t('cases.exportJson')}
          </a>
          {permissions.canWriteCases && <CaseImport onImported={list.reload} />}
        </div>
      </div>
      <CaseFilters filters={query.filters} orgs={orgs.data?.items} families={families} onChange={update} />
      <ErrorMessage error={list.error} onRetry={list.reload} />
      {!list.data && !list.error && <Loading />}
      {list.data && (
        <div className={list.loading ? 'is-refreshing' : undefined} aria-busy={list.loading}>
          {list.data.items.length === 0 ? (
            <Empty>
              {filtered ? t('cases.noMatch') : t('cases.empty')}
              {!filtered && permissions.canWriteCases && (
                <>
                  {' '}
                  <Link to="/cases/new">{t('cases.new')}</Link>
                </>
              )}
            </Empty>
          ) : (
            <CaseTable
              items={list.data.items}
              sort={query.sort}
              order={query.order}
              onSort={(sort, order) => update({ sort, order })}
            />
          )}
          <Pagination
            total={list.data.total}
            limit={query.limit}
            offset={query.offset}
            onChange={({ limit, offset }) => update({ limit, offset })}
          />
        </div>
      )}
    </section>
  );
}
