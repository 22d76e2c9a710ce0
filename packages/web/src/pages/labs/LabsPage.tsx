import { Link } from 'react-router-dom';
import type { ExerciseSummary } from '../../components/exercises/exerciseTypes';
import { LAB_RESULT_ROLES, type Lab, type LabInstance } from '../../components/labs/labTypes';
import { AsyncBlock, Empty, Notice } from '../../components/Status';
import { formatDateTime, pick } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useMe } from '../../hooks/useAuth';
import { useLang } from '../../hooks/useLang';
import type { Items } from '../../types';

/** The lab catalogue, with each lab's state for the signed-in learner. */
export default function LabsPage() {
  const { t, lang } = useLang();
  const me = useMe();
  const catalogue = useApi<Items<Lab>>('/labs');
  const mine = useApi<Items<LabInstance>>('/lab-instances');
  const exercises = useApi<Items<ExerciseSummary>>('/exercises');
  const instructor = me.isPlatformAdmin || me.memberships.some((m) => LAB_RESULT_ROLES.includes(m.role));

  return (
    <section className="page" data-testid="labs-page">
      <div className="page-header">
        <h1 data-testid="labs-title">{t('labs.title')}</h1>
        {instructor && (
          <Link className="btn" to="/labs/results" data-testid="labs-results-link">
            {t('labs.resultsLink')}
          </Link>
        )}
      </div>
      <p className="page-intro">{t('labs.intro')}</p>
      {me.memberships.length === 0 && <Notice kind="warning">{t('labs.noOrg')}</Notice>}
      <AsyncBlock state={catalogue}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>{t('labs.empty')}</Empty>
          ) : (
            <ul className="facts-list" data-testid="labs-list">
              {data.items.map((lab) => {
                const running = mine.data?.items.find((i) => i.labId === lab.id && i.state === 'running');
                const solved = new Set(lab.mine.solved);
                const met = lab.objectives.filter((o) => solved.has(o.id)).length;
                return (
                  <li key={lab.id} className="panel" data-testid={`lab-card-${lab.id}`}>
                    <h2>
                      <Link to={`/labs/${lab.id}`} data-testid={`lab-link-${lab.id}`}>
                        {pick(lab.title, lang)}
                      </Link>
                    </h2>
                    <p>{pick(lab.summary, lang)}</p>
                    <p className="small">
                      <span className="strong">{t('labs.levels')}:</span>{' '}
                      {lab.levels.map((level) => t(`labs.level.${level}`, { defaultValue: level })).join(' · ')}
                    </p>
                    <p className="small strong">{t('labs.objectives')}</p>
                    <ul className="small">
                      {lab.objectives.map((o) => (
                        <li key={o.id}>
                          {solved.has(o.id) ? '✓ ' : ''}[{t(`labs.objectiveKind.${o.kind}`)}] {pick(o.title, lang)}
                        </li>
                      ))}
                    </ul>
                    <p className="small muted" data-testid={`lab-state-${lab.id}`}>
                      {running
                        ? t('labs.running', { at: formatDateTime(running.startedAt, lang) })
                        : t('labs.notRunning')}
                      {' · '}
                      {t('labs.solvedCount', { solved: met, total: lab.objectives.length })}
                      {' · '}
                      {t('labs.score.short', { total: lab.mine.score.total, max: lab.mine.score.max })}
                    </p>
                  </li>
                );
              })}
            </ul>
          )
        }
      </AsyncBlock>
      <h2 className="section-title">{t('exercises.title')}</h2>
      <p className="muted">{t('exercises.intro')}</p>
      <AsyncBlock state={exercises}>
        {(data) => (
          <ul className="facts-list" data-testid="exercises-list">
            {data.items.map((exercise) => (
              <li key={exercise.id} className="panel" data-testid={`exercise-card-${exercise.id}`}>
                <h3>
                  {exercise.available ? (
                    <Link to={`/labs/exercises/${exercise.id}`} data-testid={`exercise-link-${exercise.id}`}>
                      {pick(exercise.title, lang)}
                    </Link>
                  ) : (
                    pick(exercise.title, lang)
                  )}
                </h3>
                <p>{pick(exercise.summary, lang)}</p>
                <p className="small muted">
                  {t('exercises.card', { questions: exercise.questions, points: exercise.points })}
                  {' · '}
                  {exercise.mine.best === null
                    ? t('exercises.notTried')
                    : t('exercises.best', { best: exercise.mine.best, attempts: exercise.mine.attempts })}
                  {!exercise.available && ` · ${t('exercises.unavailable')}`}
                </p>
              </li>
            ))}
          </ul>
        )}
      </AsyncBlock>
    </section>
  );
}
