import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../../api';
import { fromLocalInput, pick, toLocalInput } from '../../format';
import { useBehaviourCategories } from '../../hooks/useCatalogues';
import { useLang } from '../../hooks/useLang';
import type { Behaviour, BehaviourInput } from '../../types';
import { Field } from '../Field';
import { ErrorMessage } from '../Status';
import { TechniquePicker, type PickedTechnique } from '../TechniquePicker';

const TECHNIQUE_ID = /T\d{4}(?:\.\d{3})?/g;

/** Adds one attacker behaviour to a case's timeline. */
export function BehaviourForm({ caseId, onAdded }: { caseId: string; onAdded: (behaviour: Behaviour) => void }) {
  const { t, lang } = useLang();
  const categories = useBehaviourCategories();
  const [occurredAt, setOccurredAt] = useState(() => toLocalInput(new Date()));
  const [category, setCategory] = useState('');
  const [action, setAction] = useState('');
  const [actionJa, setActionJa] = useState('');
  const [techniques, setTechniques] = useState<PickedTechnique[]>([]);
  const [notes, setNotes] = useState('');
  const [pending, setPending] = useState(false);
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
    };
    setPending(true);
    setError(undefined);
    try {
      const created = await api.post<Behaviour>(`/cases/${caseId}/behaviours`, body);
      setAction('');
      setActionJa('');
      setTechniques([]);
      setNotes('');
      onAdded(created);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    } finally {
      setPending(false);
    }
  };

  const fieldError = (name: string) => local[name] ?? error?.fieldMessage(name);
  return (
    <form
      className="form behaviour-form"
      onSubmit={(event) => void onSubmit(event)}
      noValidate
      aria-label={t('behaviour.addTitle')}
    >
      <h3>{t('behaviour.addTitle')}</h3>
      <ErrorMessage error={error} />
      <div className="form-grid">
        <Field
          label={t('behaviour.occurredAt')}
          required
          error={fieldError('occurredAt')}
          help={t('behaviour.occurredAtHelp')}
        >
          <input
            type="datetime-local"
            step={60}
            value={occurredAt}
            onChange={(event) => setOccurredAt(event.target.value)}
            data-testid="behaviour-occurredAt"
          />
        </Field>
        <Field label={t('behaviour.category')} required error={fieldError('category') ?? categories.error?.message}>
          <select
            value={chosenCategory}
            onChange={(event) => setCategory(event.target.value)}
            data-testid="behaviour-category"
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
            data-testid="behaviour-action"
          />
        </Field>
        <Field label={t('behaviour.actionJa')} error={fieldError('actionJa')}>
          <input
            lang="ja"
            value={actionJa}
            onChange={(event) => setActionJa(event.target.value)}
            data-testid="behaviour-actionJa"
          />
        </Field>
      </div>
      <div className="field">
        <span className="field-label">{t('behaviour.techniques')}</span>
        <TechniquePicker value={techniques} onChange={setTechniques} invalidIds={invalidIds} />
        {error?.fieldMessage('techniqueIds') && <div className="field-error">{error.fieldMessage('techniqueIds')}</div>}
      </div>
      <Field label={t('behaviour.notes')} error={fieldError('notes')}>
        <textarea
          rows={2}
          value={notes}
          onChange={(event) => setNotes(event.target.value)}
          data-testid="behaviour-notes"
        />
      </Field>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={pending} data-testid="behaviour-add">
          {pending ? t('common.saving') : t('behaviour.add')}
        </button>
      </div>
    </form>
  );
}
