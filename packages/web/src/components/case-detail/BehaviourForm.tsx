import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ApiError, api } from '../../api';
import { fromLocalInput, pick, toLocalInput } from '../../format';
import { useBehaviourCategories } from '../../hooks/useCatalogues';
import { useLang } from '../../hooks/useLang';
import type { Behaviour, BehaviourInput } from '../../types';
import { Field } from '../Field';
import { ErrorMessage } from '../Status';
import { TechniquePicker, type PickedTechnique } from '../TechniquePicker';

const TECHNIQUE_ID = /T\d{4}(?:\.\d{3})?/g;

/**
 * Adds one attacker behaviour to a case's timeline or, given `editing`, changes one in place: the form opens with
 * the behaviour's values and focus, saves with PATCH, and Escape or Cancel closes it unchanged.
 */
export function BehaviourForm({
  caseId,
  onAdded,
  editing,
  techniqueNames,
  onCancel,
}: {
  caseId: string;
  onAdded: (behaviour: Behaviour) => void;
  editing?: Behaviour;
  techniqueNames?: Map<string, string>;
  onCancel?: () => void;
}) {
  const { t, lang } = useLang();
  const categories = useBehaviourCategories();
  const [occurredAt, setOccurredAt] = useState(() => toLocalInput(editing ? new Date(editing.occurredAt) : new Date()));
  const [category, setCategory] = useState(editing?.category ?? '');
  const [action, setAction] = useState(editing?.action ?? '');
  const [actionJa, setActionJa] = useState(editing?.actionJa ?? '');
  const [techniques, setTechniques] = useState<PickedTechnique[]>(
    () => editing?.techniqueIds.map((id) => ({ id, name: techniqueNames?.get(id) ?? id })) ?? [],
  );
  const [notes, setNotes] = useState(editing?.notes ?? '');
  const [notesJa, setNotesJa] = useState(editing?.notesJa ?? '');
  const [pending, setPending] = useState(false);
  const firstField = useRef<HTMLInputElement>(null);
  const prefix = editing ? 'behaviour-edit' : 'behaviour';

  useEffect(() => {
    if (editing) firstField.current?.focus();
  }, [editing]);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [local, setLocal] = useState<Record<string, string>>({});

  const chosenCategory = category || categories.items?.[0]?.key || '';
  const invalidIds =
    error?.code === 'UNKNOWN_TECHNIQUE'
      ? [...new Set(error.fields.flatMap((field) => `${field.path} ${field.message}`.match(TECHNIQUE_ID) ?? []))]
      : [];

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const iso = fromLocalInput(occurredAt);
    const problems: Record<string, string> = {};
    if (!iso) problems.occurredAt = t('behaviour.error.occurredAt');
    if (!action.trim()) problems.action = t('behaviour.error.action');
    if (!chosenCategory) problems.category = t('behaviour.error.category');
    setLocal(problems);
    if (Object.keys(problems).length > 0 || !iso) return;
    const body: BehaviourInput = {
      occurredAt: iso,
      category: chosenCategory,
      action: action.trim(),
      actionJa: actionJa.trim(),
      techniqueIds: techniques.map((item) => item.id),
      notes: notes.trim(),
      notesJa: notesJa.trim(),
    };
    setPending(true);
    setError(undefined);
    try {
      if (editing) {
        onAdded(await api.patch<Behaviour>(`/cases/${caseId}/behaviours/${editing.id}`, body));
        return;
      }
      const created = await api.post<Behaviour>(`/cases/${caseId}/behaviours`, body);
      setAction('');
      setActionJa('');
      setTechniques([]);
      setNotes('');
      setNotesJa('');
      onAdded(created);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    } finally {
      setPending(false);
    }
  };

  const fieldError = (name: string) => local[name] ?? error?.fieldMessage(name);
  const title = editing ? t('behaviour.editTitle') : t('behaviour.addTitle');
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && onCancel && !pending) {
      event.stopPropagation();
      onCancel();
    }
  };
  return (
    <form
      className={editing ? 'form behaviour-form behaviour-form-edit' : 'form behaviour-form'}
      onSubmit={(event) => void onSubmit(event)}
      onKeyDown={onKeyDown}
      noValidate
      aria-label={title}
      data-testid={editing ? 'behaviour-edit-form' : undefined}
    >
      <h3>{title}</h3>
      <ErrorMessage error={error} />
      <div className="form-grid">
        <Field
          label={t('behaviour.occurredAt')}
          required
          error={fieldError('occurredAt')}
          help={t('behaviour.occurredAtHelp')}
        >
          <input
            ref={firstField}
            type="datetime-local"
            step={60}
            value={occurredAt}
            onChange={(event) => setOccurredAt(event.target.value)}
            data-testid={`${prefix}-occurredAt`}
          />
        </Field>
        <Field label={t('behaviour.category')} required error={fieldError('category') ?? categories.error?.message}>
          <select
            value={chosenCategory}
            onChange={(event) => setCategory(event.target.value)}
            data-testid={`${prefix}-category`}
          >
            {!categories.items && <option value="">{t('common.loading')}</option>}
            {categories.items?.map((item) => (
              <option key={item.key} value={item.key}>
                {pick(item, lang)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="form-grid form-grid-2">
        <Field label={t('behaviour.action')} required error={fieldError('action')}>
          <input
            lang="en"
            value={action}
            onChange={(event) => setAction(event.target.value)}
            placeholder={t('behaviour.actionPlaceholder')}
            data-testid={`${prefix}-action`}
          />
        </Field>
        <Field label={t('behaviour.actionJa')} error={fieldError('actionJa')}>
          <input
            lang="ja"
            value={actionJa}
            onChange={(event) => setActionJa(event.target.value)}
            data-testid={`${prefix}-actionJa`}
          />
        </Field>
      </div>
      <div className="field">
        <span className="field-label">{t('behaviour.techniques')}</span>
        <TechniquePicker value={techniques} onChange={setTechniques} invalidIds={invalidIds} />
        {error?.fieldMessage('techniqueIds') && <div className="field-error">{error.fieldMessage('techniqueIds')}</div>}
      </div>
      <div className="form-grid form-grid-2">
        <Field label={t('behaviour.notes')} error={fieldError('notes')}>
          <textarea
            lang="en"
            rows={2}
            value={notes}
            onChange={(event) => setNotes(event.target.value)}
            data-testid={`${prefix}-notes`}
          />
        </Field>
        <Field label={t('behaviour.notesJa')} error={fieldError('notesJa')}>
          <textarea
            lang="ja"
            rows={2}
            value={notesJa}
            onChange={(event) => setNotesJa(event.target.value)}
            data-testid={`${prefix}-notesJa`}
          />
        </Field>
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={pending}
          data-testid={editing ? 'behaviour-edit-save' : 'behaviour-add'}
        >
          {pending ? t('common.saving') : editing ? t('common.save') : t('behaviour.add')}
        </button>
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel} disabled={pending} data-testid={`${prefix}-cancel`}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
