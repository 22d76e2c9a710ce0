import { useState, type FormEvent } from 'react';
import { Pagination } from '../components/Pagination';
import { Empty, ErrorMessage, Loading, Notice } from '../components/Status';
import { formatDateTime } from '../format';
import { useApi } from '../hooks/useApi';
import { useLang } from '../hooks/useLang';
import { usePermissions } from '../hooks/usePermissions';
import type { AuditEntry } from '../types';

interface AuditFilters {
  actor: string;
  action: string;
  from: string;
  to: string;
}

const EMPTY: AuditFilters = { actor: '', action: '', from: '', to: '' };

/** Start of a local day, or the instant just after its end, as ISO. */
function dayBound(value: string, end: boolean): string | undefined {
  if (!value) return undefined;
  const date = new Date(`${value}T00:00:00`);
  if (Number.isNaN(date.getTime())) return undefined;
  if (end) date.setDate(date.getDate() + 1);
  return date.toISOString();
}

function Details({ value }: { value: unknown }) {
  const { t } = useLang();
  if (value === null || value === undefined || (typeof value === 'object' && Object.keys(value).length === 0)) {
    return <span className="muted">—</span>;
  }
  return (
    <details className="audit-details">
      <summary>{t('audit.showDetails')}</summary>
      <pre>{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}

export default function AuditPage() {
  const { t, lang } = useLang();
  const permissions = usePermissions();
  const [draft, setDraft] = useState<AuditFilters>(EMPTY);
  const [filters, setFilters] = useState<AuditFilters>(EMPTY);
  const [page, setPage] = useState({ limit: 50, offset: 0 });
  const log = useApi<{ items: AuditEntry[]; total: number }>(permissions.isAnyOrgAdmin ? '/audit' : null, {
    actor: filters.actor.trim(),
    action: filters.action.trim(),
    from: dayBound(filters.from, false),
    to: dayBound(filters.to, true),
    limit: page.limit,
    offset: page.offset,
  });

  if (!permissions.isAnyOrgAdmin) return <Notice kind="warning">{t('audit.notAllowed')}</Notice>;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
    setPage((previous) => ({ ...previous, offset: 0 }));
  };
  const set = (key: keyof AuditFilters) => (event: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: event.target.value });

  return (
    <section className="page">
      <div className="page-header">
        <h1>{t('audit.title')}</h1>
      </div>
      <p className="page-intro">{permissions.isPlatformAdmin ? t('audit.introAll') : t('audit.introOrg')}</p>
      <form className="filters" role="search" onSubmit={onSubmit} aria-label={t('audit.filters')}>
        <label className="filter filter-wide">
          <span>{t('audit.actor')}</span>
          <input
            value={draft.actor}
            onChange={set('actor')}
            placeholder={t('audit.actorPlaceholder')}
            data-testid="audit-actor"
          />
        </label>
        <label className="filter">
          <span>{t('audit.action')}</span>
          <input
            value={draft.action}
            onChange={set('action')}
            placeholder="case."
            className="mono"
            data-testid="audit-action"
          />
        </label>
        <label className="filter">
          <span>{t('audit.from')}</span>
          <input type="date" value={draft.from} onChange={set('from')} data-testid="audit-from" />
        </label>
        <label className="filter">
          <span>{t('audit.to')}</span>
          <input type="date" value={draft.to} onChange={set('to')} data-testid="audit-to" />
        </label>
        <button type="submit" className="btn btn-primary" data-testid="audit-apply">
          {t('audit.apply')}
        </button>
        <button
          type="button"
          className="btn btn-link"
          onClick={() => {
            setDraft(EMPTY);
            setFilters(EMPTY);
            setPage((previous) => ({ ...previous, offset: 0 }));
          }}
        >
          {t('cases.clearFilters')}
        </button>
      </form>
      <ErrorMessage error={log.error} onRetry={log.reload} />
      {!log.data && !log.error && <Loading />}
      {log.data && (
        <div className={log.loading ? 'is-refreshing' : undefined} aria-busy={log.loading}>
          {log.data.items.length === 0 ? (
            <Empty>{t('audit.empty')}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table table-compact" data-testid="audit-table">
                <thead>
                  <tr>
                    <th scope="col">{t('audit.at')}</th>
                    <th scope="col">{t('audit.actor')}</th>
                    <th scope="col">{t('audit.action')}</th>
                    <th scope="col">{t('audit.target')}</th>
                    <th scope="col">{t('audit.ip')}</th>
                    <th scope="col">{t('audit.details')}</th>
                  </tr>
                </thead>
                <tbody>
                  {log.data.items.map((entry) => (
                    <tr key={entry.id}>
                      <td className="nowrap">{formatDateTime(entry.at, lang)}</td>
                      <td>{entry.actorLabel || <span className="mono">{entry.actorId ?? '—'}</span>}</td>
                      <td className="mono">{entry.action}</td>
                      <td>
                        {entry.targetType ? (
                          <>
                            <span>{entry.targetType}</span> <span className="mono muted small">{entry.targetId}</span>
                          </>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                      <td className="mono">{entry.ip ?? '—'}</td>
                      <td>
                        <Details value={entry.details} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination total={log.data.total} limit={page.limit} offset={page.offset} onChange={setPage} />
        </div>
      )}
    </section>
  );
}
