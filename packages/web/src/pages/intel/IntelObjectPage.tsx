import { Link, useParams } from 'react-router-dom';
import { ScopeLabel, TlpBadge } from '../../components/Badges';
import '../../components/intel/intel.css';
import { ObjectRefs } from '../../components/intel/ObjectRefs';
import { ObjectLabel } from '../../components/intel/ObjectTable';
import { ObjectVersions, useOwnerName } from '../../components/intel/ObjectVersions';
import { stixRefs } from '../../components/intel/stixRefs';
import { ErrorMessage, Loading, Notice } from '../../components/Status';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { StixObjectVersions } from '../../types/intel';

/** One STIX object: what it is, how it is shared, every version's JSON and the objects its newest version names. */
export default function IntelObjectPage() {
  const { t } = useLang();
  const { stixId = '' } = useParams();
  const object = useApi<StixObjectVersions>(`/intel/objects/${encodeURIComponent(stixId)}`);
  const ownerName = useOwnerName();
  const newest = object.data?.versions.at(-1);

  return (
    <section className="page" data-testid="intel-object">
      <nav className="breadcrumbs" aria-label={t('common.breadcrumbs')}>
        <Link to="/intel">{t('intel.objects.title')}</Link> <span aria-hidden="true">/</span>{' '}
        {object.data ? (
          <Link to={`/intel?type=${encodeURIComponent(object.data.type)}`}>{object.data.type}</Link>
        ) : (
          <span>{stixId}</span>
        )}
      </nav>
      {object.error?.code === 'NOT_FOUND' ? (
        <Notice kind="warning">{t('intel.object.notFound')}</Notice>
      ) : (
        <ErrorMessage error={object.error} onRetry={object.reload} />
      )}
      {!object.data && !object.error && <Loading />}
      {object.data && newest && (
        <>
          <h1 data-testid="intel-object-title">
            <ObjectLabel label={newest.label} stixId={object.data.stixId} />
          </h1>
          <dl className="intel-facts" data-testid="intel-object-facts">
            <div>
              <dt>{t('intel.object.type')}</dt>
              <dd className="mono">{object.data.type}</dd>
            </div>
            <div>
              <dt>{t('intel.object.id')}</dt>
              <dd className="mono intel-break">{object.data.stixId}</dd>
            </div>
            <div>
              <dt>{t('intel.objects.tlp')}</dt>
              <dd>
                <TlpBadge marking={newest.tlp} />
                {newest.revoked && <span className="chip chip-warn intel-revoked">{t('intel.revoked')}</span>}
              </dd>
            </div>
            <div>
              <dt>{t('intel.objects.scope')}</dt>
              <dd>
                <ScopeLabel scope={newest.scope} />
              </dd>
            </div>
            <div>
              <dt>{t('intel.object.owner')}</dt>
              <dd>{ownerName(newest.ownerOrgId)}</dd>
            </div>
          </dl>
          <section className="panel">
            <h2 className="section-heading">{t('intel.object.refs')}</h2>
            <p className="field-help">{t('intel.object.refsHelp')}</p>
            <ObjectRefs refs={stixRefs(newest.object)} />
          </section>
          <section className="panel">
            <h2 className="section-heading">{t('intel.object.versions', { count: object.data.versions.length })}</h2>
            <ObjectVersions versions={object.data.versions} />
          </section>
        </>
      )}
    </section>
  );
}
