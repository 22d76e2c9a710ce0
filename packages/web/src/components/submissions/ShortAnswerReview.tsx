import { api } from '../../api';
import { useAction } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { ErrorMessage } from '../Status';
import { submissionPath, type GradingQueue } from './submissionTypes';

type ShortAnswer = GradingQueue['shortAnswers'][number];

/** A short answer the hub marked wrong: the learner's words beside the expected answers, and the decision. */
export function ShortAnswerReview({
  cohortId,
  item,
  onDone,
}: {
  cohortId: string;
  item: ShortAnswer;
  onDone: () => void;
}) {
  const { t } = useLang();
  const decide = useAction((correct: boolean) =>
    api.post(submissionPath.api.itemReview(cohortId, item.attemptId, item.itemId), { correct }),
  );
  const run = async (correct: boolean) => {
    if ((await decide.run(correct)) !== undefined) onDone();
  };
  return (
    <li className="submission-item" data-testid={`short-answer-${item.attemptId}-${item.itemId}`}>
      <p className="small muted">
        {item.learner.displayName} · {t(`cohorts.assessment.${item.kind}`, { defaultValue: item.kind })} · {item.itemId}{' '}
        ({t('submissions.queue.points', { count: item.points })})
      </p>
      <p>{item.prompt}</p>
      <dl>
        <dt>{t('submissions.queue.answer')}</dt>
        <dd className="mono" data-testid="short-answer-given">
          {item.answer}
        </dd>
        <dt>{t('submissions.queue.expected')}</dt>
        <dd className="mono">{item.expected.join(' / ')}</dd>
      </dl>
      <div className="form-inline">
        <button type="button" className="btn" disabled={decide.pending} onClick={() => void run(true)}>
          {t('submissions.queue.markCorrect')}
        </button>
        <button type="button" className="btn btn-secondary" disabled={decide.pending} onClick={() => void run(false)}>
          {t('submissions.queue.markIncorrect')}
        </button>
      </div>
      <ErrorMessage error={decide.error} />
    </li>
  );
}
