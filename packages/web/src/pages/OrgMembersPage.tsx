import { Link, useParams } from 'react-router-dom';
import { Chip } from '../components/Badges';
import { InviteForm } from '../components/orgs/InviteForm';
import { MembersTable } from '../components/orgs/MembersTable';
import { AsyncBlock, Empty, Notice } from '../components/Status';
import { OrgAlertSettings } from '../components/telescope/OrgAlertSettings';
import { formatDateTime, orgName } from '../format';
import { useApi } from '../hooks/useApi';
import { useLang } from '../hooks/useLang';
import { usePermissions } from '../hooks/usePermissions';
import type { Invitation, Items, Member, Org } from '../types';

function invitationState(invitation: Invitation): 'used' | 'expired' | 'pending' {
  if (invitation.usedAt) return 'used';
  return new Date(invitation.expiresAt).getTime() < Date.now() ? 'expired' : 'pending';
}

export default function OrgMembersPage() {
  const { t, lang } = useLang();
  const { id = '' } = useParams();
  const permissions = usePermissions();
  const allowed = permissions.canManageOrg(id);
  const orgs = useApi<Items<Org>>('/orgs');
  const members = useApi<Items<Member>>(allowed ? `/orgs/${id}/members` : null);
  const invitations = useApi<Items<Invitation>>(allowed ? `/orgs/${id}/invitations` : null);
  const org = orgs.data?.items.find((item) => item.id === id);

  return (
    <section className="page">
      <nav className="breadcrumbs" aria-label={t('common.breadcrumbs')}>
        <Link to="/orgs">{t('orgs.title')}</Link> <span aria-hidden="true">/</span>{' '}
        <span>{org ? orgName(org, lang) : '…'}</span>
      </nav>
      <div className="page-header">
        <h1>
          {org ? orgName(org, lang) : t('members.title')}
          {org && <span className="muted small heading-sub">{t(`sector.${org.sector}`)}</span>}
        </h1>
        {org && (
          <span className="chips">
            {org.programmes.map((programme) => (
              <Chip key={programme} title={t(`programme.${programme}`)}>
                {programme}
              </Chip>
            ))}
          </span>
        )}
      </div>
      {!allowed ? (
        <Notice kind="warning">{t('members.notAllowed')}</Notice>
      ) : (
        <>
          <div className="panel">
            <h2>{t('members.title')}</h2>
            <AsyncBlock state={members}>
              {(data) => <MembersTable orgId={id} members={data.items} onChanged={members.reload} />}
            </AsyncBlock>
          </div>
          <InviteForm orgId={id} onInvited={invitations.reload} />
          <div className="panel">
            <h2>{t('members.invitations')}</h2>
            <AsyncBlock state={invitations}>
              {(data) =>
                data.items.length === 0 ? (
                  <Empty>{t('members.noInvitations')}</Empty>
                ) : (
                  <div className="table-wrap">
                    <table className="table table-compact" data-testid="invitations-table">
                      <thead>
                        <tr>
                          <th scope="col">{t('members.email')}</th>
                          <th scope="col">{t('members.role')}</th>
                          <th scope="col">{t('members.state')}</th>
                          <th scope="col">{t('members.invitedAt')}</th>
                          <th scope="col">{t('members.expiresAt')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {[...data.items]
                          .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
                          .map((invitation) => {
                            const state = invitationState(invitation);
                            return (
                              <tr key={invitation.id}>
                                <td>{invitation.email}</td>
                                <td>{t(`role.${invitation.role}`)}</td>
                                <td>
                                  <span
                                    className={`chip chip-${state === 'pending' ? 'ok' : state === 'expired' ? 'warn' : 'muted'}`}
                                    title={invitation.usedAt ? formatDateTime(invitation.usedAt, lang) : undefined}
                                  >
                                    {t(`members.invitationState.${state}`)}
                                  </span>
                                </td>
                                <td className="nowrap">{formatDateTime(invitation.createdAt, lang)}</td>
                                <td className="nowrap">{formatDateTime(invitation.expiresAt, lang)}</td>
                              </tr>
                            );
                          })}
                      </tbody>
                    </table>
                  </div>
                )
              }
            </AsyncBlock>
          </div>
          <OrgAlertSettings orgId={id} />
        </>
      )}
    </section>
  );
}
