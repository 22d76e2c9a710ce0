import { formatDateTime, pick } from '../../format';
import { useCatalogueLevels } from '../../hooks/useCatalogueLevels';
import { useLang } from '../../hooks/useLang';
import type { CaseDetail } from '../../types';
import { LevelBadge } from '../Badges';
import { Empty } from '../Status';

/** The current level with its rubric, the hub's suggestion with reasons, and the level history. */
export function LevelPanel({ detail }: { detail: CaseDetail }) {
  const { t, lang } = useLang();
  const rubric = useCatalogueLevels();
  const { case: item, suggestion, levelHistory } = detail;
  const current = rubric.get(item.progressLevel);
  return (
    <div className="level-panel">
      <div className="rubric">
        <LevelBadge level={item.progressLevel} />
        <div className="rubric-text">{current ? pick(current, lang) : ''}</div>
      </div>
      {suggestion === null ? (
        <div className="suggestion" data-testid="case-suggestion">
          <div className="field-label">
            {t('caseForm.suggested')}{' '}
            <span className="level-badge level-badge-suggested level-badge-unassessed">{t('level.notAssessed')}</span>
          </div>
          <p className="muted small">{t('caseDetail.noReasons')}</p>
        </div>
      ) : (
        <div className="suggestion" data-testid="case-suggestion">
          <div className="field-label">
            {t('caseForm.suggested')} <LevelBadge level={suggestion.level} suggested />
          </div>
          {suggestion.level !== item.progressLevel && (
            <p className="muted small">{t('caseDetail.differsFromSuggestion')}</p>
          )}
          {suggestion.reasons.length > 0 && (
            <ul className="reason-list">
              {suggestion.reasons.map((reason, index) => (
                <li key={index}>{pick(reason, lang)}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <h3>{t('caseDetail.levelHistory')}</h3>
      {levelHistory.length === 0 ? (
        <Empty>{t('caseDetail.noHistory')}</Empty>
      ) : (
        <ol className="history-list" data-testid="level-history">
          {[...levelHistory].reverse().map((entry, index) => (
            <li key={`${entry.at}-${index}`}>
              <div className="history-head">
                {entry.fromLevel ? <LevelBadge level={entry.fromLevel} /> : <span className="muted">—</span>}
                <span aria-hidden="true">→</span>
                <LevelBadge level={entry.toLevel} />
                <span className="muted small">
                  {entry.byName} · {formatDateTime(entry.at, lang)}
                </span>
              </div>
              {(entry.reason || entry.reasonJa) && (
                <p className="history-reason">{lang === 'ja' && entry.reasonJa ? entry.reasonJa : entry.reason}</p>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
