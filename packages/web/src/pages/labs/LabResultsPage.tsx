import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { ExerciseResultRow, ExerciseSummary } from '../../components/exercises/exerciseTypes';
import { LAB_RESULT_ROLES, type Lab, type LabResultRow } from '../../components/labs/labTypes';
import { AsyncBlock, Empty, Notice } from '../../components/Status';
import { formatDateTime, orgName, pick } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useMe } from '../../hooks/useAuth';
import { useLang } from '../../hooks/useLang';
import type { Items } from '../../types';

function ResultRow({ row, rows, labs }: { row: LabResultRow; rows: LabResultRow[]; labs: Lab[] }) {
  const { t, lang } = useLang();
  const lab = labs.find((l) => l.id === row.labId);
  const objective = (id: string) => {
    const o = lab?.objectives.find((x) => x.id === id);
    return o ? pick(o.title, lang) : id;
  };
  const nameOf = (userId: string | null, email: string | null) =>
    rows.find((r) => r.userId === userId)?.displayName || email;
  const defence = row.defence.best;
  return (
    <tr data-testid={`lab-result-${row.userId}-${row.labId}`}>
      <td>
        <span className="strong">{row.displayName}</span>
        <br />
        <span className="muted small">{row.email}</span>
      </td>
      <td>{lab ? pick(lab.title, lang) : row.labId}</td>
      <td data-testid="lab-result-solves">
        {row.solves.length === 0 ? (
          <span className="muted">{t('labs.results.none')}</span>
        ) : (
          <ul className="small">
            {row.solves.map((s) => (
              <li key={s.objective} data-objective={s.objective}>
                ✓ {objective(s.objective)} <span className="muted">({formatDateTime(s.at, lang)})</span>
              </li>
            ))}
          </ul>
        )}
      </td>
      <td data-testid="lab-result-flags">
        <span>{t('labs.results.correct', { count: row.flags.correct })}</span>
        {' · '}
        <span>{t('labs.results.wrong', { count: row.flags.wrong + row.flags.shared.length })}</span>
        {row.flags.shared.map((s) => {
          const name = nameOf(s.fromUserId, s.fromEmail);
          return (
            <div key={s.at} className="alert alert-warning" role="note" data-testid="lab-result-shared">
              <span className="strong">
                ⚠ {name ? t('labs.results.shared', { name }) : t('labs.results.sharedUnknown')}
              </span>{' '}
              <span className="small">({formatDateTime(s.at, lang)})</span>
            </div>
          );
        })}
      </td>
      <td data-testid="lab-result-defence" data-passed={defence ? String(defence.passed) : 'none'}>
        {defence ? (
          <>
            {t(defence.passed ? 'labs.results.defencePassed' : 'labs.results.defenceFailed', {
              passed: defence.passedChecks,
              total: defence.totalChecks,
            })}
            <br />
            <span className="muted small">{t('labs.results.attempts', { count: row.defence.attempts })}</span>
          </>
        ) : (
          <span className="muted">{t('labs.results.noDefence')}</span>
        )}
      </td>
      <td data-testid="lab-result-hints">
        {row.hints.length === 0
          ? '—'
          : t('labs.results.hintsUsed', {
              count: row.hints.length,
              penalty: row.hints.reduce((sum, h) => sum + h.penalty, 0),
            })}
      </td>
      <td data-testid="lab-result-score" className="num">
        {row.score ? `${row.score.total} / ${row.score.max}` : '—'}
      </td>
    </tr>
  );
}

