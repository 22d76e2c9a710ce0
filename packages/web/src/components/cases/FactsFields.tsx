import { C2_STATES } from '../../constants';
import { useLang } from '../../hooks/useLang';
import type { C2State, CaseFacts } from '../../types';
import { Field } from '../Field';
import type { CaseFormState, FieldErrors, SetField } from './caseFormState';

const FLAGS = ['executed', 'evadedAnalysis', 'networkActivity', 'secondStage'] as const;

/** The observed facts the hub's level suggestion is built from. */
export function FactsFields({ form, set, errors }: { form: CaseFormState; set: SetField; errors: FieldErrors }) {
  const { t } = useLang();
  const update = (patch: Partial<CaseFacts>) => set('facts', { ...form.facts, ...patch });
  return (
    <fieldset className="form-section">
      <legend>{t('caseForm.section.facts')}</legend>
      <p className="field-help">{t('caseForm.factsHelp')}</p>
      <div className="form-grid">
        <div className="check-group">
          {FLAGS.map((flag) => (
            <label key={flag} className="check">
              <input
                type="checkbox"
                checked={form.facts[flag] === true}
                onChange={(event) => update({ [flag]: event.target.checked })}
                data-testid={`case-field-facts-${flag}`}
              />
              <span>{t(`case.facts.${flag}`)}</span>
            </label>
          ))}
        </div>
        <Field label={t('case.facts.c2')} error={errors['facts.c2'] ?? errors.facts}>
          <select
            value={form.facts.c2 ?? ''}
            onChange={(event) =>
              update({ c2: event.target.value === '' ? undefined : (event.target.value as C2State) })
            }
            data-testid="case-field-facts-c2"
          >
            <option value="">{t('common.notSet')}</option>
            {C2_STATES.map((state) => (
              <option key={state} value={state}>
                {t(`case.c2.${state}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
    </fieldset>
  );
}
