import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';

type Headers = Record<string, string>;

/*
 * Hostile test findings 7, 8 and 13: TLP:RED access outlived membership; a case could be placed in a sharing group
 * its owner organisation is not in, naming another organisation's people as recipients and assignees; and a RED
 * recipient who writes for the owner organisation could widen the case.
 */
describe('sharing rules on writes that name other records and people', () => {
  let hub: TestHub;
  const orgs: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
  const ids: Record<string, string> = {};
  const h: Record<string, Headers> = {};
  let groupAB: string;

  beforeAll(async () => {
    hub = await startTestHub();
    for (const key of ['A', 'B', 'C'] as const) orgs[key] = (await hub.org(`share-${key.toLowerCase()}`)).id;
    const people: [string, 'A' | 'B' | 'C', 'org_admin' | 'analyst' | 'learner'][] = [
      ['adminA', 'A', 'org_admin'],
      ['creatorA', 'A', 'analyst'],
      ['writerA', 'A', 'analyst'],
      ['learnerA', 'A', 'learner'],
      ['anaB', 'B', 'analyst'],
      ['anaC', 'C', 'analyst'],
    ];
    for (const [who, org, role] of people) {
      ids[who] = await hub.user(`${who.toLowerCase()}@share.example`, { memberships: [{ orgId: orgs[org], role }] });
      h[who] = await hub.signIn(`${who.toLowerCase()}@share.example`);
    }
    const group = async (who: string, orgIds: string[]) =>
      (
        await hub.app.inject({
          method: 'POST',
          url: '/api/v1/sharing-groups',
          headers: h[who]!,
          payload: { name: `g-${who}`, orgIds },
        })
      ).json().id as string;
    groupAB = await group('creatorA', [orgs.B]);
  });
  afterAll(async () => hub.dispose());

  const create = (who: string, extra: Record<string, unknown>) =>
    hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: h[who]!,
      payload: { environmentCode: 'SHR', startDate: '2024-04-01', malwareFamily: 'Sharer', ...extra },
    });
  const patch = (who: string, id: string, payload: Record<string, unknown>) =>
    hub.app.inject({ method: 'PATCH', url: `/api/v1/cases/${id}`, headers: h[who]!, payload });
  const get = (who: string, id: string) =>
    hub.app.inject({ method: 'GET', url: `/api/v1/cases/${id}`, headers: h[who]! });
  const fieldsOf = (r: { json: () => { error: { fields: { path: string }[] } } }) =>
    r.json().error.fields.map((f) => f.path);

  it("refuses a case in a sharing group its owner organisation is not in (C's analyst, the group of A and B)", async () => {
    // B is in the group {A, B}: B's analyst may share there and name A's analyst.
    const member = await create('anaB', {
      scope: 'sharing_group',
      marking: 'RED',
      sharingGroupId: groupAB,
      recipientUserIds: [ids.creatorA],
      analystUserIds: [ids.creatorA],
    });
    expect(member.statusCode, member.body).toBe(201);
    // C is not: the finding's attack (a RED case in A's group naming A's analyst) is refused.
    const foreign = await create('anaC', {
      scope: 'sharing_group',
      marking: 'RED',
      sharingGroupId: groupAB,
      recipientUserIds: [ids.creatorA],
      analystUserIds: [ids.creatorA],
    });
    expect(foreign.statusCode, foreign.body).toBe(400);
    expect(foreign.json().error.code).toBe('SHARING_INVALID');
    expect(fieldsOf(foreign)).toContain('sharingGroupId');
    // Nobody in A was notified of it.
    const notes = await hub.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: h.creatorA! });
    expect(JSON.stringify(notes.json())).not.toContain('anaC');
  });

  it('refuses assignees who could not read the case, and accepts those who can', async () => {
    const refused = await create('creatorA', { marking: 'AMBER', analystUserIds: [ids.anaB] });
    expect(refused.statusCode).toBe(400);
    expect(fieldsOf(refused)).toEqual(['analystUserIds']);
    const learner = await create('creatorA', { marking: 'AMBER', analystUserIds: [ids.learnerA] });
    expect(fieldsOf(learner)).toEqual(['analystUserIds']);
    const inGroup = await create('creatorA', {
      scope: 'sharing_group',
      marking: 'AMBER',
      sharingGroupId: groupAB,
      analystUserIds: [ids.anaB, ids.writerA],
    });
    expect(inGroup.statusCode, inGroup.body).toBe(201);
    // RED: only named recipients (and the creator) read it, so an assignee must be one of them.
    const redAssignee = await create('creatorA', {
      marking: 'RED',
      recipientUserIds: [ids.writerA],
      analystUserIds: [ids.adminA],
    });
    expect(fieldsOf(redAssignee)).toEqual(['analystUserIds']);
  });

  it('refuses to move a case out of reach of the people it names (narrowing drops an assignee)', async () => {
    const made = await create('creatorA', {
      scope: 'sharing_group',
      marking: 'AMBER',
      sharingGroupId: groupAB,
      analystUserIds: [ids.anaB],
    });
    const narrowed = await patch('creatorA', made.json().id, { scope: 'organisation', sharingGroupId: null });
    expect(narrowed.statusCode).toBe(400);
    expect(fieldsOf(narrowed)).toContain('analystUserIds');
    const both = await patch('creatorA', made.json().id, {
      scope: 'organisation',
      sharingGroupId: null,
      analystUserIds: [],
    });
    expect(both.statusCode, both.body).toBe(200);
  });

  it("a RED recipient who writes for the owner organisation cannot widen it; the creator and the org's admin can", async () => {
    const made = await create('creatorA', {
      marking: 'RED',
      recipientUserIds: [ids.writerA, ids.adminA],
      summaryEn: 'red secret',
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    const widened = await patch('writerA', id, { marking: 'GREEN', scope: 'community', recipientUserIds: [] });
    expect(widened.statusCode).toBe(403);
    expect((await get('anaC', id)).statusCode).toBe(404);
    // The recipient may still edit the content.
    expect((await patch('writerA', id, { summaryEn: 'red secret, edited' })).statusCode).toBe(200);
    const byAdmin = await patch('adminA', id, { recipientUserIds: [ids.writerA, ids.adminA, ids.creatorA] });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    const byCreator = await patch('creatorA', id, { marking: 'AMBER', recipientUserIds: [] });
    expect(byCreator.statusCode, byCreator.body).toBe(200);
    const root = await hub.user('root@share.example', { platformAdmin: true });
    expect(root).toBeTruthy();
    const audit = await hub.app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=case.sharing_change',
      headers: await hub.signIn('root@share.example'),
    });
    const changes = audit.json().items.filter((e: { targetId: string }) => e.targetId === id);
    expect(changes).toHaveLength(2);
    expect(changes[0].details.to).toMatchObject({ marking: 'AMBER', recipientUserIds: [] });
  });

  it('TLP:RED stops at the end of membership: a removed recipient and a removed creator read it no more', async () => {
    const recipientId = await hub.user('leaver@share.example', { memberships: [{ orgId: orgs.A, role: 'analyst' }] });
    const leaver = await hub.signIn('leaver@share.example');
    const made = await create('creatorA', { marking: 'RED', recipientUserIds: [recipientId] });
    const id = made.json().id as string;
    const comment = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/comments`,
      headers: leaver,
      payload: { body: 'seen' },
    });
    expect(comment.statusCode).toBe(201);
    const removed = await hub.app.inject({
      method: 'DELETE',
      url: `/api/v1/orgs/${orgs.A}/members/${recipientId}`,
      headers: h.adminA!,
    });
    expect(removed.statusCode).toBe(204);
    expect((await hub.app.inject({ method: 'GET', url: `/api/v1/cases/${id}`, headers: leaver })).statusCode).toBe(404);
    const search = await hub.app.inject({ method: 'GET', url: '/api/v1/cases?q=Sharer', headers: leaver });
    expect(search.json().items.map((i: { id: string }) => i.id)).not.toContain(id);
    const exported = await hub.app.inject({ method: 'GET', url: '/api/v1/cases/export?format=json', headers: leaver });
    expect(exported.body).not.toContain(id);
    const again = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/comments`,
      headers: leaver,
      payload: { body: 'still here?' },
    });
    expect(again.statusCode).toBe(404);

    // A creator who leaves loses their own RED case too.
    const authorId = await hub.user('author@share.example', { memberships: [{ orgId: orgs.A, role: 'analyst' }] });
    const author = await hub.signIn('author@share.example');
    const own = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: author,
      payload: {
        environmentCode: 'SHR',
        startDate: '2024-04-02',
        malwareFamily: 'Sharer',
        marking: 'RED',
        recipientUserIds: [ids.adminA],
      },
    });
    expect(own.statusCode, own.body).toBe(201);
    expect(
      (await hub.app.inject({ method: 'GET', url: `/api/v1/cases/${own.json().id}`, headers: author })).statusCode,
    ).toBe(200);
    await hub.app.inject({ method: 'DELETE', url: `/api/v1/orgs/${orgs.A}/members/${authorId}`, headers: h.adminA! });
    expect(
      (await hub.app.inject({ method: 'GET', url: `/api/v1/cases/${own.json().id}`, headers: author })).statusCode,
    ).toBe(404);
  });
});
