import { createServer, type Socket } from 'node:net';
import { DECOY_LIMITS } from '@cynex/core';
import { createSessionFileSystem, openTerminal, type Terminal } from '../../shell/index.js';
import { HostFileSystem } from '../../world/filesystem.js';
import type { Host } from '../../world/schema.js';
import type { ServiceHandle, SessionRecorder, WorldRuntime } from '../contracts.js';
import { BoundedCounter, OutputLimiter, SourceGuard } from '../limits.js';
import { checkPassword, isPlanted } from '../ssh/auth.js';
import { ConnectionRecord, clip, entryHostOf, jitter } from '../ssh/connection.js';
import { escapeIac, GREETING, TelnetDecoder } from './negotiation.js';
import { listenOn } from '../listen.js';

/**
 * The Telnet transport of a world: option negotiation, the host's /etc/issue.net and a `login:`/`Password:` exchange
 * like Linux telnetd + login(1), `auth` events for every attempt, then the emulated terminal, recorded like SSH.
 */

export interface TelnetServiceOptions {
  runtime: WorldRuntime;
  binding: { host: string; port: number };
  entryHost?: string;
  acceptAfterAttempts?: number;
  /** login(1)'s LOGIN_RETRIES (Debian's login.defs: 5). */
  maxLoginTries?: number;
  /** Delay before "Login incorrect" (default 1.5–2.5 s: pam_unix's delay). */
  failureDelayMs?: { min: number; max: number };
}

const FIELD_MAX = 256;

/** The pre-login banner: /etc/issue.net with its escapes expanded (as telnetd does), CRLF line ends. */
function issueBanner(runtime: WorldRuntime, host: Host): string {
  const view = new HostFileSystem(runtime.world, host);
  const issue = view.read('/etc/issue.net') ?? (host.os.family === 'linux' ? `${host.os.prettyName}\n` : '');
  const kernel = host.os.family === 'linux' ? host.os.kernel.release : '';
  const text = issue
    .replace(/\\[nh]/g, host.hostname)
    .replace(/\\r/g, kernel)
    .replace(/\\m/g, 'x86_64')
    .replace(/\\[slS]/g, host.os.family === 'linux' ? 'Linux' : '');
  return `\r\n${text.replace(/\r?\n/g, '\r\n')}`;
}

