import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { useAction, useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { ErrorMessage, Loading, Notice } from '../Status';
import { pickPartial, type QuizDraft } from '../courseware/courseware';
import type { QuizAnswer } from '../courseware/coursewareTypes';
import { AssessmentItemField } from './AssessmentItemField';
import type { AssessmentKind, AttemptResult, CohortAssessment } from './cohortTypes';
import { answerOf, cohortPath, scoreText } from './cohorts';

/**
 * A pre- or post-assessment of a cohort for its learner: a form per item, submitted once (after a confirmation),
 * then the score; once taken, only the score.
 */
export function AssessmentPanel({
  cohortId,
  kind,
  onTaken,
}: {
  cohortId: string;
  kind: AssessmentKind;
  onTaken: () => void;
}) {
  const { t, lang } = useLang();
  const assessment = useApi<CohortAssessment>(cohortPath.api.assessment(cohortId, kind));
  const [drafts, setDrafts] = useState<Record<string, QuizDraft>>({});
  const [result, setResult] = useState<AttemptResult | undefined>(undefined);
  const submit = useAction((answers: Record<string, QuizAnswer>) =>
    api.post<AttemptResult>(cohortPath.api.attempts(cohortId, kind), { answers }),
  );

  if (assessment.error?.status === 404) return null;
  const title = t(`cohorts.assessment.${kind}`);
  if (!assessment.data) {
    return (
      <section className="panel">
        <h2>{title}</h2>
        <ErrorMessage error={assessment.error} onRetry={assessment.reload} />
        {!assessment.error && <Loading />}
      </section>
    );
  }
  const data = assessment.data;
  const taken = result ?? data.taken;
  const items = data.items;
  const answered = items.filter((item) => answerOf(item, drafts[item.id]) !== undefined).length;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!window.confirm(t('cohorts.assessment.confirm', { answered, total: items.length }))) return;
    const answers: Record<string, QuizAnswer> = {};
    for (const item of items) {
      const value = answerOf(item, drafts[item.id]);
      if (value !== undefined) answers[item.id] = value;
    }
    const done = await submit.run(answers);
    if (done) {
      setResult(done);
      onTaken();
    }
  };

  return (
    <section className="panel cohort-assessment" data-testid={`cohort-${kind}-assessment`} aria-label={title}>
      <h2>
        {title} <span className="muted small">{pickPartial(data.title, lang)}</span>
      </h2>
      {taken && (
        <p
          className="cohort-score strong"
          role="status"
          data-testid="cohort-score"
          data-score={taken.score}
          data-max={taken.max}
        >
          {t('cohorts.assessment.score', { score: scoreText(taken, lang) })}
        </p>
      )}
      {!taken && !data.open && <Notice kind="info">{t('cohorts.assessment.preFirst')}</Notice>}
      {(result || (!taken && data.open)) && (
        <form className="form" onSubmit={(event) => void onSubmit(event)} data-testid={`cohort-${kind}-form`}>
          {!taken && <p className="muted small">{t('cohorts.assessment.once')}</p>}
          {items.map((item, index) => (
            <AssessmentItemField
              key={item.id}
              item={item}
              index={index}
              draft={drafts[item.id]}
              result={result?.results.find((r) => r.itemId === item.id)}
              disabled={taken !== null && taken !== undefined}
              onChange={(next) => setDrafts((d) => ({ ...d, [item.id]: next }))}
            />
          ))}
          <ErrorMessage error={submit.error} />
          {!taken && (
            <div className="form-actions">
              <button
                type="submit"
                className="btn btn-primary"
                disabled={submit.pending}
                data-testid={`cohort-${kind}-submit`}
              >
                {submit.pending ? t('cohorts.assessment.submitting') : t('cohorts.assessment.submit')}
              </button>
              <span className="muted small">{t('training.quiz.answered', { answered, total: items.length })}</span>
            </div>
          )}
        </form>
      )}
    </section>
  );
}
