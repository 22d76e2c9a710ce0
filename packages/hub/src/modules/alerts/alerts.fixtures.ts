/**
 * Local receivers for the alert delivery tests: an SMTP listener and webhook receivers, all on 127.0.0.1 (the
 * tests never send traffic anywhere else), and the steps every delivery test takes. Not used by the hub itself.
 */
import http from 'node:http';
import net from 'node:net';
import { expect, vi } from 'vitest';
import type { TestHub } from '../../../test/harness.js';

export interface Mail {
  from: string;
  to: string[];
  data: string;
}

const listen = async (server: net.Server): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
};

/**
 * A minimal SMTP listener that keeps what it is sent and every command verb (no TLS, no auth; it does not offer
 * STARTTLS and refuses it when asked).
 */
export async function smtpListener(): Promise<{
  url: string;
  mails: Mail[];
  commands: string[];
  close: () => Promise<void>;
}> {
  const mails: Mail[] = [];
  const commands: string[] = [];
  const server = net.createServer((socket) => {
    socket.setEncoding('utf8');
    let buffer = '';
    let data: string[] | undefined;
    let mail: Mail = { from: '', to: [], data: '' };
    socket.write('220 test.localhost ESMTP\r\n');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data) {
          if (line === '.') {
            mails.push({ ...mail, data: data.join('\n') });
            mail = { from: '', to: [], data: '' };
            data = undefined;
            socket.write('250 2.0.0 queued\r\n');
          } else data.push(line.startsWith('..') ? line.slice(1) : line);
          continue;
        }
        const verb = line.split(' ')[0]!.toUpperCase();
        commands.push(verb);
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 test.localhost\r\n');
        else if (verb === 'STARTTLS') socket.write('502 5.5.1 STARTTLS not offered\r\n');
        else if (verb === 'MAIL') {
          mail.from = /<(.*)>/.exec(line)?.[1] ?? '';
          socket.write('250 2.1.0 ok\r\n');
        } else if (verb === 'RCPT') {
          mail.to.push(/<(.*)>/.exec(line)?.[1] ?? '');
          socket.write('250 2.1.5 ok\r\n');
        } else if (verb === 'DATA') {
          data = [];
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 2.0.0 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  const port = await listen(server);
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    commands,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface Hook {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local webhook receiver on 127.0.0.1 answering with the given status (and headers). */
export async function webhookReceiver(status: number, headers: http.OutgoingHttpHeaders = {}) {
  const received: Hook[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(status, headers).end();
    });
  });
  const port = await listen(server);
  return {
    port,
    url: `http://127.0.0.1:${port}/hooks/cynex`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A listener on 127.0.0.1 that accepts connections and never answers: a receiver that times out. */
export async function silentReceiver() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}/hooks/cynex`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** An organisation with an admin, a registered (and approved) prefix and the given alert settings (which must be accepted). */
export async function memberOrg(hub: TestHub, slug: string, cidr: string, settings: object) {
  const org = await hub.org(slug);
  await hub.user(`admin@${slug}.example`, { memberships: [{ orgId: org.id, role: 'org_admin' }] });
  const headers = await hub.signIn(`admin@${slug}.example`);
  const add = await hub.app.inject({
    method: 'POST',
    url: `/api/v1/orgs/${org.id}/prefixes`,
    headers,
    payload: { cidr },
  });
  expect(add.statusCode, add.body).toBe(201);
  await hub.approvePrefix(add.json().id);
  const put = await hub.app.inject({
    method: 'PUT',
    url: `/api/v1/orgs/${org.id}/alert-settings`,
    headers,
    payload: settings,
  });
  expect(put.statusCode, put.body).toBe(200);
  return { orgId: org.id, headers, secret: put.json().webhookSecret as string | null };
}

/** The history of the organisation's one alert, as its members read it. */
export async function historyOf(hub: TestHub, headers: Record<string, string>) {
  const alerts = (await hub.app.inject({ method: 'GET', url: '/api/v1/alerts', headers })).json().items;
  expect(alerts).toHaveLength(1);
  return alerts[0].history as { action: string; details: Record<string, unknown> }[];
}

type HistoryEntry = { action: string; details: Record<string, unknown> };

/**
 * The history of the organisation's one alert once every delivery queued for it has settled: sent, or failed
 * with no attempt left. Deliveries leave through the outbox, after the upload has been answered.
 */
export async function settledHistory(hub: TestHub, headers: Record<string, string>): Promise<HistoryEntry[]> {
  return vi.waitFor(
    async () => {
      const history = (await historyOf(hub, headers)) as HistoryEntry[];
      for (const channel of ['email', 'webhook']) {
        if (!history.some((e) => e.action === `${channel}_queued`)) continue;
        const settled = history.some(
          (e) =>
            e.action === `${channel}_sent` || (e.action === `${channel}_failed` && e.details.nextAttemptAt === null),
        );
        if (!settled) throw new Error(`the ${channel} delivery has not settled`);
      }
      return history;
    },
    { timeout: 15_000, interval: 25 },
  );
}
