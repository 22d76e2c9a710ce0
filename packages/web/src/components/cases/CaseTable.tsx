import { Link } from 'react-router-dom';
import { formatDate, orgName, pick } from '../../format';
import type { CaseSort } from '../../hooks/useCaseQuery';
import { useLang } from '../../hooks/useLang';
import type { Case } from '../../types';
import { LevelBadge, StatusBadge, TlpBadge } from '../Badges';

function SortHeader({
  column,
  label,
  sort,
  order,
  onSort,
}: {
  column: CaseSort;
  label: string;
  sort: CaseSort;
  order: 'asc' | 'desc';
  onSort: (sort: CaseSort, order: 'asc' | 'desc') => void;
}) {
  const active = sort === column;
  return (
    <th scope="col" aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button
        type="button"
        className="sort-button"
        onClick={() => onSort(column, active && order === 'desc' ? 'asc' : 'desc')}
        data-testid={`case-sort-${column}`}
      >
        {label}
        <span className="sort-indicator" aria-hidden="true">
          {active ? (order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

export function CaseTable({
  items,
  sort,
  order,
  onSort,
}: {
  items: Case[];
  sort: CaseSort;
  order: 'asc' | 'desc';
  onSort: (sort: CaseSort, order: 'asc' | 'desc') => void;
}) {
  const { t, lang } = useLang();
  const header = { sort, order, onSort };
  return (
    <div className="table-wrap">
      <table className="table" data-testid="case-table">
        <thead>
          <tr>
            <SortHeader column="caseId" label={t('case.field.caseId')} {...header} />
            <SortHeader column="startDate" label={t('case.field.period')} {...header} />
            <SortHeader column="malwareFamily" label={t('case.field.sampleFamily')} {...header} />
            <SortHeader column="progressLevel" label={t('case.field.progressLevel')} {...header} />
            <th scope="col">{t('case.field.status')}</th>
            <th scope="col">{t('case.field.organisation')}</th>
            <th scope="col">{t('case.field.marking')}</th>
            <th scope="col">{t('case.field.summary')}</th>
            <SortHeader column="updatedAt" label={t('case.field.updatedAt')} {...header} />
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-testid={`case-row-${item.caseId}`}>
              <td className="nowrap">
                <Link to={`/cases/${item.id}`} className="mono">
                  {item.caseId}
                </Link>
              </td>
              <td className="nowrap">
                {formatDate(item.startDate, lang)} – {item.endDate ? formatDate(item.endDate, lang) : t('case.ongoing')}
              </td>
              <td>
                <div className="strong">{item.malwareFamily}</div>
                {item.sampleName && <div className="muted small mono">{item.sampleName}</div>}
              </td>
              <td>
                <LevelBadge level={item.progressLevel} />
              </td>
              <td>
                <StatusBadge status={item.status} />
              </td>
              <td>{orgName({ nameEn: item.ownerOrgNameEn, nameJa: item.ownerOrgNameJa }, lang)}</td>
              <td>
                <TlpBadge marking={item.marking} />
              </td>
              <td className="summary-cell">
                <span className="clamp-2">{pick({ en: item.summaryEn, ja: item.summaryJa }, lang)}</span>
              </td>
              <td className="nowrap muted">{formatDate(item.updatedAt, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
