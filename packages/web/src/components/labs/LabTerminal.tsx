import { useEffect, useRef, useState } from 'react';
import type { Terminal } from '@xterm/xterm';
import { api, type ApiError } from '../../api';
import { useLang } from '../../hooks/useLang';
import { ErrorMessage } from '../Status';
import { withConstructedStyles } from './constructedStyles';

const MAX_LINE = 1000;
const MAX_HISTORY = 100;

/** Terminal text uses CRLF line ends. */
const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

/**
 * A browser terminal (xterm.js) onto the lab's emulated scratch shell: each line typed goes to the hub, which hands
 * it to the lab's own shell emulator. Nothing runs on a host shell. Line editing: backspace, ←/→ is not offered,
 * ↑/↓ recall earlier lines, Ctrl+C drops the line, Ctrl+L clears the screen.
 */
export function LabTerminal({ instanceId }: { instanceId: string }) {
  const { t } = useLang();
  const host = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let term: Terminal | undefined;
    const sid = crypto.randomUUID();
    let line = '';
    let cwd = '~';
    let busy = false;
    const history: string[] = [];
    let recall = 0;
    const prompt = () => term?.write(`\r\n\x1b[32mlearner@learner-pc\x1b[0m:\x1b[34m${cwd}\x1b[0m$ `);
    const replaceLine = (next: string) => {
      term?.write('\b \b'.repeat(line.length));
      line = next;
      term?.write(next);
    };
    const run = async (text: string) => {
      busy = true;
      try {
        const answer = await api.post<{ output: string; cwd: string }>(`/lab-instances/${instanceId}/shell`, {
          line: text,
          sid,
        });
        if (disposed) return;
        if (answer.output) term?.write(`\r\n${crlf(answer.output.replace(/\n$/, ''))}`);
        cwd = answer.cwd || cwd;
        setError(undefined);
      } catch (caught) {
        setError(caught as ApiError);
      } finally {
        busy = false;
        prompt();
      }
    };
    void Promise.all([import('@xterm/xterm'), import('@xterm/xterm/css/xterm.css')]).then(([{ Terminal }]) => {
      if (disposed || !host.current) return;
      const container = host.current;
      term = withConstructedStyles(() => {
        const created = new Terminal({
          rows: 18,
          cursorBlink: true,
          fontSize: 13,
          convertEol: false,
          scrollback: 1000,
        });
        created.open(container);
        return created;
      });
      term.write(crlf(t('labs.terminal.banner')));
      prompt();
      setReady(true);
      term.onData((data) => {
        if (busy || !term) return;
        if (data === '\r') {
          const text = line;
          line = '';
          if (text.trim()) {
            history.push(text);
            if (history.length > MAX_HISTORY) history.shift();
          }
          recall = history.length;
          if (text.trim() === 'clear') {
            term.clear();
            prompt();
          } else if (text.trim()) void run(text);
          else prompt();
        } else if (data === '\x7f' || data === '\b') {
          if (line.length > 0) {
            line = line.slice(0, -1);
            term.write('\b \b');
          }
        } else if (data === '\x03') {
          line = '';
          term.write('^C');
          prompt();
        } else if (data === '\x0c') {
          term.clear();
        } else if (data === '\x1b[A') {
          if (recall > 0) replaceLine(history[--recall] ?? '');
        } else if (data === '\x1b[B') {
          if (recall < history.length) replaceLine(history[++recall] ?? '');
        } else if (!data.startsWith('\x1b')) {
          // typed or pasted text; a pasted newline runs the line so far
          const printable = [...data].filter((c) => c >= ' ' || c === '\n' || c === '\r').join('');
          const [first = '', ...rest] = printable.split(/\r\n|\r|\n/);
          const room = MAX_LINE - line.length;
          line += first.slice(0, room);
          term.write(first.slice(0, room));
          if (rest.length > 0) term.input('\r');
        }
      });
    });
    return () => {
      disposed = true;
      term?.dispose();
    };
  }, [instanceId, t]);

  return (
    <section className="panel" data-testid="lab-terminal" aria-labelledby="lab-terminal-title">
      <h2 id="lab-terminal-title">{t('labs.terminal.title')}</h2>
      <p className="muted small">{t('labs.terminal.help')}</p>
      <ErrorMessage error={error} />
      <div ref={host} className="lab-terminal" data-ready={String(ready)} aria-label={t('labs.terminal.title')} />
    </section>
  );
}
