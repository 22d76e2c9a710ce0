import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { findHost } from '../../world/accounts.js';
import type { ServiceHandle, SessionOrigin } from '../contracts.js';
import { cut, emitFor, originOf } from '../imap/connection.js';
import { SourceGuard } from '../limits.js';
import type { MailServiceOptions } from '../imap/imap-service.js';
import { mailStoreFor } from '../mail-store.js';
import { errorPage } from './pages.js';
import { portalContent, serverHeader } from './portal-content.js';
import { route, type Reply } from './routes.js';
import { sessionCookie, WebSessions } from './web-sessions.js';
import { listenOn } from '../listen.js';

/** Largest request body (a sign-in form is a few hundred bytes). */
const MAX_BODY_BYTES = 16 * 1024;

/**
 * The intranet portal and webmail of the world's web host (issue 7, item 3): sign-in pages branded from the
 * persona, credentials captured (`auth` and `http` events) and accepted when they are the world's, notices, staff
 * directory, documents and the signed-in user's mail behind the sign-in, the claimed server's headers and error
 * pages. Every request is an `http` event; nothing a client sends is echoed unescaped.
 *
 * @example
 * const web = await startHttpService({ runtime, binding: { host: '127.0.0.1', port: 8081 } });
 */
export async function startHttpService(options: MailServiceOptions): Promise<ServiceHandle> {
  const { runtime } = options;
  const world = runtime.world;
  const host =
    (options.entryHost ? findHost(world, options.entryHost) : undefined) ??
    world.hosts.find((h) => h.role === 'web') ??
    world.hosts[0]!;
  const store = mailStoreFor(runtime);
  const content = portalContent(world);
  const server = serverHeader(host);
  const home = host.role === 'mail' ? 'webmail' : 'portal';
  const sessions = new WebSessions(() => runtime.now().getTime());
  const guard = new SourceGuard(runtime.limits);
  const origins = new WeakMap<Socket, SessionOrigin>();
  const open = new Set<Socket>();
  let port = options.binding.port;

  const http = createServer(
    // keepAliveTimeout 0: Node would otherwise add a "Keep-Alive: timeout=5" header that nginx and Apache never send;
    // idle sockets are closed by the socket timeout below instead.
    { maxHeaderSize: 8_192, headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 0 },
    (req, res) =>
      void handle(req, res).catch(() => {
        // A bug must not take the sensor down: answer like a broken upstream and carry on.
        if (!res.headersSent) res.writeHead(500, { Server: server, 'Content-Type': 'text/html' });
        res.end();
      }),
  );
  http.setTimeout(15_000, (socket: Socket) => socket.destroy());
  http.on('connection', (socket: Socket) => {
    const origin = originOf(socket, host, 'http');
    const admission = guard.admit(origin.src.ip);
    if (!admission.ok) return void socket.destroy();
    const release = () => admission.release();
    origins.set(socket, origin);
    open.add(socket);
    const started = runtime.now().getTime();
    emitFor(runtime, origin)({ kind: 'connect' });
    socket.on('close', () => {
      open.delete(socket);
      release();
      emitFor(runtime, origin)({ kind: 'disconnect', duration: (runtime.now().getTime() - started) / 1000 });
    });
  });
  http.on('clientError', (_error, socket: Socket) => {
    const origin = origins.get(socket);
    // Not a request Node could parse (garbage, oversized headers, a timeout): still one line in the record.
    if (origin) emitFor(runtime, origin)({ kind: 'http', method: 'INVALID', url: '', status: 400 });
    const body = errorPage(server, 400, host.hostname, port);
    if (socket.writable)
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nServer: ${server}\r\nContent-Type: text/html\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    else socket.destroy();
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = origins.get(req.socket);
    if (!origin) return void res.destroy();
    const emit = emitFor(runtime, origin);
    const method = cut(req.method ?? 'GET', 32);
    const rawUrl = cut(req.url ?? '/', 8_000);
    const userAgent = req.headers['user-agent'];
    let reply: Reply | undefined;
    let url: URL;
    try {
      url = new URL(rawUrl, 'http://localhost');
    } catch {
      url = new URL('http://localhost/');
      reply = { status: 400, body: errorPage(server, 400, host.hostname, port) };
    }
    const body = method === 'POST' ? await readBody(req) : Buffer.alloc(0);
    if (!body) {
      reply = { status: 413, body: errorPage(server, 413, host.hostname, port), headers: { Connection: 'close' } };
    }
    reply ??= (() => {
      const sid = sessionCookie(req.headers.cookie);
      const form = new URLSearchParams(body?.toString('utf8') ?? '');
      return route(
        { runtime, store, content, sessions, server, home, hostName: host.hostname, port, emit },
        { method, url, form, user: sessions.find(sid), sessionId: sid },
      );
    })();
    emit({
      kind: 'http',
      method,
      url: rawUrl,
      status: reply.status,
      ...(userAgent ? { userAgent: cut(userAgent) } : {}),
    });
    const payload = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
    res.writeHead(reply.status, {
      Server: server,
      'Content-Type': 'text/html; charset=UTF-8',
      'Content-Length': String(payload.length),
      ...reply.headers,
    });
    res.end(method === 'HEAD' ? undefined : payload);
  }

  port = await listenOn(http, options.binding);
  return {
    address: { host: options.binding.host, port },
    async close() {
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      for (const socket of open) socket.destroy();
      await closed;
    },
  };
}

/** The request body, or undefined when it is larger than {@link MAX_BODY_BYTES}. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      return resolve(undefined);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
  });
}
