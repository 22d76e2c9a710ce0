import { Link } from 'react-router-dom';
import { formatDateTime } from '../../format';
import { useLang } from '../../hooks/useLang';
import type { FusionRecord } from '../../types/fusion';
import { ScopeLabel, TlpBadge } from '../Badges';
import { RECORD_COLOURS } from './fusionColours';

/** A record's row key and test id: its type and id. */
export const recordKey = (record: Pick<FusionRecord, 'recordType' | 'recordId'>) =>
  `${record.recordType}:${record.recordId}`;

/** The records that mention the value, one row each; the primary view, the graph only illustrates it. */
export function FusionTable({
  records,
  searched,
  expanded,
  onExpand,
}: {
  records: readonly FusionRecord[];
  searched: string;
  expanded: (record: FusionRecord) => boolean;
  onExpand: (record: FusionRecord) => void;
}) {
  const { t, lang } = useLang();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="fusion-table">
        <thead>
          <tr>
            <th scope="col">{t('fusion.table.type')}</th>
            <th scope="col">{t('fusion.table.record')}</th>
            <th scope="col">{t('fusion.table.value')}</th>
            <th scope="col">{t('fusion.table.firstSeen')}</th>
            <th scope="col">{t('fusion.table.lastSeen')}</th>
            <th scope="col">{t('fusion.table.tlp')}</th>
            <th scope="col">{t('fusion.table.scope')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('fusion.table.graph')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr key={recordKey(record)} data-testid={`fusion-row-${recordKey(record)}`} data-type={record.recordType}>
              <td className="nowrap">
                <span
                  className="fusion-swatch"
                  style={{ background: RECORD_COLOURS[record.recordType] }}
                  aria-hidden="true"
                />
                {t(`fusion.type.${record.recordType}`)}
              </td>
              <td className="fusion-label">
                {record.link ? (
                  <Link to={record.link} className="strong">
                    {record.label}
                  </Link>
                ) : (
                  <span className="strong">{record.label}</span>
                )}
              </td>
              <td className="mono small fusion-value">
                {record.value}
                {record.value !== searched && (
                  <span className="muted"> ({t(`fusion.kind.${record.kind}`, { defaultValue: record.kind })})</span>
                )}
              </td>
              <td className="nowrap">{formatDateTime(record.firstSeen, lang) || '—'}</td>
              <td className="nowrap">{formatDateTime(record.lastSeen, lang) || '—'}</td>
              <td>
                <TlpBadge marking={record.marking} />
              </td>
              <td>
                <ScopeLabel scope={record.scope} />
              </td>
              <td>
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={expanded(record)}
                  onClick={() => onExpand(record)}
                  aria-label={t('fusion.table.expandLabel', { label: record.label })}
                  data-testid={`fusion-expand-${recordKey(record)}`}
                >
                  {t('fusion.table.expand')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
