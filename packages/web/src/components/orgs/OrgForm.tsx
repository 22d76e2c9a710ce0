import { useState } from 'react';
import { api } from '../../api';
import { PROGRAMMES, SECTORS } from '../../constants';
import { useLang } from '../../hooks/useLang';
import type { Org, OrgInput, Programme } from '../../types';
import { FormCard } from '../admin/FormCard';
import { useSubmit } from '../admin/useSubmit';
import { Field, FieldSet } from '../Field';

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Creates an organisation, or edits one when `org` is given (platform admins). */
export function OrgForm({ org, onSaved, onCancel }: { org?: Org; onSaved: (org: Org) => void; onCancel: () => void }) {
  const { t } = useLang();
  const [form, setForm] = useState<OrgInput>(() =>
    org
      ? { slug: org.slug, nameEn: org.nameEn, nameJa: org.nameJa, sector: org.sector, programmes: org.programmes }
      : { slug: '', nameEn: '', nameJa: '', sector: 'industry', programmes: [] },
  );
  const { pending, error, touched, handleSubmit } = useSubmit();
  const set = <K extends keyof OrgInput>(key: K, value: OrgInput[K]) =>
    setForm((previous) => ({ ...previous, [key]: value }));

  const local: Partial<Record<keyof OrgInput, string>> = touched
    ? {
        slug: SLUG.test(form.slug) ? undefined : t('orgs.error.slug'),
        nameEn: form.nameEn.trim() ? undefined : t('caseForm.error.required'),
        nameJa: form.nameJa.trim() ? undefined : t('caseForm.error.required'),
      }
    : {};
  const fieldError = (key: keyof OrgInput) => local[key] ?? error?.fieldMessage(key);

  const onSubmit = handleSubmit(
    () => SLUG.test(form.slug) && Boolean(form.nameEn.trim()) && Boolean(form.nameJa.trim()),
    async () => {
      const body = { ...form, nameEn: form.nameEn.trim(), nameJa: form.nameJa.trim() };
      onSaved(org ? await api.patch<Org>(`/orgs/${org.id}`, body) : await api.post<Org>('/orgs', body));
    },
  );

  const toggle = (programme: Programme, on: boolean) =>
    set(
      'programmes',
      on
        ? PROGRAMMES.filter((p) => p === programme || form.programmes.includes(p))
        : form.programmes.filter((p) => p !== programme),
    );

  return (
    <FormCard
      title={org ? t('orgs.editTitle') : t('orgs.createTitle')}
      error={error}
      pending={pending}
      onSubmit={onSubmit}
      submitLabel={t('common.save')}
      submitTestId="org-save"
      onCancel={onCancel}
      testId="org-form"
    >
      <div className="form-grid">
        <Field label={t('orgs.slug')} required error={fieldError('slug')} help={t('orgs.slugHelp')}>
          <input
            value={form.slug}
            onChange={(event) => set('slug', event.target.value.toLowerCase())}
            className="mono"
            data-testid="org-field-slug"
          />
        </Field>
        <Field label={t('orgs.nameJa')} required error={fieldError('nameJa')}>
          <input
            lang="ja"
            value={form.nameJa}
            onChange={(event) => set('nameJa', event.target.value)}
            data-testid="org-field-nameJa"
          />
        </Field>
        <Field label={t('orgs.nameEn')} required error={fieldError('nameEn')}>
          <input
            lang="en"
            value={form.nameEn}
            onChange={(event) => set('nameEn', event.target.value)}
            data-testid="org-field-nameEn"
          />
        </Field>
        <Field label={t('orgs.sector')} required error={fieldError('sector')}>
          <select
            value={form.sector}
            onChange={(event) => set('sector', event.target.value as OrgInput['sector'])}
            data-testid="org-field-sector"
          >
            {SECTORS.map((sector) => (
              <option key={sector} value={sector}>
                {t(`sector.${sector}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <FieldSet legend={t('orgs.programmes')} error={error?.fieldMessage('programmes')}>
        <div className="check-group check-group-inline">
          {PROGRAMMES.map((programme) => (
            <label key={programme} className="check">
              <input
                type="checkbox"
                checked={form.programmes.includes(programme)}
                onChange={(event) => toggle(programme, event.target.checked)}
              />
              <span>
                <strong>{programme}</strong> {t(`programme.${programme}`)}
              </span>
            </label>
          ))}
        </div>
      </FieldSet>
    </FormCard>
  );
}
