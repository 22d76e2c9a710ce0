import { Link } from 'react-router-dom';
import { useLang } from '../../hooks/useLang';
import { Empty } from '../Status';
import { objectPath } from './ObjectTable';
import { stixTypeOf, type StixRef } from './stixRefs';

/** The objects an object refers to, by the property that refers to them, each linking to its page. */
export function ObjectRefs({ refs }: { refs: readonly StixRef[] }) {
  const { t } = useLang();
  if (refs.length === 0) return <Empty>{t('intel.object.refsEmpty')}</Empty>;
  return (
    <div className="table-wrap table-wrap-short">
      <table className="table table-compact" data-testid="intel-refs">
        <thead>
          <tr>
            <th scope="col">{t('intel.object.refProperty')}</th>
            <th scope="col">{t('intel.object.refType')}</th>
            <th scope="col">{t('intel.object.refTarget')}</th>
          </tr>
        </thead>
        <tbody>
          {refs.map((ref) => (
            <tr key={ref.path}>
              <td className="mono small">{ref.path}</td>
              <td className="mono small nowrap">{stixTypeOf(ref.id)}</td>
              <td className="mono small intel-break">
                <Link to={objectPath(ref.id)} data-testid="intel-ref-link">
                  {ref.id}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
