import { useState } from 'react';
import { ApiError, api } from '../api';
import { Chip } from '../components/Badges';
import { SharingGroupForm } from '../components/SharingGroupForm';
import { AsyncBlock, Empty, ErrorMessage } from '../components/Status';
import { formatDate, orgName } from '../format';
import { useApi } from '../hooks/useApi';
import { useLang } from '../hooks/useLang';
import type { Items, Org, SharingGroup } from '../types';

export default function SharingGroupsPage() {
  const { t, lang } = useLang();
  const groups = useApi<Items<SharingGroup>>('/sharing-groups');
  const orgs = useApi<Items<Org>>('/orgs');
  const [editing, setEditing] = useState<SharingGroup | 'new' | null>(null);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const byId = new Map((orgs.data?.items ?? []).map((org) => [org.id, org]));
  const nameOf = (id: string) => (byId.has(id) ? orgName(byId.get(id), lang) : id.slice(0, 8));

  const remove = async (group: SharingGroup) => {
    if (!window.confirm(t('groups.confirmDelete', { name: group.name }))) return;
    setError(undefined);
    try {
      await api.del(`/sharing-groups/${group.id}`);
      groups.reload();
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
    }
  };

  return (
    <section className="page">
      <div className="page-header">
        <h1>{t('groups.title')}</h1>
        {editing === null && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')} data-testid="group-new">
            {t('groups.create')}
          </button>
        )}
      </div>
      <p className="page-intro">{t('groups.intro')}</p>
      <ErrorMessage error={error ?? orgs.error} />
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
      <AsyncBlock state={groups}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>{t('groups.empty')}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="groups-table">
                <thead>
                  <tr>
                    <th scope="col">{t('groups.name')}</th>
                    <th scope="col">{t('groups.owner')}</th>
                    <th scope="col">{t('groups.orgs')}</th>
                    <th scope="col">{t('groups.createdAt')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((group) => (
                    <tr key={group.id}>
                      <td className="strong">{group.name}</td>
                      <td>{nameOf(group.ownerOrgId)}</td>
                      <td>
                        <span className="chips">
                          {group.orgIds.map((id) => (
                            <Chip key={id}>{nameOf(id)}</Chip>
                          ))}
                        </span>
                      </td>
                      <td className="nowrap">{formatDate(group.createdAt, lang)}</td>
                      <td className="actions">
                        <button
                          type="button"
                          className="btn btn-small"
                          onClick={() => setEditing(group)}
                          disabled={!orgs.data}
                        >
                          {t('common.edit')}
                        </button>
                        <button type="button" className="btn btn-small btn-danger" onClick={() => void remove(group)}>
                          {t('common.delete')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </AsyncBlock>
    </section>
  );
}
