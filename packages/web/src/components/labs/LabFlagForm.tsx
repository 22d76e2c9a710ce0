import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { useAction } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { ErrorMessage, Notice } from '../Status';

/** Submits a flag for the instance; says correct or wrong, and asks politely to wait when rate limited. */
export function LabFlagForm({
  instanceId,
  accepted,
  onCorrect,
}: {
  instanceId: string;
  accepted: boolean;
  onCorrect: () => void;
}) {
  const { t } = useLang();
  const [flag, setFlag] = useState('');
  const [verdict, setVerdict] = useState<'correct' | 'wrong' | undefined>(undefined);
  const submit = useAction((value: string) =>
    api.post<{ verdict: 'correct' | 'wrong' }>(`/lab-instances/${instanceId}/flag`, { flag: value }),
  );
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const value = flag.trim();
    if (!value) return;
    setVerdict(undefined);
    const result = await submit.run(value);
    if (!result) return;
    setVerdict(result.verdict);
    if (result.verdict === 'correct') {
      setFlag('');
      onCorrect();
    }
  };

  return (
    <form className="panel form" onSubmit={(event) => void onSubmit(event)} data-testid="lab-flag">
      <h2>
        {t('labs.flag.title')}{' '}
        {accepted && (
          <span className="chip" data-testid="lab-flag-accepted">
            ✓ {t('labs.flag.accepted')}
          </span>
        )}
      </h2>
      <p className="muted small">{t('labs.flag.help')}</p>
      {submit.error?.status === 429 ? (
        <Notice kind="warning">{t('labs.flag.tooMany')}</Notice>
      ) : (
        <ErrorMessage error={submit.error} />
      )}
      {verdict === 'correct' && (
        <div data-testid="lab-flag-verdict" data-verdict="correct">
          <Notice kind="success">{t('labs.flag.correct')}</Notice>
        </div>
      )}
      {verdict === 'wrong' && (
        <div data-testid="lab-flag-verdict" data-verdict="wrong">
          <Notice kind="warning">{t('labs.flag.wrong')}</Notice>
        </div>
      )}
      <div className="form-row">
        <label className="field">
          <span className="field-label">{t('labs.flag.label')}</span>
          <input
            className="mono"
            value={flag}
            maxLength={256}
            autoComplete="off"
            spellCheck={false}
            placeholder="cynex{…}"
            onChange={(event) => setFlag(event.target.value)}
            data-testid="lab-flag-input"
          />
        </label>
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={submit.pending || !flag.trim()}
          data-testid="lab-flag-submit"
        >
          {submit.pending ? t('labs.flag.checking') : t('labs.flag.submit')}
        </button>
      </div>
    </form>
  );
}
