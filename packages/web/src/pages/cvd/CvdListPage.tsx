import './cvd.css';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Empty, ErrorMessage, Loading } from '../../components/Status';
import { formatDate } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { CvdStatusBadge } from './CvdStatusBadge';
import { CVD_STATUSES, caseTitle, type CvdCaseSummary } from './types';

const PAGE = 25;

/** Vulnerability cases the user sees: filter by status, search ref/title/product/vendor, page through. */
export default function CvdListPage() {
  const { t, lang } = useLang();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const q = params.get('q') ?? '';
  const offset = Math.max(0, Number(params.get('offset') ?? 0) || 0);
  const [search, setSearch] = useState(q);
  const { data, error, loading, reload } = useApi<{ items: CvdCaseSummary[]; total: number }>('/cvd/cases', {
    status: status || undefined,
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
    <div className="page cvd-page">
      <header className="page-header">
        <h1>{t('cvd.list.title')}</h1>
        <Link to="/cvd/new" className="btn btn-primary" data-testid="cvd-new">
          {t('cvd.list.new')}
        </Link>
      </header>
      <p className="page-intro muted">{t('cvd.list.intro')}</p>
      <form className="toolbar filters" onSubmit={submit} role="search">
        <label className="filter">
          <span className="field-label">{t('cvd.list.status')}</span>
          <select
            value={status}
            onChange={(e) => set({ status: e.target.value, offset: '' })}
            data-testid="cvd-filter-status"
          >
            <option value="">{t('cvd.list.allStatuses')}</option>
            {CVD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`cvd.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span className="field-label">{t('cvd.list.search')}</span>
          <input
            type="search"
            value={search}
            maxLength={200}
            placeholder={t('cvd.list.searchPlaceholder')}
            onChange={(e) => setSearch(e.target.value)}
            data-testid="cvd-search"
          />
        </label>
        <button type="submit" className="btn">
          {t('cvd.list.searchButton')}
        </button>
      </form>
      <ErrorMessage error={error} onRetry={reload} />
      {loading && !data && <Loading />}
      {data && data.items.length === 0 && <Empty>{t('cvd.list.empty')}</Empty>}
      {data && data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="cvd-table">
            <thead>
              <tr>
                <th>{t('cvd.field.ref')}</th>
                <th>{t('cvd.field.title')}</th>
                <th>{t('cvd.field.product')}</th>
                <th>{t('cvd.field.vendorName')}</th>
                <th>{t('cvd.list.status')}</th>
                <th>CVSS</th>
                <th>{t('cvd.field.embargoUntil')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((c) => (
                <tr key={c.id}>
                  <td className="mono nowrap">
                    <Link to={`/cvd/${c.id}`}>{c.ref}</Link>
                  </td>
                  <td>{caseTitle(c, lang)}</td>
                  <td>{c.product}</td>
                  <td>{c.vendorName}</td>
                  <td>
                    <CvdStatusBadge status={c.status} />
                  </td>
                  <td className="nowrap">
                    {[
                      c.cvss31Score !== null && `3.1: ${c.cvss31Score.toFixed(1)}`,
                      c.cvss40Score !== null && `4.0: ${c.cvss40Score.toFixed(1)}`,
                    ]
                      .filter(Boolean)
                      .join(' / ') || '—'}
                  </td>
                  <td className="nowrap">{c.embargoUntil ? formatDate(c.embargoUntil, lang) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total > PAGE && (
        <nav className="pagination" aria-label={t('cvd.list.pages')}>
          <span className="pagination-range">
            {t('cvd.list.range', { first: offset + 1, last: Math.min(offset + PAGE, total), total })}
          </span>
          <button
            type="button"
            className="btn btn-small"
            disabled={offset === 0}
            onClick={() => set({ offset: String(Math.max(0, offset - PAGE)) })}
          >
            {t('cvd.list.previous')}
          </button>
          <button
            type="button"
            className="btn btn-small"
            disabled={offset + PAGE >= total}
            onClick={() => set({ offset: String(offset + PAGE) })}
          >
            {t('cvd.list.next')}
          </button>
        </nav>
      )}
    </div>
  );
}
