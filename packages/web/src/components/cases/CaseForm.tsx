import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { ApiError, api } from '../../api';
import { CASE_STATUSES, ENVIRONMENT_KINDS } from '../../constants';
import { orgName } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useMe } from '../../hooks/useAuth';
import { useLang } from '../../hooks/useLang';
import { permissionsOf } from '../../hooks/usePermissions';
import type { Case, Items, LevelSuggestion, Org } from '../../types';
import { Field, FieldSet } from '../Field';
import { ErrorMessage } from '../Status';
import { UserPicker } from '../UserPicker';
import {
  caseToForm,
  emptyCaseForm,
  serverFieldErrors,
  toCreateBody,
  toPatchBody,
  validateCaseForm,
  type CaseFormState,
  type FieldErrors,
  type SetField,
} from './caseFormState';
import { FactsFields } from './FactsFields';
import { LevelField } from './LevelField';
import { SharingFields } from './SharingFields';

type TextKey = 'caseId' | 'environmentCode' | 'environmentName' | 'environmentNameJa' | 'malwareFamily' | 'sampleName';

/** Creates a case (no `saved`) or edits one; on edit only changed fields are sent. */
export function CaseForm({
  saved,
  suggestion,
  onSaved,
  onCancel,
}: {
  saved?: Case;
  suggestion?: LevelSuggestion | null;
  onSaved: (item: Case) => void;
  onCancel?: () => void;
}) {
  const { t, lang } = useLang();
  const me = useMe();
  const permissions = permissionsOf(me);
  const allOrgs = useApi<Items<Org>>(!saved && me.isPlatformAdmin ? '/orgs' : null);
  const ownerOptions = useMemo(() => {
    if (me.isPlatformAdmin && allOrgs.data)
      return allOrgs.data.items.map((org) => ({ id: org.id, name: orgName(org, lang) }));
    return me.memberships
      .filter((m) => permissions.writableOrgIds.includes(m.orgId))
      .map((m) => ({ id: m.orgId, name: orgName({ nameEn: m.orgNameEn, nameJa: m.orgNameJa }, lang) }));
  }, [me, allOrgs.data, lang, permissions.writableOrgIds]);

  const [form, setForm] = useState<CaseFormState>(() =>
    saved ? caseToForm(saved) : emptyCaseForm(permissions.writableOrgIds[0] ?? ''),
  );
  const [submitted, setSubmitted] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);

  const set: SetField = useCallback((key, value) => setForm((previous) => ({ ...previous, [key]: value })), []);
  const live = submitted ? validateCaseForm(form, t, saved) : {};
  const errors: FieldErrors = { ...live, ...serverFieldErrors(error) };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setNotice(null);
    const problems = validateCaseForm(form, t, saved);
    if (Object.keys(problems).length > 0) {
      const first = Object.keys(problems)[0];
      document.querySelector<HTMLElement>(`[data-testid="case-field-${first}"]`)?.focus();
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      if (saved) {
        const patch = toPatchBody(form, saved);
        if (Object.keys(patch).length === 0) {
          setNotice(t('caseForm.noChanges'));
          return;
        }
        onSaved(await api.patch<Case>(`/cases/${saved.id}`, patch));
      } else {
        onSaved(await api.post<Case>('/cases', toCreateBody(form)));
      }
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    } finally {
      setPending(false);
    }
  };

  const text = (
    key: TextKey,
    options: { required?: boolean; help?: string; upper?: boolean; placeholder?: string } = {},
  ) => (
    <Field label={t(`case.field.${key}`)} required={options.required} error={errors[key]} help={options.help}>
      <input
        value={form[key]}
        placeholder={options.placeholder}
        onChange={(event) => set(key, options.upper ? event.target.value.toUpperCase() : event.target.value)}
        data-testid={`case-field-${key}`}
      />
    </Field>
  );

  return (
    <form className="form case-form" onSubmit={(event) => void onSubmit(event)} noValidate data-testid="case-form">
      {error && (
        <div>
          <ErrorMessage error={error} />
          {error.fields.length > 0 && (
            <ul className="error-list">
              {error.fields.map((field, index) => (
                <li key={index}>
                  <code>{field.path}</code> {field.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {notice && <div className="alert alert-info">{notice}</div>}
      <fieldset className="form-section">
        <legend>{t('caseForm.section.observation')}</legend>
        <div className="form-grid">
          {text('caseId', { help: saved ? undefined : t('caseForm.caseIdHelp'), placeholder: '220810_CL12_001' })}
          {!saved && (
            <Field label={t('case.field.organisation')} required error={errors.ownerOrgId}>
              <select
                value={form.ownerOrgId}
                onChange={(event) => set('ownerOrgId', event.target.value)}
                data-testid="case-field-ownerOrgId"
              >
                {ownerOptions.length === 0 && <option value="">{t('common.loading')}</option>}
                {ownerOptions.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <Field label={t('case.field.status')} error={errors.status}>
            <select
              value={form.status}
              onChange={(event) => set('status', event.target.value as CaseFormState['status'])}
              data-testid="case-field-status"
            >
              {CASE_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`case.status.${status}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('case.field.environmentKind')} error={errors.environmentKind}>
            <select
              value={form.environmentKind}
              onChange={(event) => set('environmentKind', event.target.value as CaseFormState['environmentKind'])}
              data-testid="case-field-environmentKind"
            >
              {ENVIRONMENT_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`case.environment.${kind}`)}
                </option>
              ))}
            </select>
          </Field>
          {text('environmentCode', {
            required: true,
            upper: true,
            help: t('caseForm.environmentCodeHelp'),
            placeholder: 'CL12',
          })}
          {text('environmentName')}
          {text('environmentNameJa')}
          <Field label={t('case.field.startDate')} required error={errors.startDate}>
            <input
              type="date"
              value={form.startDate}
              onChange={(event) => set('startDate', event.target.value)}
              data-testid="case-field-startDate"
            />
          </Field>
          <Field label={t('case.field.endDate')} error={errors.endDate} help={t('caseForm.endDateHelp')}>
            <input
              type="date"
              value={form.endDate}
              min={form.startDate || undefined}
              onChange={(event) => set('endDate', event.target.value)}
              data-testid="case-field-endDate"
            />
          </Field>
          {text('malwareFamily', { required: true, placeholder: 'NanoCore' })}
          {text('sampleName')}
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('caseForm.section.summary')}</legend>
        <div className="form-grid form-grid-2">
          <Field label={t('case.field.summaryJa')} error={errors.summaryJa}>
            <textarea
              lang="ja"
              rows={5}
              value={form.summaryJa}
              onChange={(event) => set('summaryJa', event.target.value)}
              data-testid="case-field-summaryJa"
            />
          </Field>
          <Field label={t('case.field.summaryEn')} error={errors.summaryEn}>
            <textarea
              lang="en"
              rows={5}
              value={form.summaryEn}
              onChange={(event) => set('summaryEn', event.target.value)}
              data-testid="case-field-summaryEn"
            />
          </Field>
        </div>
      </fieldset>
      <FactsFields form={form} set={set} errors={errors} />
      <LevelField form={form} set={set} errors={errors} savedLevel={saved?.progressLevel} suggestion={suggestion} />
      <SharingFields form={form} set={set} errors={errors} />
      <FieldSet legend={<span id="analysts-label">{t('case.field.analysts')}</span>} error={errors.analystUserIds}>
        <UserPicker
          value={form.analystUserIds}
          onChange={(ids) => set('analystUserIds', ids)}
          labelId="analysts-label"
          testId="case-field-analystUserIds"
          sharingGroupId={form.scope === 'sharing_group' ? form.sharingGroupId || undefined : undefined}
        />
      </FieldSet>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={pending} data-testid="case-save">
          {pending ? t('common.saving') : saved ? t('caseForm.saveChanges') : t('caseForm.create')}
        </button>
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel} disabled={pending}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
