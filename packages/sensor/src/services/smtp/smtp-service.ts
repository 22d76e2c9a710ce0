import { randomBytes } from 'node:crypto';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { findHost } from '../../world/accounts.js';
import type { ServiceHandle, SessionOrigin, WorldRuntime } from '../contracts.js';
import { cut, emitFor, newSessionId } from '../imap/connection.js';
import { SourceGuard } from '../limits.js';
import type { MailServiceOptions } from '../imap/imap-service.js';
import { speakPostfix } from './postfix-replies.js';
import { decodeWords, isPlanted, mailStoreFor, parseHeaders, type MailStore, type MailUser } from '../mail-store.js';
import { listenOn } from '../listen.js';

/**
 * SMTP submission and delivery for the world's mail host (issue 7, item 3), on `smtp-server`: Postfix's greeting
 * and replies, AUTH PLAIN/LOGIN against the world's accounts (every attempt recorded), mail for the world's domain
 * accepted from anyone and mail for any domain accepted after AUTH. Every accepted message is captured (content-
 * addressed, with a `mail` sent event and a `file` uploaded event carrying its SHA-256) and never relayed: this
 * module has no client code at all.
 *
 * @example
 * const smtp = await startSmtpService({ runtime, binding: { host: '127.0.0.1', port: 2525 } });
 */
export async function startSmtpService(options: MailServiceOptions): Promise<ServiceHandle> {
  const { runtime } = options;
  const store = mailStoreFor(runtime);
  const host = (options.entryHost ? findHost(runtime.world, options.entryHost) : undefined) ?? store.host;
  const fqdn = `${host.hostname}.${runtime.world.organisation.domain}`;
  const guard = new SourceGuard(runtime.limits);
  const origins = new Map<string, { origin: SessionOrigin; release: () => void; started: number }>();
  const users = new Map<string, MailUser>();
  const delay = () => options.failureDelayMs ?? 800 + Math.floor(Math.random() * 400);
  const banner = host.services.find((s) => s.name === 'smtp')?.banner;
  const flavour = banner ? / ESMTP (.*)$/.exec(banner)?.[1] : undefined;

  const originOf = (session: SMTPServerSession): SessionOrigin => {
    const known = origins.get(session.id);
    if (known) return known.origin;
    return {
      session: newSessionId(),
      host,
      protocol: 'smtp',
      src: { ip: session.remoteAddress.replace(/^::ffff:/, '') || '0.0.0.0', port: session.remotePort },
      dst: { ip: session.localAddress.replace(/^::ffff:/, ''), port: session.localPort },
    };
  };
  const emit = (session: SMTPServerSession) => emitFor(runtime, originOf(session));
  const fail = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

  const server = new SMTPServer({
    name: fqdn,
    banner: flavour ?? 'Postfix',
    heloResponse: '%s',
    size: runtime.limits.maxFileBytes,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    hideSTARTTLS: true,
    hideREQUIRETLS: true,
    hideENHANCEDSTATUSCODES: false,
    logger: false,
    maxClients: runtime.limits.maxConnections,
    socketTimeout: 300_000,
    closeTimeout: 1_000,
    onConnect(session, callback) {
      const origin = originOf(session);
      const admission = guard.admit(origin.src.ip);
      if (!admission.ok) return callback(fail('Error: too many connections from your address', 421));
      origins.set(session.id, { origin, release: () => admission.release(), started: runtime.now().getTime() });
      emitFor(runtime, origin)({ kind: 'connect' });
      callback();
    },
    onClose(session) {
      const known = origins.get(session.id);
      if (!known) return;
      origins.delete(session.id);
      users.delete(session.id);
      known.release();
      emitFor(
        runtime,
        known.origin,
      )({
        kind: 'disconnect',
        duration: Math.max(0, (runtime.now().getTime() - known.started) / 1000),
      });
    },
    onAuth(auth, session, callback) {
      const username = auth.username ?? '';
      const password = auth.password ?? '';
      const user = store.authenticate(username, password);
      emit(session)({
        kind: 'auth',
        method: 'password',
        username: cut(username, 256),
        password: cut(password, 256),
        success: user !== undefined,
        ...(isPlanted(runtime.world, username, password) ? { planted: true } : {}),
      });
      if (user) {
        users.set(session.id, user);
        return callback(null, { user: user.email });
      }
      setTimeout(() => callback(fail('Error: authentication failed: authentication failure', 535)), delay()).unref();
    },
    onMailFrom(_address, _session, callback) {
      callback();
    },
    onRcptTo(address, session, callback) {
      if (store.isLocal(address.address) || users.has(session.id)) return callback();
      emit(session)({
        kind: 'other',
        eventid: 'smtp.relay_denied',
        fields: {
          from: cut(session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
          to: cut(address.address),
        },
      });
      callback(fail(`<${cut(address.address, 200)}>: Relay access denied`, 554));
    },
    onData(stream, session, callback) {
      const accept = async () => {
        const raw = await readCapped(stream, runtime.limits.maxFileBytes);
        if (stream.sizeExceeded || !raw) return callback(fail('Message size exceeds fixed limit', 552));
        const queueId = postfixQueueId();
        await capture(runtime, store, users.get(session.id), emit(session), session, raw, queueId);
        callback(null, `Ok: queued as ${queueId}`);
      };
      // A failing capture store answers like a full Postfix queue; it never becomes an unhandled rejection.
      accept().catch(() => callback(fail('Error: queue file write error', 451)));
    },
  });
  const accept = server.connect.bind(server);
  server.connect = (socket, socketOptions) => {
    speakPostfix(socket);
    accept(socket, socketOptions);
  };
  server.on('error', () => undefined);
  const port = await listenOn(server.server, options.binding);
  return {
    address: { host: options.binding.host, port },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The whole message, or undefined once it passes the limit (the rest is drained, not kept). */
function readCapped(stream: SMTPServerDataStream, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      if (!over) chunks.push(chunk);
    });
    stream.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

async function capture(
  runtime: WorldRuntime,
  store: MailStore,
  user: MailUser | undefined,
  emit: ReturnType<typeof emitFor>,
  session: SMTPServerSession,
  raw: Buffer,
  queueId: string,
): Promise<void> {
  const stored = await runtime.captures.put(raw);
  const headers = parseHeaders(raw);
  const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
  const to = session.envelope.rcptTo.map((r) => cut(r.address)).slice(0, 100);
  const appended = user ? store.appendSent(user, raw, runtime.now()) : undefined;
  emit({
    kind: 'file',
    action: 'uploaded',
    path: `/var/spool/postfix/incoming/${queueId}`,
    sha256: stored.sha256,
    size: stored.size,
    storedAs: stored.storedAs,
  });
  emit({
    kind: 'mail',
    action: 'sent',
    from: cut(envelopeFrom),
    to,
    subject: cut(decodeWords(headers.get('subject') ?? '')),
    messageId: cut(headers.get('message-id') ?? queueId),
    ...(appended ? { mailbox: 'Sent' } : {}),
  });
}

/** Postfix's long queue id style: 10 to 12 characters of base-52-ish time and randomness. */
function postfixQueueId(): string {
  const alphabet = 'BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789';
  return [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join('');
}
