import { Link } from 'react-router-dom';
import { PackageList } from '../../components/courseware-packages/PackageList';
import type { CoursewarePackage } from '../../components/courseware-packages/packagesApi';
import { PackageUploadForm } from '../../components/courseware-packages/PackageUploadForm';
import { AsyncBlock, Empty } from '../../components/Status';
import { orgName } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useMe } from '../../hooks/useAuth';
import { useLang } from '../../hooks/useLang';
import type { Items } from '../../types';

const STAFF_ROLES = new Set(['org_admin', 'instructor']);

/**
 * Materials: an organisation's own courseware packages. Its admins and instructors upload a zip of modules, courses
 * and assessments with a TLP marking and scope, see validation errors by file and line, and share, download or
 * delete their packages; everyone sees the packages shared with them.
 */
export default function PackagesPage() {
  const { t, lang } = useLang();
  const me = useMe();
  const packages = useApi<Items<CoursewarePackage>>('/courseware/packages');
  const staffOrgs = me.memberships
    .filter((m) => STAFF_ROLES.has(m.role))
    .map((m) => ({ id: m.orgId, name: orgName({ nameEn: m.orgNameEn, nameJa: m.orgNameJa }, lang) }));
  const canManage = (item: CoursewarePackage) =>
    me.isPlatformAdmin || staffOrgs.some((org) => org.id === item.ownerOrgId);
  const replace = (item: CoursewarePackage) =>
    packages.setData((previous) => ({
      items: [...(previous?.items ?? []).filter((p) => p.id !== item.id), item],
    }));

  return (
    <section className="page" data-testid="packages-page">
      <div className="page-header">
        <h1>{t('coursewarePackages.title')}</h1>
        <Link to="/training" className="btn-link">
          {t('coursewarePackages.backToTraining')}
        </Link>
      </div>
      <p className="page-intro">{t('coursewarePackages.intro')}</p>
      {staffOrgs.length > 0 && <PackageUploadForm orgs={staffOrgs} onUploaded={replace} />}
      <h2 className="section-title">{t('coursewarePackages.list')}</h2>
      <AsyncBlock state={packages}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>{t('coursewarePackages.empty')}</Empty>
          ) : (
            <PackageList
              items={data.items}
              canManage={canManage}
              onChanged={replace}
              onDeleted={(id) =>
                packages.setData((previous) => ({ items: (previous?.items ?? []).filter((p) => p.id !== id) }))
              }
            />
          )
        }
      </AsyncBlock>
    </section>
  );
}
