import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../../api';
import { ORG_ROLES } from '../../constants';
import { absoluteLink, formatDateTime } from '../../format';
import { useLang } from '../../hooks/useLang';
import type { OneTimeLink, Role } from '../../types';
import { CopyField } from '../CopyField';
import { Field } from '../Field';
import { ErrorMessage } from '../Status';

/** Invites a person by email; the one-time link is shown once, to hand over out of band. */
export function InviteForm({ orgId, onInvited }: { orgId: string; onInvited: () => void }) {
  const { t, lang } = useLang();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [link, setLink] = useState<(OneTimeLink & { email: string }) | null>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim()) return;
    setPending(true);
    setError(undefined);
    try {
      const created = await api.post<OneTimeLink>(`/orgs/${orgId}/invitations`, { email: email.trim(), role });
      setLink({ ...created, email: email.trim() });
      setEmail('');
      onInvited();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="panel">
      <h2>{t('members.inviteTitle')}</h2>
      {link && (
        <CopyField
          label={t('members.inviteLink', { email: link.email })}
          value={absoluteLink(link.link)}
          warning={t('members.linkOnce', { expires: formatDateTime(link.expiresAt, lang) })}
          onDismiss={() => setLink(null)}
          testId="invite-link"
        />
      )}
      <form className="form form-inline" onSubmit={(event) => void onSubmit(event)}>
        <ErrorMessage error={error} />
        <Field label={t('members.email')} required error={error?.fieldMessage('email')}>
          <input
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            data-testid="invite-email"
          />
        </Field>
        <Field label={t('members.role')} error={error?.fieldMessage('role')}>
          <select value={role} onChange={(event) => setRole(event.target.value as Role)} data-testid="invite-role">
            {ORG_ROLES.map((value) => (
              <option key={value} value={value}>
                {t(`role.${value}`)}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className="btn btn-primary" disabled={pending} data-testid="invite-submit">
          {pending ? t('common.saving') : t('members.invite')}
        </button>
      </form>
    </div>
  );
}
