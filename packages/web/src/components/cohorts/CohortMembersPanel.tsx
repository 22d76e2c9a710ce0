import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { useAction, useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { usePermissions } from '../../hooks/usePermissions';
import type { Items, Member } from '../../types';
import { ErrorMessage } from '../Status';
import type { CohortDetail, CohortRole } from './cohortTypes';
import { cohortPath } from './cohorts';

const ROLES: readonly CohortRole[] = ['learner', 'instructor'];

/**
 * Adds a member of the organisation: its admins pick from the organisation's members; an instructor, who may not
 * list them, gives the person's user id.
 */
function AddMemberForm({ cohort, onAdded }: { cohort: CohortDetail; onAdded: () => void }) {
  const { t } = useLang();
  const canList = usePermissions().canManageOrg(cohort.orgId);
  const orgMembers = useApi<Items<Member>>(canList ? `/orgs/${cohort.orgId}/members` : null);
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<CohortRole>('learner');
  const add = useAction(() => api.post(cohortPath.api.members(cohort.id), { userId: userId.trim(), role }));
  const already = new Set(cohort.members.map((m) => m.userId));
  const candidates = (orgMembers.data?.items ?? []).filter((m) => !already.has(m.userId) && !m.disabled);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if ((await add.run()) !== undefined) {
      setUserId('');
      onAdded();
    }
  };

  return (
    <form className="form form-inline" onSubmit={(event) => void onSubmit(event)} data-testid="cohort-add-member">
      <label className="field">
        <span className="field-label">{t('cohorts.members.person')}</span>
        {orgMembers.data ? (
          <select value={userId} onChange={(e) => setUserId(e.target.value)} data-testid="cohort-add-member-user">
            <option value="">{t('cohorts.members.choose')}</option>
            {candidates.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.displayName} &lt;{m.email}&gt;
              </option>
            ))}
          </select>
        ) : (
          <input
            className="mono"
            value={userId}
            onChange={(e) => setUserId(e.target.value)}
            placeholder={t('cohorts.members.userId')}
            data-testid="cohort-add-member-user"
          />
        )}
      </label>
      <label className="field">
        <span className="field-label">{t('cohorts.members.role')}</span>
        <select
          value={role}
          onChange={(e) => setRole(e.target.value as CohortRole)}
          data-testid="cohort-add-member-role"
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`cohorts.roles.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="submit"
        className="btn"
        disabled={add.pending || !userId.trim()}
        data-testid="cohort-add-member-submit"
      >
        {t('cohorts.members.add')}
      </button>
      <ErrorMessage error={add.error} />
    </form>
  );
}

/** The cohort's members as those who teach it see them, and (for staff) adding and removing. */
export function CohortMembersPanel({ cohort, onChanged }: { cohort: CohortDetail; onChanged: () => void }) {
  const { t } = useLang();
  const remove = useAction((userId: string) => api.del(`${cohortPath.api.members(cohort.id)}/${userId}`));
  const onRemove = async (userId: string, name: string) => {
    if (!window.confirm(t('cohorts.members.confirmRemove', { name }))) return;
    await remove.run(userId);
    onChanged();
  };
  return (
    <section className="panel" data-testid="cohort-members" aria-labelledby="cohort-members-title">
      <h2 id="cohort-members-title">
        {t('cohorts.members.title')} <span className="count-pill">{cohort.members.length}</span>
      </h2>
      <table className="table table-compact">
        <thead>
          <tr>
            <th>{t('cohorts.members.name')}</th>
            <th>{t('cohorts.members.email')}</th>
            <th>{t('cohorts.members.role')}</th>
            {cohort.canManage && <th />}
          </tr>
        </thead>
        <tbody>
          {cohort.members.map((m) => (
            <tr key={m.userId} data-testid={`cohort-member-${m.userId}`} data-role={m.role}>
              <td>{m.displayName}</td>
              <td className="mono small">{m.email ?? ''}</td>
              <td>{t(`cohorts.roles.${m.role}`)}</td>
              {cohort.canManage && (
                <td>
                  <button
                    type="button"
                    className="btn-link btn-danger-link"
                    onClick={() => void onRemove(m.userId, m.displayName)}
                  >
                    {t('cohorts.members.remove')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorMessage error={remove.error} />
      {cohort.canManage && <AddMemberForm cohort={cohort} onAdded={onChanged} />}
    </section>
  );
}
