import type { ServerChannel, Session } from 'ssh2';
import { DECOY_LIMITS } from '@cynex/core';
import {
  createSessionFileSystem,
  execCommand,
  openTerminal,
  type SessionFileSystem,
  type ShellOptions,
  type Terminal,
} from '../../shell/index.js';
import type { SessionRecorder } from '../contracts.js';
import { OutputLimiter } from '../limits.js';
import { clip, type ConnectionRecord } from './connection.js';
import { parseScpCommand, scpSink, scpSource } from './scp.js';
import { serveSftp } from './sftp.js';
import { TransferSession } from './transfer.js';

/**
 * The channels of one authenticated SSH connection: pty, env, window-change, shell (the emulated terminal), exec
 * (one command, or scp's remote end), and the sftp subsystem. Every terminal byte out ('o') and in ('i') and every
 * resize goes to the runtime's recorder; output passes the per-session rate limit.
 */

const MAX_ENV = 64;
const MAX_CHANNELS = 10;

export class SshSessionHost {
  private fsCache: SessionFileSystem | undefined;
  private transferCache: TransferSession | undefined;
  private channels = 0;
  private readonly closers = new Set<() => void>();

  constructor(
    private readonly record: ConnectionRecord,
    private readonly username: string,
  ) {}

  private get fs(): SessionFileSystem {
    this.fsCache ??= createSessionFileSystem(this.record.runtime, this.record.origin.host, this.username);
    return this.fsCache;
  }

  private get transfer(): TransferSession {
    this.transferCache ??= new TransferSession(this.record, this.fs);
    return this.transferCache;
  }

  /** Ends every open terminal and recorder (the connection went away). */
  close(): void {
    for (const close of [...this.closers]) close();
    this.closers.clear();
  }

  /** A new session channel. */
  open(accept: () => Session, reject: () => void): void {
    if (this.channels >= MAX_CHANNELS) return reject();
    const index = this.channels++;
    const session = accept();
    // The first channel's recording carries the session id; later ones get a suffix so none overwrites another.
    const recordingId = index === 0 ? this.record.session : `${this.record.session}-${index}`;
    const env: Record<string, string> = {};
    let pty: { cols: number; rows: number; term: string } | undefined;
    let terminal: Terminal | undefined;
    let recorder: SessionRecorder | undefined;

    session.on('pty', (acceptPty, _reject, info) => {
      pty = { cols: clamp(info.cols, 80), rows: clamp(info.rows, 24), term: clip(info.term || 'xterm', 64) };
      env['TERM'] = pty.term;
      acceptPty?.();
    });
    session.on('env', (acceptEnv, rejectEnv, info) => {
      // sshd only takes AcceptEnv LANG LC_* (Debian's default); the rest is refused, as there.
      if (Object.keys(env).length < MAX_ENV && /^(LANG|LC_[A-Z]+)$/.test(info.key)) {
        env[info.key] = clip(String(info.val), 256);
        acceptEnv?.();
      } else rejectEnv?.();
    });
    session.on('window-change', (acceptChange, _reject, info) => {
      const cols = clamp(info.cols, 80);
      const rows = clamp(info.rows, 24);
      if (pty) pty = { ...pty, cols, rows };
      terminal?.resize(cols, rows);
      recorder?.resize(cols, rows);
      acceptChange?.();
    });
    session.on('signal', (acceptSignal) => acceptSignal?.());
    session.on('auth-agent', (_accept, rejectAgent) => rejectAgent?.());
    session.on('x11', (_accept, rejectX11) => rejectX11?.());

    session.on('shell', (acceptShell) => {
      const channel = acceptShell();
      recorder = this.record.runtime.recorder(
        recordingId,
        this.record.origin.host.hostname,
        pty?.cols ?? 80,
        pty?.rows ?? 24,
      );
      if (pty) terminal = this.startTerminal(channel, recorder, pty, env);
      else this.startPipedShell(channel, recorder, env);
    });

    session.on('exec', (acceptExec, _reject, info) => {
      const channel = acceptExec();
      const scp = parseScpCommand(info.command);
      if (scp) {
        this.record.emit({ kind: 'command', input: clip(info.command, DECOY_LIMITS.commandLength) });
        const run = scp.mode === 'sink' ? scpSink(channel, this.transfer, scp) : scpSource(channel, this.transfer, scp);
        void run.then((status) => this.endWhenDurable(channel, status));
        return;
      }
      recorder = this.record.runtime.recorder(
        recordingId,
        this.record.origin.host.hostname,
        pty?.cols ?? 80,
        pty?.rows ?? 24,
      );
      void this.runExec(channel, recorder, info.command, env, pty !== undefined);
    });

    session.on('sftp', (acceptSftp) => {
      serveSftp(acceptSftp(), this.transfer);
    });
    session.on('subsystem', (_accept, rejectSub) => rejectSub?.());
  }

