import { useMemo, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError, api } from '../../api';
import { Pagination } from '../../components/Pagination';
import { Empty, ErrorMessage, Loading } from '../../components/Status';
import '../../components/telescope/telescope.css';
import { describePort, sourcePath } from '../../components/telescope/telescopeFormat';
import { announceAlertsChanged } from '../../components/telescope/useOpenAlerts';
import { formatDate, formatDateTime, formatNumber, orgName } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useMe } from '../../hooks/useAuth';
import { useLang } from '../../hooks/useLang';
import type { AlertList, AlertStatus, Items, MemberAlert, Org } from '../../types';
import { PrefixReview } from '../../components/telescope/PrefixReview';

const STATUSES = ['open', 'acknowledged', 'all'] as const;
type StatusFilter = (typeof STATUSES)[number];
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function intParam(value: string | null, fallback: number, min: number, max: number): number {
  const number = Number(value);
  return value && Number.isInteger(number) && number >= min && number <= max ? number : fallback;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Known evidence fields first, in a reading order; the rest after them as the hub sent them. */
const EVIDENCE_ORDER = ['darknet', 'decoy', 'packets', 'bytes', 'count', 'ports', 'firstSeen', 'lastSeen', 'sensors'];

function ordered(evidence: Record<string, unknown>): [string, unknown][] {
  const rank = (key: string) => {
    const index = EVIDENCE_ORDER.indexOf(key);
    return index < 0 ? EVIDENCE_ORDER.length : index;
  };
  return Object.entries(evidence).sort(([a], [b]) => rank(a) - rank(b));
}

function Scalar({ value }: { value: unknown }) {
  const { lang } = useLang();
  if (value === null || value === undefined || value === '') return <span className="muted">—</span>;
  if (typeof value === 'string') return <>{ISO_TIME.test(value) ? formatDateTime(value, lang) : value}</>;
  if (typeof value === 'number') return <>{formatNumber(value, lang)}</>;
  if (typeof value === 'boolean') return <>{String(value)}</>;
  if (Array.isArray(value) && value.every((entry) => typeof entry === 'string' || typeof entry === 'number')) {
    return value.length === 0 ? (
      <span className="muted">—</span>
    ) : (
      <span className="mono small">{value.join(', ')}</span>
    );
  }
  return <code className="small">{JSON.stringify(value)}</code>;
}

/** A list of records (scans, sightings) as a small table. */
function RecordTable({ rows }: { rows: Record<string, unknown>[] }) {
  const { t } = useLang();
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))].sort((a, b) => {
    const rank = (key: string) => (['start', 'end', 'firstSeen', 'lastSeen'].includes(key) ? 0 : 1);
    return rank(a) - rank(b);
  });
  return (
    <div className="table-wrap evidence-table">
      <table className="table table-compact">
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {t(`alerts.evidenceKey.${column}`, { defaultValue: column })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              {columns.map((column) => (
                <td key={column} className="nowrap">
                  <Scalar value={row[column]} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One evidence value: scalars formatted, objects as nested lists, lists of records as tables. */
function EvidenceValue({ value, depth }: { value: unknown; depth: number }) {
  if (isPlainObject(value) && depth < 2) return <Evidence evidence={value} depth={depth + 1} />;
  if (Array.isArray(value) && value.length > 0 && value.every(isPlainObject)) return <RecordTable rows={value} />;
  return <Scalar value={value} />;
}

function Evidence({ evidence, depth = 0 }: { evidence: Record<string, unknown>; depth?: number }) {
  const { t } = useLang();
  const entries = ordered(evidence ?? {});
  if (entries.length === 0) return <p className="muted small">{t('alerts.noEvidence')}</p>;
  return (
    <dl className={depth === 0 ? 'evidence-list' : 'evidence-list evidence-nested'}>
      {entries.map(([key, value]) => (
        <div key={key} className="evidence-row">
          <dt>{t(`alerts.evidenceKey.${key}`, { defaultValue: key })}</dt>
          <dd>
            <EvidenceValue value={value} depth={depth} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

interface WatchlistEvidence {
  entries: { id: string; kind: string; value: string; note: string }[];
  records: {
    recordType: string;
    recordId: string;
    label: string;
    link: string;
    value: string;
    firstSeen: string | null;
    lastSeen: string | null;
  }[];
  truncated: boolean;
}

function isWatchlistEvidence(value: unknown): value is WatchlistEvidence {
  return isPlainObject(value) && Array.isArray(value.entries) && Array.isArray(value.records);
}

/** A watchlist match: the entries that matched and the records (with links) that mention the value. */
function WatchlistMatch({ evidence }: { evidence: WatchlistEvidence }) {
  const { t, lang } = useLang();
  return (
    <div className="watchlist-evidence" data-testid="alert-watchlist-evidence">
      <p className="small">
        {t('alerts.watchlistEntries')}:{' '}
        {evidence.entries.map((entry) => (
          <span key={entry.id} className="chip" title={entry.note || undefined}>
            {t(`watchlist.kind.${entry.kind}`, { defaultValue: entry.kind })}{' '}
            <span className="mono">{entry.value}</span>
          </span>
        ))}
      </p>
      <p className="small">{t('alerts.watchlistRecords')}:</p>
      <ul className="small">
        {evidence.records.map((record) => (
          <li key={`${record.recordType} ${record.recordId} ${record.value}`}>
            <span className="chip">{t(`fusion.type.${record.recordType}`, { defaultValue: record.recordType })}</span>{' '}
            <Link to={record.link}>{record.label || record.recordId}</Link> <span className="mono">{record.value}</span>{' '}
            {record.lastSeen && <span className="muted">{formatDateTime(record.lastSeen, lang)}</span>}
          </li>
        ))}
      </ul>
      {evidence.truncated && <p className="muted small">{t('alerts.watchlistTruncated')}</p>}
    </div>
  );
}

/** What a delivery failure said, for the history. */
function failure(details: Record<string, unknown> | null | undefined): string | null {
  const error = details?.error;
  return typeof error === 'string' && error ? error : null;
}

function AcknowledgeForm({ alert, onDone }: { alert: MemberAlert; onDone: (updated: MemberAlert | null) => void }) {
  const { t } = useLang();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(undefined);
    try {
      const result = await api.post<MemberAlert | { alert?: MemberAlert } | undefined>(
        `/alerts/${alert.id}/acknowledge`,
        note.trim() ? { note: note.trim() } : {},
      );
      const updated =
        result && 'id' in result ? result : result && 'alert' in result && result.alert ? result.alert : null;
      setOpen(false);
      setNote('');
      announceAlertsChanged();
      onDone(updated);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    } finally {
      setPending(false);
    }
  };

  if (!open) {
    return (
      <button type="button" className="btn btn-small btn-primary" onClick={() => setOpen(true)} data-testid="alert-ack">
        {t('alerts.acknowledge')}
      </button>
    );
  }
  return (
    <form className="form ack-form" onSubmit={(event) => void onSubmit(event)}>
      <ErrorMessage error={error} />
      <label className="field">
        <span className="field-label">{t('alerts.note')}</span>
        <textarea
          rows={2}
          value={note}
          maxLength={2000}
          onChange={(event) => setNote(event.target.value)}
          placeholder={t('alerts.notePlaceholder')}
          autoFocus
          data-testid="alert-ack-note"
        />
      </label>
      <div className="form-actions">
        <button type="submit" className="btn btn-small btn-primary" disabled={pending} data-testid="alert-ack-submit">
          {pending ? t('common.saving') : t('alerts.confirmAcknowledge')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => setOpen(false)} disabled={pending}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function AlertCard({
  alert,
  orgLabel,
  canAcknowledge,
  onChanged,
}: {
  alert: MemberAlert;
  orgLabel: string | null;
  canAcknowledge: boolean;
  onChanged: (updated: MemberAlert | null) => void;
}) {
  const { t, lang } = useLang();
  const history = [...(alert.history ?? [])].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <article className={`alert-card alert-card-${alert.status}`} data-testid="alert-item" data-status={alert.status}>
      <header className="alert-card-header">
        {alert.kinds.includes('darknet') || alert.kinds.includes('decoy') ? (
          <Link to={sourcePath(alert.host)} className="mono alert-host" title={t('alerts.toSource')}>
            {alert.host}
          </Link>
        ) : (
          <Link
            to={`/fusion?q=${encodeURIComponent(alert.host)}`}
            className="mono alert-host"
            title={t('alerts.toFusion')}
          >
            {alert.host}
          </Link>
        )}
        <time dateTime={alert.day} className="alert-day">
          {formatDate(alert.day, lang)}
        </time>
        <span className="chips">
          {alert.kinds.map((kind) => (
            <span key={kind} className={`chip chip-kind-${kind}`} title={t(`alerts.kindHelp.${kind}`)}>
              {t(`alerts.kind.${kind}`)}
            </span>
          ))}
        </span>
        <span className={`chip ${alert.status === 'open' ? 'chip-warn' : 'chip-ok'}`}>
          {t(`alerts.status.${alert.status}`)}
        </span>
        {orgLabel && <span className="muted small">{orgLabel}</span>}
      </header>
      <dl className="alert-figures">
        <div>
          <dt>{t('telescope.packets')}</dt>
          <dd>{formatNumber(alert.packets, lang)}</dd>
        </div>
        <div>
          <dt>{t('alerts.seen')}</dt>
          <dd>
            {formatDateTime(alert.firstSeen, lang)} – {formatDateTime(alert.lastSeen, lang)}
          </dd>
        </div>
        <div className="alert-ports">
          <dt>{t('alerts.ports')}</dt>
          <dd>
            {alert.ports.length === 0 ? (
              <span className="muted">—</span>
            ) : (
              <span className="chips">
                {alert.ports.slice(0, 20).map((port) => (
                  <span key={port} className="chip mono">
                    {describePort(port)}
                  </span>
                ))}
                {alert.ports.length > 20 && <span className="muted small">+{alert.ports.length - 20}</span>}
              </span>
            )}
          </dd>
        </div>
      </dl>
      {alert.status === 'acknowledged' && (
        <p className="muted small">
          {t('alerts.acknowledgedBy', {
            by: alert.acknowledgedBy ?? '—',
            when: formatDateTime(alert.acknowledgedAt, lang),
          })}
        </p>
      )}
      <details className="alert-details">
        <summary>{t('alerts.evidence')}</summary>
        {isWatchlistEvidence(alert.evidence.watchlist) && <WatchlistMatch evidence={alert.evidence.watchlist} />}
        {(!isWatchlistEvidence(alert.evidence.watchlist) || Object.keys(alert.evidence).length > 1) && (
          <Evidence
            evidence={Object.fromEntries(Object.entries(alert.evidence ?? {}).filter(([key]) => key !== 'watchlist'))}
          />
        )}
      </details>
      {history.length > 0 && (
        <details className="alert-details">
          <summary>{t('alerts.history', { count: history.length })}</summary>
          <ol className="alert-history" data-testid="alert-history">
            {history.map((entry, index) => (
              <li key={`${entry.at}:${index}`}>
                <time dateTime={entry.at} className="muted small">
                  {formatDateTime(entry.at, lang)}
                </time>{' '}
                <strong>{t(`alerts.action.${entry.action}`, { defaultValue: entry.action })}</strong>
                {entry.by && <span className="muted"> · {entry.by}</span>}
                {failure(entry.details) && <span className="muted small"> · {failure(entry.details)}</span>}
                {entry.note && <div className="prewrap alert-note">{entry.note}</div>}
              </li>
            ))}
          </ol>
        </details>
      )}
      {alert.status === 'open' && canAcknowledge && (
        <div className="alert-actions">
          <AcknowledgeForm alert={alert} onDone={onChanged} />
        </div>
      )}
    </article>
  );
}

export default function AlertsPage() {
  const { t, lang } = useLang();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const status: StatusFilter = (STATUSES as readonly string[]).includes(statusParam ?? '')
    ? (statusParam as StatusFilter)
    : 'open';
  const orgId = params.get('orgId') ?? '';
  const limit = intParam(params.get('limit'), 25, 1, 200);
  const offset = intParam(params.get('offset'), 0, 0, 1_000_000);
  const list = useApi<AlertList>('/alerts', {
    status: status === 'all' ? undefined : (status satisfies AlertStatus | 'all'),
    orgId,
    limit,
    offset,
  });
  const orgs = useApi<Items<Org>>('/orgs');

  const orgNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const membership of me.memberships) {
      names.set(membership.orgId, orgName({ nameEn: membership.orgNameEn, nameJa: membership.orgNameJa }, lang));
    }
    for (const org of orgs.data?.items ?? []) names.set(org.id, orgName(org, lang));
    return names;
  }, [me.memberships, orgs.data, lang]);
  const orgChoices = me.isPlatformAdmin
    ? [...orgNames.entries()]
    : me.memberships.map(
        (membership) => [membership.orgId, orgNames.get(membership.orgId) ?? membership.orgSlug] as const,
      );
  const manyOrgs = orgChoices.length > 1;
  /** The hub lets the organisation's own admins and analysts acknowledge (not platform admins as such). */
  const canAcknowledge = (alertOrgId: string) =>
    me.memberships.some(
      (membership) =>
        membership.orgId === alertOrgId && (membership.role === 'org_admin' || membership.role === 'analyst'),
    );

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

  const onChanged = (updated: MemberAlert | null) => {
    if (updated && status !== 'open') {
      list.setData(
        (previous) =>
          previous && { ...previous, items: previous.items.map((item) => (item.id === updated.id ? updated : item)) },
      );
    }
    list.reload();
  };

  return (
    <section className="page alerts-page">
      <div className="page-header">
        <h1>
          {t('alerts.title')}
          {list.data && <span className="count-pill">{formatNumber(list.data.total, lang)}</span>}
        </h1>
      </div>
      <p className="page-intro">{t('alerts.intro')}</p>
      {me.isPlatformAdmin && <PrefixReview />}
      <form
        className="filters"
        role="search"
        aria-label={t('alerts.filters')}
        onSubmit={(event) => event.preventDefault()}
      >
        <label className="filter">
          <span>{t('alerts.statusLabel')}</span>
          <select
            value={status}
            onChange={(event) => update({ status: event.target.value === 'open' ? null : event.target.value })}
            data-testid="alerts-status"
          >
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`alerts.filter.${value}`)}
              </option>
            ))}
          </select>
        </label>
        {manyOrgs && (
          <label className="filter">
            <span>{t('case.field.organisation')}</span>
            <select value={orgId} onChange={(event) => update({ orgId: event.target.value })} data-testid="alerts-org">
              <option value="">{t('common.all')}</option>
              {orgChoices.map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        )}
      </form>
      <ErrorMessage error={list.error} onRetry={list.reload} />
      {!list.data && !list.error && <Loading />}
      {list.data && (
        <div className={list.loading ? 'is-refreshing' : undefined} aria-busy={list.loading} data-testid="alerts-list">
          {list.data.items.length === 0 ? (
            <Empty>
              {t(`alerts.empty.${status}`)} {me.memberships.length > 0 && t('alerts.emptyHint')}
            </Empty>
          ) : (
            <div className="alert-cards">
              {list.data.items.map((alert) => (
                <AlertCard
                  key={alert.id}
                  alert={alert}
                  orgLabel={manyOrgs ? (orgNames.get(alert.orgId) ?? alert.orgId) : null}
                  canAcknowledge={canAcknowledge(alert.orgId)}
                  onChanged={onChanged}
                />
              ))}
            </div>
          )}
          <Pagination total={list.data.total} limit={limit} offset={offset} onChange={(next) => update(next)} />
        </div>
      )}
    </section>
  );
}
