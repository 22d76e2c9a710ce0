import { useEffect, useRef } from 'react';

/**
 * Calls `reload` every `intervalMs` while the tab is visible, so live counts and live sessions stay current
 * without a manual refresh (useApi keeps the old rows on screen while it refetches).
 */
export function useAutoReload(reload: () => void, intervalMs = 10_000, enabled = true): void {
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') latest.current();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, enabled]);
}
