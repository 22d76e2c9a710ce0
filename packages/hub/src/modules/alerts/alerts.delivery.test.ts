import { createHmac } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { batch, sensorToken, source, upload } from '../telescope/telescope.fixtures.js';
import { SIGNATURE_HEADER } from './alerts.delivery.js';

interface Mail {
  from: string;
  to: string[];
  data: string;
}

/** A minimal SMTP listener on 127.0.0.1 that keeps what it is sent (no TLS, no auth). */
async function smtpListener(): Promise<{ url: string; mails: Mail[]; close: () => Promise<void> }> {
  const mails: Mail[] = [];
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
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 test.localhost\r\n');
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface Hook {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local webhook receiver on 127.0.0.1 answering with the given status. */
async function webhookReceiver(status: number) {
  const received: Hook[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/cynex`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function memberOrg(hub: TestHub, slug: string, cidr: string, settings: object) {
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

async function historyOf(hub: TestHub, headers: Record<string, string>) {
  const alerts = (await hub.app.inject({ method: 'GET', url: '/api/v1/alerts', headers })).json().items;
  expect(alerts).toHaveLength(1);
  return alerts[0].history as { action: string; details: Record<string, unknown> }[];
}

describe('alert deliveries', () => {
  let smtp: Awaited<ReturnType<typeof smtpListener>>;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  let hub: TestHub;

  beforeAll(async () => {
    smtp = await smtpListener();
    hook = await webhookReceiver(204);
    hub = await startTestHub({ smtpUrl: smtp.url, smtpFrom: 'cynex <alerts@cynex.test>' });
  });
  afterAll(async () => {
    await hub.dispose();
    await smtp.close();
    await hook.close();
  });

  it('e-mails the configured addresses through SMTP and POSTs a signed webhook', async () => {
    const member = await memberOrg(hub, 'mailed', '198.51.100.0/24', {
      emails: ['soc@mailed.example', 'cert@mailed.example'],
      webhookUrl: hook.url,
    });
    const token = await sensorToken(hub);
    const response = await upload(hub, token, batch({ sources: [source('198.51.100.7', '2024-05-01T10:00:00Z')] }));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().alerts).toBe(1);

    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.from).toBe('alerts@cynex.test');
    expect(mail.to.sort()).toEqual(['cert@mailed.example', 'soc@mailed.example']);
    expect(mail.data).toContain('Subject: [cynex] darknet alert: 198.51.100.7 (2024-05-01)');
    const text = mail.data
      .replace(/=\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    expect(text).toContain('- 198.51.100.7 on 2024-05-01: darknet, 700 packets, ports tcp/23 tcp/2323');

    expect(hook.received).toHaveLength(1);
    const { headers, body } = hook.received[0]!;
    const expected = `sha256=${createHmac('sha256', member.secret!).update(body).digest('hex')}`;
    expect(headers[SIGNATURE_HEADER]).toBe(expected);
    expect(headers['content-type']).toBe('application/json');
    const payload = JSON.parse(body);
    expect(payload).toMatchObject({ event: 'alerts.opened', orgId: member.orgId });
    expect(payload.alerts.map((a: { host: string; kinds: string[] }) => [a.host, a.kinds])).toEqual([
      ['198.51.100.7', ['darknet']],
    ]);

    const history = await historyOf(hub, member.headers);
    expect(history.map((e) => e.action)).toEqual(['opened', 'notified', 'email_sent', 'webhook_sent']);
    expect(history[3]!.details).toMatchObject({ url: hook.url, status: 204 });

    // A retry delivers nothing again.
    await upload(hub, token, batch({ sources: [source('198.51.100.7', '2024-05-01T10:00:00Z')] }));
    expect(smtp.mails).toHaveLength(1);
    expect(hook.received).toHaveLength(1);
  });
});

describe('alert deliveries that fail', () => {
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  let hub: TestHub;

  beforeAll(async () => {
    hook = await webhookReceiver(500);
    hub = await startTestHub({ smtpUrl: `smtp://127.0.0.1:${await closedPort()}` });
  });
  afterAll(async () => {
    await hub.dispose();
    await hook.close();
  });

  it('do not fail the upload: the alert stands and its history says what failed', async () => {
    const member = await memberOrg(hub, 'unlucky', '203.0.113.0/24', {
      emails: ['soc@unlucky.example'],
      webhookUrl: hook.url,
    });
    const token = await sensorToken(hub);
    const response = await upload(hub, token, batch({ sources: [source('203.0.113.9', '2024-05-01T10:00:00Z')] }));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().alerts).toBe(1);
    expect(hook.received).toHaveLength(1);
    const history = await historyOf(hub, member.headers);
    expect(history.map((e) => e.action)).toEqual(['opened', 'notified', 'email_failed', 'webhook_failed']);
    expect(history[3]!.details).toMatchObject({ error: 'the webhook answered 500' });
  });

  it('never follow a redirect away from the configured URL', async () => {
    const target = await webhookReceiver(204);
    const redirector = http.createServer((_request, response) => {
      response.writeHead(307, { location: target.url }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    const { port } = redirector.address() as net.AddressInfo;
    try {
      const member = await memberOrg(hub, 'redirected', '192.0.2.0/24', {
        emails: [],
        webhookUrl: `http://127.0.0.1:${port}/hook`,
      });
      const token = await sensorToken(hub, 'sensors2@platform.example');
      const response = await upload(hub, token, batch({ sources: [source('192.0.2.77', '2024-05-01T10:00:00Z')] }));
      expect(response.statusCode).toBe(200);
      expect(target.received).toHaveLength(0);
      const history = await historyOf(hub, member.headers);
      expect(history.map((e) => e.action)).toEqual(['opened', 'notified', 'webhook_failed']);
    } finally {
      await new Promise<void>((resolve) => redirector.close(() => resolve()));
      await target.close();
    }
  });
});