/** The organisation's learners' lab results, for its instructors and admins. */
export default function LabResultsPage() {
  const { t, lang } = useLang();
  const me = useMe();
  const orgs = me.memberships.filter((m) => me.isPlatformAdmin || LAB_RESULT_ROLES.includes(m.role));
  const [orgId, setOrgId] = useState(orgs[0]?.orgId ?? '');
  const labs = useApi<Items<Lab>>('/labs');
  const results = useApi<{ orgId: string; items: LabResultRow[] }>(orgId ? `/orgs/${orgId}/lab-results` : null);
  const exerciseResults = useApi<{ orgId: string; items: ExerciseResultRow[] }>(
    orgId ? `/orgs/${orgId}/exercise-results` : null,
  );
  const exercises = useApi<Items<ExerciseSummary>>('/exercises');

  return (
    <section className="page" data-testid="lab-results-page">
      <nav className="breadcrumbs" aria-label={t('nav.label')}>
        <Link to="/labs">{t('labs.back')}</Link>
      </nav>
      <div className="page-header">
        <h1 data-testid="lab-results-title">{t('labs.results.title')}</h1>
      </div>
      <p className="page-intro">{t('labs.results.intro')}</p>
      {orgs.length === 0 ? (
        <Notice kind="warning">{t('labs.results.noAccess')}</Notice>
      ) : (
        <>
          {orgs.length > 1 && (
            <div className="filters">
              <label className="filter">
                <span>{t('labs.results.organisation')}</span>
                <select value={orgId} onChange={(event) => setOrgId(event.target.value)} data-testid="lab-results-org">
                  {orgs.map((m) => (
                    <option key={m.orgId} value={m.orgId}>
                      {orgName({ nameEn: m.orgNameEn, nameJa: m.orgNameJa }, lang)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          )}
          <AsyncBlock state={results}>
            {(data) =>
              data.items.length === 0 ? (
                <Empty>{t('labs.results.empty')}</Empty>
              ) : (
                <div className="table-wrap">
                  <table className="table" data-testid="lab-results-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('labs.results.learner')}</th>
                        <th scope="col">{t('labs.results.lab')}</th>
                        <th scope="col">{t('labs.results.solves')}</th>
                        <th scope="col">{t('labs.results.flags')}</th>
                        <th scope="col">{t('labs.results.defence')}</th>
                        <th scope="col">{t('labs.results.hints')}</th>
                        <th scope="col">{t('labs.score.label')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.items.map((row) => (
                        <ResultRow
                          key={`${row.userId}-${row.labId}`}
                          row={row}
                          rows={data.items}
                          labs={labs.data?.items ?? []}
                        />
                      ))}
                    </tbody>
                  </table>
                </div>
              )
            }
          </AsyncBlock>
          <h2 className="section-title">{t('exercises.title')}</h2>
          <AsyncBlock state={exerciseResults}>
            {(data) =>
              data.items.length === 0 ? (
                <Empty>{t('exercises.noResults')}</Empty>
              ) : (
                <div className="table-wrap">
                  <table className="table" data-testid="exercise-results-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('labs.results.learner')}</th>
                        <th scope="col">{t('exercises.exercise')}</th>
                        <th scope="col">{t('exercises.attempts')}</th>
                        <th scope="col">{t('exercises.bestScore')}</th>
                        <th scope="col">{t('exercises.lastAttempt')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.items.map((row) => {
                        const exercise = exercises.data?.items.find((e) => e.id === row.exerciseId);
                        const status = (s: string) => row.last.questions.filter((q) => q.status === s).length;
                        return (
                          <tr key={`${row.userId}-${row.exerciseId}`} data-testid={`exercise-result-${row.exerciseId}`}>
                            <td>
                              {row.displayName}
                              <br />
                              <span className="muted small">{row.email}</span>
                            </td>
                            <td>{exercise ? pick(exercise.title, lang) : row.exerciseId}</td>
                            <td className="num">{row.attempts}</td>
                            <td className="num">
                              {row.best} / {row.maxPoints}
                            </td>
                            <td>
                              {row.last.points} / {row.maxPoints} ({formatDateTime(row.last.at, lang)})
                              <br />
                              <span className="muted small">
                                {t('exercises.lastBreakdown', {
                                  correct: status('correct'),
                                  partial: status('partial'),
                                  wrong: status('wrong'),
                                })}
                              </span>
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              )
            }
          </AsyncBlock>
        </>
      )}
    </section>
  );
}
