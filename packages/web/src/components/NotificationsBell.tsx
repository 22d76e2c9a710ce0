import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../api';
import { formatRelative } from '../format';
import { useApi } from '../hooks/useApi';
import { useDismiss } from '../hooks/useDismiss';
import { useLang } from '../hooks/useLang';
import type { Notification } from '../types';
import { ErrorMessage, Loading } from './Status';

const POLL_MS = 60_000;

interface NotificationList {
  items: Notification[];
  unread: number;
}

export function NotificationsBell() {
  const { t, lang } = useLang();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const state = useApi<NotificationList>('/notifications');
  const { reload, setData } = state;
  const close = useCallback(() => setOpen(false), []);
  useDismiss(root, open, close);

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  const markRead = async (item: Notification) => {
    if (item.readAt) return;
    const now = new Date().toISOString();
    setData(
      (previous) =>
        previous && {
          items: previous.items.map((entry) => (entry.id === item.id ? { ...entry, readAt: now } : entry)),
          unread: Math.max(0, previous.unread - 1),
        },
    );
    await api.post(`/notifications/${item.id}/read`).catch(() => reload());
  };

  const markAll = async () => {
    const now = new Date().toISOString();
    setData(
      (previous) => previous && { items: previous.items.map((e) => ({ ...e, readAt: e.readAt ?? now })), unread: 0 },
    );
    await api.post('/notifications/read-all').catch(() => reload());
  };

  const openCase = (item: Notification) => {
    void markRead(item);
    setOpen(false);
    void navigate(item.link ?? (item.kind === 'alert' || !item.caseId ? '/alerts' : `/cases/${item.caseId}`));
  };

  const unread = state.data?.unread ?? 0;
  return (
    <div className="popup-anchor" ref={root}>
      <button
        type="button"
        className="icon-button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={t('notifications.button', { count: unread })}
        onClick={() => {
          if (!open) reload();
          setOpen(!open);
        }}
        data-testid="notifications-bell"
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {unread > 0 && (
          <span className="bell-count" data-testid="notifications-unread">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div className="popup popup-notifications" role="dialog" aria-label={t('notifications.title')}>
          <div className="popup-header">
            <strong>{t('notifications.title')}</strong>
            <button
              type="button"
              className="btn btn-small btn-link"
              onClick={() => void markAll()}
              disabled={unread === 0}
            >
              {t('notifications.markAll')}
            </button>
          </div>
          {state.error && <ErrorMessage error={state.error} onRetry={reload} />}
          {!state.data && !state.error && <Loading inline />}
          {state.data && state.data.items.length === 0 && <p className="popup-empty">{t('notifications.empty')}</p>}
          <ul className="notification-list">
            {state.data?.items.map((item) => (
              <li key={item.id} className={item.readAt ? 'notification' : 'notification notification-unread'}>
                <button type="button" className="notification-main" onClick={() => openCase(item)}>
                  <span className="notification-kind">{t(`notifications.kind.${item.kind}`)}</span>
                  <span className="mono notification-case">{item.caseRef}</span>
                  <span className="notification-text">{item.text}</span>
                  <time dateTime={item.createdAt} className="muted">
                    {formatRelative(item.createdAt, lang)}
                  </time>
                </button>
                {!item.readAt && (
                  <button type="button" className="btn btn-small btn-link" onClick={() => void markRead(item)}>
                    {t('notifications.markRead')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
