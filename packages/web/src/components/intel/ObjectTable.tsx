import { Link } from 'react-router-dom';
import { formatDateTime } from '../../format';
import { useLang } from '../../hooks/useLang';
import type { StixObjectSummary } from '../../types/intel';
import { ScopeLabel, TlpBadge } from '../Badges';

/** The page of an object: its id is safe in a path, but encoded all the same. */
export const objectPath = (stixId: string) => `/intel/objects/${encodeURIComponent(stixId)}`;

/** An object's name (or value, or a relationship's ends); the id when it has none. */
export function ObjectLabel({ label, stixId }: { label: string | null; stixId: string }) {
  return label ? <>{label}</> : <span className="mono small">{stixId}</span>;
}

/** STIX objects, newest first: one row per object and owner, linking to its page. */
export function ObjectTable({ items }: { items: readonly StixObjectSummary[] }) {
  const { t, lang } = useLang();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="intel-objects-table">
        <thead>
          <tr>
            <th scope="col">{t('intel.objects.type')}</th>
            <th scope="col">{t('intel.objects.label')}</th>
            <th scope="col">{t('intel.objects.tlp')}</th>
            <th scope="col">{t('intel.objects.scope')}</th>
            <th scope="col">{t('intel.objects.version')}</th>
            <th scope="col">{t('intel.objects.dateAdded')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr
              key={`${item.ownerOrgId}/${item.stixId}`}
              className={item.revoked ? 'row-muted' : undefined}
              data-testid={`intel-object-row-${item.stixId}`}
            >
              <td className="mono nowrap">{item.type}</td>
              <td className="intel-label">
                <Link to={objectPath(item.stixId)} className="strong">
                  <ObjectLabel label={item.label} stixId={item.stixId} />
                </Link>
                {item.revoked && <span className="chip chip-warn intel-revoked">{t('intel.revoked')}</span>}
              </td>
              <td>
                <TlpBadge marking={item.tlp} />
              </td>
              <td>
                <ScopeLabel scope={item.scope} />
              </td>
              <td className="nowrap">{formatDateTime(item.version, lang) || '—'}</td>
              <td className="nowrap">{formatDateTime(item.dateAdded, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
