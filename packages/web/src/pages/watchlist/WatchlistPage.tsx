import { useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError, api } from '../../api';
import { Pagination } from '../../components/Pagination';
import { Empty, ErrorMessage, Loading, Notice } from '../../components/Status';
import { formatDate, formatDateTime, formatNumber, orgName } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useMe } from '../../hooks/useAuth';
import { useLang } from '../../hooks/useLang';
import { usePermissions } from '../../hooks/usePermissions';
import type { Items, Org, Role } from '../../types';

const KINDS = ['address', 'prefix', 'domain', 'email', 'hash', 'keyword'] as const;
type Kind = (typeof KINDS)[number];
const READER_ROLES: readonly Role[] = ['org_admin', 'analyst', 'instructor', 'viewer'];
/** The most lines one paste adds (the hub takes 1,000 entries per request). */
const MAX_LINES = 1000;

interface Entry {
  id: string;
  kind: Kind;
  value: string;
  note: string;
  matches: number;
  createdAt: string;
}

interface EntryMatches {
  items: { id: string; host: string; day: string; status: 'open' | 'acknowledged'; lastSeen: string }[];
  total: number;
}

interface AddResult {
  created: number;
  duplicates: number;
  alerts: number;
}

const asApiError = (caught: unknown) =>
  caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught));

/** What a field problem from the hub says, for each line of a paste. */
function fieldProblems(error: ApiError | undefined): string[] {
  return (error?.fields ?? []).map((f) => {
    const line = /^entries\.(\d+)\./.exec(f.path);
    return line ? `#${Number(line[1]) + 1}: ${f.message}` : f.message;
  });
}

