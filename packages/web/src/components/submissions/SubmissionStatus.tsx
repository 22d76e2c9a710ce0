import { formatDateTime } from '../../format';
import { useLang } from '../../hooks/useLang';
import type { Score, SubmissionStatus } from './submissionTypes';

/** "Submitted (version 2)", "Returned for changes" or "Graded", with when. */
export function StatusBadge({ status, version }: { status: SubmissionStatus; version: number }) {
  const { t } = useLang();
  return (
    <span
      className={`submission-badge submission-badge-${status}`}
      data-testid="submission-status"
      data-status={status}
    >
      {t(`submissions.status.${status}`)} · {t('submissions.version', { version })}
    </span>
  );
}

/** The score per criterion and in total, once graded. */
export function ScoreTable({ score, labels }: { score: Score; labels?: Record<string, string> }) {
  const { t } = useLang();
  return (
    <table className="table table-compact" data-testid="submission-score">
      <thead>
        <tr>
          <th>{t('submissions.rubric.criterion')}</th>
          <th>{t('submissions.rubric.points')}</th>
        </tr>
      </thead>
      <tbody>
        {score.criteria.map((c) => (
          <tr key={c.criterion}>
            <td>{labels?.[c.criterion] || t('submissions.rubric.overall')}</td>
            <td>
              {c.points} / {c.maxPoints}
            </td>
          </tr>
        ))}
        <tr>
          <th>{t('submissions.rubric.total')}</th>
          <th data-testid="submission-score-total">
            {score.total} / {score.max}
          </th>
        </tr>
      </tbody>
    </table>
  );
}

export function When({ at }: { at: string | null }) {
  const { lang } = useLang();
  return <>{at ? formatDateTime(at, lang) : '—'}</>;
}
