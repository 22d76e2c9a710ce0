import { useLang } from '../../hooks/useLang';
import { pickPartial, type QuizDraft } from '../courseware/courseware';
import { KsaChips } from '../courseware/KsaChips';
import type { AssessmentItem, AttemptResult } from './cohortTypes';

/** One item of a pre- or post-assessment: radios, checkboxes or a text field, and afterwards ✓/✗. */
export function AssessmentItemField({
  item,
  index,
  draft,
  result,
  disabled,
  onChange,
}: {
  item: AssessmentItem;
  index: number;
  draft: QuizDraft | undefined;
  result: AttemptResult['results'][number] | undefined;
  disabled: boolean;
  onChange: (next: QuizDraft) => void;
}) {
  const { t, lang } = useLang();
  const chosen = Array.isArray(draft) ? draft : typeof draft === 'string' && draft ? [draft] : [];
  const name = `cohort-item-${item.id}`;
  return (
    <fieldset
      className="exercise-question quiz-item"
      data-testid={`cohort-item-${item.id}`}
      data-kind={item.kind}
      data-correct={result ? String(result.correct) : ''}
      disabled={disabled}
    >
      <legend>
        {index + 1}. {pickPartial(item.prompt, lang)}{' '}
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
              data-testid={`cohort-answer-${item.id}-${option.id}`}
            />{' '}
            {pickPartial(option.text, lang)}
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
            maxLength={item.kind === 'numeric' ? undefined : 1000}
            placeholder={item.kind === 'flag' ? 'cynex{…}' : undefined}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => onChange(event.target.value)}
            data-testid={`cohort-answer-${item.id}`}
          />
        </label>
      )}
      <KsaChips refs={item.ksa} label={t('training.quiz.ksa')} />
      {result && (
        <p
          className={`exercise-grade exercise-grade-${result.correct ? 'correct' : 'wrong'}`}
          data-testid={`cohort-result-${item.id}`}
        >
          <span aria-hidden="true">{result.correct ? '✓' : '✗'}</span>{' '}
          {result.correct ? t('training.quiz.correct') : t('training.quiz.wrong')}
          {result.explanation && <> — {pickPartial(result.explanation, lang)}</>}
        </p>
      )}
    </fieldset>
  );
}
