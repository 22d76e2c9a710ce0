import type { Host } from '../world/schema.js';
import type { TerminalOptions, Terminal, ShellOptions } from './contract.js';
import { createInterpreter, type Interpreter } from './interpreter.js';
import type { ShellIo } from './linux/sink.js';
import { sessionFileSystem } from './session-fs.js';
import { partsIn } from './linux/commands/util.js';

/** Longest line the editor accepts (the event schema's command limit); further keys ring the bell. */
export const MAX_LINE = 65_536;
/** ssh inside ssh inside ssh…: beyond this depth the remote end closes the connection. */
const MAX_NESTING = 6;

/** A terminal that can also tell a test when it is waiting for input again. */
export interface TerminalSession extends Terminal {
  /** Resolves when every key given so far has been handled and the shell waits for input (or has ended). */
  whenIdle(): Promise<void>;
}

type Mode = 'line' | 'busy' | 'ask' | 'nested' | 'closed';

/**
 * Line editing as a pty and readline would do it (echo, backspace, Ctrl-C/D/U, history on the arrow keys), CRLF
 * output, a small random delay before each command's output, prompts without echo for passwords, and nested
 * shells for ssh inside the world.
 */
class TerminalImpl implements TerminalSession {
  private mode: Mode = 'line';
  private queue = '';
  private line: string[] = [];
  private historyIndex = 0;
  private lastWasCr = false;
  private ask: { echo: boolean; buffer: string[]; resolve: (v: string | undefined) => void } | undefined;
  private nested: TerminalImpl | undefined;
  private readonly signal = { aborted: false };
  private readonly interpreter: Interpreter;
  private idleWaiters: (() => void)[] = [];
  private pumping = false;

  constructor(
    private readonly options: TerminalOptions,
    private readonly depth: number,
    banner?: string,
    private readonly parent?: TerminalImpl,
  ) {
    this.interpreter = createInterpreter(options, true);
    if (banner) this.write(banner);
    this.write(this.interpreter.prompt());
  }

  input(data: string | Buffer): void {
    if (this.mode === 'closed') return;
    const text = typeof data === 'string' ? data : data.toString('utf8');
    this.queue += text.length > 1_048_576 ? text.slice(0, 1_048_576) : text;
    if (this.queue.length > 4 * 1_048_576) this.queue = this.queue.slice(0, 4 * 1_048_576);
    this.pump();
  }

  resize(cols: number, rows: number): void {
    this.nested?.resize(cols, rows);
  }

