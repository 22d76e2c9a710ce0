import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';

type Headers = { cookie: string; 'x-csrf-token': string };
interface Listed {
  items: { id: string; email: string; displayName: string; orgs: { nameEn: string }[] }[];
  total: number;
}

describe('GET /api/v1/colleagues', () => {
  let hub: TestHub;
  let analyst: Headers;
  let groupId: string;
  let foreignGroupId: string;

  beforeAll(async () => {
    hub = await startTestHub();
    const own = (await hub.org('col-own')).id;
    const partner = (await hub.org('col-partner')).id;
    const stranger = (await hub.org('col-stranger')).id;
    await hub.user('ana@own.example', { memberships: [{ orgId: own, role: 'analyst' }] });
    await hub.user('kana@own.example', { memberships: [{ orgId: own, role: 'viewer' }] });
    await hub.user('pat@partner.example', { memberships: [{ orgId: partner, role: 'analyst' }] });
    await hub.user('sam@stranger.example', { memberships: [{ orgId: stranger, role: 'analyst' }] });
    analyst = await hub.signIn('ana@own.example');
    await hub.user('boss@partner.example', { memberships: [{ orgId: partner, role: 'org_admin' }] });
    const boss = await hub.signIn('boss@partner.example');
    const group = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/sharing-groups',
      headers: boss,
      payload: { name: 'own and partner', orgIds: [own, partner] },
    });
    expect(group.statusCode, group.body).toBe(201);
    groupId = group.json().id;
    const foreign = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/sharing-groups',
      headers: boss,
      payload: { name: 'partner and stranger', orgIds: [partner, stranger] },
    });
    expect(foreign.statusCode, foreign.body).toBe(201);
    foreignGroupId = foreign.json().id;
  });
  afterAll(async () => hub.dispose());

  const list = async (query: string, headers: Headers = analyst) =>
    hub.app.inject({ method: 'GET', url: `/api/v1/colleagues${query}`, headers });
  const emails = (body: Listed) => body.items.map((item) => item.email).sort();

  it('lists the people of the caller’s own organisation, and nobody else, to an analyst', async () => {
    const response = await list('');
    expect(response.statusCode).toBe(200);
    const body = response.json<Listed>();
    expect(emails(body)).toEqual(['ana@own.example', 'kana@own.example']);
    expect(body.items[0]!.orgs[0]!.nameEn).toBe('col-own Inc.');
  });

  it('adds the members of a sharing group the caller’s organisation is in', async () => {
    const body = (await list(`?sharingGroupId=${groupId}`)).json<Listed>();
    expect(emails(body)).toEqual([
      'ana@own.example',
      'boss@partner.example',
      'kana@own.example',
      'pat@partner.example',
    ]);
  });

  it('refuses a sharing group the caller’s organisation is not in, the same as one that does not exist', async () => {
    const foreign = await list(`?sharingGroupId=${foreignGroupId}`);
    expect(foreign.statusCode).toBe(403);
    expect(foreign.body).not.toContain('stranger');
    const missing = await list('?sharingGroupId=00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.message).toBe(foreign.json().error.message);
  });

  it('searches by name or e-mail and pages the answer', async () => {
    const byEmail = (await list(`?sharingGroupId=${groupId}&q=PARTNER.example`)).json<Listed>();
    expect(emails(byEmail)).toEqual(['boss@partner.example', 'pat@partner.example']);
    const wildcard = (await list('?q=%25')).json<Listed>();
    expect(wildcard.total).toBe(0);
    const page = (await list(`?sharingGroupId=${groupId}&limit=1&offset=1`)).json<Listed>();
    expect(page.items).toHaveLength(1);
    expect(page.total).toBe(4);
  });

  it('answers a malformed group id with 400 and an anonymous caller with 401', async () => {
    expect((await list('?sharingGroupId=nope')).statusCode).toBe(400);
    const anonymous = await hub.app.inject({ method: 'GET', url: '/api/v1/colleagues' });
    expect(anonymous.statusCode).toBe(401);
  });
});
