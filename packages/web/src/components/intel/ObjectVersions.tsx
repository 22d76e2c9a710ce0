import { formatDateTime, orgName } from '../../format';
import { useMe } from '../../hooks/useAuth';
import { useLang } from '../../hooks/useLang';
import type { StixObjectVersion } from '../../types/intel';
import { ScopeLabel, TlpBadge } from '../Badges';

/** An owner organisation's name when the person is a member of it; its id otherwise. */
export function useOwnerName(): (orgId: string) => string {
  const { lang } = useLang();
  const me = useMe();
  return (orgId) => {
    const membership = me.memberships.find((m) => m.orgId === orgId);
    return membership ? orgName({ nameEn: membership.orgNameEn, nameJa: membership.orgNameJa }, lang) : orgId;
  };
}

/** Every version of an object, newest first, each with its JSON (the newest one open). */
export function ObjectVersions({ versions }: { versions: readonly StixObjectVersion[] }) {
  const { t, lang } = useLang();
  const ownerName = useOwnerName();
  const newestFirst = [...versions].reverse();
  return (
    <ol className="intel-versions" data-testid="intel-versions">
      {newestFirst.map((version, index) => (
        <li key={`${version.ownerOrgId}/${version.version}`}>
          <details open={index === 0} data-testid="intel-version">
            <summary>
              <span className="intel-version-head">
                <span className="strong">
                  {t('intel.object.versionOf', { version: formatDateTime(version.version, lang) || version.version })}
                </span>
                {index === 0 && <span className="chip chip-accent">{t('intel.object.latest')}</span>}
                {version.revoked && <span className="chip chip-warn">{t('intel.revoked')}</span>}
                <TlpBadge marking={version.tlp} />
                <ScopeLabel scope={version.scope} />
                <span className="muted small">
                  {t('intel.object.addedBy', {
                    date: formatDateTime(version.dateAdded, lang),
                    owner: ownerName(version.ownerOrgId),
                  })}
                </span>
              </span>
            </summary>
            <pre className="intel-json" tabIndex={0} aria-label={t('intel.object.json')} data-testid="intel-json">
              {JSON.stringify(version.object, null, 2)}
            </pre>
          </details>
        </li>
      ))}
    </ol>
  );
}
