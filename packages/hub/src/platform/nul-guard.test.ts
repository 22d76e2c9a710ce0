import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../test/harness.js';
import { nulGuard, nulPaths } from './nul-guard.js';

describe(nulPaths.name, () => {
  it('names every string and key holding a NUL by its dotted path', () => {
    const body = { a: 'ok', b: ['x', 'y\u0000'], c: { d: '\u0000', 'e\u0000': 1 }, n: 5, z: null };
    expect(nulPaths(body, '')).toEqual(['b.1', 'c.d', 'c.e\\u0000']);
    expect(nulPaths({ q: 'a\u0000b' }, 'querystring')).toEqual(['querystring.q']);
    expect(nulPaths('text\u0000', 'body')).toEqual(['body']);
  });

  it('walks a deeply nested body without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}"\\u0000"${']'.repeat(200_000)}`) as unknown;
    expect(nulPaths(deep, '')).toHaveLength(1);
  });
});

/** The answer a client gets for a NUL: 400 VALIDATION_FAILED naming the field, as for any other invalid field. */
const refused = (path: string) => ({
  error: {
    code: 'VALIDATION_FAILED',
    message: 'the request is not valid',
    fields: [{ path, message: 'contains a NUL character' }],
  },
});

describe(nulGuard.name, () => {
  let hub: TestHub;
  let headers: Record<string, string>;
  let caseId: string;

  beforeAll(async () => {
    hub = await startTestHub();
    const org = await hub.org('nul-org');
    await hub.user('admin@nul.example', { platformAdmin: true, memberships: [{ orgId: org.id, role: 'analyst' }] });
    headers = await hub.signIn('admin@nul.example');
    const created = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers,
      payload: { environmentCode: 'CL12', startDate: '2022-09-07', malwareFamily: 'NanoCore' },
    });
    expect(created.statusCode).toBe(201);
    caseId = created.json<{ id: string }>().id;
  });
  afterAll(async () => hub.dispose());

  it('refuses a NUL in the e-mail address of an anonymous sign-in', async () => {
    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@nul.example\u0000', password: 'whatever it is' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual(refused('email'));
  });

  it('refuses a NUL in the search and in the audit filter', async () => {
    const search = await hub.app.inject({ method: 'GET', url: '/api/v1/cases?q=a%00b', headers });
    expect(search.statusCode).toBe(400);
    expect(search.json()).toEqual(refused('querystring.q'));

    const anonymous = await hub.app.inject({ method: 'GET', url: '/api/v1/cases?q=%00' });
    expect(anonymous.statusCode).toBe(400);

    const audit = await hub.app.inject({ method: 'GET', url: '/api/v1/audit?actor=a%00', headers });
    expect(audit.statusCode).toBe(400);
    expect(audit.json()).toEqual(refused('querystring.actor'));
  });

  it('refuses a NUL in a path parameter', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/api/v1/auth/links/abcdefghijkl%00mnop' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual(refused('params.token'));
  });

  it('refuses a NUL in case, behaviour and comment writes, naming nested fields by dotted path', async () => {
    const create = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers,
      payload: { environmentCode: 'CL12', startDate: '2022-09-07', malwareFamily: 'Nano\u0000Core' },
    });
    expect(create.statusCode).toBe(400);
    expect(create.json()).toEqual(refused('malwareFamily'));

    const update = await hub.app.inject({
      method: 'PATCH',
      url: `/api/v1/cases/${caseId}`,
      headers,
      payload: { summaryEn: 'a\u0000' },
    });
    expect(update.json()).toEqual(refused('summaryEn'));

    const behaviour = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/behaviours`,
      headers,
      payload: {
        occurredAt: '2022-09-07T10:15:00+09:00',
        category: 'command',
        action: 'ran systeminfo',
        techniqueIds: ['T1082', 'T1082\u0000'],
      },
    });
    expect(behaviour.statusCode).toBe(400);
    expect(behaviour.json()).toEqual(refused('techniqueIds.1'));

    const comment = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/comments`,
      headers,
      payload: { body: 'look\u0000here' },
    });
    expect(comment.statusCode).toBe(400);
    expect(comment.json()).toEqual(refused('body'));

    const detail = await hub.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers });
    expect(detail.json<{ behaviours: unknown[] }>().behaviours).toEqual([]);
  });

  it('refuses a NUL anywhere in a CSV import and imports nothing', async () => {
    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases/import',
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: 'environmentCode,startDate,malwareFamily\r\nCL12,2022-09-08,Nano\u0000Core\r\n',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual(refused('body'));
    const listed = await hub.app.inject({ method: 'GET', url: '/api/v1/cases', headers });
    expect(listed.json<{ total: number }>().total).toBe(1);
  });

  it('lets the same requests through without the NUL', async () => {
    const search = await hub.app.inject({ method: 'GET', url: '/api/v1/cases?q=Nano', headers });
    expect(search.statusCode).toBe(200);
    const audit = await hub.app.inject({ method: 'GET', url: '/api/v1/audit?actor=admin', headers });
    expect(audit.statusCode).toBe(200);
  });
});
