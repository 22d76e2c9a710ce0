import { useState } from 'react';
import { ApiError, api } from '../../api';
import { ORG_ROLES } from '../../constants';
import { absoluteLink, formatDateTime } from '../../format';
import { useMe } from '../../hooks/useAuth';
import { useLang } from '../../hooks/useLang';
import type { Member, OneTimeLink, Role } from '../../types';
import { CopyField } from '../CopyField';
import { Empty, ErrorMessage } from '../Status';

export function MembersTable({
  orgId,
  members,
  onChanged,
}: {
  orgId: string;
  members: Member[];
  onChanged: () => void;
}) {
  const { t, lang } = useLang();
  const me = useMe();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [reset, setReset] = useState<(OneTimeLink & { email: string }) | null>(null);

  const act = async (userId: string, action: () => Promise<void>) => {
    setBusy(userId);
    setError(undefined);
    try {
      await action();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    } finally {
      setBusy(null);
    }
  };

  const changeRole = (member: Member, role: Role) =>
    act(member.userId, async () => {
      await api.patch(`/orgs/${orgId}/members/${member.userId}`, { role });
      onChanged();
    });

  const remove = (member: Member) => {
    if (!window.confirm(t('members.confirmRemove', { email: member.email }))) return;
    void act(member.userId, async () => {
      await api.del(`/orgs/${orgId}/members/${member.userId}`);
      onChanged();
    });
  };

  const resetPassword = (member: Member) =>
    act(member.userId, async () => {
      const created = await api.post<OneTimeLink>(`/users/${member.userId}/password-reset`);
      setReset({ ...created, email: member.email });
    });

  if (members.length === 0) return <Empty>{t('members.empty')}</Empty>;
  const locked = (member: Member) => member.lockedUntil !== null && new Date(member.lockedUntil).getTime() > Date.now();
  return (
    <>
      <ErrorMessage error={error} />
      {reset && (
        <CopyField
          label={t('members.resetLink', { email: reset.email })}
          value={absoluteLink(reset.link)}
          warning={t('members.linkOnce', { expires: formatDateTime(reset.expiresAt, lang) })}
          onDismiss={() => setReset(null)}
          testId="reset-link"
        />
      )}
      <div className="table-wrap">
        <table className="table" data-testid="members-table">
          <thead>
            <tr>
              <th scope="col">{t('members.name')}</th>
              <th scope="col">{t('members.email')}</th>
              <th scope="col">{t('members.role')}</th>
              <th scope="col">{t('members.state')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.userId}>
                <td>
                  {member.displayName}
                  {member.userId === me.id && <span className="muted small"> ({t('members.you')})</span>}
                </td>
                <td>{member.email}</td>
                <td>
                  <select
                    aria-label={t('members.roleOf', { email: member.email })}
                    value={member.role}
                    disabled={busy === member.userId}
                    onChange={(event) => void changeRole(member, event.target.value as Role)}
                  >
                    {[...new Set<Role>([...ORG_ROLES, member.role])].map((role) => (
                      <option key={role} value={role}>
                        {t(`role.${role}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {member.disabled ? (
                    <span className="chip chip-warn">{t('members.disabled')}</span>
                  ) : locked(member) ? (
                    <span className="chip chip-warn" title={formatDateTime(member.lockedUntil, lang)}>
                      {t('members.lockedUntil', { until: formatDateTime(member.lockedUntil, lang) })}
                    </span>
                  ) : (
                    <span className="chip chip-ok">{t('members.active')}</span>
                  )}
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={busy === member.userId}
                    onClick={() => void resetPassword(member)}
                  >
                    {t('members.resetPassword')}
                  </button>
                  <button
                    type="button"
                    className="btn btn-small btn-danger"
                    disabled={busy === member.userId}
                    onClick={() => remove(member)}
                  >
                    {t('members.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
