import { scopeAllowed, WIDEST_SCOPE } from '../../constants';
import type { ApiError } from '../../api';
import type { Case, CaseFacts, CaseInput, CaseStatus, EnvironmentKind, ProgressLevel, Scope, Tlp } from '../../types';

export interface CaseFormState {
  caseId: string;
  ownerOrgId: string;
  environmentKind: EnvironmentKind;
  environmentCode: string;
  environmentName: string;
  environmentNameJa: string;
  startDate: string;
  endDate: string;
  sampleName: string;
  malwareFamily: string;
  progressLevel: ProgressLevel | '';
  progressLevelReason: string;
  summaryJa: string;
  summaryEn: string;
  status: CaseStatus;
  analystUserIds: string[];
  facts: CaseFacts;
  scope: Scope;
  marking: Tlp;
  sharingGroupId: string;
  recipientUserIds: string[];
}

export type SetField = <K extends keyof CaseFormState>(key: K, value: CaseFormState[K]) => void;
/** Problems by field path ("malwareFamily", "facts.c2"). */
export type FieldErrors = Partial<Record<string, string>>;

export const CASE_ID_PATTERN = /^\d{6}_[A-Z0-9]{1,12}_\d{3,6}$/;
export const ENVIRONMENT_CODE_PATTERN = /^[A-Z0-9]{1,12}$/;

export function emptyCaseForm(ownerOrgId: string): CaseFormState {
  return {
    caseId: '',
    ownerOrgId,
    environmentKind: 'decoy',
    environmentCode: '',
    environmentName: '',
    environmentNameJa: '',
    startDate: new Date().toISOString().slice(0, 10),
    endDate: '',
    sampleName: '',
    malwareFamily: '',
    progressLevel: '',
    progressLevelReason: '',
    summaryJa: '',
    summaryEn: '',
    status: 'observing',
    analystUserIds: [],
    facts: {},
    scope: 'organisation',
    marking: 'AMBER',
    sharingGroupId: '',
    recipientUserIds: [],
  };
}

export function caseToForm(item: Case): CaseFormState {
  return {
    caseId: item.caseId,
    ownerOrgId: item.ownerOrgId,
    environmentKind: item.environmentKind,
    environmentCode: item.environmentCode,
    environmentName: item.environmentName,
    environmentNameJa: item.environmentNameJa,
    startDate: item.startDate,
    endDate: item.endDate ?? '',
    sampleName: item.sampleName,
    malwareFamily: item.malwareFamily,
    progressLevel: item.progressLevel,
    progressLevelReason: '',
    summaryJa: item.summaryJa,
    summaryEn: item.summaryEn,
    status: item.status,
    analystUserIds: item.analystUserIds ?? [],
    facts: item.facts ?? {},
    scope: item.scope,
    marking: item.marking,
    sharingGroupId: item.sharingGroupId ?? '',
    recipientUserIds: item.recipientUserIds ?? [],
  };
}

/** The scope to fall back to when a new marking does not allow the current one. */
export function narrowedScope(marking: Tlp, scope: Scope): Scope {
  if (scopeAllowed(marking, scope)) return scope;
  const widest = WIDEST_SCOPE[marking];
  return widest === 'sharing_group' ? 'organisation' : widest;
}

/** The request body for POST /cases. */
export function toCreateBody(form: CaseFormState): CaseInput {
  const body: CaseInput = {
    caseId: form.caseId.trim(),
    environmentKind: form.environmentKind,
    environmentCode: form.environmentCode.trim(),
    environmentName: form.environmentName.trim(),
    environmentNameJa: form.environmentNameJa.trim(),
    startDate: form.startDate,
    endDate: form.endDate || null,
    sampleName: form.sampleName.trim(),
    malwareFamily: form.malwareFamily.trim(),
    summaryJa: form.summaryJa.trim(),
    summaryEn: form.summaryEn.trim(),
    status: form.status,
    analystUserIds: form.analystUserIds,
    facts: form.facts,
    scope: form.scope,
    marking: form.marking,
    sharingGroupId: form.scope === 'sharing_group' ? form.sharingGroupId || null : null,
    recipientUserIds: form.marking === 'RED' ? form.recipientUserIds : [],
  };
  if (!body.caseId) delete (body as Partial<CaseInput>).caseId;
  if (form.ownerOrgId) body.ownerOrgId = form.ownerOrgId;
  if (form.progressLevel !== '') body.progressLevel = form.progressLevel;
  return body;
}

/** JSON with sorted object keys and undefined → null, for comparing values. */
function stable(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : inner,
  );
}

/** The PATCH body: only the fields that differ from the saved case. */
export function toPatchBody(form: CaseFormState, saved: Case): Partial<CaseInput> {
  const full = toCreateBody(form);
  const patch: Record<string, unknown> = {};
  const keys: (keyof CaseInput)[] = [
    'caseId',
    'environmentKind',
    'environmentCode',
    'environmentName',
    'environmentNameJa',
    'startDate',
    'endDate',
    'sampleName',
    'malwareFamily',
    'summaryJa',
    'summaryEn',
    'status',
    'analystUserIds',
    'facts',
    'scope',
    'marking',
    'sharingGroupId',
    'recipientUserIds',
  ];
  for (const key of keys) {
    const next = full[key];
    const previous = (saved as unknown as Record<string, unknown>)[key];
    if (next !== undefined && stable(next) !== stable(previous)) patch[key] = next;
  }
  if (form.progressLevel !== '' && form.progressLevel !== saved.progressLevel) {
    patch.progressLevel = form.progressLevel;
    patch.progressLevelReason = form.progressLevelReason.trim();
  }
  return patch;
}

type T = (key: string, options?: Record<string, unknown>) => string;

/** Checks the form before sending; the hub checks again and its messages win. */
export function validateCaseForm(form: CaseFormState, t: T, saved?: Case): FieldErrors {
  const errors: FieldErrors = {};
  if (form.caseId.trim() && !CASE_ID_PATTERN.test(form.caseId.trim())) errors.caseId = t('caseForm.error.caseId');
  if (!ENVIRONMENT_CODE_PATTERN.test(form.environmentCode.trim()))
    errors.environmentCode = t('caseForm.error.environmentCode');
  if (!form.startDate) errors.startDate = t('caseForm.error.required');
  if (form.endDate && form.startDate && form.endDate < form.startDate)
    errors.endDate = t('caseForm.error.endBeforeStart');
  if (!form.malwareFamily.trim()) errors.malwareFamily = t('caseForm.error.required');
  if (!scopeAllowed(form.marking, form.scope))
    errors.scope = t('caseForm.error.scopeTooWide', { marking: form.marking });
  if (form.scope === 'sharing_group' && !form.sharingGroupId) errors.sharingGroupId = t('caseForm.error.sharingGroup');
  if (form.marking === 'RED' && form.recipientUserIds.length === 0)
    errors.recipientUserIds = t('caseForm.error.recipients');
  if (
    saved &&
    form.progressLevel !== '' &&
    form.progressLevel !== saved.progressLevel &&
    !form.progressLevelReason.trim()
  ) {
    errors.progressLevelReason = t('caseForm.error.reason');
  }
  return errors;
}

/** Server field problems keyed by top-level field ("facts.c2" → "facts.c2" and "facts"). */
export function serverFieldErrors(error: ApiError | undefined): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of error?.fields ?? []) {
    const path = field.path.replace(/^body\./, '');
    errors[path] ??= field.message;
    const top = path.split('.')[0] ?? path;
    errors[top] ??= field.message;
  }
  return errors;
}
