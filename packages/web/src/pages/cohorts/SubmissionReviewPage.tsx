import { Link, useParams } from 'react-router-dom';
import { ErrorMessage, Loading, Notice } from '../../components/Status';
import { PresentationForm } from '../../components/submissions/PresentationForm';
import { RubricScoring } from '../../components/submissions/RubricScoring';
import { SubmissionComments } from '../../components/submissions/SubmissionComments';
import { ScoreTable, StatusBadge, When } from '../../components/submissions/SubmissionStatus';
import { submissionPath, type Submission } from '../../components/submissions/submissionTypes';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';

/** One submission as a reviewer reads it: the work beside the rubric, comments, and return or grade. */
export default function SubmissionReviewPage() {
  const { id = '', submissionId = '' } = useParams();
  const { t, lang } = useLang();
  const submission = useApi<Submission>(submissionPath.api.submission(submissionId), { lang });
  if (submission.error?.status === 404) return <Notice kind="warning">{t('submissions.notFound')}</Notice>;
  if (!submission.data) {
    return submission.error ? <ErrorMessage error={submission.error} onRetry={submission.reload} /> : <Loading />;
  }
  const s = submission.data;
  const labels = Object.fromEntries(s.rubric.map((c) => [c.id, c.criterion]));
  return (
    <section className="page" data-testid="submission-review-page">
      <nav className="breadcrumbs" aria-label={t('training.breadcrumbs')}>
        <Link to={submissionPath.grading(id)}>{t('submissions.queue.title')}</Link>
      </nav>
      <div className="page-header">
        <h1 data-testid="submission-title">{s.title}</h1>
        <p className="muted">
          {s.team ? `${s.team.name} (${s.team.members.map((m) => m.displayName).join(', ')})` : s.author?.displayName}
          {' · '}
          <When at={s.submittedAt} /> <StatusBadge status={s.status} version={s.version} />
        </p>
        {s.kind === 'project' && (
          <p className="small">
            {t('submissions.project.presentation')}: <When at={s.presentationAt} />
          </p>
        )}
      </div>
      <div className="submission-split">
        <section className="panel" aria-labelledby="work-title">
          <h2 id="work-title">{t('submissions.review.work')}</h2>
          {s.kind === 'project' ? (
            <div className="markdown" dangerouslySetInnerHTML={{ __html: s.bodyHtml }} />
          ) : (
            s.sections.map((section) => (
              <article key={section.id} data-testid={`review-section-${section.id}`}>
                <h3>{section.title}</h3>
                {section.markdown ? (
                  <div className="markdown" dangerouslySetInnerHTML={{ __html: section.html }} />
                ) : (
                  <p className="muted">{t('submissions.review.emptySection')}</p>
                )}
              </article>
            ))
          )}
        </section>
        <section className="panel" aria-labelledby="rubric-title">
          <h2 id="rubric-title">{t('submissions.rubric.title')}</h2>
          {s.score && <ScoreTable score={s.score} labels={labels} />}
          {s.canReview && (
            <RubricScoring key={`${s.id}-${s.version}-${s.status}`} submission={s} onReviewed={submission.reload} />
          )}
        </section>
      </div>
      {s.kind === 'project' && s.canReview && <PresentationForm submission={s} onSaved={submission.reload} />}
      <SubmissionComments submission={s} onAdded={submission.reload} />
    </section>
  );
}
