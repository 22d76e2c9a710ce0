import { Link, useParams } from 'react-router-dom';
import { api } from '../../api';
import { cohortPath } from '../../components/cohorts/cohorts';
import { ErrorMessage, Loading, Notice } from '../../components/Status';
import { ReportEditor } from '../../components/submissions/ReportEditor';
import { ScenarioInjects } from '../../components/submissions/ScenarioInjects';
import { SubmissionComments } from '../../components/submissions/SubmissionComments';
import { ScoreTable, StatusBadge } from '../../components/submissions/SubmissionStatus';
import { submissionPath, type Submission, type TeamScenario } from '../../components/submissions/submissionTypes';
import { useAction, useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';

/**
 * A team's scenario: the situation as far as it is released, the tasks, the report editor and the review of the
 * report. Those who teach see every inject with its notes and release them.
 */
export default function TeamScenarioPage() {
  const { id = '', teamId = '', scenarioId = '' } = useParams();
  const { t, lang } = useLang();
  const view = useApi<TeamScenario>(submissionPath.api.scenario(id, teamId, scenarioId), { lang });
  const reportId = view.data?.report?.id;
  const report = useApi<Submission>(reportId ? submissionPath.api.submission(reportId) : null, { lang });
  const release = useAction((upTo?: string) =>
    api.post(`${submissionPath.api.scenario(id, teamId, scenarioId)}/release`, upTo ? { upTo } : {}),
  );

  if (view.error?.status === 404) return <Notice kind="warning">{t('submissions.scenario.notFound')}</Notice>;
  if (!view.data) return view.error ? <ErrorMessage error={view.error} onRetry={view.reload} /> : <Loading />;
  if (reportId && !report.data) return <Loading />;
  const { scenario, team } = view.data;
  const teaching = scenario.injects.some((i) => i.released !== undefined);
  const labels = Object.fromEntries(scenario.rubric.map((c) => [c.id, c.criterion]));
  const onRelease = (upTo?: string) => void release.run(upTo).then(view.reload);
  const reload = () => {
    view.reload();
    report.reload();
  };

  return (
    <section className="page" data-testid="team-scenario-page">
      <nav className="breadcrumbs" aria-label={t('training.breadcrumbs')}>
        <Link to={cohortPath.cohort(id)}>{t('submissions.backToCohort')}</Link>
      </nav>
      <div className="page-header">
        <h1 data-testid="scenario-title">{scenario.title}</h1>
        <p className="muted">
          {t('submissions.scenario.team', { name: team.name })} ·{' '}
          {t('submissions.scenario.releasedCount', {
            count: view.data.run?.releasedInjects.length ?? 0,
            total: scenario.injectsTotal,
          })}
        </p>
      </div>
      <section className="panel">
        <p>{scenario.summary}</p>
        <p className="small">
          <strong>{scenario.organisation.name}</strong>: {scenario.organisation.profile}
        </p>
      </section>
      <section className="panel" aria-labelledby="injects-title">
        <h2 id="injects-title">{t('submissions.scenario.injects')}</h2>
        {teaching && (
          <button
            type="button"
            className="btn"
            disabled={release.pending || !view.data.run}
            onClick={() => onRelease()}
            data-testid="release-next"
          >
            {t('submissions.scenario.releaseNext')}
          </button>
        )}
        <ErrorMessage error={release.error} />
        <ScenarioInjects
          injects={scenario.injects}
          {...(teaching ? { onRelease: (upTo: string) => onRelease(upTo), pending: release.pending } : {})}
        />
      </section>
      <section className="panel" aria-labelledby="tasks-title">
        <h2 id="tasks-title">{t('submissions.scenario.tasks')}</h2>
        <ul>
          {scenario.tasks.map((task) => (
            <li key={task.id}>
              <strong>{task.title}</strong>: {task.description}
            </li>
          ))}
        </ul>
      </section>
      <section className="panel" aria-labelledby="report-title">
        <h2 id="report-title">{t('submissions.report.title')}</h2>
        {report.data && (
          <p>
            <StatusBadge status={report.data.status} version={report.data.version} />
          </p>
        )}
        {report.data?.status === 'returned' && <Notice kind="warning">{t('submissions.returnedHint')}</Notice>}
        {report.data?.score && <ScoreTable score={report.data.score} labels={labels} />}
        {teaching ? (
          reportId ? (
            <Link to={submissionPath.review(id, reportId)}>{t('submissions.queue.review')}</Link>
          ) : (
            <p className="muted">{t('submissions.report.none')}</p>
          )
        ) : (
          view.data.run && (
            <ReportEditor
              key={report.data ? `${report.data.id}-${report.data.version}` : 'new'}
              cohortId={id}
              teamId={teamId}
              scenario={scenario}
              report={report.data}
              onSaved={reload}
            />
          )
        )}
      </section>
      {report.data && <SubmissionComments submission={report.data} onAdded={report.reload} />}
    </section>
  );
}
