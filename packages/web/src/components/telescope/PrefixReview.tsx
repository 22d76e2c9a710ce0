import { useState } from 'react';
import { ApiError, api } from '../../api';
import { formatDateTime, orgName } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { Items, ReviewedPrefix } from '../../types';
import { Empty, ErrorMessage, Notice } from '../Status';

/**
 * For platform admins: the prefixes organisations registered and that wait for approval. A prefix raises alerts
 * only once approved, so that nobody receives another organisation's alerts by claiming its addresses.
 */
export function PrefixReview() {
  const { t, lang } = useLang();
  const pending = useApi<Items<ReviewedPrefix>>('/prefixes', { status: 'pending' });
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);

  const decide = async (prefix: ReviewedPrefix, verb: 'approve' | 'reject') => {
    let reason: string | null = null;
    if (verb === 'reject') {
      reason = window.prompt(t('prefixReview.rejectReason'), '');
      if (reason === null) return;
    }
    setBusy(prefix.id);
    setError(undefined);
    setDone(undefined);
    try {
      const org = orgName({ nameEn: prefix.orgNameEn, nameJa: prefix.orgNameJa }, lang);
      if (verb === 'approve') await api.post(`/prefixes/${prefix.id}/approve`);
      else await api.post(`/prefixes/${prefix.id}/reject`, reason ? { reason } : {});
      setDone(t(`prefixReview.${verb === 'approve' ? 'approved' : 'rejected'}`, { cidr: prefix.cidr, org }));
      pending.reload();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    } finally {
      setBusy(undefined);
    }
  };

  const items = pending.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="prefix-review-title" data-testid="prefix-review">
      <h2 id="prefix-review-title">
        {t('prefixReview.title')}
        {items.length > 0 && <span className="count-pill">{items.length}</span>}
      </h2>
      <p className="muted small">{t('prefixReview.help')}</p>
      <ErrorMessage error={error ?? pending.error} onRetry={pending.reload} />
      {done && <Notice kind="success">{done}</Notice>}
      {pending.data && items.length === 0 && <Empty>{t('prefixReview.empty')}</Empty>}
      {items.length > 0 && (
        <table className="table table-compact" data-testid="prefix-review-table">
          <thead>
            <tr>
              <th scope="col">{t('prefixReview.org')}</th>
              <th scope="col">{t('prefixReview.cidr')}</th>
              <th scope="col">{t('prefixReview.note')}</th>
              <th scope="col">{t('prefixReview.registered')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((prefix) => (
              <tr key={prefix.id}>
                <td>{orgName({ nameEn: prefix.orgNameEn, nameJa: prefix.orgNameJa }, lang)}</td>
                <td className="mono">{prefix.cidr}</td>
                <td>{prefix.note || <span className="muted">—</span>}</td>
                <td className="nowrap">{formatDateTime(prefix.createdAt, lang)}</td>
                <td className="nowrap">
                  <button
                    type="button"
                    className="btn btn-small btn-primary"
                    disabled={busy === prefix.id}
                    onClick={() => void decide(prefix, 'approve')}
                    data-testid="prefix-approve"
                  >
                    {t('prefixReview.approve')}
                  </button>{' '}
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={busy === prefix.id}
                    onClick={() => void decide(prefix, 'reject')}
                    data-testid="prefix-reject"
                  >
                    {t('prefixReview.reject')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
