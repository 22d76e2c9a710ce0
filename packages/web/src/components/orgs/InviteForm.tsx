import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { ORG_ROLES } from '../../constants';
import { absoluteLink, formatDateTime } from '../../format';
import { useLang } from '../../hooks/useLang';
import type { OneTimeLink, Role } from '../../types';
import { AdminPanel } from '../admin/AdminPage';
import { SubmitButton } from '../admin/FormCard';
import { useSubmit } from '../admin/useSubmit';
import { CopyField } from '../CopyField';
import { Field } from '../Field';
import { ErrorMessage } from '../Status';

/** Invites a person by email; the one-time link is shown once, to hand over out of band. */
export function InviteForm({ orgId, onInvited }: { orgId: string; onInvited: () => void }) {
  const { t, lang } = useLang();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const { pending, error, run } = useSubmit();
  const [link, setLink] = useState<(OneTimeLink & { email: string }) | null>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim()) return;
    void run(async () => {
      const created = await api.post<OneTimeLink>(`/orgs/${orgId}/invitations`, { email: email.trim(), role });
      setLink({ ...created, email: email.trim() });
      setEmail('');
      onInvited();
    });
  };

  return (
    <AdminPanel title={t('members.inviteTitle')}>
      {link && (
        <CopyField
          label={t('members.inviteLink', { email: link.email })}
          value={absoluteLink(link.link)}
          warning={t('members.linkOnce', { expires: formatDateTime(link.expiresAt, lang) })}
          onDismiss={() => setLink(null)}
          testId="invite-link"
        />
      )}
      <form className="form form-inline" onSubmit={onSubmit}>
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
        <SubmitButton pending={pending} label={t('members.invite')} testId="invite-submit" />
      </form>
    </AdminPanel>
  );
}
