import { pick } from '../../format';
import { useLang } from '../../hooks/useLang';
import type { ExerciseQuestion, QuestionGrade } from './exerciseTypes';

/** A draft answer as typed: text for text, number and set questions (one value a line), ids for choices. */
export type Draft = string | string[];

/** What the hub takes for a question, from the draft. */
export function answerOf(question: ExerciseQuestion, draft: Draft | undefined): unknown {
  if (draft === undefined) return undefined;
  if (question.kind === 'multi' || question.kind === 'single') return question.kind === 'single' ? draft[0] : draft;
  const text = Array.isArray(draft) ? draft.join('\n') : draft;
  if (question.kind === 'set') {
    return text
      .split(/[\n,]+/)
      .map((v) => v.trim())
      .filter(Boolean);
  }
  if (question.kind === 'number') return text.trim() === '' ? undefined : Number(text.trim());
  return text.trim() === '' ? undefined : text.trim();
}

const STATUS_MARK = { correct: '✓', partial: '◐', wrong: '✗' } as const;

/** One question: its prompt, the right control for its kind, and the grade of the last attempt. */
export function QuestionField({
  index,
  question,
  draft,
  grade,
  onChange,
}: {
  index: number;
  question: ExerciseQuestion;
  draft: Draft | undefined;
  grade: QuestionGrade | undefined;
  onChange: (next: Draft) => void;
}) {
  const { t, lang } = useLang();
  const id = `q-${question.id}`;
  const chosen = Array.isArray(draft) ? draft : [];
  return (
    <fieldset className="exercise-question" data-testid={`question-${question.id}`} data-status={grade?.status ?? ''}>
      <legend>
        {index + 1}. {pick(question.prompt, lang)}{' '}
        <span className="muted small">{t('labs.points', { count: question.points })}</span>
      </legend>
      {(question.kind === 'single' || question.kind === 'multi') &&
        question.options.map((option) => (
          <label key={option.id} className="choice">
            <input
              type={question.kind === 'single' ? 'radio' : 'checkbox'}
              name={id}
              value={option.id}
              checked={chosen.includes(option.id)}
              onChange={(event) =>
                onChange(
                  question.kind === 'single'
                    ? [option.id]
                    : event.target.checked
                      ? [...chosen, option.id]
                      : chosen.filter((c) => c !== option.id),
                )
              }
              data-testid={`answer-${question.id}-${option.id}`}
            />{' '}
            {pick(option.label, lang)}
          </label>
        ))}
      {question.kind === 'set' && (
        <label className="field">
          <span className="field-label">{t('exercises.setHelp')}</span>
          <textarea
            rows={3}
            className="mono"
            value={typeof draft === 'string' ? draft : ''}
            onChange={(event) => onChange(event.target.value)}
            data-testid={`answer-${question.id}`}
          />
        </label>
      )}
      {(question.kind === 'text' || question.kind === 'number') && (
        <label className="field">
          <span className="field-label">{t('exercises.answer')}</span>
          <input
            className="mono"
            inputMode={question.kind === 'number' ? 'decimal' : undefined}
            value={typeof draft === 'string' ? draft : ''}
            maxLength={2000}
            onChange={(event) => onChange(event.target.value)}
            data-testid={`answer-${question.id}`}
          />
        </label>
      )}
      {grade && (
        <p
          className={`exercise-grade exercise-grade-${grade.status}`}
          data-testid={`grade-${question.id}`}
          role="status"
        >
          <span aria-hidden="true">{STATUS_MARK[grade.status]}</span> {t(`exercises.status.${grade.status}`)} (
          {grade.points} / {grade.maxPoints}) — {pick(grade.feedback, lang)}
        </p>
      )}
    </fieldset>
  );
}
