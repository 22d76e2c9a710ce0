import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { fromLocalInput, toLocalInput } from '../../format';
import { useAction } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { CohortMember } from '../cohorts/cohortTypes';
import { ErrorMessage } from '../Status';
import { activityPath, type Meeting } from './activityTypes';

interface ItemDraft {
  text: string;
  ownerId: string;
  done: boolean;
}

const MAX_ITEMS = 50;

/**
 * Creates a progress meeting, or edits one: date and time, title, Markdown notes and the action items (each with
 * an owner among the cohort's members, or nobody). Plain form controls in reading order, so the keyboard does it all.
 */
export function MeetingForm({
  cohortId,
  members,
  meeting,
  onSaved,
  onCancel,
}: {
  cohortId: string;
  members: CohortMember[];
  meeting?: Meeting;
  onSaved: () => void;
  onCancel?: () => void;
}) {
  const { t } = useLang();
  const [at, setAt] = useState(toLocalInput(meeting ? new Date(meeting.at) : new Date()));
  const [title, setTitle] = useState(meeting?.title ?? '');
  const [notes, setNotes] = useState(meeting?.notes ?? '');
  const [items, setItems] = useState<ItemDraft[]>(
    meeting?.actionItems.map((i) => ({ text: i.text, ownerId: i.ownerId ?? '', done: i.done })) ?? [],
  );
  const save = useAction(() => {
    const body = {
      at: fromLocalInput(at),
      title: title.trim(),
      notes,
      actionItems: items
        .filter((i) => i.text.trim())
        .map((i) => ({ text: i.text.trim(), ownerId: i.ownerId || null, done: i.done })),
    };
    return meeting
      ? api.patch<Meeting>(activityPath.meeting(cohortId, meeting.id), body)
      : api.post<Meeting>(activityPath.meetings(cohortId), body);
  });
  const change = (index: number, patch: Partial<ItemDraft>) =>
    setItems((list) => list.map((item, i) => (i === index ? { ...item, ...patch } : item)));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if ((await save.run()) === undefined) return;
    if (!meeting) {
      setTitle('');
      setNotes('');
      setItems([]);
    }
    onSaved();
  };

  return (
    <form className="form" onSubmit={(event) => void onSubmit(event)} data-testid="meeting-form">
      <div className="form-grid form-grid-2">
        <label className="field">
          <span className="field-label">{t('cohortActivity.meetings.at')}</span>
          <input type="datetime-local" value={at} required onChange={(e) => setAt(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">{t('cohortActivity.meetings.titleField')}</span>
          <input
            value={title}
            maxLength={200}
            required
            onChange={(e) => setTitle(e.target.value)}
            data-testid="meeting-title"
          />
        </label>
      </div>
      <label className="field">
        <span className="field-label">{t('cohortActivity.meetings.notes')}</span>
        <textarea
          value={notes}
          rows={5}
          maxLength={20_000}
          onChange={(e) => setNotes(e.target.value)}
          data-testid="meeting-notes"
        />
        <span className="field-help">{t('cohortActivity.markdownHelp')}</span>
      </label>
      <fieldset className="fieldset">
        <legend>{t('cohortActivity.meetings.items')}</legend>
        {items.map((item, index) => (
          <div className="form-inline" key={index} data-testid="meeting-item-draft">
            <label className="field">
              <span className="visually-hidden">
                {t('cohortActivity.meetings.itemText')} {index + 1}
              </span>
              <input
                value={item.text}
                maxLength={500}
                placeholder={t('cohortActivity.meetings.itemText')}
                onChange={(e) => change(index, { text: e.target.value })}
                data-testid="meeting-item-text"
              />
            </label>
            <label className="field">
              <span className="visually-hidden">
                {t('cohortActivity.meetings.owner')} {index + 1}
              </span>
              <select
                value={item.ownerId}
                onChange={(e) => change(index, { ownerId: e.target.value })}
                data-testid="meeting-item-owner"
              >
                <option value="">{t('cohortActivity.meetings.nobody')}</option>
                {members.map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.displayName}
                  </option>
                ))}
              </select>
            </label>
            <label className="check">
              <input type="checkbox" checked={item.done} onChange={(e) => change(index, { done: e.target.checked })} />
              {t('cohortActivity.meetings.done')}
            </label>
            <button
              type="button"
              className="btn-link btn-danger-link"
              onClick={() => setItems((list) => list.filter((_, i) => i !== index))}
            >
              {t('cohortActivity.meetings.removeItem')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="btn btn-small"
          disabled={items.length >= MAX_ITEMS}
          onClick={() => setItems((list) => [...list, { text: '', ownerId: '', done: false }])}
          data-testid="meeting-add-item"
        >
          {t('cohortActivity.meetings.addItem')}
        </button>
      </fieldset>
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={save.pending || !title.trim() || !fromLocalInput(at)}
          data-testid="meeting-submit"
        >
          {meeting ? t('cohortActivity.save') : t('cohortActivity.meetings.create')}
        </button>
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            {t('cohortActivity.cancel')}
          </button>
        )}
      </div>
      <ErrorMessage error={save.error} />
    </form>
  );
}
