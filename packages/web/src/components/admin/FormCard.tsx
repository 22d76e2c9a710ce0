import type { FormEvent, ReactNode } from 'react';
import type { ApiError } from '../../api';
import { useLang } from '../../hooks/useLang';
import { ErrorMessage } from '../Status';

/** A form's submit button: disabled and saying so while the request runs. */
export function SubmitButton({
  pending,
  disabled = false,
  label,
  testId,
}: {
  pending: boolean;
  disabled?: boolean;
  label: ReactNode;
  testId: string;
}) {
  const { t } = useLang();
  return (
    <button type="submit" className="btn btn-primary" disabled={pending || disabled} data-testid={testId}>
      {pending ? t('common.saving') : label}
    </button>
  );
}

/**
 * A create-or-edit form in a panel: title, the hub's error, the fields, then submit and (when it can be
 * dismissed) cancel. Validation stays with the caller; the browser's own is off.
 */
export function FormCard({
  title,
  error,
  pending,
  onSubmit,
  submitLabel,
  submitTestId,
  onCancel,
  testId,
  children,
}: {
  title: ReactNode;
  error: ApiError | undefined;
  pending: boolean;
  onSubmit: (event: FormEvent) => void;
  submitLabel: ReactNode;
  submitTestId: string;
  onCancel?: () => void;
  testId: string;
  children: ReactNode;
}) {
  const { t } = useLang();
  return (
    <form className="form panel" onSubmit={onSubmit} noValidate data-testid={testId}>
      <h2>{title}</h2>
      <ErrorMessage error={error} />
      {children}
      <div className="form-actions">
        <SubmitButton pending={pending} label={submitLabel} testId={submitTestId} />
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
