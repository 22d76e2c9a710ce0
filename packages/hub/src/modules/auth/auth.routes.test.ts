import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, startTestHub, type TestHub } from '../../../test/harness.js';
import { buildApp } from '../../app.js';
import { bootstrapAdmin, createHub } from '../../hub.js';

type Headers = { cookie: string; 'x-csrf-token': string };

interface AuditItem {
  action: string;
  actorId: string | null;
  actorLabel: string;
  targetId: string | null;
  details: Record<string, unknown>;
}

const NEW_PASSWORD = 'a brand new passphrase 42';

/** The token at the end of a one-time link such as `http://localhost:8080/accept/<token>`. */
function tokenOf(link: string): string {
  const match = /\/accept\/([A-Za-z0-9_-]+)$/.exec(link);
  if (!match) throw new Error(`not a one-time link: ${link}`);
  return match[1]!;
}

/** The cookie header a browser would send after a response that set cookies. */
function cookieHeader(response: { cookies: { name: string; value: string }[] }): string {
  return response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

describe('auth routes', () => {
  let hub: TestHub;
  let orgId: string;
  let adminHeaders: Headers;

  beforeAll(async () => {
    hub = await startTestHub();
    orgId = (await hub.org('auth-home')).id;
    await hub.user('root@platform.example', { platformAdmin: true });
    adminHeaders = await hub.signIn('root@platform.example');
  });
  afterAll(async () => hub.dispose());

  const login = (email: string, password: string, remoteAddress = '127.0.0.1') =>
    hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });

  const me = (headers: Record<string, string>) => hub.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });

  const auditOf = async (action: string): Promise<AuditItem[]> => {
    const response = await hub.app.inject({
      method: 'GET',
      url: `/api/v1/audit?action=${encodeURIComponent(action)}&limit=500`,
      headers: adminHeaders,
    });
    expect(response.statusCode).toBe(200);
    return response.json<{ items: AuditItem[] }>().items;
  };

  describe('sign-in', () => {
    it('sets an httpOnly SameSite=Lax session cookie and a readable CSRF cookie that GET /auth/me accepts', async () => {
      const userId = await hub.user('signin@auth.example', { memberships: [{ orgId, role: 'analyst' }] });
      const response = await login('signin@auth.example', TEST_PASSWORD);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.user).toMatchObject({ id: userId, email: 'signin@auth.example', isPlatformAdmin: false });
      expect(body.user.memberships).toEqual([
        expect.objectContaining({ orgId, orgSlug: 'auth-home', role: 'analyst' }),
      ]);
      expect(typeof body.csrfToken).toBe('string');

      const session = response.cookies.find((c) => c.name === 'cynex_session');
      const csrf = response.cookies.find((c) => c.name === 'cynex_csrf');
      expect(session).toBeDefined();
      expect(session!.httpOnly).toBe(true);
      expect(session!.sameSite).toBe('Lax');
      expect(session!.path).toBe('/');
      expect(csrf).toBeDefined();
      expect(csrf!.httpOnly).toBeFalsy();
      expect(csrf!.sameSite).toBe('Lax');
      expect(csrf!.value).toBe(body.csrfToken);

      const who = await me({ cookie: cookieHeader(response) });
      expect(who.statusCode).toBe(200);
      expect(who.json().user.id).toBe(userId);
      expect(who.json().csrfToken).toBe(body.csrfToken);
    });

    it('accepts the e-mail address in any letter case', async () => {
      await hub.user('mixedcase@auth.example');
      const response = await login('  MixedCase@Auth.Example ', TEST_PASSWORD);
      expect(response.statusCode).toBe(200);
      expect(response.json().user.email).toBe('mixedcase@auth.example');
    });

    it('answers GET /auth/me without a session with 401', async () => {
      const response = await me({});
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('UNAUTHENTICATED');
    });

    it('answers a wrong password with 401 INVALID_CREDENTIALS, with the same message as an unknown e-mail address', async () => {
      await hub.user('wrongpw@auth.example');
      const wrong = await login('wrongpw@auth.example', 'not the password at all', '10.1.0.1');
      const unknown = await login('nobody-here@auth.example', 'not the password at all', '10.1.0.1');
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
      expect(unknown.json().error.code).toBe('INVALID_CREDENTIALS');
      expect(wrong.json().error.message).toBe(unknown.json().error.message);
      expect(wrong.cookies).toHaveLength(0);
    });

    it('locks the account for that address after 5 failures: 423 ACCOUNT_LOCKED with retry-after even with the right password, and audits every failure', async () => {
      const userId = await hub.user('locked@auth.example');
      const ip = '10.2.0.1';
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const failed = await login('locked@auth.example', `guess number ${attempt}`, ip);
        expect(failed.statusCode).toBe(401);
        expect(failed.json().error.code).toBe('INVALID_CREDENTIALS');
      }
      const locked = await login('locked@auth.example', TEST_PASSWORD, ip);
      expect(locked.statusCode).toBe(423);
      expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
      const retryAfter = Number(locked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect(locked.cookies).toHaveLength(0);

      // The lock is on this account from this address: its owner, elsewhere, still signs in (knowing an e-mail
      // address is not enough to lock someone out).
      const elsewhere = await login('locked@auth.example', TEST_PASSWORD, '10.2.0.2');
      expect(elsewhere.statusCode).toBe(200);

      const failures = (await auditOf('auth.sign_in_failed')).filter((e) => e.details.email === 'locked@auth.example');
      expect(failures).toHaveLength(5);
      for (const entry of failures) {
        expect(entry.action).toBe('auth.sign_in_failed');
        expect(entry.targetId).toBe(userId);
        expect(entry.actorId).toBeNull();
      }
    });

    it('does not lock other accounts when one account is locked', async () => {
      await hub.user('victim@auth.example');
      await hub.user('bystander@auth.example');
      for (let attempt = 1; attempt <= 5; attempt += 1)
        await login('victim@auth.example', `nope ${attempt}`, '10.3.0.1');
      expect((await login('victim@auth.example', TEST_PASSWORD, '10.3.0.1')).statusCode).toBe(423);
      expect((await login('bystander@auth.example', TEST_PASSWORD, '10.3.0.1')).statusCode).toBe(200);
    });

    it('refuses malformed sign-in bodies with 400', async () => {
      const response = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'x@auth.example' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
      expect(response.json().error.fields.map((f: { path: string }) => f.path)).toContain('password');
    });
  });

  describe('sign-out', () => {
    it('ends the session: GET /auth/me with the old cookie answers 401', async () => {
      await hub.user('signout@auth.example');
      const headers = await hub.signIn('signout@auth.example');
      expect((await me(headers)).statusCode).toBe(200);
      const out = await hub.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
      expect(out.statusCode).toBe(204);
      const cleared = out.cookies.find((c) => c.name === 'cynex_session');
      expect(cleared?.value ?? '').toBe('');
      const after = await me(headers);
      expect(after.statusCode).toBe(401);
      expect(after.json().error.code).toBe('UNAUTHENTICATED');
    });

    it('refuses to sign out without the CSRF header', async () => {
      await hub.user('signout-csrf@auth.example');
      const headers = await hub.signIn('signout-csrf@auth.example');
      const out = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { cookie: headers.cookie },
      });
      expect(out.statusCode).toBe(403);
      expect(out.json().error.code).toBe('CSRF_FAILED');
      expect((await me(headers)).statusCode).toBe(200);
    });
  });

  describe('sessions across hub processes', () => {
    it('accepts a session made on one hub on a second app built on the same database, and ends it there too', async () => {
      const userId = await hub.user('twohubs@auth.example');
      const headers = await hub.signIn('twohubs@auth.example');
      const second = await buildApp(hub.config, hub.database);
      try {
        const who = await second.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
        expect(who.statusCode).toBe(200);
        expect(who.json().user.id).toBe(userId);
        const write = await second.app.inject({
          method: 'PATCH',
          url: '/api/v1/auth/me',
          headers,
          payload: { displayName: 'Written Elsewhere' },
        });
        expect(write.statusCode).toBe(200);
        expect((await me(headers)).json().user.displayName).toBe('Written Elsewhere');
        const out = await second.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
        expect(out.statusCode).toBe(204);
        expect((await me(headers)).statusCode).toBe(401);
      } finally {
        await second.app.close();
      }
    });

    it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
      'accepts a session made on one hub on a second hub process connected to the same PostgreSQL database',
      async () => {
        const userId = await hub.user('twoprocs@auth.example');
        const headers = await hub.signIn('twoprocs@auth.example');
        expect(hub.config.databaseUrl).toMatch(/^postgres(ql)?:\/\//);
        const second = await createHub(hub.config);
        try {
          const who = await second.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
          expect(who.statusCode).toBe(200);
          expect(who.json().user.id).toBe(userId);
          const out = await second.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
          expect(out.statusCode).toBe(204);
          expect((await me(headers)).statusCode).toBe(401);
        } finally {
          await second.close();
        }
      },
    );
  });

  describe('first-admin bootstrap', () => {
    it('gives no link when users exist', async () => {
      expect(await bootstrapAdmin(hub, 'second-admin@auth.example')).toBeUndefined();
    });

    it('on an empty hub, returns a one-time link that makes a platform admin and can be accepted once', async () => {
      const fresh = await startTestHub();
      try {
        const link = await bootstrapAdmin(fresh, 'first@bootstrap.example');
        expect(link).toMatch(/\/accept\/[A-Za-z0-9_-]{20,}$/);
        expect(await bootstrapAdmin(fresh, 'again@bootstrap.example')).toBeUndefined();
        const token = tokenOf(link!);

        const described = await fresh.app.inject({ method: 'GET', url: `/api/v1/auth/links/${token}` });
        expect(described.statusCode).toBe(200);
        expect(described.json()).toMatchObject({ kind: 'first_admin', email: 'first@bootstrap.example' });

        const tooShort = await fresh.app.inject({
          method: 'POST',
          url: `/api/v1/auth/links/${token}/accept`,
          payload: { displayName: 'First Admin', password: 'elevenchars' },
        });
        expect(tooShort.statusCode).toBe(400);
        expect(tooShort.json().error.code).toBe('VALIDATION_FAILED');
        expect(tooShort.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['password']);

        const accepted = await fresh.app.inject({
          method: 'POST',
          url: `/api/v1/auth/links/${token}/accept`,
          payload: { displayName: 'First Admin', password: 'twelve chars' },
        });
        expect(accepted.statusCode).toBe(200);
        expect(accepted.json().user).toMatchObject({
          email: 'first@bootstrap.example',
          displayName: 'First Admin',
          isPlatformAdmin: true,
        });
        const who = await fresh.app.inject({
          method: 'GET',
          url: '/api/v1/auth/me',
          headers: { cookie: cookieHeader(accepted) },
        });
        expect(who.statusCode).toBe(200);
        expect(who.json().user.isPlatformAdmin).toBe(true);

        const again = await fresh.app.inject({
          method: 'POST',
          url: `/api/v1/auth/links/${token}/accept`,
          payload: { password: 'someone else entirely' },
        });
        expect(again.statusCode).toBe(404);
        expect(again.json().error.code).toBe('LINK_NOT_FOUND');
        expect((await fresh.app.inject({ method: 'GET', url: `/api/v1/auth/links/${token}` })).statusCode).toBe(404);

        const signIn = await fresh.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'first@bootstrap.example', password: 'twelve chars' },
        });
        expect(signIn.statusCode).toBe(200);
      } finally {
        await fresh.dispose();
      }
    });

    it('answers an unknown link token with 404 LINK_NOT_FOUND', async () => {
      const response = await hub.app.inject({ method: 'GET', url: '/api/v1/auth/links/this-is-not-a-real-token' });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('LINK_NOT_FOUND');
    });
  });

  describe('invitations', () => {
    const invite = async (targetOrgId: string, headers: Headers, email: string, role = 'analyst') =>
      hub.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${targetOrgId}/invitations`,
        headers,
        payload: { email, role },
      });

    it('lets an org admin invite someone who then signs up, is signed in and is a member with the invited role', async () => {
      const inviting = await hub.org('inviting');
      await hub.user('boss@inviting.example', { memberships: [{ orgId: inviting.id, role: 'org_admin' }] });
      const boss = await hub.signIn('boss@inviting.example');

      const created = await invite(inviting.id, boss, 'newbie@inviting.example', 'analyst');
      expect(created.statusCode).toBe(201);
      expect(created.json().link).toMatch(/\/accept\/[A-Za-z0-9_-]+$/);
      expect(new Date(created.json().expiresAt).getTime()).toBeGreaterThan(Date.now());
      const token = tokenOf(created.json().link);

      const described = await hub.app.inject({ method: 'GET', url: `/api/v1/auth/links/${token}` });
      expect(described.statusCode).toBe(200);
      expect(described.json()).toMatchObject({ kind: 'invitation', email: 'newbie@inviting.example', role: 'analyst' });

      const listed = await hub.app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${inviting.id}/invitations`,
        headers: boss,
      });
      expect(listed.statusCode).toBe(200);
      expect(listed.json().items).toEqual([
        expect.objectContaining({ email: 'newbie@inviting.example', role: 'analyst', usedAt: null }),
      ]);

      const accepted = await hub.app.inject({
        method: 'POST',
        url: `/api/v1/auth/links/${token}/accept`,
        payload: { displayName: 'New Analyst', password: NEW_PASSWORD },
      });
      expect(accepted.statusCode).toBe(200);
      expect(accepted.json().user).toMatchObject({ email: 'newbie@inviting.example', displayName: 'New Analyst' });
      expect(accepted.json().user.memberships).toEqual([
        expect.objectContaining({ orgId: inviting.id, orgSlug: 'inviting', role: 'analyst' }),
      ]);

      const who = await me({ cookie: cookieHeader(accepted) });
      expect(who.statusCode).toBe(200);
      expect(who.json().user.memberships[0]).toMatchObject({ orgId: inviting.id, role: 'analyst' });

      const members = await hub.app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${inviting.id}/members`,
        headers: boss,
      });
      expect(members.json().items).toEqual(
        expect.arrayContaining([expect.objectContaining({ email: 'newbie@inviting.example', role: 'analyst' })]),
      );
      expect((await login('newbie@inviting.example', NEW_PASSWORD)).statusCode).toBe(200);

      const usedList = await hub.app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${inviting.id}/invitations`,
        headers: boss,
      });
      expect(usedList.json().items[0].usedAt).not.toBeNull();
      const reuse = await hub.app.inject({
        method: 'POST',
        url: `/api/v1/auth/links/${token}/accept`,
        payload: { password: NEW_PASSWORD },
      });
      expect(reuse.statusCode).toBe(404);
      expect(reuse.json().error.code).toBe('LINK_NOT_FOUND');
    });

    it('answers the creation of an invitation with its id, the link and the expiry', async () => {
      const org = await hub.org('inviting-id');
      await hub.user('boss@inviting-id.example', { memberships: [{ orgId: org.id, role: 'org_admin' }] });
      const boss = await hub.signIn('boss@inviting-id.example');
      const created = await invite(org.id, boss, 'someone@inviting-id.example');
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        link: expect.stringMatching(/\/accept\/[A-Za-z0-9_-]+$/),
        expiresAt: expect.any(String),
      });
      const listed = await hub.app.inject({ method: 'GET', url: `/api/v1/orgs/${org.id}/invitations`, headers: boss });
      expect(listed.json().items[0].id).toBe(created.json().id);
    });

    it('shows the name of the inviting organisation on the invitation link', async () => {
      const org = await hub.org('inviting-name');
      await hub.user('boss@inviting-name.example', { memberships: [{ orgId: org.id, role: 'org_admin' }] });
      const boss = await hub.signIn('boss@inviting-name.example');
      const created = await invite(org.id, boss, 'guest@inviting-name.example', 'viewer');
      const described = await hub.app.inject({
        method: 'GET',
        url: `/api/v1/auth/links/${tokenOf(created.json().link)}`,
      });
      expect(described.statusCode).toBe(200);
      expect(described.json()).toMatchObject({
        kind: 'invitation',
        email: 'guest@inviting-name.example',
        role: 'viewer',
        orgNameEn: 'inviting-name Inc.',
        orgNameJa: 'inviting-name 株式会社',
      });
    });

    it('refuses invitations from analysts and from admins of another organisation with 403', async () => {
      const org = await hub.org('inviting-guarded');
      const other = await hub.org('inviting-other');
      await hub.user('analyst@inviting-guarded.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
      await hub.user('boss@inviting-other.example', { memberships: [{ orgId: other.id, role: 'org_admin' }] });
      const analyst = await hub.signIn('analyst@inviting-guarded.example');
      const otherBoss = await hub.signIn('boss@inviting-other.example');
      for (const headers of [analyst, otherBoss]) {
        const response = await invite(org.id, headers, 'intruder@inviting-guarded.example');
        expect(response.statusCode).toBe(403);
        expect(response.json().error.code).toBe('FORBIDDEN');
      }
    });

    it('refuses a password shorter than 12 characters with 400 naming the field, and keeps the link usable', async () => {
      const org = await hub.org('inviting-short');
      await hub.user('boss@inviting-short.example', { memberships: [{ orgId: org.id, role: 'org_admin' }] });
      const boss = await hub.signIn('boss@inviting-short.example');
      const token = tokenOf((await invite(org.id, boss, 'short@inviting-short.example')).json().link);
      const short = await hub.app.inject({
        method: 'POST',
        url: `/api/v1/auth/links/${token}/accept`,
        payload: { displayName: 'Shorty', password: 'short' },
      });
      expect(short.statusCode).toBe(400);
      expect(short.json().error.fields).toEqual([expect.objectContaining({ path: 'password' })]);
      expect((await hub.app.inject({ method: 'GET', url: `/api/v1/auth/links/${token}` })).statusCode).toBe(200);
    });
  });

  describe('password reset by an admin', () => {
    it('issues a link that sets a new password and ends the old sessions', async () => {
      const org = await hub.org('resetting');
      await hub.user('boss@resetting.example', { memberships: [{ orgId: org.id, role: 'org_admin' }] });
      const memberId = await hub.user('forgetful@resetting.example', {
        memberships: [{ orgId: org.id, role: 'analyst' }],
      });
      const boss = await hub.signIn('boss@resetting.example');
      const oldSession = await hub.signIn('forgetful@resetting.example');

      const reset = await hub.app.inject({
        method: 'POST',
        url: `/api/v1/users/${memberId}/password-reset`,
        headers: boss,
      });
      expect(reset.statusCode).toBe(201);
      const token = tokenOf(reset.json().link);
      expect(new Date(reset.json().expiresAt).getTime()).toBeGreaterThan(Date.now());

      const described = await hub.app.inject({ method: 'GET', url: `/api/v1/auth/links/${token}` });
      expect(described.json()).toMatchObject({ kind: 'password_reset', email: 'forgetful@resetting.example' });

      const accepted = await hub.app.inject({
        method: 'POST',
        url: `/api/v1/auth/links/${token}/accept`,
        payload: { password: NEW_PASSWORD },
      });
      expect(accepted.statusCode).toBe(200);
      expect(accepted.json().user.id).toBe(memberId);

      expect((await me(oldSession)).statusCode).toBe(401);
      expect((await me({ cookie: cookieHeader(accepted) })).statusCode).toBe(200);
      expect((await login('forgetful@resetting.example', TEST_PASSWORD, '10.4.0.1')).statusCode).toBe(401);
      expect((await login('forgetful@resetting.example', NEW_PASSWORD, '10.4.0.1')).statusCode).toBe(200);
    });

    it('lets a platform admin reset anyone, but not an org admin reset people outside their organisation', async () => {
      const org = await hub.org('resetting-a');
      const other = await hub.org('resetting-b');
      await hub.user('boss@resetting-a.example', { memberships: [{ orgId: org.id, role: 'org_admin' }] });
      const outsiderId = await hub.user('outsider@resetting-b.example', {
        memberships: [{ orgId: other.id, role: 'analyst' }],
      });
      const boss = await hub.signIn('boss@resetting-a.example');
      const refused = await hub.app.inject({
        method: 'POST',
        url: `/api/v1/users/${outsiderId}/password-reset`,
        headers: boss,
      });
      expect(refused.statusCode).toBe(404);
      expect(refused.json().error.code).toBe('USER_NOT_FOUND');
      const byAdmin = await hub.app.inject({
        method: 'POST',
        url: `/api/v1/users/${outsiderId}/password-reset`,
        headers: adminHeaders,
      });
      expect(byAdmin.statusCode).toBe(201);
    });

    it('does not let an org admin reset someone who also belongs to an organisation they do not manage', async () => {
      const org = await hub.org('resetting-shared-a');
      const other = await hub.org('resetting-shared-b');
      await hub.user('boss@resetting-shared-a.example', { memberships: [{ orgId: org.id, role: 'org_admin' }] });
      const sharedId = await hub.user('boss@resetting-shared-b.example', {
        memberships: [
          { orgId: org.id, role: 'analyst' },
          { orgId: other.id, role: 'org_admin' },
        ],
      });
      const boss = await hub.signIn('boss@resetting-shared-a.example');
      const refused = await hub.app.inject({
        method: 'POST',
        url: `/api/v1/users/${sharedId}/password-reset`,
        headers: boss,
      });
      expect(refused.statusCode).toBe(404);
    });
  });

  describe('API tokens', () => {
    const createToken = (headers: Record<string, string>, payload: Record<string, unknown>) =>
      hub.app.inject({ method: 'POST', url: '/api/v1/tokens', headers, payload });
    const listTokens = (headers: Record<string, string>) =>
      hub.app.inject({ method: 'GET', url: '/api/v1/tokens', headers });

    it('shows a new token once; the list never contains the secret or its hash', async () => {
      await hub.user('tokens@auth.example', { memberships: [{ orgId, role: 'analyst' }] });
      const headers = await hub.signIn('tokens@auth.example');
      const created = await createToken(headers, { name: 'ci pipeline', scopes: ['read', 'write'] });
      expect(created.statusCode).toBe(201);
      const { token, item } = created.json();
      expect(token).toMatch(/^cnx_[A-Za-z0-9_-]{20,}$/);
      expect(item).toMatchObject({ name: 'ci pipeline', scopes: ['read', 'write'], lastUsedAt: null, revokedAt: null });
      expect(token.startsWith(item.prefix)).toBe(true);
      const hash = createHash('sha256').update(token).digest('hex');
      expect(JSON.stringify(item)).not.toContain(hash);
      expect(item).not.toHaveProperty('tokenHash');

      const listed = await listTokens(headers);
      expect(listed.statusCode).toBe(200);
      expect(listed.json().items).toEqual([expect.objectContaining({ id: item.id, name: 'ci pipeline' })]);
      expect(listed.body).not.toContain(token);
      expect(listed.body).not.toContain(hash);
      expect(listed.json().items[0]).not.toHaveProperty('tokenHash');
      expect(listed.json().items[0]).not.toHaveProperty('token');
    });

    it('authenticates with Authorization: Bearer and records when the token was last used', async () => {
      const userId = await hub.user('bearer@auth.example', { memberships: [{ orgId, role: 'analyst' }] });
      const headers = await hub.signIn('bearer@auth.example');
      const { token, item } = (await createToken(headers, { name: 'script', scopes: ['read'] })).json();
      expect((await listTokens(headers)).json().items[0].lastUsedAt).toBeNull();

      const who = await me({ authorization: `Bearer ${token}` });
      expect(who.statusCode).toBe(200);
      expect(who.json().user.id).toBe(userId);

      const after = (await listTokens(headers)).json().items.find((t: { id: string }) => t.id === item.id);
      expect(after.lastUsedAt).not.toBeNull();
      expect(Number.isNaN(new Date(after.lastUsedAt).getTime())).toBe(false);
    });

    it('answers a revoked token with 401', async () => {
      await hub.user('revoke@auth.example', { memberships: [{ orgId, role: 'analyst' }] });
      const headers = await hub.signIn('revoke@auth.example');
      const { token, item } = (await createToken(headers, { name: 'temporary', scopes: ['read'] })).json();
      expect((await me({ authorization: `Bearer ${token}` })).statusCode).toBe(200);
      const revoked = await hub.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${item.id}`, headers });
      expect(revoked.statusCode).toBe(204);
      const refused = await me({ authorization: `Bearer ${token}` });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.code).toBe('UNAUTHENTICATED');
      expect((await listTokens(headers)).json().items[0].revokedAt).not.toBeNull();
    });

    it('answers an unknown bearer token with 401', async () => {
      const refused = await me({ authorization: 'Bearer cnx_not-a-token-anyone-made' });
      expect(refused.statusCode).toBe(401);
    });

    it('does not let someone revoke another person’s token', async () => {
      await hub.user('owner@auth.example');
      await hub.user('meddler@auth.example');
      const owner = await hub.signIn('owner@auth.example');
      const meddler = await hub.signIn('meddler@auth.example');
      const { token, item } = (await createToken(owner, { name: 'mine', scopes: ['read'] })).json();
      const attempt = await hub.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${item.id}`, headers: meddler });
      expect(attempt.statusCode).toBe(404);
      expect(attempt.json().error.code).toBe('TOKEN_NOT_FOUND');
      expect((await me({ authorization: `Bearer ${token}` })).statusCode).toBe(200);
    });

    it('refuses writes with a read-only token with 403, and allows them with a write token', async () => {
      await hub.user('scoped@auth.example', { memberships: [{ orgId, role: 'analyst' }] });
      const headers = await hub.signIn('scoped@auth.example');
      const readOnly = (await createToken(headers, { name: 'reader', scopes: ['read'] })).json().token;
      const writer = (await createToken(headers, { name: 'writer', scopes: ['read', 'write'] })).json().token;
      const newCase = {
        environmentCode: 'TOK1',
        startDate: '2023-01-10',
        malwareFamily: 'Emotet',
      };
      const refused = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: { authorization: `Bearer ${readOnly}` },
        payload: newCase,
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('FORBIDDEN');
      const refusedPatch = await hub.app.inject({
        method: 'PATCH',
        url: '/api/v1/auth/me',
        headers: { authorization: `Bearer ${readOnly}` },
        payload: { locale: 'en' },
      });
      expect(refusedPatch.statusCode).toBe(403);
      const reads = await hub.app.inject({
        method: 'GET',
        url: '/api/v1/cases',
        headers: { authorization: `Bearer ${readOnly}` },
      });
      expect(reads.statusCode).toBe(200);
      const allowed = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: { authorization: `Bearer ${writer}` },
        payload: newCase,
      });
      expect(allowed.statusCode).toBe(201);
    });

    it('does not let an API token make API tokens', async () => {
      await hub.user('nested@auth.example');
      const headers = await hub.signIn('nested@auth.example');
      const { token } = (await createToken(headers, { name: 'full', scopes: ['read', 'write'] })).json();
      const attempt = await createToken({ authorization: `Bearer ${token}` }, { name: 'child', scopes: ['read'] });
      expect(attempt.statusCode).toBe(403);
      expect(attempt.json().error.code).toBe('FORBIDDEN');
      expect((await listTokens(headers)).json().items).toHaveLength(1);
    });

    it('refuses to make a token without a session', async () => {
      const attempt = await createToken({}, { name: 'anon', scopes: ['read'] });
      expect(attempt.statusCode).toBe(401);
    });
  });

  describe('PATCH /auth/me', () => {
    it('changes the display language and the display name', async () => {
      await hub.user('locale@auth.example');
      const headers = await hub.signIn('locale@auth.example');
      expect((await me(headers)).json().user.locale).toBeNull();
      const toJa = await hub.app.inject({
        method: 'PATCH',
        url: '/api/v1/auth/me',
        headers,
        payload: { locale: 'ja' },
      });
      expect(toJa.statusCode).toBe(200);
      expect(toJa.json().user.locale).toBe('ja');
      expect((await me(headers)).json().user.locale).toBe('ja');
      const toEn = await hub.app.inject({
        method: 'PATCH',
        url: '/api/v1/auth/me',
        headers,
        payload: { locale: 'en', displayName: 'Ellie' },
      });
      expect(toEn.json().user).toMatchObject({ locale: 'en', displayName: 'Ellie' });
    });

    it('refuses an unsupported language with 400 naming the field', async () => {
      await hub.user('badlocale@auth.example');
      const headers = await hub.signIn('badlocale@auth.example');
      const response = await hub.app.inject({
        method: 'PATCH',
        url: '/api/v1/auth/me',
        headers,
        payload: { locale: 'fr' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['locale']);
      expect((await me(headers)).json().user.locale).toBeNull();
    });
  });
});
