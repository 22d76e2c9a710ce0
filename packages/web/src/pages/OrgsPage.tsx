import { useState } from 'react';
import { Link } from 'react-router-dom';
import { AdminPage } from '../components/admin/AdminPage';
import { AdminTable } from '../components/admin/AdminTable';
import { OrgForm } from '../components/orgs/OrgForm';
import { ProgrammeChips } from '../components/orgs/ProgrammeChips';
import { Notice } from '../components/Status';
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
    <AdminPage
      title={t('orgs.title')}
      action={
        permissions.isPlatformAdmin &&
        editing === null && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')} data-testid="org-new">
            {t('orgs.create')}
          </button>
        )
      }
    >
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
      <AdminTable
        state={orgs}
        empty={t('orgs.empty')}
        testId="org-table"
        rowKey={(org) => org.id}
        columns={[
          {
            header: t('orgs.name'),
            cell: (org) => (
              <>
                <div className="strong" lang={lang}>
                  {lang === 'ja' ? org.nameJa : org.nameEn}
                </div>
                <div className="muted small" lang={lang === 'ja' ? 'en' : 'ja'}>
                  {lang === 'ja' ? org.nameEn : org.nameJa}
                </div>
              </>
            ),
          },
          { header: t('orgs.slug'), className: 'mono', cell: (org) => org.slug },
          { header: t('orgs.sector'), cell: (org) => t(`sector.${org.sector}`) },
          {
            header: t('orgs.programmes'),
            cell: (org) => <ProgrammeChips programmes={org.programmes} />,
          },
          {
            header: t('orgs.members'),
            headerClassName: 'num',
            className: 'num',
            cell: (org) => formatNumber(org.memberCount, lang),
          },
          { header: t('orgs.createdAt'), className: 'nowrap', cell: (org) => formatDate(org.createdAt, lang) },
        ]}
        actions={(org) => (
          <>
            {permissions.canManageOrg(org.id) && (
              <Link to={`/orgs/${org.id}`} className="btn btn-small" data-testid={`org-members-${org.slug}`}>
                {t('orgs.manageMembers')}
              </Link>
            )}
            {permissions.isPlatformAdmin && (
              <button type="button" className="btn btn-small" onClick={() => setEditing(org)}>
                {t('common.edit')}
              </button>
            )}
          </>
        )}
      />
    </AdminPage>
  );
}
