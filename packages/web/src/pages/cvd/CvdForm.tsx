import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../api';
import { Field } from '../../components/Field';
import { ErrorMessage } from '../../components/Status';
import { useApi } from '../../hooks/useApi';
import { useMe } from '../../hooks/useAuth';
import { useLang } from '../../hooks/useLang';
import { usePermissions } from '../../hooks/usePermissions';
import type { Items, Org } from '../../types';
import { CvssCalculator } from './CvssCalculator';
import type { CvdCase } from './types';

const TEXT_FIELDS = [
  'product',
  'vendorName',
  'titleJa',
  'titleEn',
  'descriptionJa',
  'descriptionEn',
  'affectedVersions',
  'fixedVersions',
  'proof',
  'reporterCredit',
  'cweId',
  'cveId',
  'cvss31Vector',
  'cvss40Vector',
] as const;
type TextField = (typeof TEXT_FIELDS)[number];
export type CvdFormValues = Record<TextField, string> & {
  vendorOrgId: string;
  embargoUntil: string;
  reporterOrgId: string;
};
/** Fields the hub takes as null when empty. */
const NULLABLE: readonly string[] = ['cweId', 'cveId', 'cvss31Vector', 'cvss40Vector', 'vendorOrgId', 'embargoUntil'];

const toLocalInput = (iso: string | null) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

export function initialValues(c?: CvdCase): CvdFormValues {
  const values = Object.fromEntries(TEXT_FIELDS.map((f) => [f, c?.[f] ?? ''])) as Record<TextField, string>;
  return {
    ...values,
    vendorOrgId: c?.vendorOrgId ?? '',
    embargoUntil: toLocalInput(c?.embargoUntil ?? null),
    reporterOrgId: c?.reporterOrgId ?? '',
  };
}

/** The request body: for a new case the non-empty fields; for an edit the changed ones (empty → null). */
export function bodyOf(values: CvdFormValues, initial?: CvdFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(values)) {
    if (key === 'reporterOrgId' && (initial || raw === '')) continue;
    if (initial && initial[key as keyof CvdFormValues] === raw) continue;
    const value =
      key === 'embargoUntil' && raw !== ''
        ? new Date(raw).toISOString()
        : raw.trim() === '' && NULLABLE.includes(key)
          ? null
          : raw;
    if (!initial && (value === null || value === '')) continue;
    body[key] = value;
  }
  return body;
}

/** The case form: intake of a new vulnerability, or an edit of a case's fields (with both CVSS calculators). */
export function CvdForm({
  initial,
  submitLabel,
  onSubmit,
  extraActions,
}: {
  initial?: CvdCase;
  submitLabel: string;
  onSubmit: (body: Record<string, unknown>) => Promise<void>;
  extraActions?: ReactNode;
}) {
  const { t, lang } = useLang();
  const me = useMe();
  const permissions = usePermissions();
  const orgs = useApi<Items<Org>>('/orgs');
  const [start] = useState(() => initialValues(initial));
  const [values, setValues] = useState<CvdFormValues>(() => ({
    ...start,
    reporterOrgId: start.reporterOrgId || (permissions.writableOrgIds[0] ?? ''),
  }));
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [pending, setPending] = useState(false);
  const set = (key: keyof CvdFormValues) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const fieldError = (path: string) => error?.fieldMessage(path);
  const reporterChoices = me.isPlatformAdmin
    ? (orgs.data?.items ?? [])
    : (orgs.data?.items ?? []).filter((o) => permissions.writableOrgIds.includes(o.id));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(undefined);
    try {
      await onSubmit(bodyOf(values, initial ? start : undefined));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    } finally {
      setPending(false);
    }
  };
  const text = (key: TextField, options: { required?: boolean; max?: number; help?: string; mono?: boolean } = {}) => (
    <Field label={t(`cvd.field.${key}`)} required={options.required} help={options.help} error={fieldError(key)}>
      <input
        name={key}
        className={options.mono ? 'mono' : undefined}
        value={values[key]}
        maxLength={options.max ?? 300}
        required={options.required}
        onChange={(e) => set(key)(e.target.value)}
      />
    </Field>
  );
  const area = (key: TextField, rows = 4, max = 20_000) => (
    <Field label={t(`cvd.field.${key}`)} error={fieldError(key)}>
      <textarea name={key} rows={rows} maxLength={max} value={values[key]} onChange={(e) => set(key)(e.target.value)} />
    </Field>
  );

  return (
    <form className="cvd-form" onSubmit={(e) => void submit(e)} noValidate data-testid="cvd-form">
      <ErrorMessage error={error} />
      <fieldset className="form-section">
        <legend>{t('cvd.form.product')}</legend>
        <div className="form-grid form-grid-2">
          {!initial && reporterChoices.length > 1 && (
            <Field label={t('cvd.field.reporterOrgId')} error={fieldError('reporterOrgId')}>
              <select
                name="reporterOrgId"
                value={values.reporterOrgId}
                onChange={(e) => set('reporterOrgId')(e.target.value)}
              >
                {reporterChoices.map((o) => (
                  <option key={o.id} value={o.id}>
                    {lang === 'ja' ? o.nameJa : o.nameEn}
                  </option>
                ))}
              </select>
            </Field>
          )}
          {text('product', { required: true, max: 200 })}
          {text('vendorName', { required: true, max: 200 })}
          <Field
            label={t('cvd.field.vendorOrgId')}
            help={t('cvd.form.vendorOrgHelp')}
            error={fieldError('vendorOrgId')}
          >
            <select name="vendorOrgId" value={values.vendorOrgId} onChange={(e) => set('vendorOrgId')(e.target.value)}>
              <option value="">{t('cvd.form.noVendorOrg')}</option>
              {(orgs.data?.items ?? []).map((o) => (
                <option key={o.id} value={o.id}>
                  {lang === 'ja' ? o.nameJa : o.nameEn}
                </option>
              ))}
            </select>
          </Field>
          {text('affectedVersions', { max: 2000 })}
          {text('fixedVersions', { max: 2000 })}
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('cvd.form.description')}</legend>
        <p className="muted small">{t('cvd.form.titleHelp')}</p>
        <div className="form-grid form-grid-2">
          {text('titleJa')}
          {text('titleEn')}
        </div>
        <div className="form-grid form-grid-2">
          {area('descriptionJa')}
          {area('descriptionEn')}
        </div>
        {area('proof', 8, 102_400)}
        <div className="form-grid form-grid-2">
          {text('cweId', { help: 'CWE-79', mono: true, max: 20 })}
          {text('cveId', { help: 'CVE-2022-35733', mono: true, max: 20 })}
          {text('reporterCredit', { max: 200, help: t('cvd.form.creditHelp') })}
          <Field
            label={t('cvd.field.embargoUntil')}
            help={t('cvd.form.embargoHelp')}
            error={fieldError('embargoUntil')}
          >
            <input
              type="datetime-local"
              name="embargoUntil"
              value={values.embargoUntil}
              onChange={(e) => set('embargoUntil')(e.target.value)}
            />
          </Field>
        </div>
      </fieldset>
      <CvssCalculator
        version="3.1"
        value={values.cvss31Vector}
        onChange={set('cvss31Vector')}
        serverError={fieldError('cvss31Vector')}
      />
      <CvssCalculator
        version="4.0"
        value={values.cvss40Vector}
        onChange={set('cvss40Vector')}
        serverError={fieldError('cvss40Vector')}
      />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={pending} data-testid="cvd-submit">
          {submitLabel}
        </button>
        {extraActions}
      </div>
    </form>
  );
}