export async function startTelnetService(options: TelnetServiceOptions): Promise<ServiceHandle> {
  const { runtime } = options;
  const host = entryHostOf(runtime.world, 'telnet', options.entryHost);
  const guard = new SourceGuard(runtime.limits);
  const failures = new BoundedCounter();
  const sockets = new Map<Socket, ConnectionRecord>();
  const banner = issueBanner(runtime, host);
  const maxTries = options.maxLoginTries ?? 5;
  const delay = options.failureDelayMs ?? { min: 1_500, max: 2_500 };

  const onSocket = (socket: Socket) => {
    socket.on('error', () => {});
    const admission = guard.admit(socket.remoteAddress ?? '');
    if (!admission.ok) {
      socket.destroy();
      return;
    }
    const record = new ConnectionRecord(runtime, host, 'telnet', socket);
    sockets.set(socket, record);
    record.emit({ kind: 'connect' });

    let cols = 80;
    let rows = 24;
    let phase: 'login' | 'password' | 'wait' | 'shell' = 'login';
    let line = '';
    let username = '';
    let tries = 0;
    let terminal: Terminal | undefined;
    let recorder: SessionRecorder | undefined;
    const send = (text: string) => {
      if (!socket.destroyed) socket.write(escapeIac(text));
    };
    const limiter = new OutputLimiter(
      runtime.limits.maxOutputBytesPerSecond,
      (data) => {
        send(data);
        recorder?.record('o', data);
      },
      () => socket.destroy(),
    );
    const authTimer = setTimeout(() => socket.destroy(), runtime.limits.authTimeoutSeconds * 1000);
    const sessionTimer = setTimeout(() => socket.destroy(), runtime.limits.maxSessionSeconds * 1000);

    const loginPrompt = () => send(`${host.hostname} login: `);
    const startShell = () => {
      clearTimeout(authTimer);
      phase = 'shell';
      recorder = runtime.recorder(record.session, host.hostname, cols, rows);
      terminal = openTerminal({
        runtime,
        origin: record.origin,
        username,
        fs: createSessionFileSystem(runtime, host, username),
        cols,
        rows,
        write: (data) => limiter.write(data),
        exit: () => void runtime.events.durable().finally(() => socket.end()),
      });
    };
    const attempt = (password: string) => {
      const ip = record.origin.src.ip;
      let success = checkPassword(runtime.world, host, username, password);
      if (!success && options.acceptAfterAttempts !== undefined && failures.get(ip) >= options.acceptAfterAttempts)
        success = true;
      record.emit({
        kind: 'auth',
        method: 'password',
        username: clip(username, DECOY_LIMITS.usernameLength),
        password: clip(password, DECOY_LIMITS.passwordLength),
        success,
        ...(success && isPlanted(runtime.world, host, username, password) ? { planted: true } : {}),
      });
      if (success) {
        failures.reset(ip);
        send('\r\n');
        startShell();
        return;
      }
      failures.increment(ip);
      tries += 1;
      phase = 'wait';
      setTimeout(() => {
        if (socket.destroyed) return;
        send('\r\nLogin incorrect\r\n');
        if (tries >= maxTries) {
          socket.end();
          return;
        }
        phase = 'login';
        loginPrompt();
      }, jitter(delay)).unref();
    };

    const onText = (bytes: Buffer) => {
      if (phase === 'shell') {
        const text = bytes.toString('utf8');
        recorder?.record('i', text);
        terminal?.input(text);
        return;
      }
      for (const ch of bytes.toString('latin1')) {
        if (phase === 'wait') return;
        if (ch === '\r' || ch === '\n') {
          const value = Buffer.from(line, 'latin1').toString('utf8');
          line = '';
          if (phase === 'login') {
            send('\r\n');
            if (value === '') {
              loginPrompt();
              continue;
            }
            username = value;
            phase = 'password';
            send('Password: ');
          } else if (phase === 'password') {
            attempt(value);
          }
        } else if (ch === '\x7f' || ch === '\b') {
          if (line.length > 0) {
            line = line.slice(0, -1);
            if (phase === 'login') send('\b \b');
          }
        } else if (ch === '\x03' || ch === '\x04') {
          socket.end();
          return;
        } else if (ch >= ' ' && line.length < FIELD_MAX) {
          line += ch;
          if (phase === 'login') send(ch);
        }
      }
    };

    const decoder = new TelnetDecoder({
      data: onText,
      resize: (c, r) => {
        cols = c;
        rows = r;
        terminal?.resize(c, r);
        recorder?.resize(c, r);
      },
      reply: (bytes) => {
        if (!socket.destroyed) socket.write(bytes);
      },
    });
    socket.on('data', (chunk: Buffer) => decoder.feed(chunk));
    socket.once('close', () => {
      clearTimeout(authTimer);
      clearTimeout(sessionTimer);
      limiter.dispose();
      terminal?.close();
      recorder?.close();
      sockets.delete(socket);
      admission.release();
      record.end();
    });

    socket.write(GREETING);
    send(`${banner}\r\n`);
    loginPrompt();
  };

  const listener = createServer({ noDelay: true }, onSocket);
  const port = await listenOn(listener, options.binding);
  return {
    address: { host: options.binding.host, port },
    async close() {
      const closed = new Promise<void>((resolve) => listener.close(() => resolve()));
      for (const socket of [...sockets.keys()]) socket.destroy();
      await closed;
      for (const record of [...sockets.values()]) record.end();
    },
  };
}
