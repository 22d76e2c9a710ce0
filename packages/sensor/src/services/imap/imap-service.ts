import { createServer, type Socket } from 'node:net';
import { findHost } from '../../world/accounts.js';
import type { ServiceHandle, WorldRuntime } from '../contracts.js';
import { mailStoreFor } from '../mail-store.js';
import { SourceGuard } from '../limits.js';
import { emitFor, originOf } from './connection.js';
import { ImapSession } from './imap-session.js';
import { listenOn } from '../listen.js';

/** Output waiting for a slow reader beyond which the session stops answering until the client catches up. */
const CONGESTED_BYTES = 1024 * 1024;

export interface MailServiceOptions {
  runtime: WorldRuntime;
  binding: { host: string; port: number };
  /** The world host this listener plays (default: the world's mail host). */
  entryHost?: string;
  /** Delay before a failed login is answered, in ms (default 2000 with jitter, as Dovecot and Postfix do). */
  failureDelayMs?: number;
}

/**
 * An IMAP4rev1 server over the world's mailboxes (issue 7, item 3): real clients (curl, imapflow, Thunderbird)
 * list, read and search the persona's mail; every login attempt is an `auth` event, every listing, read and search
 * a `mail` event. Nothing an intruder does changes the world's mail.
 *
 * @example
 * const imap = await startImapService({ runtime, binding: { host: '127.0.0.1', port: 1143 } });
 * // curl --url imap://127.0.0.1:1143/ --user 'a.sato:…'
 * await imap.close();
 */
export async function startImapService(options: MailServiceOptions): Promise<ServiceHandle> {
  const { runtime } = options;
  const store = mailStoreFor(runtime);
  const host = (options.entryHost ? findHost(runtime.world, options.entryHost) : undefined) ?? store.host;
  const guard = new SourceGuard(runtime.limits);
  const sessions = new Set<{ socket: Socket; done: Promise<void> }>();

  const server = createServer((socket) => {
    const origin = originOf(socket, host, 'imap');
    const admission = guard.admit(origin.src.ip);
    if (!admission.ok) {
      socket.end('* BYE Maximum number of connections from user+IP exceeded\r\n');
      socket.on('error', () => undefined);
      return;
    }
    const release = () => admission.release();
    const emit = emitFor(runtime, origin);
    const started = runtime.now().getTime();
    emit({ kind: 'connect' });
    const session = new ImapSession({
      runtime,
      store,
      origin,
      emit,
      write: (data) => {
        if (!socket.destroyed) socket.write(data);
      },
      end: () => socket.end(),
      congested: () => socket.writableLength > CONGESTED_BYTES,
      failureDelayMs: options.failureDelayMs ?? 1_800 + Math.floor(Math.random() * 600),
    });
    let finish: () => void = () => undefined;
    const entry = { socket, done: new Promise<void>((resolve) => (finish = resolve)) };
    sessions.add(entry);
    const authTimer = setTimeout(() => {
      if (!session.authenticated) {
        socket.end('* BYE Disconnected for inactivity.\r\n');
      }
    }, runtime.limits.authTimeoutSeconds * 1000).unref();
    const lifeTimer = setTimeout(
      () => socket.end('* BYE Disconnected for inactivity.\r\n'),
      runtime.limits.maxSessionSeconds * 1000,
    ).unref();
    socket.setTimeout(30 * 60_000, () => socket.end('* BYE Disconnected for inactivity.\r\n'));
    // A client that sends commands without reading the answers is paused, so its output cannot pile up in memory.
    socket.on('data', (chunk: Buffer) => {
      session.onData(chunk);
      if (socket.writableLength > CONGESTED_BYTES) socket.pause();
    });
    socket.on('drain', () => {
      socket.resume();
      session.resume();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(authTimer);
      clearTimeout(lifeTimer);
      session.close();
      release();
      emit({ kind: 'disconnect', duration: Math.max(0, (runtime.now().getTime() - started) / 1000) });
      sessions.delete(entry);
      finish();
    });
    socket.write(session.greeting());
  });
  server.maxConnections = runtime.limits.maxConnections;
  const port = await listenOn(server, options.binding);
  return {
    address: { host: options.binding.host, port },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const open = [...sessions];
      for (const { socket } of open) socket.end('* BYE Server shutting down.\r\n');
      setTimeout(() => {
        for (const { socket } of open) socket.destroy();
      }, 1_000).unref();
      await Promise.all([closed, ...open.map((s) => s.done)]);
    },
  };
}
