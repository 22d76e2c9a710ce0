import { useEffect, useState } from 'react';
import { ApiError, api } from '../../api';
import { formatDateTime } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { DeliveryJob, DeliveryList, DeliveryState } from '../../types';
import { Pagination } from '../Pagination';
import { AsyncBlock, Empty, ErrorMessage, Notice } from '../Status';

const STATES: DeliveryState[] = ['queued', 'retrying', 'delivered', 'dead'];
/** While something is on its way, the list refreshes itself this often. */
const REFRESH_MS = 2000;

/**
 * The organisation's alert e-mail and webhook deliveries: where each one stands, why the last attempt failed,
 * and "retry now" for the dead ones and those waiting for their next attempt.
 */
export function DeliveriesPanel({ orgId }: { orgId: string }) {
  const { t, lang } = useLang();
  const [state, setState] = useState<DeliveryState | ''>('');
  const [page, setPage] = useState({ limit: 25, offset: 0 });
  const list = useApi<DeliveryList>(`/orgs/${orgId}/deliveries`, {
    state: state || undefined,
    limit: page.limit,
    offset: page.offset,
  });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [retried, setRetried] = useState<DeliveryJob | null>(null);

  const inFlight = list.data?.items.some((job) => job.state === 'queued' || job.state === 'retrying') ?? false;
  const { reload } = list;
  useEffect(() => {
    if (!inFlight) return;
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [inFlight, reload]);

  const retry = async (job: DeliveryJob) => {
    setBusy(job.id);
    setError(undefined);
    setRetried(null);
    try {
      await api.post(`/orgs/${orgId}/deliveries/${job.id}/retry`, {});
      setRetried(job);
      reload();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="panel" data-testid="org-deliveries">
      <h2>{t('orgAlerts.deliveries.title')}</h2>
      <p className="muted small">{t('orgAlerts.deliveries.help')}</p>
      <div className="filters deliveries-filters">
        <label className="filter">
          <span>{t('orgAlerts.deliveries.state')}</span>
          <select
            value={state}
            onChange={(event) => {
              setState(event.target.value as DeliveryState | '');
              setPage((previous) => ({ ...previous, offset: 0 }));
            }}
            data-testid="deliveries-state-filter"
          >
            <option value="">{t('common.all')}</option>
            {STATES.map((value) => (
              <option key={value} value={value}>
                {t(`orgAlerts.deliveries.stateValue.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-small" onClick={reload} data-testid="deliveries-refresh">
          {t('orgAlerts.deliveries.refresh')}
        </button>
      </div>
      <ErrorMessage error={error} />
      {retried && (
        <Notice kind="success">
          {t('orgAlerts.deliveries.retried', { what: retried.about.map((a) => a.label).join(', ') })}
        </Notice>
      )}
      <AsyncBlock state={list}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>{t('orgAlerts.deliveries.empty')}</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table table-compact" data-testid="deliveries-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('orgAlerts.deliveries.createdAt')}</th>
                      <th scope="col">{t('orgAlerts.deliveries.channel')}</th>
                      <th scope="col">{t('orgAlerts.deliveries.about')}</th>
                      <th scope="col">{t('orgAlerts.deliveries.state')}</th>
                      <th scope="col">{t('orgAlerts.deliveries.attempts')}</th>
                      <th scope="col">{t('orgAlerts.deliveries.lastError')}</th>
                      <th scope="col">{t('orgAlerts.deliveries.nextAttempt')}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t('common.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((job) => (
                      <tr key={job.id} data-testid="delivery-row">
                        <td className="nowrap">{formatDateTime(job.createdAt, lang)}</td>
                        <td title={job.target ?? undefined}>{t(`orgAlerts.deliveries.channelValue.${job.channel}`)}</td>
                        <td className="mono small">{job.about.map((a) => a.label).join(', ')}</td>
                        <td>
                          <span
                            className={`status-badge delivery-${job.state}`}
                            title={job.deliveredAt ? formatDateTime(job.deliveredAt, lang) : undefined}
                            data-testid="delivery-state"
                          >
                            {t(`orgAlerts.deliveries.stateValue.${job.state}`)}
                          </span>
                        </td>
                        <td className="num">
                          {t('orgAlerts.deliveries.attemptsOf', { attempts: job.attempts, max: job.maxAttempts })}
                        </td>
                        <td className="small">{job.lastError ?? <span className="muted">—</span>}</td>
                        <td className="nowrap">
                          {job.nextAttemptAt ? (
                            formatDateTime(job.nextAttemptAt, lang)
                          ) : (
                            <span className="muted">—</span>
                          )}
                        </td>
                        <td className="actions">
                          {job.retryable && (
                            <button
                              type="button"
                              className="btn btn-small"
                              disabled={busy === job.id}
                              onClick={() => void retry(job)}
                              data-testid="delivery-retry"
                            >
                              {t('orgAlerts.deliveries.retry')}
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination total={data.total} limit={page.limit} offset={page.offset} onChange={setPage} />
            </>
          )
        }
      </AsyncBlock>
    </div>
  );
}
