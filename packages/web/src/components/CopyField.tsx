import { useState } from 'react';
import { useLang } from '../hooks/useLang';

/** A secret or link shown once, with a copy button and a warning that it will not be shown again. */
export function CopyField({
  label,
  value,
  warning,
  onDismiss,
  testId,
}: {
  label: string;
  value: string;
  warning?: string;
  onDismiss?: () => void;
  testId?: string;
}) {
  const { t } = useLang();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };

  return (
    <div className="copy-field" role="group" aria-label={label}>
      <div className="copy-field-label">{label}</div>
      {warning && <p className="copy-field-warning">{warning}</p>}
      <div className="copy-field-row">
        <input
          className="mono"
          readOnly
          value={value}
          aria-label={label}
          onFocus={(event) => event.currentTarget.select()}
          data-testid={testId}
        />
        <button type="button" className="btn btn-primary" onClick={() => void copy()}>
          {t('common.copy')}
        </button>
        {onDismiss && (
          <button type="button" className="btn" onClick={onDismiss}>
            {t('common.done')}
          </button>
        )}
      </div>
      <span className="copy-field-status" aria-live="polite">
        {copied === 'yes' ? t('common.copied') : copied === 'no' ? t('common.copyFailed') : ''}
      </span>
    </div>
  );
}