  close(): void {
    if (this.mode === 'closed') return;
    this.mode = 'closed';
    this.signal.aborted = true;
    this.nested?.close();
    this.ask?.resolve(undefined);
    this.ask = undefined;
    this.queue = '';
    this.notifyIdle();
  }

  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    if (this.mode === 'closed') return true;
    if (this.mode === 'nested') return this.queue.length === 0 && (this.nested?.isIdle() ?? false);
    return (this.mode === 'line' || this.mode === 'ask') && this.queue.length === 0;
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
    this.parent?.notifyIdle();
  }

  private write(text: string): void {
    if (this.mode === 'closed' && text !== '') return;
    this.options.write(text.replace(/\r?\n/g, '\r\n'));
  }

  private writeRaw(text: string): void {
    this.options.write(text);
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        if (this.mode === 'closed') {
          this.queue = '';
          break;
        }
        if (this.mode === 'nested') {
          const data = this.queue;
          this.queue = '';
          this.nested?.input(data);
          break;
        }
        if (this.mode === 'busy') {
          const at = this.queue.indexOf('\x03');
          if (at >= 0) {
            this.queue = this.queue.slice(at + 1);
            this.signal.aborted = true;
            this.writeRaw('^C');
          }
          break;
        }
        const key = this.nextKey();
        if (key === undefined) break;
        if (this.mode === 'ask') this.askKey(key);
        else this.lineKey(key);
      }
    } finally {
      this.pumping = false;
    }
    this.notifyIdle();
  }

  /** The next key: one character or a whole escape sequence; undefined while a sequence is incomplete. */
  private nextKey(): string | undefined {
    const q = this.queue;
    if (q[0] === '\x1b') {
      if (q.length === 1) {
        this.queue = '';
        return '\x1b';
      }
      if (q[1] === '[' || q[1] === 'O') {
        for (let k = 2; k < q.length && k < 32; k++) {
          const code = q.charCodeAt(k);
          if (code >= 0x40 && code <= 0x7e) {
            this.queue = q.slice(k + 1);
            return q.slice(0, k + 1);
          }
        }
        if (q.length < 32) return undefined;
      }
      this.queue = q.slice(2);
      return q.slice(0, 2);
    }
    const ch = String.fromCodePoint(q.codePointAt(0)!);
    this.queue = q.slice(ch.length);
    return ch;
  }

  private lineKey(key: string): void {
    const cr = key === '\r';
    if (key === '\n' && this.lastWasCr) {
      this.lastWasCr = false;
      return;
    }
    this.lastWasCr = cr;
    if (cr || key === '\n') return this.submit();
    if (key === '\x7f' || key === '\b') {
      if (this.line.length > 0) {
        const removed = this.line.pop()!;
        this.writeRaw(removed.charCodeAt(0) > 0x2e80 ? '\b\b  \b\b' : '\b \b');
      }
    } else if (key === '\x03') {
      this.line = [];
      this.historyIndex = this.interpreter.history.length;
      this.write('^C\n' + this.interpreter.prompt());
    } else if (key === '\x04') {
      if (this.line.length === 0 && this.options.origin.host.os.family === 'linux') this.finish(0, true);
    } else if (key === '\x15') {
      if (this.line.length > 0) this.redraw([]);
    } else if (key === '\x1b[A' || key === '\x1bOA') {
      if (this.historyIndex > 0) {
        this.historyIndex--;
        this.redraw([...this.interpreter.history[this.historyIndex]!]);
      }
    } else if (key === '\x1b[B' || key === '\x1bOB') {
      if (this.historyIndex < this.interpreter.history.length) {
        this.historyIndex++;
        this.redraw([...(this.interpreter.history[this.historyIndex] ?? '')]);
      }
    } else if (key === '\x0c') {
      this.writeRaw('\x1b[H\x1b[2J');
      this.write(this.interpreter.prompt() + this.line.join(''));
    } else if (key.length === 1 && (key.charCodeAt(0) < 0x20 || key === '\x7f')) {
      // other control keys (tab included) do nothing, as with an empty completion
    } else if (key.startsWith('\x1b')) {
      // cursor keys, function keys, bracketed-paste markers: ignored
    } else if (this.line.length >= MAX_LINE) {
      this.writeRaw('\x07');
    } else {
      this.line.push(key);
      this.writeRaw(key);
    }
  }

  private redraw(next: string[]): void {
    this.line = next;
    this.writeRaw('\r\x1b[K');
    this.write(this.interpreter.prompt() + next.join(''));
  }

  private submit(): void {
    const line = this.line.join('');
    this.line = [];
    this.write('\n');
    if (line.trim() === '') {
      this.write(this.interpreter.prompt());
      return;
    }
    this.mode = 'busy';
    this.signal.aborted = false;
    void this.execute(line);
  }

  private async execute(line: string): Promise<void> {
    const slow = this.interpreter.isSlow(line);
    const delay = slow ? 150 + Math.random() * 450 : 5 + Math.random() * 55;
    await new Promise((resolve) => setTimeout(resolve, delay));
    const out = (text: string) => this.write(text);
    try {
      await this.interpreter.runLine(line, this.io(), out, out);
    } catch {
      // a command bug must never end the session: the shell carries on as if the command failed
    }
    if (this.mode === 'closed') return;
    if (this.signal.aborted) this.write('\n');
    this.signal.aborted = false;
    if (this.interpreter.exitCode !== undefined) return this.finish(this.interpreter.exitCode, false);
    this.mode = 'line';
    this.historyIndex = this.interpreter.history.length;
    this.write(this.interpreter.prompt());
    this.pump();
  }

  private finish(code: number, byCtrlD: boolean): void {
    if (byCtrlD || this.interpreter.farewell) this.write(this.interpreter.farewell);
    this.mode = 'closed';
    this.queue = '';
    this.options.exit(code);
    this.notifyIdle();
  }

  private askKey(key: string): void {
    const ask = this.ask!;
    if (key === '\n' && this.lastWasCr) {
      this.lastWasCr = false;
      return;
    }
    this.lastWasCr = key === '\r';
    if (key === '\r' || key === '\n') {
      if (ask.echo) this.write('\n');
      this.ask = undefined;
      this.mode = 'busy';
      ask.resolve(ask.buffer.join(''));
    } else if (key === '\x03') {
      this.writeRaw('^C');
      this.signal.aborted = true;
      this.ask = undefined;
      this.mode = 'busy';
      ask.resolve(undefined);
    } else if (key === '\x04' && ask.buffer.length === 0) {
      this.ask = undefined;
      this.mode = 'busy';
      ask.resolve(undefined);
    } else if (key === '\x7f' || key === '\b') {
      if (ask.buffer.pop() !== undefined && ask.echo) this.writeRaw('\b \b');
    } else if (key === '\x15') {
      ask.buffer = [];
    } else if (!(key.length === 1 && key.charCodeAt(0) < 0x20) && !key.startsWith('\x1b') && ask.buffer.length < 1024) {
      ask.buffer.push(key);
      if (ask.echo) this.writeRaw(key);
    }
  }

  private io(): ShellIo {
    return {
      interactive: true,
      signal: this.signal,
      ask: (prompt, echo) => {
        if (this.mode === 'closed' || this.signal.aborted) return Promise.resolve(undefined);
        this.write(prompt);
        return new Promise((resolve) => {
          this.ask = { echo, buffer: [], resolve };
          this.mode = 'ask';
          queueMicrotask(() => this.pump());
        });
      },
      nest: (host, username, command) => this.nest(host, username, command),
    };
  }

  private async nest(host: Host, username: string, command: string | undefined): Promise<number> {
    const options: ShellOptions = {
      runtime: this.options.runtime,
      origin: { ...this.options.origin, host },
      username,
      fs: sessionFileSystem(this.options.runtime, host, username),
      ...(this.options.env ? { env: this.options.env } : {}),
    };
    if (this.depth + 1 >= MAX_NESTING) {
      this.write(`Connection to ${host.hostname} closed by remote host.\n`);
      return 255;
    }
    if (command !== undefined) {
      const remote = createInterpreter(options, false);
      const out = (text: string) => this.write(text);
      return remote.runLine(command, { interactive: false, signal: this.signal, ask: async () => undefined }, out, out);
    }
    const previous = this.mode;
    const when = partsIn(
      this.options.runtime.world,
      new Date(this.options.runtime.now().getTime() - 3 * 86_400_000 - 4_321_000),
    );
    const banner =
      host.os.family === 'linux'
        ? `Last login: ${when.weekday} ${when.month} ${String(when.day).padStart(2)} ${when.time} ${when.year} from ${this.options.origin.host.ip}\n`
        : `Microsoft Windows [Version 10.0.${host.os.build}]\n(c) Microsoft Corporation. All rights reserved.\n\n`;
    return new Promise<number>((resolve) => {
      this.mode = 'nested';
      this.nested = new TerminalImpl(
        {
          ...options,
          cols: this.options.cols,
          rows: this.options.rows,
          write: (data) => this.options.write(data),
          exit: (code) => {
            this.nested = undefined;
            this.mode = previous === 'closed' ? 'closed' : 'busy';
            resolve(code);
          },
        },
        this.depth + 1,
        banner,
        this,
      );
      this.pump();
    });
  }
}

export function openTerminal(options: TerminalOptions): TerminalSession {
  return new TerminalImpl(options, 0);
}
