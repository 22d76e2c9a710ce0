import { SCOPES, scopeAllowed, TLP_LABELS } from '../../constants';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { Items, SharingGroup } from '../../types';
import { TlpBadge } from '../Badges';
import { Field, FieldSet } from '../Field';
import { UserPicker } from '../UserPicker';
import { narrowedScope, type CaseFormState, type FieldErrors, type SetField } from './caseFormState';

/** Marking, scope, sharing group (scope = sharing_group) and named recipients (TLP:RED). */
export function SharingFields({ form, set, errors }: { form: CaseFormState; set: SetField; errors: FieldErrors }) {
  const { t } = useLang();
  const groups = useApi<Items<SharingGroup>>(form.scope === 'sharing_group' ? '/sharing-groups' : null);

  const onMarking = (marking: CaseFormState['marking']) => {
    set('marking', marking);
    const scope = narrowedScope(marking, form.scope);
    if (scope !== form.scope) set('scope', scope);
  };

  return (
    <fieldset className="form-section">
      <legend>{t('caseForm.section.sharing')}</legend>
      <div className="form-grid">
        <Field
          label={t('case.field.marking')}
          required
          error={errors.marking}
          help={
            <span className="tlp-help">
              <TlpBadge marking={form.marking} /> {t(`tlp.description.${form.marking}`)}
            </span>
          }
        >
          <select
            value={form.marking}
            onChange={(event) => onMarking(event.target.value as CaseFormState['marking'])}
            data-testid="case-field-marking"
          >
            {TLP_LABELS.map((label) => (
              <option key={label} value={label}>
                TLP:{label}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('case.field.scope')} required error={errors.scope} help={t(`scope.help.${form.scope}`)}>
          <select
            value={form.scope}
            onChange={(event) => set('scope', event.target.value as CaseFormState['scope'])}
            data-testid="case-field-scope"
          >
            {SCOPES.map((scope) => (
              <option key={scope} value={scope} disabled={!scopeAllowed(form.marking, scope)}>
                {t(`scope.name.${scope}`)}
                {!scopeAllowed(form.marking, scope)
                  ? ` (${t('caseForm.notForMarking', { marking: form.marking })})`
                  : ''}
              </option>
            ))}
          </select>
        </Field>
        {form.scope === 'sharing_group' && (
          <Field
            label={t('case.field.sharingGroup')}
            required
            error={errors.sharingGroupId ?? (groups.error ? groups.error.message : undefined)}
            help={groups.data?.items.length === 0 ? t('caseForm.noGroups') : undefined}
          >
            <select
              value={form.sharingGroupId}
              onChange={(event) => set('sharingGroupId', event.target.value)}
              data-testid="case-field-sharingGroupId"
            >
              <option value="">{groups.loading ? t('common.loading') : t('common.choose')}</option>
              {groups.data?.items.map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name}
                </option>
              ))}
            </select>
          </Field>
        )}
      </div>
      {form.marking === 'RED' && (
        <FieldSet
          legend={<span id="recipients-label">{t('case.field.recipients')}</span>}
          error={errors.recipientUserIds}
          help={t('caseForm.recipientsHelp')}
        >
          <UserPicker
            value={form.recipientUserIds}
            onChange={(ids) => set('recipientUserIds', ids)}
            labelId="recipients-label"
            testId="case-field-recipientUserIds"
            invalid={Boolean(errors.recipientUserIds)}
            sharingGroupId={form.sharingGroupId || undefined}
          />
        </FieldSet>
      )}
    </fieldset>
  );
}
