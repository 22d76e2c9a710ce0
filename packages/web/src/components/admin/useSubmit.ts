import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../../api';

/** Whatever a request threw, as an ApiError the form can show (the client's own failures under CLIENT). */
export function asApiError(caught: unknown): ApiError {
  return caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught));
}

/**
 * A form's round trip to the hub: `pending` while a request runs, the hub's `error` after one failed, and
 * `touched` once the person has tried to submit (local problems show from then on).
 */
export function useSubmit() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [touched, setTouched] = useState(false);

  /** Sends one request, tracking pending and error. */
  const run = async (send: () => Promise<void>) => {
    setPending(true);
    setError(undefined);
    try {
      await send();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setPending(false);
    }
  };

  /** The form's submit handler: marks it touched, then sends unless `valid()` says the fields are not ready. */
  const handleSubmit = (valid: () => boolean, send: () => Promise<void>) => (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!valid()) return;
    void run(send);
  };

  return { pending, error, setError, touched, setTouched, run, handleSubmit };
}

/** Deletes a record once the person confirms, then calls `onDeleted`; keeps the hub's refusal to show. */
export function useConfirmedDelete(onDeleted: () => void) {
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const remove = async (question: string, path: string) => {
    if (!window.confirm(question)) return;
    setError(undefined);
    try {
      await api.del(path);
      onDeleted();
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
    }
  };
  return { error, remove };
}
