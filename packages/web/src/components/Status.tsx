import type { ReactNode } from 'react';
import type { ApiError } from '../api';
import { useLang } from '../hooks/useLang';

type T = ReturnType<typeof useLang>['t'];

/** A translated message for an API error: known codes get a local text, others show the hub's message. */
export function errorText(t: T, error: ApiError): string {
  const text = t(`errors.${error.code}`, { defaultValue: '' });
  if (text)
    return error.retryAfterSeconds ? `${text} ${t('errors.retryAfter', { seconds: error.retryAfterSeconds })}` : text;
  return error.message || t('errors.generic');
}

export function Loading({ label, inline = false }: { label?: string; inline?: boolean }) {
  const { t } = useLang();
  return (
    <div className={inline ? 'loading loading-inline' : 'loading'} role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

export function ErrorMessage({ error, onRetry }: { error: ApiError | undefined; onRetry?: () => void }) {
  const { t } = useLang();
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert">
      <span>{errorText(t, error)}</span>
      {error.status > 0 && <code className="alert-code">{error.code}</code>}
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'success' | 'warning'; children: ReactNode }) {
  return (
    <div className={`alert alert-${kind}`} role={kind === 'warning' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

/** Loading / error / content for one fetch, keeping stale content visible while refetching. */
export function AsyncBlock<T>({
  state,
  children,
}: {
  state: { data: T | undefined; error: ApiError | undefined; loading: boolean; reload: () => void };
  children: (data: T) => ReactNode;
}) {
  if (state.error && state.data === undefined) return <ErrorMessage error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return <Loading />;
  return (
    <>
      {state.error && <ErrorMessage error={state.error} onRetry={state.reload} />}
      {children(state.data)}
    </>
  );
}
