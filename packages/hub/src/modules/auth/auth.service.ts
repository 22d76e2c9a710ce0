import type { Role } from '@cynex/core';
import { AppError } from '../../errors.js';
import type { Actor, UserActor } from '../../platform/actor.js';
import { canManageOrg } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import { hashPassword, randomSecret, sha256Hex, verifyPassword } from './auth.crypto.js';
import type { AuthRepository, UserRow } from './auth.repository.js';

export const MIN_PASSWORD_LENGTH = 12;
const EMAIL_FAILURE_LIMIT = 5;
const IP_FAILURE_LIMIT = 20;
const THROTTLE_WINDOW_SECONDS = 15 * 60;
const LOCK_SECONDS = 15 * 60;
const LINK_TTL_HOURS = 72;
export const API_TOKEN_PREFIX = 'cnx_';

export interface SignedIn {
  sessionToken: string;
  csrfToken: string;
  actor: UserActor;
}

/** Accounts: sign-in with throttling, sessions, one-time links and API tokens. */
export class AuthService {
  constructor(
    private readonly repo: AuthRepository,
    private readonly audit: AuditService,
    private readonly sessionTtlHours: number,
  ) {}

  async login(emailInput: string, password: string, ip: string): Promise<SignedIn> {
    const email = emailInput.trim().toLowerCase();
    const anonymousActor: Actor = { kind: 'anonymous', ip };
    for (const [key, code] of [
      [`email:${email}`, 'ACCOUNT_LOCKED'],
      [`ip:${ip}`, 'TOO_MANY_ATTEMPTS'],
    ] as const) {
      const state = await this.repo.throttleState(key);
      if (state?.lockedUntil && state.lockedUntil > new Date()) {
        const retryAfterSeconds = Math.ceil((state.lockedUntil.getTime() - Date.now()) / 1000);
        await this.audit.record(anonymousActor, { action: 'auth.sign_in_refused', details: { email, reason: code } });
        throw new AppError(code, 'too many failed sign-ins; try again later', { retryAfterSeconds });
      }
    }
    const user = await this.repo.userByEmail(email);
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !ok || user.disabled) {
      await this.repo.recordFailure(`email:${email}`, EMAIL_FAILURE_LIMIT, THROTTLE_WINDOW_SECONDS, LOCK_SECONDS);
      await this.repo.recordFailure(`ip:${ip}`, IP_FAILURE_LIMIT, THROTTLE_WINDOW_SECONDS, LOCK_SECONDS);
      await this.audit.record(anonymousActor, {
        action: 'auth.sign_in_failed',
        targetType: 'user',
        ...(user ? { targetId: user.id } : {}),
        details: { email },
      });
      throw new AppError('INVALID_CREDENTIALS', 'wrong e-mail address or password');
    }
    await this.repo.clearThrottle(`email:${email}`);
    return this.startSession(user, ip, 'auth.sign_in');
  }

  private async startSession(user: UserRow, ip: string, action: string): Promise<SignedIn> {
    const sessionToken = randomSecret();
    const csrfToken = randomSecret();
    await this.repo.insertSession({
      idHash: sha256Hex(sessionToken),
      userId: user.id,
      csrfToken,
      expiresAt: new Date(Date.now() + this.sessionTtlHours * 3600_000),
    });
    const actor = await this.actorFor(user, ip);
    await this.audit.record(actor, { action, targetType: 'user', targetId: user.id });
    return { sessionToken, csrfToken, actor };
  }

  async logout(actor: Actor, sessionToken: string): Promise<void> {
    await this.repo.deleteSession(sha256Hex(sessionToken));
    await this.audit.record(actor, { action: 'auth.sign_out' });
  }

  private async actorFor(user: UserRow, ip: string, tokenScopes?: ('read' | 'write')[]): Promise<UserActor> {
    const memberships = await this.repo.membershipsOf(user.id);
    return {
      kind: 'user',
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
      isPlatformAdmin: user.isPlatformAdmin,
      memberships: memberships.map((m) => ({ orgId: m.orgId, role: m.role })),
      ...(tokenScopes ? { tokenScopes } : {}),
      ip,
    };
  }

  /** The actor behind a session cookie, with the session's CSRF token; undefined when the session is not valid. */
  async fromSession(sessionToken: string, ip: string): Promise<{ actor: UserActor; csrfToken: string } | undefined> {
    const session = await this.repo.sessionByHash(sha256Hex(sessionToken));
    if (!session) return undefined;
    const user = await this.repo.userById(session.userId);
    if (!user || user.disabled) return undefined;
    return { actor: await this.actorFor(user, ip), csrfToken: session.csrfToken };
  }

  async fromApiToken(token: string, ip: string): Promise<UserActor | undefined> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
    const row = await this.repo.tokenByHash(sha256Hex(token));
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt < new Date())) return undefined;
    const user = await this.repo.userById(row.userId);
    if (!user || user.disabled) return undefined;
    await this.repo.touchToken(row.id);
    return this.actorFor(
      user,
      ip,
      row.scopes.filter((s): s is 'read' | 'write' => s === 'read' || s === 'write'),
    );
  }

  async me(actor: UserActor) {
    const user = await this.repo.userById(actor.userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'sign in first');
    const memberships = await this.repo.membershipsOf(user.id);
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      locale: user.locale === 'ja' || user.locale === 'en' ? user.locale : null,
      isPlatformAdmin: user.isPlatformAdmin,
      memberships,
    };
  }

  async updateMe(actor: UserActor, changes: { displayName?: string | undefined; locale?: 'ja' | 'en' | undefined }) {
    const values: { displayName?: string; locale?: string } = {};
    if (changes.displayName !== undefined) values.displayName = changes.displayName;
    if (changes.locale !== undefined) values.locale = changes.locale;
    if (Object.keys(values).length > 0) await this.repo.updateUser(actor.userId, values);
    return this.me(actor);
  }

  /** On first start: with no users at all, makes a platform admin and returns a one-time set-up token. */
  async bootstrapFirstAdmin(email: string): Promise<string | undefined> {
    if ((await this.repo.countUsers()) > 0) return undefined;
    const user = await this.repo.insertUser({ email, displayName: 'Administrator', isPlatformAdmin: true });
    return (await this.issueLink({ kind: 'first_admin', email, userId: user.id })).token;
  }

  /** `cynex admin create-user`: an account with a one-time set-up link, optionally in an organisation. */
  async createUser(input: { email: string; displayName: string; platformAdmin: boolean; orgId?: string; role?: Role }) {
    const email = input.email.trim().toLowerCase();
    if (await this.repo.userByEmail(email)) throw new AppError('EMAIL_CONFLICT', `${email} already has an account`);
    const user = await this.repo.insertUser({
      email,
      displayName: input.displayName,
      isPlatformAdmin: input.platformAdmin,
    });
    if (input.orgId && input.role) await this.repo.upsertMembership(user.id, input.orgId, input.role);
    const { token } = await this.issueLink({ kind: 'password_reset', email, userId: user.id });
    await this.audit.record(
      { kind: 'anonymous', ip: 'cli' },
      {
        action: 'user.create',
        targetType: 'user',
        targetId: user.id,
        details: { email, platformAdmin: input.platformAdmin },
      },
    );
    return { user, token };
  }

  private async issueLink(values: {
    kind: 'invitation' | 'password_reset' | 'first_admin';
    email: string;
    userId?: string;
    orgId?: string;
    role?: Role;
    createdBy?: string;
  }): Promise<{ token: string; id: string }> {
    const token = randomSecret();
    const row = await this.repo.insertLink({
      ...values,
      tokenHash: sha256Hex(token),
      expiresAt: new Date(Date.now() + LINK_TTL_HOURS * 3600_000),
    });
    return { token, id: row.id };
  }

  async invite(actor: Actor, orgId: string, emailInput: string, role: Role) {
    if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
    if (!canManageOrg(actor, orgId)) throw new AppError('FORBIDDEN', 'only admins of this organisation invite people');
    if (role === 'platform_admin')
      throw new AppError('FORBIDDEN', 'platform admins are made with `cynex admin create-user --platform-admin`');
    const email = emailInput.trim().toLowerCase();
    const { token, id } = await this.issueLink({ kind: 'invitation', email, orgId, role, createdBy: actor.userId });
    await this.audit.record(actor, {
      action: 'membership.invite',
      targetType: 'organisation',
      targetId: orgId,
      orgId,
      details: { email, role },
    });
    return { id, token, expiresAt: new Date(Date.now() + LINK_TTL_HOURS * 3600_000) };
  }

  async invitations(actor: Actor, orgId: string) {
    if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
    if (!canManageOrg(actor, orgId))
      throw new AppError('FORBIDDEN', 'only admins of this organisation see its invitations');
    const rows = await this.repo.invitationsOf(orgId);
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      role: r.role,
      createdAt: r.createdAt,
      expiresAt: r.expiresAt,
      usedAt: r.usedAt,
    }));
  }

  async passwordReset(actor: Actor, userId: string) {
    const target = await this.repo.userById(userId);
    if (!target || actor.kind !== 'user') throw new AppError('USER_NOT_FOUND', 'no such user');
    const theirOrgs = (await this.repo.membershipsOf(userId)).map((m) => m.orgId);
    const allowed =
      actor.isPlatformAdmin ||
      (!target.isPlatformAdmin && theirOrgs.length > 0 && theirOrgs.every((orgId) => canManageOrg(actor, orgId)));
    if (!allowed) throw new AppError('USER_NOT_FOUND', 'no such user');
    const { token } = await this.issueLink({
      kind: 'password_reset',
      email: target.email,
      userId,
      createdBy: actor.userId,
    });
    await this.audit.record(actor, {
      action: 'user.password_reset',
      targetType: 'user',
      targetId: userId,
      orgId: theirOrgs[0] ?? null,
    });
    return { token, expiresAt: new Date(Date.now() + LINK_TTL_HOURS * 3600_000) };
  }

  async describeLink(token: string) {
    const link = await this.repo.liveLinkByHash(sha256Hex(token));
    if (!link) throw new AppError('LINK_NOT_FOUND', 'this link has been used or has expired');
    return link;
  }

  async acceptLink(
    token: string,
    input: { displayName?: string | undefined; password: string },
    ip: string,
  ): Promise<SignedIn> {
    const link = await this.describeLink(token);
    if (!(await this.repo.useLink(link.id)))
      throw new AppError('LINK_NOT_FOUND', 'this link has been used or has expired');
    const passwordHash = await hashPassword(input.password);
    let user: UserRow | undefined;
    if (link.kind === 'invitation') {
      user = await this.repo.userByEmail(link.email);
      if (user) {
        await this.repo.updateUser(user.id, {
          passwordHash,
          ...(input.displayName ? { displayName: input.displayName } : {}),
        });
      } else {
        user = await this.repo.insertUser({
          email: link.email,
          displayName: input.displayName ?? link.email,
          passwordHash,
        });
      }
      await this.repo.upsertMembership(user.id, link.orgId!, link.role as Role);
      await this.audit.record(
        { kind: 'anonymous', ip },
        {
          action: 'membership.join',
          targetType: 'user',
          targetId: user.id,
          orgId: link.orgId,
          details: { role: link.role },
        },
      );
    } else {
      user = link.userId ? await this.repo.userById(link.userId) : undefined;
      if (!user) throw new AppError('LINK_NOT_FOUND', 'this link has been used or has expired');
      await this.repo.updateUser(user.id, {
        passwordHash,
        ...(input.displayName ? { displayName: input.displayName } : {}),
      });
      await this.repo.deleteSessionsOf(user.id);
      await this.repo.clearThrottle(`email:${user.email}`);
    }
    const fresh = (await this.repo.userById(user.id))!;
    return this.startSession(fresh, ip, `auth.link_accepted.${link.kind}`);
  }

  async listTokens(actor: UserActor) {
    const rows = await this.repo.tokensOf(actor.userId);
    return rows.map(({ tokenHash: _hash, ...rest }) => rest);
  }

  async createToken(
    actor: UserActor,
    input: { name: string; scopes: ('read' | 'write')[]; expiresInDays?: number | undefined },
  ) {
    if (actor.tokenScopes) throw new AppError('FORBIDDEN', 'API tokens cannot make API tokens');
    const token = API_TOKEN_PREFIX + randomSecret();
    const row = await this.repo.insertToken({
      userId: actor.userId,
      name: input.name,
      tokenHash: sha256Hex(token),
      prefix: token.slice(0, 10),
      scopes: input.scopes,
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86400_000) : null,
    });
    await this.audit.record(actor, {
      action: 'token.create',
      targetType: 'api_token',
      targetId: row.id,
      details: { name: input.name, scopes: input.scopes },
    });
    const { tokenHash: _hash, ...item } = row;
    return { token, item };
  }

  async revokeToken(actor: UserActor, id: string): Promise<void> {
    if (!(await this.repo.revokeToken(actor.userId, id))) throw new AppError('TOKEN_NOT_FOUND', 'no such token');
    await this.audit.record(actor, { action: 'token.revoke', targetType: 'api_token', targetId: id });
  }
}
