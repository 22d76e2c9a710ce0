import { Link, useParams } from 'react-router-dom';
import { cohortPath } from '../../components/cohorts/cohorts';
import { Empty, ErrorMessage, Loading, Notice } from '../../components/Status';
import { ShortAnswerReview } from '../../components/submissions/ShortAnswerReview';
import { When } from '../../components/submissions/SubmissionStatus';
import { submissionPath, type GradingQueue } from '../../components/submissions/submissionTypes';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';

/** What waits for the cohort's instructors: reports and projects to review, short answers to read. */
export default function GradingQueuePage() {
  const { id = '' } = useParams();
  const { t, lang } = useLang();
  const queue = useApi<GradingQueue>(submissionPath.api.queue(id), { lang });
  if (queue.error?.status === 404) return <Notice kind="warning">{t('cohorts.notFound')}</Notice>;
  if (!queue.data) return queue.error ? <ErrorMessage error={queue.error} onRetry={queue.reload} /> : <Loading />;
  const { submissions, shortAnswers } = queue.data;
  return (
    <section className="page" data-testid="grading-queue-page">
      <nav className="breadcrumbs" aria-label={t('training.breadcrumbs')}>
        <Link to={cohortPath.cohort(id)}>{t('submissions.backToCohort')}</Link>
      </nav>
      <div className="page-header">
        <h1>{t('submissions.queue.title')}</h1>
      </div>
      <section className="panel" aria-labelledby="queue-submissions-title">
        <h2 id="queue-submissions-title">
          {t('submissions.queue.submissions')} <span className="count-pill">{submissions.length}</span>
        </h2>
        {submissions.length === 0 ? (
          <Empty>{t('submissions.queue.noSubmissions')}</Empty>
        ) : (
          <table className="table table-compact" data-testid="queue-submissions">
            <thead>
              <tr>
                <th>{t('submissions.queue.kind')}</th>
                <th>{t('submissions.queue.work')}</th>
                <th>{t('submissions.queue.by')}</th>
                <th>{t('submissions.queue.submittedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {submissions.map((s) => (
                <tr key={s.id} data-testid={`queue-submission-${s.id}`}>
                  <td>{t(`submissions.kind.${s.kind}`)}</td>
                  <td>
                    <Link to={submissionPath.review(id, s.id)}>{s.title}</Link>{' '}
                    <span className="muted small">{t('submissions.version', { version: s.version })}</span>
                  </td>
                  <td>{s.team ?? s.author ?? '—'}</td>
                  <td>
                    <When at={s.submittedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="queue-short-title">
        <h2 id="queue-short-title">
          {t('submissions.queue.shortAnswers')} <span className="count-pill">{shortAnswers.length}</span>
        </h2>
        <p className="muted small">{t('submissions.queue.shortHint')}</p>
        {shortAnswers.length === 0 ? (
          <Empty>{t('submissions.queue.noShortAnswers')}</Empty>
        ) : (
          <ul className="submission-list">
            {shortAnswers.map((item) => (
              <ShortAnswerReview
                key={`${item.attemptId}-${item.itemId}`}
                cohortId={id}
                item={item}
                onDone={queue.reload}
              />
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
