import { useState } from 'react';
import { api } from '../../api';
import { useAction } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { ErrorMessage } from '../Status';
import { submissionPath, type Submission } from './submissionTypes';

/** Points per rubric criterion (levels shown beside), and the return or grade decision. */
export function RubricScoring({ submission, onReviewed }: { submission: Submission; onReviewed: () => void }) {
  const { t } = useLang();
  const [points, setPoints] = useState<Record<string, string>>({});
  const review = useAction((decision: 'return' | 'grade') =>
    api.post(submissionPath.api.review(submission.id), {
      decision,
      ...(decision === 'grade'
        ? { scores: submission.rubric.map((c) => ({ criterion: c.id, points: Number(points[c.id] ?? '') })) }
        : {}),
    }),
  );
  const complete = submission.rubric.every((c) => {
    const value = points[c.id];
    return value !== undefined && value !== '' && Number(value) >= 0 && Number(value) <= c.points;
  });
  const run = async (decision: 'return' | 'grade') => {
    if ((await review.run(decision)) !== undefined) onReviewed();
  };
  const open = submission.status === 'submitted';
  return (
    <div data-testid="rubric-scoring">
      <table className="table table-compact">
        <thead>
          <tr>
            <th>{t('submissions.rubric.criterion')}</th>
            <th>{t('submissions.rubric.levels')}</th>
            <th>{t('submissions.rubric.points')}</th>
          </tr>
        </thead>
        <tbody>
          {submission.rubric.map((c) => (
            <tr key={c.id}>
              <td>{c.criterion || t('submissions.rubric.overall')}</td>
              <td className="small">
                {c.levels && (
                  <ul className="submission-list">
                    <li>
                      <strong>{t('submissions.rubric.full')}</strong> {c.levels.full}
                    </li>
                    <li>
                      <strong>{t('submissions.rubric.partial')}</strong> {c.levels.partial}
                    </li>
                    <li>
                      <strong>{t('submissions.rubric.none')}</strong> {c.levels.none}
                    </li>
                  </ul>
                )}
              </td>
              <td>
                <input
                  type="number"
                  min={0}
                  max={c.points}
                  step={1}
                  disabled={!open}
                  value={points[c.id] ?? ''}
                  onChange={(e) => setPoints((now) => ({ ...now, [c.id]: e.target.value }))}
                  aria-label={t('submissions.rubric.pointsFor', { criterion: c.criterion || c.id })}
                  data-testid={`score-${c.id}`}
                />{' '}
                / {c.points}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open && (
        <div className="form-inline">
          <button
            type="button"
            className="btn"
            disabled={review.pending || !complete}
            onClick={() => void run('grade')}
            data-testid="review-grade"
          >
            {t('submissions.review.grade')}
          </button>
          <button
            type="button"
            className="btn btn-secondary"
            disabled={review.pending}
            onClick={() => void run('return')}
            data-testid="review-return"
          >
            {t('submissions.review.return')}
          </button>
        </div>
      )}
      <ErrorMessage error={review.error} />
    </div>
  );
}