function AddForm({ orgId, onAdded }: { orgId: string; onAdded: () => void }) {
  const { t } = useLang();
  const [kind, setKind] = useState<Kind>('domain');
  const [values, setValues] = useState('');
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [result, setResult] = useState<AddResult | undefined>(undefined);
  const lines = values
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

  const submit = async () => {
    if (lines.length === 0 || lines.length > MAX_LINES) return;
    setPending(true);
    setError(undefined);
    setResult(undefined);
    try {
      const body =
        lines.length === 1
          ? { kind, value: lines[0], ...(note.trim() && { note: note.trim() }) }
          : { entries: lines.map((value) => ({ kind, value, ...(note.trim() && { note: note.trim() }) })) };
      setResult(await api.post<AddResult>(`/orgs/${orgId}/watchlist`, body));
      setValues('');
      onAdded();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setPending(false);
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };
  // Enter starts a new line (for pasting lists); Ctrl+Enter or ⌘+Enter adds.
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <form className="form watchlist-add" onSubmit={onSubmit} aria-label={t('watchlist.add.title')}>
      <h2>{t('watchlist.add.title')}</h2>
      <ErrorMessage error={error} />
      {fieldProblems(error).length > 0 && (
        <ul className="small" data-testid="watchlist-problems">
          {fieldProblems(error).map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      {result && (
        <Notice kind="success">
          {t('watchlist.add.done', { created: result.created, duplicates: result.duplicates, alerts: result.alerts })}
        </Notice>
      )}
      <div className="form-row">
        <label className="field">
          <span className="field-label">{t('watchlist.kindLabel')}</span>
          <select value={kind} onChange={(event) => setKind(event.target.value as Kind)} data-testid="watchlist-kind">
            {KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`watchlist.kind.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('watchlist.note')}</span>
          <input value={note} maxLength={500} onChange={(event) => setNote(event.target.value)} />
        </label>
      </div>
      <label className="field">
        <span className="field-label">{t('watchlist.add.values')}</span>
        <textarea
          rows={3}
          value={values}
          onChange={(event) => setValues(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder={t(`watchlist.placeholder.${kind}`)}
          className="mono"
          data-testid="watchlist-values"
        />
        <span className="field-help">
          {lines.length > MAX_LINES
            ? t('watchlist.add.tooMany', { max: MAX_LINES })
            : t('watchlist.add.help', { count: lines.length })}
        </span>
      </label>
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={pending || lines.length === 0 || lines.length > MAX_LINES}
          data-testid="watchlist-submit"
        >
          {pending ? t('common.saving') : t('watchlist.add.submit')}
        </button>
      </div>
    </form>
  );
}

function Matches({ orgId, entry }: { orgId: string; entry: Entry }) {
  const { t, lang } = useLang();
  const matches = useApi<EntryMatches>(`/orgs/${orgId}/watchlist/${entry.id}/matches`, { limit: 20 });
  if (matches.error) return <ErrorMessage error={matches.error} onRetry={matches.reload} />;
  if (!matches.data) return <Loading inline />;
  if (matches.data.items.length === 0) return <span className="muted small">{t('watchlist.noMatches')}</span>;
  return (
    <ul className="watchlist-matches small" data-testid="watchlist-matches">
      {matches.data.items.map((alert) => (
        <li key={alert.id}>
          <Link to={`/alerts?status=all&orgId=${orgId}`} className="mono">
            {alert.host}
          </Link>{' '}
          <time dateTime={alert.day}>{formatDate(alert.day, lang)}</time>{' '}
          <span className={`chip ${alert.status === 'open' ? 'chip-warn' : 'chip-ok'}`}>
            {t(`alerts.status.${alert.status}`)}
          </span>{' '}
          <span className="muted">{formatDateTime(alert.lastSeen, lang)}</span>
        </li>
      ))}
      {matches.data.total > matches.data.items.length && (
        <li className="muted">+{formatNumber(matches.data.total - matches.data.items.length, lang)}</li>
      )}
    </ul>
  );
}

function EntryRow({
  orgId,
  entry,
  canWrite,
  onDeleted,
}: {
  orgId: string;
  entry: Entry;
  canWrite: boolean;
  onDeleted: () => void;
}) {
  const { t, lang } = useLang();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const remove = async () => {
    if (!window.confirm(t('watchlist.confirmDelete', { value: entry.value }))) return;
    try {
      await api.del(`/orgs/${orgId}/watchlist/${entry.id}`);
      onDeleted();
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <tr data-testid="watchlist-entry">
      <td>{t(`watchlist.kind.${entry.kind}`)}</td>
      <td className="mono">{entry.value}</td>
      <td>{entry.note || <span className="muted">—</span>}</td>
      <td>
        {entry.matches === 0 ? (
          <span className="muted">0</span>
        ) : (
          <button type="button" className="btn btn-small btn-link" onClick={() => setOpen(!open)} aria-expanded={open}>
            {t('watchlist.matchesCount', { count: entry.matches })}
          </button>
        )}
        {open && <Matches orgId={orgId} entry={entry} />}
      </td>
      <td className="nowrap muted small">{formatDateTime(entry.createdAt, lang)}</td>
      <td>
        <ErrorMessage error={error} />
        {canWrite && (
          <button type="button" className="btn btn-small btn-danger" onClick={() => void remove()}>
            {t('common.delete')}
          </button>
        )}
      </td>
    </tr>
  );
}

/** An organisation's watchlist: what it wants to hear about, and the alerts each entry raised. */
export default function WatchlistPage() {
  const { t, lang } = useLang();
  const me = useMe();
  const permissions = usePermissions();
  const [params, setParams] = useSearchParams();
  const orgs = useApi<Items<Org>>(me.isPlatformAdmin ? '/orgs' : null);
  const choices = useMemo(() => {
    const own = me.memberships
      .filter((m) => READER_ROLES.includes(m.role))
      .map((m) => [m.orgId, orgName({ nameEn: m.orgNameEn, nameJa: m.orgNameJa }, lang)] as const);
    const others = (orgs.data?.items ?? [])
      .filter((org) => !own.some(([id]) => id === org.id))
      .map((org) => [org.id, orgName(org, lang)] as const);
    return [...own, ...others];
  }, [me.memberships, orgs.data, lang]);
  const orgId = params.get('orgId') ?? choices[0]?.[0] ?? '';
  const q = params.get('q') ?? '';
  const kind = params.get('kind') ?? '';
  const limit = Number(params.get('limit') ?? 50) || 50;
  const offset = Number(params.get('offset') ?? 0) || 0;
  const [draft, setDraft] = useState(q);
  const list = useApi<{ items: Entry[]; total: number }>(orgId ? `/orgs/${orgId}/watchlist` : null, {
    q: q || undefined,
    kind: kind || undefined,
    limit,
    offset,
  });
  const canWrite = orgId !== '' && permissions.canWriteForOrg(orgId);
  const update = (patch: Record<string, string | number | null>) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(patch)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, String(value));
        }
        if (!('offset' in patch)) next.delete('offset');
        return next;
      },
      { replace: true },
    );

  return (
    <section className="page watchlist-page">
      <div className="page-header">
        <h1>
          {t('watchlist.title')}
          {list.data && <span className="count-pill">{formatNumber(list.data.total, lang)}</span>}
        </h1>
      </div>
      <p className="page-intro">{t('watchlist.intro')}</p>
      {choices.length === 0 && !orgs.loading ? (
        <Notice kind="warning">{t('watchlist.noOrg')}</Notice>
      ) : (
        <>
          <form
            className="filters"
            role="search"
            aria-label={t('watchlist.filters')}
            onSubmit={(event) => {
              event.preventDefault();
              update({ q: draft.trim() });
            }}
          >
            {choices.length > 1 && (
              <label className="filter">
                <span>{t('case.field.organisation')}</span>
                <select value={orgId} onChange={(event) => update({ orgId: event.target.value })}>
                  {choices.map(([id, name]) => (
                    <option key={id} value={id}>
                      {name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label className="filter">
              <span>{t('watchlist.search')}</span>
              <input
                type="search"
                value={draft}
                maxLength={200}
                onChange={(event) => setDraft(event.target.value)}
                data-testid="watchlist-search"
              />
            </label>
            <label className="filter">
              <span>{t('watchlist.kindLabel')}</span>
              <select value={kind} onChange={(event) => update({ kind: event.target.value })}>
                <option value="">{t('common.all')}</option>
                {KINDS.map((value) => (
                  <option key={value} value={value}>
                    {t(`watchlist.kind.${value}`)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="btn">
              {t('watchlist.searchButton')}
            </button>
          </form>
          {canWrite && orgId && <AddForm orgId={orgId} onAdded={list.reload} />}
          <ErrorMessage error={list.error} onRetry={list.reload} />
          {!list.data && !list.error && <Loading />}
          {list.data &&
            (list.data.items.length === 0 ? (
              <Empty>{t('watchlist.empty')}</Empty>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="watchlist-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('watchlist.kindLabel')}</th>
                      <th scope="col">{t('watchlist.value')}</th>
                      <th scope="col">{t('watchlist.note')}</th>
                      <th scope="col">{t('watchlist.matches')}</th>
                      <th scope="col">{t('watchlist.added')}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t('common.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.data.items.map((entry) => (
                      <EntryRow
                        key={entry.id}
                        orgId={orgId}
                        entry={entry}
                        canWrite={canWrite}
                        onDeleted={list.reload}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
            ))}
          {list.data && (
            <Pagination total={list.data.total} limit={limit} offset={offset} onChange={(next) => update(next)} />
          )}
        </>
      )}
    </section>
  );
}
