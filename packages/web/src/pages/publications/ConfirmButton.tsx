import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useLang } from '../../hooks/useLang';

/**
 * A button that asks before it acts: the first click shows the question with Confirm / Cancel (Escape cancels);
 * `reason` adds a required text field whose value is passed on.
 */
export function ConfirmButton({
  label,
  question,
  onConfirm,
  disabled = false,
  danger = false,
  reason,
  testId,
}: {
  label: ReactNode;
  question: ReactNode;
  onConfirm: (reason: string) => void | Promise<void>;
  disabled?: boolean;
  danger?: boolean;
  reason?: { label: string; maxLength: number };
  testId: string;
}) {
  const { t } = useLang();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const first = useRef<HTMLButtonElement & HTMLInputElement>(null);
  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);
  if (!open)
    return (
      <button
        type="button"
        className={danger ? 'btn btn-danger' : 'btn btn-primary'}
        disabled={disabled}
        onClick={() => setOpen(true)}
        data-testid={testId}
      >
        {label}
      </button>
    );
  const confirm = async () => {
    if (reason && text.trim() === '') return;
    setOpen(false);
    await onConfirm(text.trim());
    setText('');
  };
  return (
    <div
      className="pub-confirm"
      role="group"
      aria-label={typeof label === 'string' ? label : undefined}
      onKeyDown={(event) => {
        if (event.key === 'Escape') setOpen(false);
      }}
    >
      <span>{question}</span>
      {reason && (
        <label>
          <span className="field-label">{reason.label}</span>{' '}
          <input
            ref={first}
            value={text}
            maxLength={reason.maxLength}
            required
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') void confirm();
            }}
            data-testid={`${testId}-reason`}
          />
        </label>
      )}
      <button
        ref={reason ? undefined : first}
        type="button"
        className={danger ? 'btn btn-danger' : 'btn btn-primary'}
        disabled={Boolean(reason) && text.trim() === ''}
        onClick={() => void confirm()}
        data-testid={`${testId}-confirm`}
      >
        {t('publications.confirm.yes')}
      </button>
      <button type="button" className="btn" onClick={() => setOpen(false)}>
        {t('publications.confirm.cancel')}
      </button>
    </div>
  );
}
