import { useEffect } from 'react';
import { useApi } from '../../hooks/useApi';

const POLL_MS = 60_000;
/** Fired on window after an alert changes state, so counters refresh at once. */
export const ALERTS_CHANGED = 'cynex:alerts-changed';

export function announceAlertsChanged(): void {
  window.dispatchEvent(new Event(ALERTS_CHANGED));
}

/** How many alerts of the caller's organisations are open (undefined while unknown or unavailable). */
export function useOpenAlertCount(enabled: boolean): number | undefined {
  const state = useApi<{ total: number }>(enabled ? '/alerts' : null, { status: 'open', limit: 1 });
  const { reload } = state;
  useEffect(() => {
    if (!enabled) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, POLL_MS);
    window.addEventListener(ALERTS_CHANGED, reload);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener(ALERTS_CHANGED, reload);
    };
  }, [enabled, reload]);
  return enabled && !state.error ? state.data?.total : undefined;
}
