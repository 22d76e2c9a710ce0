import { LEVELS } from '../../constants';
import { pick } from '../../format';
import { useCatalogueLevels } from '../../hooks/useCatalogueLevels';
import { useLang } from '../../hooks/useLang';
import type { LevelSuggestion, ProgressLevel } from '../../types';
import { LevelBadge } from '../Badges';
import { Field } from '../Field';
import type { CaseFormState, FieldErrors, SetField } from './caseFormState';

/**
 * The progress level with the rubric text in both languages, the hub's suggestion, and (when an
 * existing case's level changes) the required reason.
 */
export function LevelField({
  form,
  set,
  errors,
  savedLevel,
  suggestion,
}: {
  form: CaseFormState;
  set: SetField;
  errors: FieldErrors;
  savedLevel?: ProgressLevel;
  /** null: nothing recorded yet, so the hub suggests nothing. */
  suggestion?: LevelSuggestion | null;
}) {
  const { t, lang } = useLang();
  const rubric = useCatalogueLevels();
  const selected = form.progressLevel === '' ? suggestion?.level : form.progressLevel;
  const text = selected ? rubric.get(selected) : undefined;
  const changed = savedLevel !== undefined && form.progressLevel !== '' && form.progressLevel !== savedLevel;

  return (
    <fieldset className="form-section">
      <legend>{t('caseForm.section.level')}</legend>
      <div className="form-grid">
        <Field
          label={t('case.field.progressLevel')}
          error={errors.progressLevel}
          help={savedLevel === undefined ? t('caseForm.levelAutoHelp') : undefined}
        >
          <select
            value={form.progressLevel}
            onChange={(event) =>
              set('progressLevel', event.target.value === '' ? '' : (Number(event.target.value) as ProgressLevel))
            }
            data-testid="case-field-progressLevel"
          >
            {savedLevel === undefined && <option value="">{t('caseForm.levelAuto')}</option>}
            {LEVELS.map((level) => {
              const entry = rubric.get(level);
              return (
                <option key={level} value={level}>
                  {t('level.short', { level })}
                  {entry ? ` — ${pick(entry, lang)}` : ''}
                </option>
              );
            })}
          </select>
        </Field>
        {suggestion === null && (
          <div className="suggestion" data-testid="level-suggestion">
            <div className="field-label">{t('caseForm.suggested')}</div>
            <div className="suggestion-row">{t('level.notAssessed')}</div>
            <p className="muted small">{t('level.notAssessedHelp')}</p>
          </div>
        )}
        {suggestion && (
          <div className="suggestion" data-testid="level-suggestion">
            <div className="field-label">{t('caseForm.suggested')}</div>
            <div className="suggestion-row">
              <LevelBadge level={suggestion.level} suggested />
              {form.progressLevel !== suggestion.level && (
                <button type="button" className="btn btn-small" onClick={() => set('progressLevel', suggestion.level)}>
                  {t('caseForm.useSuggested')}
                </button>
              )}
            </div>
            {suggestion.reasons.length > 0 && (
              <ul className="reason-list">
                {suggestion.reasons.map((reason, index) => (
                  <li key={index}>{pick(reason, lang)}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      {selected && (
        <div className="rubric" aria-live="polite">
          <LevelBadge level={selected} />
          {text ? (
            <div className="rubric-text">
              <div lang="ja">{text.ja}</div>
              <div lang="en" className="muted">
                {text.en}
              </div>
            </div>
          ) : (
            <span className="muted">{t('common.loading')}</span>
          )}
        </div>
      )}
      {changed && (
        <Field
          label={t('case.field.progressLevelReason')}
          required
          error={errors.progressLevelReason}
          help={t('caseForm.reasonHelp')}
        >
          <textarea
            rows={2}
            value={form.progressLevelReason}
            onChange={(event) => set('progressLevelReason', event.target.value)}
            data-testid="case-field-progressLevelReason"
          />
        </Field>
      )}
    </fieldset>
  );
}