  private shellOptions(env: Record<string, string>): ShellOptions {
    return { runtime: this.record.runtime, origin: this.record.origin, username: this.username, fs: this.fs, env };
  }

  private limiter(channel: ServerChannel, recorder: SessionRecorder): OutputLimiter {
    return new OutputLimiter(
      this.record.runtime.limits.maxOutputBytesPerSecond,
      (data) => {
        if (channel.writable) channel.write(data);
        recorder.record('o', data);
      },
      () => channel.close(),
    );
  }

  private startTerminal(
    channel: ServerChannel,
    recorder: SessionRecorder,
    pty: { cols: number; rows: number },
    env: Record<string, string>,
  ): Terminal {
    const limiter = this.limiter(channel, recorder);
    let ended = false;
    const end = (code: number) => {
      if (ended) return;
      ended = true;
      limiter.dispose();
      recorder.close();
      this.closers.delete(closeTerminal);
      this.endWhenDurable(channel, code);
    };
    const terminal = openTerminal({
      ...this.shellOptions(env),
      cols: pty.cols,
      rows: pty.rows,
      write: (data) => limiter.write(data),
      exit: (code) => end(code),
    });
    const closeTerminal = () => {
      terminal.close();
      end(0);
    };
    this.closers.add(closeTerminal);
    channel.on('data', (data: Buffer) => {
      recorder.record('i', data.toString('utf8'));
      terminal.input(data);
    });
    channel.on('close', closeTerminal);
    channel.on('error', () => {});
    return terminal;
  }

  /** A shell without a pty (`ssh host < script`): no prompt, no echo, each stdin line run like bash -s would. */
  private startPipedShell(channel: ServerChannel, recorder: SessionRecorder, env: Record<string, string>): void {
    let pending = '';
    let status = 0;
    let queue = Promise.resolve();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      recorder.close();
      this.endWhenDurable(channel, status);
    };
    this.closers.add(finish);
    const run = (line: string) => {
      queue = queue.then(async () => {
        if (done || line.trim() === '') return;
        if (/^\s*(exit|logout)\b/.test(line)) return finish();
        const result = await execCommand(this.shellOptions(env), line);
        status = result.exitCode;
        if (result.stdout) {
          channel.write(result.stdout);
          recorder.record('o', result.stdout);
        }
        if (result.stderr) channel.stderr.write(result.stderr);
      });
    };
    channel.on('data', (data: Buffer) => {
      const text = data.toString('utf8');
      recorder.record('i', text);
      pending += text;
      if (pending.length > DECOY_LIMITS.commandLength) pending = pending.slice(-DECOY_LIMITS.commandLength);
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        run(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
    });
    channel.on('end', () => {
      if (pending) run(pending);
      void queue.then(finish);
    });
    channel.on('close', finish);
    channel.on('error', () => {});
  }

  private async runExec(
    channel: ServerChannel,
    recorder: SessionRecorder,
    command: string,
    env: Record<string, string>,
    pty: boolean,
  ): Promise<void> {
    channel.on('error', () => {});
    const line = clip(command, DECOY_LIMITS.commandLength);
    recorder.record('i', `${line}\n`);
    const result = await execCommand(this.shellOptions(env), line);
    // With a pty the kernel's onlcr turns \n into \r\n, and stderr is merged into the terminal.
    const out = pty ? (result.stdout + result.stderr).replace(/\r?\n/g, '\r\n') : result.stdout;
    const limiter = this.limiter(channel, recorder);
    if (out) limiter.write(out);
    if (!pty && result.stderr) {
      if (channel.writable) channel.stderr.write(result.stderr);
      recorder.record('o', result.stderr);
    }
    recorder.close();
    // Let rate-limited output drain before the exit status (the limiter's queue releases once a second).
    const settle = () => {
      if (!limiter.wasCut) this.endWhenDurable(channel, result.exitCode);
    };
    if (out.length <= this.record.runtime.limits.maxOutputBytesPerSecond) settle();
    else setTimeout(settle, Math.ceil(out.length / this.record.runtime.limits.maxOutputBytesPerSecond) * 1000 + 50);
  }

  /** The exit status goes out once the session's events are on disk (see EventSink.durable). */
  private endWhenDurable(channel: ServerChannel, status: number): void {
    void this.record.runtime.events.durable().finally(() => endChannel(channel, status));
  }
}

function clamp(value: number, fallback: number): number {
  return Number.isInteger(value) && value > 0 && value <= 1000 ? value : fallback;
}

function endChannel(channel: ServerChannel, status: number): void {
  try {
    if (channel.writable) {
      channel.exit(status);
      channel.end();
    } else channel.close();
  } catch {
    // The client already went away.
  }
}
