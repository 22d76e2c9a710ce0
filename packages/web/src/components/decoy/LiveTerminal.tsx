import { useEffect, useRef, useState } from 'react';
import { api, isAbort } from '../../api';
import { useLang } from '../../hooks/useLang';
import type { DecoyRecordingPage } from '../../types/decoy';
import { LiveBadge } from './Chips';
import { outputOf, parseCastLines } from './recording';
import { createScreen, screenText, writeScreen, type TerminalScreen } from './terminal';

const POLL_MS = 1_000;

/**
 * Watches a running session: polls `/recording?fromSeq=` every second and draws the output on a small terminal
 * model. Calls `onEnded` once the hub says the recording is final (the page then shows the replay).
 */
export function LiveTerminal({ sessionId, onEnded }: { sessionId: string; onEnded: () => void }) {
  const { t } = useLang();
  const [text, setText] = useState('');
  const [failed, setFailed] = useState(false);
  const ended = useRef(onEnded);
  ended.current = onEnded;
  const output = useRef<HTMLPreElement>(null);

  useEffect(() => {
    let screen: TerminalScreen | null = null;
    let fromSeq = 0;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const poll = async () => {
      try {
        const page = await api.get<DecoyRecordingPage>(`/decoy/sessions/${encodeURIComponent(sessionId)}/recording`, {
          query: { fromSeq },
          signal: controller.signal,
        });
        setFailed(false);
        if (!screen) screen = createScreen(page.header?.width ?? 80, page.header?.height ?? 24);
        const data = outputOf(parseCastLines(page.lines));
        if (data) {
          writeScreen(screen, data);
          setText(screenText(screen));
        }
        fromSeq = page.nextSeq;
        if (page.final) {
          stopped = true;
          ended.current();
          return;
        }
      } catch (caught) {
        if (isAbort(caught)) return;
        setFailed(true);
      }
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [sessionId]);

  useEffect(() => {
    const node = output.current;
    if (node) node.scrollTop = node.scrollHeight;
  }, [text]);

  return (
    <div data-testid="decoy-live-view">
      <p>
        <LiveBadge /> <span className="small muted">{t('decoy.live.help')}</span>
      </p>
      {failed && (
        <p className="field-error" role="status">
          {t('decoy.live.retrying')}
        </p>
      )}
      <pre
        ref={output}
        className="decoy-terminal"
        aria-live="off"
        aria-label={t('decoy.live.terminal')}
        data-testid="decoy-live-terminal"
      >
        {text || t('decoy.live.waiting')}
      </pre>
    </div>
  );
}
