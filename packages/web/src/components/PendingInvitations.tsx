import { useState } from 'react';
import { ApiError, api } from '../api';
import { orgName } from '../format';
import { useApi } from '../hooks/useApi';
import { useAuth } from '../hooks/useAuth';
import { useLang } from '../hooks/useLang';
import type { PendingInvitation } from '../types';
import { ErrorMessage } from './Status';

/** Invitations waiting for the signed-in person, each with accept and decline, above every page. */
export function PendingInvitations() {
  const { t, lang } = useLang();
  const { refresh } = useAuth();
  const invitations = useApi<{ items: PendingInvitation[] }>('/auth/invitations');
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const items = invitations.data?.items ?? [];
  if (items.length === 0 && !error) return null;

  const answer = async (invitation: PendingInvitation, verb: 'accept' | 'decline') => {
    setBusy(invitation.id);
    setError(undefined);
    try {
      await api.post(`/auth/invitations/${invitation.id}/${verb}`);
      invitations.reload();
      if (verb === 'accept') await refresh();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section className="invitations" aria-label={t('invitations.title')} data-testid="pending-invitations">
      <ErrorMessage error={error} />
      {items.map((invitation) => {
        const org = orgName({ nameEn: invitation.orgNameEn, nameJa: invitation.orgNameJa }, lang);
        const role = t(`role.${invitation.role}`);
        return (
          <div key={invitation.id} className="alert alert-info invitation" data-testid="pending-invitation">
            <span>
              {invitation.invitedBy
                ? t('invitations.body', { invitedBy: invitation.invitedBy, org, role })
                : t('invitations.bodyNoSender', { org, role })}
            </span>
            <span className="invitation-actions">
              <button
                type="button"
                className="btn btn-primary btn-small"
                disabled={busy === invitation.id}
                onClick={() => void answer(invitation, 'accept')}
                data-testid="invitation-accept"
              >
                {t('invitations.accept')}
              </button>
              <button
                type="button"
                className="btn btn-small"
                disabled={busy === invitation.id}
                onClick={() => void answer(invitation, 'decline')}
                data-testid="invitation-decline"
              >
                {t('invitations.decline')}
              </button>
            </span>
          </div>
        );
      })}
    </section>
  );
}
