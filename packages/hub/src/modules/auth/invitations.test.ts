import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, startTestHub, type TestHub } from '../../../test/harness.js';

type Headers = Record<string, string>;

const ATTACKER_PASSWORD = 'chosen by the attacker 1';

const tokenOf = (link: string) => /\/accept\/([A-Za-z0-9_-]+)$/.exec(link)![1]!;
const cookieHeader = (response: { cookies: { name: string; value: string }[] }) =>
  response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');

/*
 * Hostile test finding 1 (critical): accepting an invitation link made out to an address that already had an
 * account overwrote that account's password and signed the inviter in as its owner, up to platform admin.
 */
describe('invitations to an address that has an account', () => {
  let hub: TestHub;
  let orgA: string;
  let orgB: string;
  let adminB: Headers;

  beforeAll(async () => {
    hub = await startTestHub();
    orgA = (await hub.org('victim-home')).id;
    orgB = (await hub.org('attacker-home')).id;
    await hub.user('admin@attacker.example', { memberships: [{ orgId: orgB, role: 'org_admin' }] });
    adminB = await hub.signIn('admin@attacker.example');
  });
  afterAll(async () => hub.dispose());

  const invite = (email: string, role = 'viewer') =>
    hub.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${orgB}/invitations`,
      headers: adminB,
      payload: { email, role },
    });
  const accept = (token: string, password = ATTACKER_PASSWORD) =>
    hub.app.inject({
      method: 'POST',
      url: `/api/v1/auth/links/${token}/accept`,
      payload: { displayName: 'Attacker', password },
    });
  const login = (email: string, password: string) =>
    hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  const me = (headers: Headers) => hub.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });

  it("accepting the link sets no password and signs nobody in: 409, the owner's password and sessions stand", async () => {
    await hub.user('member-analyst@victim.example', { memberships: [{ orgId: orgA, role: 'analyst' }] });
    const victimSession = await hub.signIn('member-analyst@victim.example');
    const link = (await invite('member-analyst@victim.example')).json().link as string;

    const described = await hub.app.inject({ method: 'GET', url: `/api/v1/auth/links/${tokenOf(link)}` });
    expect(described.json()).toMatchObject({ kind: 'invitation', existingAccount: true });

    const taken = await accept(tokenOf(link));
    expect(taken.statusCode, taken.body).toBe(409);
    expect(taken.json().error.code).toBe('SIGN_IN_TO_ACCEPT');
    expect(taken.cookies).toHaveLength(0);

    expect((await login('member-analyst@victim.example', ATTACKER_PASSWORD)).statusCode).toBe(401);
    expect((await login('member-analyst@victim.example', TEST_PASSWORD)).statusCode).toBe(200);
    expect((await me(victimSession)).statusCode).toBe(200);
    // Nothing joined: the victim is still only in their own organisation.
    expect((await me(victimSession)).json().user.memberships.map((m: { orgId: string }) => m.orgId)).toEqual([orgA]);
  });

  it('a platform admin invited by an org admin stays untouched: no platform-admin session for the inviter', async () => {
    await hub.user('root@platform.example', { platformAdmin: true });
    const link = (await invite('root@platform.example')).json().link as string;
    const taken = await accept(tokenOf(link));
    expect(taken.statusCode).toBe(409);
    const attempt = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { cookie: cookieHeader(taken), 'x-csrf-token': 'x' },
      payload: { slug: 'evil', nameEn: 'Evil', nameJa: '悪', sector: 'industry', programmes: ['A'] },
    });
    expect(attempt.statusCode).toBe(401);
    expect((await login('root@platform.example', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('the invited person, signed in as themselves, sees the invitation and accepts it: a membership, nothing else', async () => {
    const userId = await hub.user('invitee@victim.example', { memberships: [{ orgId: orgA, role: 'analyst' }] });
    await invite('invitee@victim.example', 'analyst');
    const invitee = await hub.signIn('invitee@victim.example');

    const pending = await hub.app.inject({ method: 'GET', url: '/api/v1/auth/invitations', headers: invitee });
    expect(pending.statusCode).toBe(200);
    expect(pending.json().items).toEqual([
      expect.objectContaining({ orgId: orgB, orgSlug: 'attacker-home', role: 'analyst', invitedBy: 'admin' }),
    ]);
    // Someone else cannot accept it for them.
    await hub.user('bystander@victim.example', { memberships: [{ orgId: orgA, role: 'analyst' }] });
    const bystander = await hub.signIn('bystander@victim.example');
    const id = pending.json().items[0].id as string;
    const stolen = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/auth/invitations/${id}/accept`,
      headers: bystander,
    });
    expect(stolen.statusCode).toBe(404);

    const accepted = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/auth/invitations/${id}/accept`,
      headers: invitee,
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const memberships = (await me(invitee)).json().user.memberships as { orgId: string; role: string }[];
    expect(memberships.map((m) => [m.orgId, m.role]).sort()).toEqual(
      [
        [orgA, 'analyst'],
        [orgB, 'analyst'],
      ].sort(),
    );
    expect((await login('invitee@victim.example', TEST_PASSWORD)).statusCode).toBe(200);
    const again = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/auth/invitations/${id}/accept`,
      headers: invitee,
    });
    expect(again.statusCode).toBe(404);

    // The join is audited under the person who joined, not the inviter.
    const root = await hub.signIn('root@platform.example');
    const audit = await hub.app.inject({ method: 'GET', url: '/api/v1/audit?action=membership.join', headers: root });
    expect(audit.json().items).toContainEqual(
      expect.objectContaining({ actorId: userId, actorLabel: 'invitee@victim.example', orgId: orgB }),
    );
  });

  it('the link itself works for its addressee when signed in, and for nobody else', async () => {
    await hub.user('linked@victim.example', { memberships: [{ orgId: orgA, role: 'viewer' }] });
    const token = tokenOf((await invite('linked@victim.example')).json().link as string);
    const wrongPerson = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/auth/links/${token}/join`,
      headers: adminB,
    });
    expect(wrongPerson.statusCode).toBe(404);
    const signedOut = await hub.app.inject({ method: 'POST', url: `/api/v1/auth/links/${token}/join` });
    expect(signedOut.statusCode).toBe(401);
    const linked = await hub.signIn('linked@victim.example');
    const joined = await hub.app.inject({ method: 'POST', url: `/api/v1/auth/links/${token}/join`, headers: linked });
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json()).toEqual({ orgId: orgB, role: 'viewer' });
  });

  it('a declined invitation is gone and leaves no membership', async () => {
    await hub.user('decliner@victim.example', { memberships: [{ orgId: orgA, role: 'viewer' }] });
    await invite('decliner@victim.example');
    const decliner = await hub.signIn('decliner@victim.example');
    const id = (await hub.app.inject({ method: 'GET', url: '/api/v1/auth/invitations', headers: decliner })).json()
      .items[0].id as string;
    const declined = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/auth/invitations/${id}/decline`,
      headers: decliner,
    });
    expect(declined.statusCode).toBe(204);
    expect(
      (await hub.app.inject({ method: 'GET', url: '/api/v1/auth/invitations', headers: decliner })).json().items,
    ).toEqual([]);
    expect((await me(decliner)).json().user.memberships).toHaveLength(1);
  });

  it('an invitation to a new address still makes the account with the chosen password', async () => {
    const link = (await invite('brand-new@elsewhere.example', 'analyst')).json().link as string;
    const described = await hub.app.inject({ method: 'GET', url: `/api/v1/auth/links/${tokenOf(link)}` });
    expect(described.json().existingAccount).toBe(false);
    const accepted = await accept(tokenOf(link), 'a fine new passphrase');
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().user.memberships).toEqual([expect.objectContaining({ orgId: orgB, role: 'analyst' })]);
  });
});

describe('setting a password through a link', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => hub.dispose());

  it("ends every other session of the account, and lifts that account's sign-in locks", async () => {
    const org = await hub.org('pw-home');
    await hub.user('boss@pw.example', { memberships: [{ orgId: org.id, role: 'org_admin' }] });
    const memberId = await hub.user('member@pw.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
    const sessions = [await hub.signIn('member@pw.example'), await hub.signIn('member@pw.example')];
    for (let i = 0; i < 6; i += 1)
      await hub.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'member@pw.example', password: `wrong ${i}` },
        remoteAddress: '10.9.9.9',
      });
    const boss = await hub.signIn('boss@pw.example');
    const reset = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/users/${memberId}/password-reset`,
      headers: boss,
    });
    const accepted = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/auth/links/${tokenOf(reset.json().link)}/accept`,
      payload: { password: 'the new passphrase!' },
    });
    expect(accepted.statusCode).toBe(200);
    for (const headers of sessions) {
      expect((await hub.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(401);
    }
    const fromLocked = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'member@pw.example', password: 'the new passphrase!' },
      remoteAddress: '10.9.9.9',
    });
    expect(fromLocked.statusCode).toBe(200);
  });
});
