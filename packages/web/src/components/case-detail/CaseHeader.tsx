import { Link } from 'react-router-dom';
import { useLang } from '../../hooks/useLang';
import { formatDate, orgName } from '../../format';
import type { Case } from '../../types';
import { LevelBadge, ScopeLabel, StatusBadge, TlpBadge } from '../Badges';

export function CaseHeader({
  item,
  canWrite,
  editing,
  onEdit,
  onDelete,
  deleting,
}: {
  item: Case;
  canWrite: boolean;
  editing: boolean;
  onEdit: () => void;
  onDelete: () => void;
  deleting: boolean;
}) {
  const { t, lang } = useLang();
  return (
    <header className="case-header">
      <div className="case-header-main">
        <h1 className="mono" data-testid="case-title">
          {item.caseId}
        </h1>
        <div className="case-header-badges">
          <span className="case-family" data-testid="case-family">
            <Link
              to={`/fusion?q=${encodeURIComponent(item.malwareFamily)}`}
              title={t('fusion.linkTitle', { value: item.malwareFamily })}
            >
              {item.malwareFamily}
            </Link>
          </span>
          <LevelBadge level={item.progressLevel} />
          <TlpBadge marking={item.marking} />
          <ScopeLabel scope={item.scope} />
          <StatusBadge status={item.status} />
        </div>
        <div className="muted small">
          {orgName({ nameEn: item.ownerOrgNameEn, nameJa: item.ownerOrgNameJa }, lang)} ·{' '}
          {formatDate(item.startDate, lang)} – {item.endDate ? formatDate(item.endDate, lang) : t('case.ongoing')}
        </div>
      </div>
      {canWrite && !editing && (
        <div className="toolbar">
          <button type="button" className="btn btn-primary" onClick={onEdit} data-testid="case-edit">
            {t('common.edit')}
          </button>
          <button
            type="button"
            className="btn btn-danger"
            onClick={onDelete}
            disabled={deleting}
            data-testid="case-delete"
          >
            {t('common.delete')}
          </button>
        </div>
      )}
    </header>
  );
}
