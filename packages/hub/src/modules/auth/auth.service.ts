import type { Role } from '@cynex/core';
import { AppError } from '../../errors.js';
import type { Actor, UserActor } from '../../platform/actor.js';
import { canManageOrg } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import { hashPassword, PasswordWorkBusy, randomSecret, sha256Hex, verifyPassword } from './auth.crypto.js';
import type { AuthRepository, LinkRow, UserRow } from './auth.repository.js';

export const MIN_PASSWORD_LENGTH = 12;
/** Failed sign-ins of one account from one client address before that pair is locked. */
const PAIR_ATTEMPT_LIMIT = 5;
/** Sign-in attempts from one client address, whatever the accounts, before the address is refused. */
const IP_ATTEMPT_LIMIT = 20;
/** Failed sign-ins of one account from all addresses together before the account-wide back-off starts. */
const ACCOUNT_ATTEMPT_LIMIT = 20;
const THROTTLE_WINDOW_SECONDS = 15 * 60;
const LOCK_SECONDS = 15 * 60;
/** The account-wide back-off: 1 minute, doubling with each lock, at most the pair lock's 15 minutes. */
const ACCOUNT_BACKOFF_SECONDS = 60;
const LINK_TTL_HOURS = 72;
export const API_TOKEN_PREFIX = 'cnx_';

export interface SignedIn {
  sessionToken: string;
  csrfToken: string;
  actor: UserActor;
}

const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** The user as the policy sees them: who they are, in which organisations with which role, from where. */
function actorOf(
  user: UserRow,
  memberships: { orgId: string; role: Role }[],
  ip: string,
  token?: { id: string; scopes: ('read' | 'write')[] },
): UserActor {
  return {
    kind: 'user',
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    isPlatformAdmin: user.isPlatformAdmin,
    memberships: memberships.map((m) => ({ orgId: m.orgId, role: m.role })),
    ...(token ? { tokenScopes: token.scopes, tokenId: token.id } : {}),
    ip,
  };
}

/** Accounts: sign-in with throttling, sessions, one-time links, invitations and API tokens. */
export class AuthService {
  constructor(
    private readonly repo: AuthRepository,
    private readonly audit: AuditService,
    private readonly sessionTtlHours: number,
  ) {}

  /**
   * Every attempt is counted in the database before any password work, atomically, under three keys: the
   * (account, client address) pair, locked for 15 minutes after 5 failures (423); the client address, refused
   * after 20 attempts (429); and the account from all addresses together, which backs off for a minute, doubling,
   * after 20 failures (429). Knowing someone's e-mail address is so not enough to lock them out for long, and a
   * burst of parallel guesses gets no more password checks than the limits allow.
   */
  async login(emailInput: string, password: string, ip: string): Promise<SignedIn> {
    const email = normaliseEmail(emailInput);
    const keys = { pair: `pair:${email}|${ip}`, ip: `ip:${ip}`, account: `email:${email}` };
    await this.admit(keys.ip, IP_ATTEMPT_LIMIT, 'TOO_MANY_ATTEMPTS', email, ip, LOCK_SECONDS);
    await this.admit(keys.pair, PAIR_ATTEMPT_LIMIT, 'ACCOUNT_LOCKED', email, ip, LOCK_SECONDS);
    await this.admit(keys.account, ACCOUNT_ATTEMPT_LIMIT, 'TOO_MANY_ATTEMPTS', email, ip, ACCOUNT_BACKOFF_SECONDS);
    const user = await this.repo.userByEmail(email);
    let ok: boolean;
    try {
      ok = await verifyPassword(user?.passwordHash ?? null, password);
    } catch (error) {
      if (error instanceof PasswordWorkBusy)
        throw new AppError('BUSY', 'the hub is busy checking passwords; try again', { retryAfterSeconds: 1 });
      throw error;
    }
    if (!user || !ok || user.disabled) {
      await this.audit.record(
        { kind: 'anonymous', ip },
        {
          action: 'auth.sign_in_failed',
          targetType: 'user',
          ...(user ? { targetId: user.id } : {}),
          details: { email },
        },
      );
      throw new AppError('INVALID_CREDENTIALS', 'wrong e-mail address or password');
    }
    await this.repo.clearThrottle(keys.pair);
    await this.repo.clearThrottle(keys.account);
    await this.repo.release(keys.ip);
    return this.startSession(user, ip, 'auth.sign_in');
  }

