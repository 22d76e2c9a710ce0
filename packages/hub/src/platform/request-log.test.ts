import { DrizzleQueryError } from 'drizzle-orm/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../test/harness.js';
import { redactUrl, serializeError, serializeRequest } from './request-log.js';

describe(redactUrl.name, () => {
  it('hides the token of one-time links in the API and in the console path', () => {
    expect(redactUrl('/api/v1/auth/links/abcDEF123_-x')).toBe('/api/v1/auth/links/[redacted]');
    expect(redactUrl('/api/v1/auth/links/abcDEF123_-x/accept')).toBe('/api/v1/auth/links/[redacted]/accept');
    expect(redactUrl('/accept/abcDEF123_-x')).toBe('/accept/[redacted]');
    expect(redactUrl('/ACCEPT/abcDEF123_-x?lang=ja')).toBe('/ACCEPT/[redacted]?lang=ja');
  });

  it('hides the values of query parameters that name a secret and keeps the others', () => {
    expect(redactUrl('/x?token=s3cret&q=nanocore')).toBe('/x?token=[redacted]&q=nanocore');
    expect(redactUrl('/x?access_token=a&apiKey=b&password=c&code=d&environmentCode=CL12')).toBe(
      '/x?access_token=[redacted]&apiKey=[redacted]&password=[redacted]&code=[redacted]&environmentCode=CL12',
    );
    expect(redactUrl('/x?%74oken=s3cret')).toBe('/x?%74oken=[redacted]');
    expect(redactUrl('/api/v1/cases?limit=5')).toBe('/api/v1/cases?limit=5');
  });
});

describe(serializeError.name, () => {
  it('logs a failed query with its SQL and cause but without the parameters the client sent', () => {
    const cause = new Error('invalid byte sequence for encoding "UTF8": 0x00');
    const error = new DrizzleQueryError('select id from users where email = $1', ['who@secret.example'], cause);
    const logged = JSON.stringify(serializeError(error));
    expect(logged).toContain('select id from users where email = $1');
    expect(logged).toContain('invalid byte sequence');
    expect(logged).not.toContain('who@secret.example');
  });

  it('logs other errors as pino does', () => {
    const logged = serializeError(new TypeError('x is not a function'));
    expect(logged).toMatchObject({ type: 'TypeError', message: 'x is not a function' });
  });
});

describe(serializeRequest.name, () => {
  const lines: string[] = [];
  let hub: TestHub;
  let adminHeaders: Record<string, string>;
  let userId: string;

  beforeAll(async () => {
    hub = await startTestHub({ logLevel: 'info' }, { logStream: { write: (line: string) => lines.push(line) } });
    await hub.user('root@log.example', { platformAdmin: true });
    userId = await hub.user('forgetful@log.example');
    adminHeaders = await hub.signIn('root@log.example');
  });
  afterAll(async () => hub.dispose());

  async function resetToken(): Promise<string> {
    const response = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/users/${userId}/password-reset`,
      headers: adminHeaders,
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ link: string }>().link.split('/accept/')[1]!;
  }

  it('writes no one-time link token to the log, for the API routes or the console page', async () => {
    const token = await resetToken();
    lines.length = 0;
    const described = await hub.app.inject({ method: 'GET', url: `/api/v1/auth/links/${token}` });
    expect(described.statusCode).toBe(200);
    await hub.app.inject({ method: 'GET', url: `/accept/${token}` });
    await hub.app.inject({ method: 'GET', url: `/api/v1/auth/links/${token}/nothing-here` });
    const accepted = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/auth/links/${token}/accept`,
      payload: { password: 'a brand new passphrase 42' },
    });
    expect(accepted.statusCode).toBe(200);

    const log = lines.join('');
    expect(log).toContain('/api/v1/auth/links/[redacted]/accept');
    expect(log).toContain('/accept/[redacted]');
    expect(log).not.toContain(token);
  });

  it('writes no secret from the query string to the log', async () => {
    lines.length = 0;
    await hub.app.inject({ method: 'GET', url: '/api/v1/cases?token=query-secret-123&limit=5' });
    const log = lines.join('');
    expect(log).toContain('token=[redacted]&limit=5');
    expect(log).not.toContain('query-secret-123');
  });

  it('does not echo a link token in the 404 answer', async () => {
    const response = await hub.app.inject({ method: 'POST', url: '/api/v1/auth/links/abcdefghijklmnop/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('abcdefghijklmnop');
  });
});
