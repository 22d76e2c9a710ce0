import { useState } from 'react';
import { AdminPage } from '../components/admin/AdminPage';
import { AdminTable } from '../components/admin/AdminTable';
import { useConfirmedDelete } from '../components/admin/useSubmit';
import { Chip } from '../components/Badges';
import { SharingGroupForm } from '../components/SharingGroupForm';
import { ErrorMessage } from '../components/Status';
import { formatDate, orgName } from '../format';
import { useApi } from '../hooks/useApi';
import { useLang } from '../hooks/useLang';
import type { Items, Org, SharingGroup } from '../types';

export default function SharingGroupsPage() {
  const { t, lang } = useLang();
  const groups = useApi<Items<SharingGroup>>('/sharing-groups');
  const orgs = useApi<Items<Org>>('/orgs');
  const [editing, setEditing] = useState<SharingGroup | 'new' | null>(null);
  const deletion = useConfirmedDelete(groups.reload);
  const byId = new Map((orgs.data?.items ?? []).map((org) => [org.id, org]));
  const nameOf = (id: string) => (byId.has(id) ? orgName(byId.get(id), lang) : id.slice(0, 8));

  return (
    <AdminPage
      title={t('groups.title')}
      action={
        editing === null && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')} data-testid="group-new">
            {t('groups.create')}
          </button>
        )
      }
      intro={t('groups.intro')}
    >
      <ErrorMessage error={deletion.error ?? orgs.error} />
      {editing !== null && orgs.data && (
        <SharingGroupForm
          key={editing === 'new' ? 'new' : editing.id}
          group={editing === 'new' ? undefined : editing}
          orgs={orgs.data.items}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            groups.reload();
          }}
        />
      )}
      <AdminTable
        state={groups}
        empty={t('groups.empty')}
        testId="groups-table"
        rowKey={(group) => group.id}
        columns={[
          { header: t('groups.name'), className: 'strong', cell: (group) => group.name },
          { header: t('groups.owner'), cell: (group) => nameOf(group.ownerOrgId) },
          {
            header: t('groups.orgs'),
            cell: (group) => (
              <span className="chips">
                {group.orgIds.map((id) => (
                  <Chip key={id}>{nameOf(id)}</Chip>
                ))}
              </span>
            ),
          },
          { header: t('groups.createdAt'), className: 'nowrap', cell: (group) => formatDate(group.createdAt, lang) },
        ]}
        actions={(group) => (
          <>
            <button type="button" className="btn btn-small" onClick={() => setEditing(group)} disabled={!orgs.data}>
              {t('common.edit')}
            </button>
            <button
              type="button"
              className="btn btn-small btn-danger"
              onClick={() =>
                void deletion.remove(t('groups.confirmDelete', { name: group.name }), `/sharing-groups/${group.id}`)
              }
            >
              {t('common.delete')}
            </button>
          </>
        )}
      />
    </AdminPage>
  );
}
