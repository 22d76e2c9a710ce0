import { Link, useParams } from 'react-router-dom';
import { AdminPanel } from '../components/admin/AdminPage';
import { DataTable } from '../components/admin/AdminTable';
import { IntelSettingsPanel } from '../components/orgs/IntelSettingsPanel';
import { InviteForm } from '../components/orgs/InviteForm';
import { MembersTable } from '../components/orgs/MembersTable';
import { ProgrammeChips } from '../components/orgs/ProgrammeChips';
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
        {org && <ProgrammeChips programmes={org.programmes} />}
      </div>
      {!allowed ? (
        <Notice kind="warning">{t('members.notAllowed')}</Notice>
      ) : (
        <>
          <AdminPanel title={t('members.title')}>
            <AsyncBlock state={members}>
              {(data) => <MembersTable orgId={id} members={data.items} onChanged={members.reload} />}
            </AsyncBlock>
          </AdminPanel>
          <InviteForm orgId={id} onInvited={invitations.reload} />
          <AdminPanel title={t('members.invitations')}>
            <AsyncBlock state={invitations}>
              {(data) =>
                data.items.length === 0 ? (
                  <Empty>{t('members.noInvitations')}</Empty>
                ) : (
                  <DataTable
                    compact
                    testId="invitations-table"
                    items={[...data.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt))}
                    rowKey={(invitation) => invitation.id}
                    columns={[
                      { header: t('members.email'), cell: (invitation) => invitation.email },
                      { header: t('members.role'), cell: (invitation) => t(`role.${invitation.role}`) },
                      {
                        header: t('members.state'),
                        cell: (invitation) => {
                          const state = invitationState(invitation);
                          return (
                            <span
                              className={`chip chip-${state === 'pending' ? 'ok' : state === 'expired' ? 'warn' : 'muted'}`}
                              title={invitation.usedAt ? formatDateTime(invitation.usedAt, lang) : undefined}
                            >
                              {t(`members.invitationState.${state}`)}
                            </span>
                          );
                        },
                      },
                      {
                        header: t('members.invitedAt'),
                        className: 'nowrap',
                        cell: (invitation) => formatDateTime(invitation.createdAt, lang),
                      },
                      {
                        header: t('members.expiresAt'),
                        className: 'nowrap',
                        cell: (invitation) => formatDateTime(invitation.expiresAt, lang),
                      },
                    ]}
                  />
                )
              }
            </AsyncBlock>
          </AdminPanel>
          <OrgAlertSettings orgId={id} />
          <IntelSettingsPanel orgId={id} />
        </>
      )}
    </section>
  );
}
