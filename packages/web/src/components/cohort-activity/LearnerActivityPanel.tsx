import { useState } from 'react';
import { formatDateTime, formatNumber } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { Empty, ErrorMessage, Loading } from '../Status';
import { activityPath, type CohortActivity, type LearnerActivity } from './activityTypes';

type Column = 'displayName' | 'lastActivityAt' | 'pagesRead' | 'assessmentsTaken' | 'quizAttempts';
const COLUMNS: readonly Column[] = ['displayName', 'lastActivityAt', 'pagesRead', 'assessmentsTaken', 'quizAttempts'];

/** Orders learners by a column; those with no activity yet go last whichever way. */
export function sortLearners(rows: LearnerActivity[], column: Column, order: 'asc' | 'desc'): LearnerActivity[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[column];
    const y = b[column];
    if (x === y) return a.displayName.localeCompare(b.displayName);
    if (x === null) return 1;
    if (y === null) return -1;
    return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * sign;
  });
}

/** For those who teach: when each learner last did anything, and how much they have done; sortable. */
export function LearnerActivityPanel({ cohortId }: { cohortId: string }) {
  const { t, lang } = useLang();
  const activity = useApi<CohortActivity>(activityPath.activity(cohortId));
  const [sort, setSort] = useState<{ column: Column; order: 'asc' | 'desc' }>({
    column: 'lastActivityAt',
    order: 'desc',
  });
  const rows = activity.data ? sortLearners(activity.data.learners, sort.column, sort.order) : [];
  return (
    <section className="panel" data-testid="cohort-activity" aria-labelledby="cohort-activity-title">
      <h2 id="cohort-activity-title">{t('cohortActivity.activity.title')}</h2>
      <ErrorMessage error={activity.error} onRetry={activity.reload} />
      {!activity.data && activity.loading && <Loading inline />}
      {activity.data && rows.length === 0 && <Empty>{t('cohortActivity.activity.empty')}</Empty>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact">
            <thead>
              <tr>
                {COLUMNS.map((column) => {
                  const active = sort.column === column;
                  return (
                    <th
                      key={column}
                      scope="col"
                      aria-sort={active ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'}
                    >
                      <button
                        type="button"
                        className="sort-button"
                        onClick={() => setSort({ column, order: active && sort.order === 'desc' ? 'asc' : 'desc' })}
                        data-testid={`activity-sort-${column}`}
                      >
                        {t(`cohortActivity.activity.${column}`)}
                        <span className="sort-indicator" aria-hidden="true">
                          {active ? (sort.order === 'asc' ? '▲' : '▼') : '↕'}
                        </span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.userId} data-testid="activity-row" className={r.lastActivityAt ? undefined : 'row-muted'}>
                  <td>
                    {r.displayName} <span className="mono small muted">{r.email}</span>
                  </td>
                  <td>
                    {r.lastActivityAt ? formatDateTime(r.lastActivityAt, lang) : t('cohortActivity.activity.never')}
                  </td>
                  <td className="num">{formatNumber(r.pagesRead, lang)}</td>
                  <td className="num">{formatNumber(r.assessmentsTaken, lang)}</td>
                  <td className="num">{formatNumber(r.quizAttempts, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
