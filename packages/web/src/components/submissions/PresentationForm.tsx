import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { useAction } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { isoFromLocal } from '../cohorts/cohorts';
import { ErrorMessage } from '../Status';
import { submissionPath, type Submission } from './submissionTypes';

/** "2025-06-20T14:00" in local time, for <input type="datetime-local">. */
const localValue = (iso: string | null): string => {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** The final presentation slot of a project, set (or cleared) by those who teach. */
export function PresentationForm({ submission, onSaved }: { submission: Submission; onSaved: () => void }) {
  const { t } = useLang();
  const [value, setValue] = useState(localValue(submission.presentationAt));
  const save = useAction(() =>
    api.patch(submissionPath.api.submission(submission.id), { presentationAt: isoFromLocal(value) ?? null }),
  );
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if ((await save.run()) !== undefined) onSaved();
  };
  return (
    <form className="panel form form-inline" onSubmit={(event) => void onSubmit(event)} data-testid="presentation-form">
      <label className="field">
        <span className="field-label">{t('submissions.project.presentation')}</span>
        <input type="datetime-local" value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <button type="submit" className="btn" disabled={save.pending}>
        {t('common.save')}
      </button>
      <ErrorMessage error={save.error} />
    </form>
  );
}