  /** Counts this attempt under a key and refuses it when the key is locked or over its limit (then locking it). */
  private async admit(
    key: string,
    limit: number,
    code: 'ACCOUNT_LOCKED' | 'TOO_MANY_ATTEMPTS',
    email: string,
    ip: string,
    lockSeconds: number,
  ): Promise<void> {
    const state = await this.repo.countAttempt(key, THROTTLE_WINDOW_SECONDS);
    const now = new Date();
    let lockedUntil = state.lockedUntil && state.lockedUntil > now ? state.lockedUntil : undefined;
    if (!lockedUntil && state.attempts > limit) lockedUntil = await this.repo.lock(key, lockSeconds, LOCK_SECONDS);
    if (!lockedUntil) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 1000));
    await this.audit.record(
      { kind: 'anonymous', ip },
      { action: 'auth.sign_in_refused', details: { email, reason: code } },
    );
    throw new AppError(code, 'too many failed sign-ins; try again later', { retryAfterSeconds });
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

  private async actorFor(
    user: UserRow,
    ip: string,
    token?: { id: string; scopes: ('read' | 'write')[] },
  ): Promise<UserActor> {
    return actorOf(user, await this.repo.membershipsOf(user.id), ip, token);
  }

  /** The actor behind a session cookie, with the session's CSRF token; undefined when the session is not valid. */
  async fromSession(sessionToken: string, ip: string): Promise<{ actor: UserActor; csrfToken: string } | undefined> {
    const found = await this.repo.sessionWithUser(sha256Hex(sessionToken));
    if (!found || found.user.disabled) return undefined;
    return { actor: actorOf(found.user, found.memberships, ip), csrfToken: found.session.csrfToken };
  }

  async fromApiToken(token: string, ip: string): Promise<UserActor | undefined> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
    const row = await this.repo.tokenByHash(sha256Hex(token));
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt < new Date())) return undefined;
    const user = await this.repo.userById(row.userId);
    if (!user || user.disabled) return undefined;
    await this.repo.touchToken(row.id);
    return this.actorFor(user, ip, {
      id: row.id,
      scopes: row.scopes.filter((s): s is 'read' | 'write' => s === 'read' || s === 'write'),
    });
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
    const email = normaliseEmail(emailInput);
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

  /** What the console shows for a link: for invitations, whether the invited address has an account already. */
  async linkInfo(token: string) {
    const link = await this.describeLink(token);
    const existingAccount = link.kind === 'invitation' && Boolean(await this.repo.userByEmail(link.email));
    return { link, existingAccount };
  }

  /**
   * Accepts a link with a new password, signed out. A password reset or first-admin link sets the password of the
   * account it was made for and ends that account's other sessions. An invitation makes a new account; an
   * invitation to an address that has an account already sets nothing and signs nobody in: the invited person
   * signs in as themselves and accepts it there ({@link joinByLink}, {@link acceptInvitation}).
   */
  async acceptLink(
    token: string,
    input: { displayName?: string | undefined; password: string },
    ip: string,
  ): Promise<SignedIn> {
    const link = await this.describeLink(token);
    if (link.kind === 'invitation' && (await this.repo.userByEmail(link.email))) {
      throw new AppError('SIGN_IN_TO_ACCEPT', `${link.email} has an account: sign in as ${link.email} to accept`);
    }
    const passwordHash = await hashPassword(input.password);
    if (!(await this.repo.useLink(link.id)))
      throw new AppError('LINK_NOT_FOUND', 'this link has been used or has expired');
    let user: UserRow | undefined;
    if (link.kind === 'invitation') {
      // A unique violation here (an account made for the address meanwhile) is a 409, and the link stays used.
      user = await this.repo.insertUser({
        email: link.email,
        displayName: input.displayName ?? link.email,
        passwordHash,
      });
      await this.join(user, link, ip);
    } else {
      user = link.userId ? await this.repo.userById(link.userId) : undefined;
      if (!user) throw new AppError('LINK_NOT_FOUND', 'this link has been used or has expired');
      await this.repo.updateUser(user.id, {
        passwordHash,
        ...(input.displayName ? { displayName: input.displayName } : {}),
      });
      await this.repo.deleteSessionsOf(user.id);
      await this.repo.clearThrottlesOf(user.email);
    }
    const fresh = (await this.repo.userById(user.id))!;
    return this.startSession(fresh, ip, `auth.link_accepted.${link.kind}`);
  }

  /** A signed-in person accepts an invitation link made out to their own address: the membership, nothing else. */
  async joinByLink(actor: UserActor, token: string) {
    const link = await this.describeLink(token);
    if (link.kind !== 'invitation') throw new AppError('LINK_NOT_FOUND', 'this link is not an invitation');
    return this.acceptInvitation(actor, link.id);
  }

  /** The invitations waiting for the signed-in person (made out to their e-mail address, unused, not expired). */
  async pendingInvitations(actor: UserActor) {
    const rows = await this.repo.pendingInvitationsFor(normaliseEmail(actor.email));
    return rows.map((r) => ({
      id: r.id,
      orgId: r.orgId!,
      orgSlug: r.orgSlug,
      orgNameEn: r.orgNameEn,
      orgNameJa: r.orgNameJa,
      role: r.role as Role,
      invitedBy: r.invitedBy,
      createdAt: r.createdAt,
      expiresAt: r.expiresAt,
    }));
  }

  async acceptInvitation(actor: UserActor, invitationId: string) {
    const link = await this.ownInvitation(actor, invitationId);
    if (!(await this.repo.useLink(link.id))) throw new AppError('LINK_NOT_FOUND', 'this invitation has been used');
    const user = await this.repo.userById(actor.userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'sign in first');
    await this.join(user, link, actor.ip, actor);
    return { orgId: link.orgId!, role: link.role as Role };
  }

  async declineInvitation(actor: UserActor, invitationId: string): Promise<void> {
    const link = await this.ownInvitation(actor, invitationId);
    if (!(await this.repo.useLink(link.id))) throw new AppError('LINK_NOT_FOUND', 'this invitation has been used');
    await this.audit.record(actor, {
      action: 'membership.decline',
      targetType: 'organisation',
      targetId: link.orgId!,
      orgId: link.orgId,
      details: { role: link.role },
    });
  }

  /** An invitation made out to the actor's address; the same 404 for any other, so ids reveal nothing. */
  private async ownInvitation(actor: UserActor, invitationId: string) {
    const link = await this.repo.liveLinkById(invitationId);
    if (!link || link.kind !== 'invitation' || link.email !== normaliseEmail(actor.email) || !link.orgId) {
      throw new AppError('LINK_NOT_FOUND', 'no such invitation, or it has been used or has expired');
    }
    return link;
  }

  private async join(user: UserRow, link: LinkRow, ip: string, actor?: UserActor): Promise<void> {
    await this.repo.upsertMembership(user.id, link.orgId!, link.role as Role);
    const joiner: Actor = actor ?? {
      kind: 'user',
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
      isPlatformAdmin: user.isPlatformAdmin,
      memberships: [],
      ip,
    };
    await this.audit.record(joiner, {
      action: 'membership.join',
      targetType: 'user',
      targetId: user.id,
      orgId: link.orgId,
      details: { role: link.role, invitationId: link.id, invitedBy: link.createdBy },
    });
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
