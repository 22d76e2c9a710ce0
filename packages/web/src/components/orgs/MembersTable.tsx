import { useState } from 'react';
import { api } from '../../api';
import { ORG_ROLES } from '../../constants';
import { absoluteLink, formatDateTime } from '../../format';
import { useMe } from '../../hooks/useAuth';
import { useLang } from '../../hooks/useLang';
import type { Member, OneTimeLink, Role } from '../../types';
import { DataTable } from '../admin/AdminTable';
import { useSubmit } from '../admin/useSubmit';
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
  const { error, run } = useSubmit();
  const [reset, setReset] = useState<(OneTimeLink & { email: string }) | null>(null);

  const act = async (userId: string, action: () => Promise<void>) => {
    setBusy(userId);
    await run(action);
    setBusy(null);
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
      <DataTable
        items={members}
        testId="members-table"
        rowKey={(member) => member.userId}
        columns={[
          {
            header: t('members.name'),
            cell: (member) => (
              <>
                {member.displayName}
                {member.userId === me.id && <span className="muted small"> ({t('members.you')})</span>}
              </>
            ),
          },
          { header: t('members.email'), cell: (member) => member.email },
          {
            header: t('members.role'),
            cell: (member) => (
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
            ),
          },
          {
            header: t('members.state'),
            cell: (member) =>
              member.disabled ? (
                <span className="chip chip-warn">{t('members.disabled')}</span>
              ) : locked(member) ? (
                <span className="chip chip-warn" title={formatDateTime(member.lockedUntil, lang)}>
                  {t('members.lockedUntil', { until: formatDateTime(member.lockedUntil, lang) })}
                </span>
              ) : (
                <span className="chip chip-ok">{t('members.active')}</span>
              ),
          },
        ]}
        actions={(member) => (
          <>
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
          </>
        )}
      />
    </>
  );
}
