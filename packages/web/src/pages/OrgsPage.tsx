import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Chip } from '../components/Badges';
import { OrgForm } from '../components/orgs/OrgForm';
import { AsyncBlock, Empty, Notice } from '../components/Status';
import { formatDate, formatNumber } from '../format';
import { useApi } from '../hooks/useApi';
import { useLang } from '../hooks/useLang';
import { usePermissions } from '../hooks/usePermissions';
import type { Items, Org } from '../types';

export default function OrgsPage() {
  const { t, lang } = useLang();
  const permissions = usePermissions();
  const orgs = useApi<Items<Org>>('/orgs');
  const [editing, setEditing] = useState<Org | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <section className="page">
      <div className="page-header">
        <h1>{t('orgs.title')}</h1>
        {permissions.isPlatformAdmin && editing === null && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')} data-testid="org-new">
            {t('orgs.create')}
          </button>
        )}
      </div>
      {notice && <Notice kind="success">{notice}</Notice>}
      {editing !== null && (
        <OrgForm
          key={editing === 'new' ? 'new' : editing.id}
          org={editing === 'new' ? undefined : editing}
          onCancel={() => setEditing(null)}
          onSaved={(org) => {
            setNotice(
              t(editing === 'new' ? 'orgs.created' : 'orgs.updated', { name: lang === 'ja' ? org.nameJa : org.nameEn }),
            );
            setEditing(null);
            orgs.reload();
          }}
        />
      )}
      <AsyncBlock state={orgs}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>{t('orgs.empty')}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="org-table">
                <thead>
                  <tr>
                    <th scope="col">{t('orgs.name')}</th>
                    <th scope="col">{t('orgs.slug')}</th>
                    <th scope="col">{t('orgs.sector')}</th>
                    <th scope="col">{t('orgs.programmes')}</th>
                    <th scope="col" className="num">
                      {t('orgs.members')}
                    </th>
                    <th scope="col">{t('orgs.createdAt')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((org) => (
                    <tr key={org.id}>
                      <td>
                        <div className="strong" lang={lang}>
                          {lang === 'ja' ? org.nameJa : org.nameEn}
                        </div>
                        <div className="muted small" lang={lang === 'ja' ? 'en' : 'ja'}>
                          {lang === 'ja' ? org.nameEn : org.nameJa}
                        </div>
                      </td>
                      <td className="mono">{org.slug}</td>
                      <td>{t(`sector.${org.sector}`)}</td>
                      <td>
                        <span className="chips">
                          {org.programmes.map((programme) => (
                            <Chip key={programme} title={t(`programme.${programme}`)}>
                              {programme}
                            </Chip>
                          ))}
                        </span>
                      </td>
                      <td className="num">{formatNumber(org.memberCount, lang)}</td>
                      <td className="nowrap">{formatDate(org.createdAt, lang)}</td>
                      <td className="actions">
                        {permissions.canManageOrg(org.id) && (
                          <Link
                            to={`/orgs/${org.id}`}
                            className="btn btn-small"
                            data-testid={`org-members-${org.slug}`}
                          >
                            {t('orgs.manageMembers')}
                          </Link>
                        )}
                        {permissions.isPlatformAdmin && (
                          <button type="button" className="btn btn-small" onClick={() => setEditing(org)}>
                            {t('common.edit')}
                          </button>
                        )}
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
