import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';

/* Hostile test finding 15: the last admin of an organisation could demote or remove themselves. */
describe('the last admin of an organisation', () => {
  let hub: TestHub;
  let orgId: string;
  let onlyAdmin: string;
  let headers: Record<string, string>;

  beforeAll(async () => {
    hub = await startTestHub();
    orgId = (await hub.org('lonely')).id;
    onlyAdmin = await hub.user('only@lonely.example', { memberships: [{ orgId, role: 'org_admin' }] });
    headers = await hub.signIn('only@lonely.example');
  });
  afterAll(async () => hub.dispose());

  const setRole = (userId: string, role: string, h = headers) =>
    hub.app.inject({ method: 'PATCH', url: `/api/v1/orgs/${orgId}/members/${userId}`, headers: h, payload: { role } });
  const remove = (userId: string, h = headers) =>
    hub.app.inject({ method: 'DELETE', url: `/api/v1/orgs/${orgId}/members/${userId}`, headers: h });

  it('cannot demote or remove themselves: 409 LAST_ADMIN, and stays admin', async () => {
    const demoted = await setRole(onlyAdmin, 'analyst');
    expect(demoted.statusCode).toBe(409);
    expect(demoted.json().error.code).toBe('LAST_ADMIN');
    const removed = await remove(onlyAdmin);
    expect(removed.statusCode).toBe(409);
    const members = await hub.app.inject({ method: 'GET', url: `/api/v1/orgs/${orgId}/members`, headers });
    expect(members.json().items).toEqual([expect.objectContaining({ userId: onlyAdmin, role: 'org_admin' })]);
  });

  it('can step down once another admin exists; two admins demoting each other at once leave one', async () => {
    const second = await hub.user('second@lonely.example', { memberships: [{ orgId, role: 'analyst' }] });
    expect((await setRole(second, 'org_admin')).statusCode).toBe(204);
    const secondHeaders = await hub.signIn('second@lonely.example');
    const [a, b] = await Promise.all([setRole(second, 'analyst'), setRole(onlyAdmin, 'analyst', secondHeaders)]);
    // One wins; the other finds itself the last admin (409) or, if the winner demoted it first, no admin (403).
    expect([a.statusCode, b.statusCode].filter((s) => s === 204)).toHaveLength(1);
    expect([a.statusCode, b.statusCode].filter((s) => s !== 204)[0]).toBeOneOf([403, 409]);
    const members = await hub.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${orgId}/members`,
      headers: a.statusCode === 204 ? headers : secondHeaders,
    });
    expect(members.json().items.filter((m: { role: string }) => m.role === 'org_admin')).toHaveLength(1);
  });
});
