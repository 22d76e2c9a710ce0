import { useState } from 'react';
import { ApiError, api, apiUrl } from '../../api';
import { formatDateTime, orgName } from '../../format';
import { useLang } from '../../hooks/useLang';
import { ScopeLabel, TlpBadge } from '../Badges';
import { ErrorMessage } from '../Status';
import type { CoursewarePackage, PackageSharing } from './packagesApi';
import { PackageSharingFields } from './PackageSharingFields';

/** Changes a package's sharing (the owner organisation's admins and instructors). */
function SharingEditor({
  item,
  onSaved,
  onCancel,
}: {
  item: CoursewarePackage;
  onSaved: (item: CoursewarePackage) => void;
  onCancel: () => void;
}) {
  const { t } = useLang();
  const [sharing, setSharing] = useState<PackageSharing>({
    scope: item.scope,
    marking: item.marking,
    sharingGroupId: item.sharingGroupId ?? '',
  });
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const body = {
        scope: sharing.scope,
        marking: sharing.marking,
        sharingGroupId: sharing.scope === 'sharing_group' ? sharing.sharingGroupId || null : null,
      };
      onSaved(await api.patch<CoursewarePackage>(`/courseware/packages/${item.id}`, body));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="panel" data-testid={`package-sharing-${item.id}`}>
      <ErrorMessage error={error} />
      <PackageSharingFields
        value={sharing}
        onChange={setSharing}
        ownerOrgId={item.ownerOrgId}
        errors={(path) => error?.fieldMessage(path)}
        disabled={busy}
        testId={`package-sharing-${item.id}`}
      />
      <div className="form-actions">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void save()}>
          {t('coursewarePackages.save')}
        </button>
        <button type="button" className="btn" disabled={busy} onClick={onCancel}>
          {t('coursewarePackages.cancel')}
        </button>
      </div>
    </div>
  );
}

/** The packages the user may read, with their sharing; owners change the sharing and delete. */
export function PackageList({
  items,
  canManage,
  onChanged,
  onDeleted,
}: {
  items: CoursewarePackage[];
  canManage: (item: CoursewarePackage) => boolean;
  onChanged: (item: CoursewarePackage) => void;
  onDeleted: (id: string) => void;
}) {
  const { t, lang } = useLang();
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | undefined>(undefined);

  const onDelete = async (item: CoursewarePackage) => {
    if (!window.confirm(t('coursewarePackages.confirmDelete', { name: item.name }))) return;
    setError(undefined);
    try {
      await api.del(`/courseware/packages/${item.id}`);
      onDeleted(item.id);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    }
  };

  return (
    <>
      <ErrorMessage error={error} />
      <table className="table table-compact" data-testid="packages-table">
        <thead>
          <tr>
            <th>{t('coursewarePackages.name')}</th>
            <th>{t('coursewarePackages.owner')}</th>
            <th>{t('coursewarePackages.contents')}</th>
            <th>{t('coursewarePackages.sharing')}</th>
            <th>{t('coursewarePackages.updated')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-testid={`package-row-${item.id}`}>
              <td className="strong">{item.name}</td>
              <td>{orgName({ nameEn: item.ownerOrgNameEn, nameJa: item.ownerOrgNameJa }, lang)}</td>
              <td className="small">
                {t('coursewarePackages.counts', {
                  modules: item.contents.modules.length,
                  courses: item.contents.courses.length,
                  assessments: item.contents.assessments.length,
                })}
              </td>
              <td>
                <TlpBadge marking={item.marking} /> <ScopeLabel scope={item.scope} />
                {editing === item.id && (
                  <SharingEditor
                    item={item}
                    onCancel={() => setEditing(null)}
                    onSaved={(saved) => {
                      setEditing(null);
                      onChanged(saved);
                    }}
                  />
                )}
              </td>
              <td className="small">{formatDateTime(item.updatedAt, lang)}</td>
              <td className="actions">
                <a
                  className="btn-link"
                  href={apiUrl(`/courseware/packages/${item.id}/archive`)}
                  download
                  data-testid={`package-download-${item.id}`}
                >
                  {t('coursewarePackages.download')}
                </a>
                {canManage(item) && (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="btn-link"
                      onClick={() => setEditing(editing === item.id ? null : item.id)}
                      data-testid={`package-share-${item.id}`}
                    >
                      {t('coursewarePackages.changeSharing')}
                    </button>{' '}
                    <button
                      type="button"
                      className="btn-link btn-danger-link"
                      onClick={() => void onDelete(item)}
                      data-testid={`package-delete-${item.id}`}
                    >
                      {t('coursewarePackages.delete')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
