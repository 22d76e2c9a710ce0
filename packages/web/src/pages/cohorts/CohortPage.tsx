import { Link, useParams } from 'react-router-dom';
import { CertificatePanel } from '../../components/certificates/CertificatePanel';
import { CohortActivityPanels } from '../../components/cohort-activity/CohortActivityPanels';
import { AssessmentPanel } from '../../components/cohorts/AssessmentPanel';
import { CohortMembersPanel } from '../../components/cohorts/CohortMembersPanel';
import { CohortProgressPanel } from '../../components/cohorts/CohortProgressPanel';
import { CohortReportPanel } from '../../components/cohorts/CohortReportPanel';
import { cohortPath } from '../../components/cohorts/cohorts';
import type { CohortDetail, CohortProgress } from '../../components/cohorts/cohortTypes';
import { pickPartial, trainingPath } from '../../components/courseware/courseware';
import { ErrorMessage, Loading, Notice } from '../../components/Status';
import { SubmissionsPanels } from '../../components/submissions/SubmissionsPanels';
import { formatDateTime } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';

/**
 * A cohort: its course, schedule and instructors; for a learner their progress and the pre- and post-assessments;
 * for those who teach it the members and the report.
 */
export default function CohortPage() {
  const { id = '' } = useParams();
  const { t, lang } = useLang();
  const cohort = useApi<CohortDetail>(cohortPath.api.cohort(id));
  const isLearner = cohort.data?.myRole === 'learner';
  const progress = useApi<CohortProgress>(isLearner ? cohortPath.api.progress(id) : null);

  if (cohort.error?.status === 404) return <Notice kind="warning">{t('cohorts.notFound')}</Notice>;
  if (cohort.error && !cohort.data) return <ErrorMessage error={cohort.error} onRetry={cohort.reload} />;
  if (!cohort.data) return <Loading />;
  const data = cohort.data;
  const teaches = data.canManage || data.myRole === 'instructor';
  const instructors = data.members.filter((m) => m.role === 'instructor');
  const preTaken = progress.data?.assessments.pre !== null && progress.data?.assessments.pre !== undefined;

  return (
    <section className="page" data-testid="cohort-page" data-role={data.myRole ?? ''}>
      <nav className="breadcrumbs" aria-label={t('training.breadcrumbs')}>
        <Link to="/training">{t('training.title')}</Link>
      </nav>
      <div className="page-header">
        <h1 data-testid="cohort-name">{data.name}</h1>
      </div>
      <dl className="cohort-facts panel">
        <dt>{t('cohorts.course')}</dt>
        <dd>
          <Link to={trainingPath.course(data.course.id)} data-testid="cohort-course">
            {pickPartial(data.course.title, lang)}
          </Link>
        </dd>
        <dt>{t('cohorts.schedule')}</dt>
        <dd data-testid="cohort-schedule">
          {formatDateTime(data.startsAt, lang)} – {formatDateTime(data.endsAt, lang)}
        </dd>
        <dt>{t('cohorts.instructors')}</dt>
        <dd data-testid="cohort-instructors">
          {instructors.length ? instructors.map((m) => m.displayName).join(', ') : '—'}
        </dd>
      </dl>
      {isLearner && (
        <>
          <CohortProgressPanel cohort={data} progress={progress} />
          {data.course.preAssessment && <AssessmentPanel cohortId={id} kind="pre" onTaken={progress.reload} />}
          {data.course.postAssessment && preTaken && (
            <AssessmentPanel cohortId={id} kind="post" onTaken={progress.reload} />
          )}
        </>
      )}
      <CertificatePanel cohort={data} progress={progress} />
      <CohortActivityPanels cohort={data} onMembersChanged={cohort.reload} />
      <SubmissionsPanels cohort={data} />
      {teaches && (
        <>
          <CohortMembersPanel cohort={data} onChanged={cohort.reload} />
          <CohortReportPanel key={data.members.length} cohortId={id} />
        </>
      )}
    </section>
  );
}
