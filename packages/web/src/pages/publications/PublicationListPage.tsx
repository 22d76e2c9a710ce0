import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ScopeLabel, TlpBadge } from '../../components/Badges';
import { Empty, ErrorMessage, Loading } from '../../components/Status';
import { formatDate, formatNumber } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { usePermissions } from '../../hooks/usePermissions';
import { MissingBadges, PublicationStatusBadge } from './PublicationBadges';
import { PUBLICATION_KINDS, PUBLICATION_STATUSES, titleOf, type PublicationSummary } from './types';
import './publications.css';

const PAGE = 25;

/** Reports and blog posts the user sees: search, filter by status, kind and tag, page through. */
export default function PublicationListPage() {
  const { t, lang } = useLang();
  const permissions = usePermissions();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const kind = params.get('kind') ?? '';
  const tag = params.get('tag') ?? '';
  const q = params.get('q') ?? '';
  const offset = Math.max(0, Number(params.get('offset') ?? 0) || 0);
  const [search, setSearch] = useState(q);
  const { data, error, loading, reload } = useApi<{ items: PublicationSummary[]; total: number }>('/publications', {
    status: status || undefined,
    kind: kind || undefined,
    tag: tag || undefined,
    q: q || undefined,
    limit: PAGE,
    offset,
  });
  const set = (next: Record<string, string>) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value) merged.set(key, value);
      else merged.delete(key);
    }
    setParams(merged);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    set({ q: search.trim(), offset: '' });
  };
  const total = data?.total ?? 0;

  return (
    <div className="page publications-page">
      <header className="page-header">
        <h1>{t('publications.list.title')}</h1>
        {permissions.canWriteCases && (
          <Link to="/publications/new" className="btn btn-primary" data-testid="publication-new">
            {t('publications.list.new')}
          </Link>
        )}
      </header>
      <p className="page-intro muted">{t('publications.list.intro')}</p>
      <form className="toolbar filters" onSubmit={submit} role="search">
        <label className="filter">
          <span className="field-label">{t('publications.list.status')}</span>
          <select
            value={status}
            onChange={(e) => set({ status: e.target.value, offset: '' })}
            data-testid="publication-filter-status"
          >
            <option value="">{t('publications.list.all')}</option>
            {PUBLICATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`publications.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span className="field-label">{t('publications.list.kind')}</span>
          <select value={kind} onChange={(e) => set({ kind: e.target.value, offset: '' })}>
            <option value="">{t('publications.list.all')}</option>
            {PUBLICATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`publications.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span className="field-label">{t('publications.list.search')}</span>
          <input
            type="search"
            value={search}
            maxLength={200}
            placeholder={t('publications.list.searchPlaceholder')}
            onChange={(e) => setSearch(e.target.value)}
            data-testid="publication-search"
          />
        </label>
        <button type="submit" className="btn">
          {t('publications.list.searchButton')}
        </button>
        {tag && (
          <button type="button" className="btn btn-small" onClick={() => set({ tag: '', offset: '' })}>
            {t('publications.list.clearTag', { tag })}
          </button>
        )}
      </form>
      <ErrorMessage error={error} onRetry={reload} />
      {loading && !data && <Loading />}
      {data && data.items.length === 0 && <Empty>{t('publications.list.empty')}</Empty>}
      {data && data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="publication-table">
            <thead>
              <tr>
                <th scope="col">{t('publications.field.title')}</th>
                <th scope="col">{t('publications.list.kind')}</th>
                <th scope="col">{t('publications.list.status')}</th>
                <th scope="col">{t('publications.field.sharing')}</th>
                <th scope="col">{t('publications.field.tags')}</th>
                <th scope="col">{t('publications.list.published')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((p) => (
                <tr key={p.id} data-testid={`publication-row-${p.slug}`}>
                  <td>
                    <Link to={`/publications/${p.id}`}>{titleOf(p, lang)}</Link> <MissingBadges missing={p.missing} />
                  </td>
                  <td>{t(`publications.kind.${p.kind}`)}</td>
                  <td>
                    <PublicationStatusBadge status={p.status} />
                  </td>
                  <td>
                    <TlpBadge marking={p.marking} /> <ScopeLabel scope={p.scope} />
                  </td>
                  <td>
                    {p.tags.map((x) => (
                      <button key={x} type="button" className="pub-tag" onClick={() => set({ tag: x, offset: '' })}>
                        {x}
                      </button>
                    ))}
                  </td>
                  <td>{p.publishedAt ? formatDate(p.publishedAt, lang) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total > PAGE && (
        <nav className="pagination" aria-label={t('pagination.label')}>
          <span className="pagination-range">
            {t('pagination.range', {
              first: formatNumber(offset + 1, lang),
              last: formatNumber(Math.min(offset + PAGE, total), lang),
              total: formatNumber(total, lang),
            })}
          </span>
          <button
            type="button"
            className="btn btn-small"
            disabled={offset === 0}
            onClick={() => set({ offset: String(Math.max(0, offset - PAGE)) })}
          >
            {t('pagination.previous')}
          </button>
          <button
            type="button"
            className="btn btn-small"
            disabled={offset + PAGE >= total}
            onClick={() => set({ offset: String(offset + PAGE) })}
          >
            {t('pagination.next')}
          </button>
        </nav>
      )}
    </div>
  );
}
