import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api';
import { useAction, useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { Lang } from '../../types';
import { certificatePath } from '../certificates/certificates';
import { ErrorMessage, Loading, Notice } from '../Status';
import type { QuizAnswer, QuizCheck, QuizItem } from './coursewareTypes';
import { quizAnswerOf, trainingPath, type QuizDraft } from './courseware';
import { KsaChips } from './KsaChips';

function QuizItemField({
  item,
  index,
  draft,
  result,
  onChange,
}: {
  item: QuizItem;
  index: number;
  draft: QuizDraft | undefined;
  result: QuizCheck['results'][number] | undefined;
  onChange: (next: QuizDraft) => void;
}) {
  const { t } = useLang();
  const chosen = Array.isArray(draft) ? draft : typeof draft === 'string' && draft ? [draft] : [];
  const name = `quiz-${item.id}`;
  return (
    <fieldset
      className="exercise-question quiz-item"
      data-testid={`training-quiz-item-${item.id}`}
      data-correct={result ? String(result.correct) : ''}
    >
      <legend>
        {index + 1}. {item.prompt}{' '}
        <span className="muted small">{t('training.quiz.points', { count: item.points })}</span>
      </legend>
      {(item.kind === 'single' || item.kind === 'multi') &&
        (item.options ?? []).map((option) => (
          <label key={option.id} className="choice">
            <input
              type={item.kind === 'single' ? 'radio' : 'checkbox'}
              name={name}
              value={option.id}
              checked={chosen.includes(option.id)}
              onChange={(event) =>
                onChange(
                  item.kind === 'single'
                    ? option.id
                    : event.target.checked
                      ? [...chosen, option.id]
                      : chosen.filter((c) => c !== option.id),
                )
              }
              data-testid={`training-quiz-answer-${item.id}-${option.id}`}
            />{' '}
            {option.text}
          </label>
        ))}
      {(item.kind === 'short' || item.kind === 'flag' || item.kind === 'numeric') && (
        <label className="field">
          <span className="field-label">{t('training.quiz.answer')}</span>
          <input
            type={item.kind === 'numeric' ? 'number' : 'text'}
            step={item.kind === 'numeric' ? 'any' : undefined}
            className="mono"
            value={typeof draft === 'string' ? draft : ''}
            maxLength={item.kind === 'numeric' ? undefined : 500}
            placeholder={item.kind === 'flag' ? 'cynex{…}' : undefined}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => onChange(event.target.value)}
            data-testid={`training-quiz-answer-${item.id}`}
          />
        </label>
      )}
      <KsaChips refs={item.ksa} label={t('training.quiz.ksa')} />
      {result && (
        <p
          className={`exercise-grade exercise-grade-${result.correct ? 'correct' : 'wrong'}`}
          role="status"
          data-testid={`training-quiz-result-${item.id}`}
        >
          <span aria-hidden="true">{result.correct ? '✓' : '✗'}</span>{' '}
          {result.correct ? t('training.quiz.correct') : t('training.quiz.wrong')}
          {result.explanation && <> — {result.explanation}</>}
        </p>
      )}
    </fieldset>
  );
}

/** The courseware check's answer; in a cohort also the best score kept there. */
type CohortQuizCheck = QuizCheck & { best?: { score: number; max: number; attempts: number } };

/** The module's quiz: one control per item kind, "Check answers", then ✓/✗ and the explanation per item. */
export function ModuleQuiz({ moduleId, lang }: { moduleId: string; lang: Lang }) {
  const { t } = useLang();
  const quiz = useApi<{ items: QuizItem[] }>(trainingPath.api.quiz(moduleId), { lang });
  const [drafts, setDrafts] = useState<Record<string, QuizDraft>>({});
  const [checked, setChecked] = useState<CohortQuizCheck | undefined>(undefined);
  // opened from a cohort (?cohort=<id>): the hub grades the same way and keeps the best score there
  const cohortId = useSearchParams()[0].get('cohort');
  const check = useAction((answers: Record<string, QuizAnswer>) =>
    api.post<CohortQuizCheck>(
      cohortId ? certificatePath.api.quiz(cohortId, moduleId) : `${trainingPath.api.quiz(moduleId)}/check`,
      { answers },
      { query: { lang } },
    ),
  );

  // a module without a quiz.yaml has no quiz section at all
  if (quiz.error?.status === 404 || quiz.data?.items.length === 0) return null;
  const items = quiz.data?.items ?? [];
  const answered = items.filter((item) => quizAnswerOf(item, drafts[item.id]) !== undefined).length;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const answers: Record<string, QuizAnswer> = {};
    for (const item of items) {
      const value = quizAnswerOf(item, drafts[item.id]);
      if (value !== undefined) answers[item.id] = value;
    }
    const result = await check.run(answers);
    if (result) setChecked(result);
  };

  return (
    <form
      className="panel form"
      onSubmit={(event) => void onSubmit(event)}
      aria-labelledby="training-quiz-title"
      data-testid="training-quiz"
    >
      <h2 id="training-quiz-title">{t('training.quiz.title')}</h2>
      <ErrorMessage error={quiz.error} onRetry={quiz.reload} />
      {!quiz.data && !quiz.error && <Loading />}
      {items.map((item, index) => (
        <QuizItemField
          key={item.id}
          item={item}
          index={index}
          draft={drafts[item.id]}
          result={checked?.results.find((r) => r.id === item.id)}
          onChange={(next) => setDrafts((d) => ({ ...d, [item.id]: next }))}
        />
      ))}
      {check.error?.status === 429 ? (
        <Notice kind="warning">{t('training.quiz.tooMany')}</Notice>
      ) : (
        <ErrorMessage error={check.error} />
      )}
      {checked && (
        <p className="strong" role="status" data-testid="training-quiz-score" data-score={checked.score}>
          {t('training.quiz.score', { score: checked.score, max: checked.max })}
        </p>
      )}
      {checked?.best && (
        <p className="muted" role="status" data-testid="training-quiz-best">
          {t('certificates.quizBest', { ...checked.best })}
        </p>
      )}
      {items.length > 0 && (
        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={check.pending || answered === 0}
            data-testid="training-quiz-check"
          >
            {check.pending ? t('training.quiz.checking') : t('training.quiz.check')}
          </button>
          <span className="muted small">{t('training.quiz.answered', { answered, total: items.length })}</span>
        </div>
      )}
    </form>
  );
}
