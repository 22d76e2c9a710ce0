import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { batch, sensorToken, source, upload } from '../telescope/telescope.fixtures.js';
import { SIGNATURE_HEADER } from './alerts.delivery.js';
import { closedPort, memberOrg, settledHistory, smtpListener, webhookReceiver } from './alerts.fixtures.js';

describe('alert deliveries', () => {
  let smtp: Awaited<ReturnType<typeof smtpListener>>;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  let hub: TestHub;

  beforeAll(async () => {
    smtp = await smtpListener();
    hook = await webhookReceiver(204);
    // Both receivers are on 127.0.0.1, which the egress guard refuses unless the operator allows it; the test
    // listener speaks SMTP without TLS, which needs the operator's explicit consent too.
    hub = await startTestHub({
      smtpUrl: smtp.url,
      smtpFrom: 'cynex <alerts@cynex.test>',
      smtpAllowPlaintext: true,
      egressAllow: ['127.0.0.1'],
    });
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
    const history = await settledHistory(hub, member.headers);

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

    const actions = history.map((e) => e.action);
    expect(actions.slice(0, 4)).toEqual(['opened', 'notified', 'email_queued', 'webhook_queued']);
    // The two channels are separate jobs, sent concurrently.
    expect(actions.slice(4).sort()).toEqual(['email_sent', 'webhook_sent']);
    expect(history.find((e) => e.action === 'webhook_sent')!.details).toMatchObject({
      url: hook.url,
      status: 204,
      attempt: 1,
    });

    // A retried upload queues nothing again.
    await upload(hub, token, batch({ sources: [source('198.51.100.7', '2024-05-01T10:00:00Z')] }));
    expect((await settledHistory(hub, member.headers)).length).toBe(history.length);
    await hub.services.deliveryWorker.runOnce();
    expect(smtp.mails).toHaveLength(1);
    expect(hook.received).toHaveLength(1);
  });
});

describe('alert deliveries that fail', () => {
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  let hub: TestHub;

  beforeAll(async () => {
    hook = await webhookReceiver(500);
    // One attempt: each failure is final (retries have their own tests in the deliveries module).
    hub = await startTestHub({
      smtpUrl: `smtp://127.0.0.1:${await closedPort()}`,
      smtpAllowPlaintext: true,
      egressAllow: ['127.0.0.1'],
      jobsMaxAttempts: 1,
    });
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
    const history = await settledHistory(hub, member.headers);
    expect(hook.received).toHaveLength(1);
    const actions = history.map((e) => e.action);
    expect(actions.slice(0, 4)).toEqual(['opened', 'notified', 'email_queued', 'webhook_queued']);
    expect(actions.slice(4).sort()).toEqual(['email_failed', 'webhook_failed']);
    // Generic reasons only: the socket error (ECONNREFUSED and the SMTP port) is for the operator's log.
    const final = { attempt: 1, nextAttemptAt: null };
    expect(history.find((e) => e.action === 'email_failed')!.details).toEqual({
      to: ['soc@unlucky.example'],
      error: 'the e-mail could not be sent',
      ...final,
    });
    expect(history.find((e) => e.action === 'webhook_failed')!.details).toEqual({
      url: hook.url,
      error: 'the receiver answered 500',
      ...final,
    });
  });

  it('never follow a redirect away from the configured URL', async () => {
    const target = await webhookReceiver(204);
    const redirector = await webhookReceiver(302, { location: target.url });
    try {
      const member = await memberOrg(hub, 'redirected', '192.0.2.0/24', {
        emails: [],
        webhookUrl: redirector.url,
      });
      const token = await sensorToken(hub, 'sensors2@platform.example');
      const response = await upload(hub, token, batch({ sources: [source('192.0.2.77', '2024-05-01T10:00:00Z')] }));
      expect(response.statusCode).toBe(200);
      const history = await settledHistory(hub, member.headers);
      expect(redirector.received).toHaveLength(1);
      expect(target.received).toHaveLength(0);
      expect(history.map((e) => e.action)).toEqual(['opened', 'notified', 'webhook_queued', 'webhook_failed']);
      expect(history[3]!.details).toEqual({
        url: redirector.url,
        error: 'the receiver answered 302',
        attempt: 1,
        nextAttemptAt: null,
      });
    } finally {
      await redirector.close();
      await target.close();
    }
  });
});

describe('alert e-mail over smtp:// without STARTTLS', () => {
  let smtp: Awaited<ReturnType<typeof smtpListener>>;
  let hub: TestHub;

  beforeAll(async () => {
    smtp = await smtpListener();
    // The URL carries credentials: without STARTTLS they would cross the wire in clear.
    const url = new URL(smtp.url);
    url.username = 'cynex';
    url.password = 'mail-secret';
    hub = await startTestHub({ smtpUrl: url.toString(), jobsMaxAttempts: 1 });
  });
  afterAll(async () => {
    await hub.dispose();
    await smtp.close();
  });

  it('is refused unless the operator allows plain text: no credentials, no mail in clear', async () => {
    const member = await memberOrg(hub, 'cleartext', '198.51.100.0/24', {
      emails: ['soc@cleartext.example'],
      webhookUrl: null,
    });
    const token = await sensorToken(hub);
    const response = await upload(hub, token, batch({ sources: [source('198.51.100.7', '2024-05-01T10:00:00Z')] }));
    expect(response.statusCode, response.body).toBe(200);
    const history = await settledHistory(hub, member.headers);

    // nodemailer asked for STARTTLS, the server refused it, and nodemailer stopped there.
    expect(smtp.commands).toContain('STARTTLS');
    expect(smtp.commands.filter((verb) => ['AUTH', 'MAIL', 'RCPT', 'DATA'].includes(verb))).toEqual([]);
    expect(smtp.mails).toHaveLength(0);
    expect(history.map((e) => e.action)).toEqual(['opened', 'notified', 'email_queued', 'email_failed']);
    expect(history[3]!.details).toEqual({
      to: ['soc@cleartext.example'],
      error: 'the e-mail could not be sent',
      attempt: 1,
      nextAttemptAt: null,
    });
  });
});
