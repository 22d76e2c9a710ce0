import { useEffect, useRef, useState } from 'react';
import { apiUrl } from '../../api';
import { useLang } from '../../hooks/useLang';
import { Empty, Loading } from '../Status';

/**
 * Replays a session's asciicast v2 recording with asciinema-player (loaded only when a replay is shown). The player
 * fetches `/recording.cast` itself, with the session cookie (same origin).
 */
export function ReplayPlayer({ sessionId }: { sessionId: string }) {
  const { t } = useLang();
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');

  useEffect(() => {
    const node = container.current;
    if (!node) return;
    let live = true;
    let dispose: (() => void) | undefined;
    Promise.all([import('asciinema-player'), import('asciinema-player/dist/bundle/asciinema-player.css')])
      .then(([player]) => {
        if (!live) return;
        const instance = player.create(
          {
            url: apiUrl(`/decoy/sessions/${encodeURIComponent(sessionId)}/recording.cast`),
            fetchOpts: { credentials: 'same-origin' },
          },
          node,
          { fit: 'width', idleTimeLimit: 2, preload: true },
        );
        dispose = () => instance.dispose();
        setState('ready');
      })
      .catch(() => {
        if (live) setState('failed');
      });
    return () => {
      live = false;
      dispose?.();
    };
  }, [sessionId]);

  return (
    <div data-testid="decoy-replay">
      {state === 'loading' && <Loading label={t('decoy.replay.loading')} />}
      {state === 'failed' && <Empty>{t('decoy.replay.failed')}</Empty>}
      <div ref={container} className="decoy-player" />
      <p className="small muted">
        <a href={apiUrl(`/decoy/sessions/${encodeURIComponent(sessionId)}/recording.cast`)} download>
          {t('decoy.replay.download')}
        </a>
      </p>
    </div>
  );
}
