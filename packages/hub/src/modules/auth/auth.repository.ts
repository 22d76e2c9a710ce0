import { and, asc, eq, gt, isNull, like, or, sql } from 'drizzle-orm';
import type { Role } from '@cynex/core';
import type { Db } from '../../db/client.js';
import { memberships, organisations } from '../orgs/orgs.table.js';
import { apiTokens, authThrottle, oneTimeLinks, sessions, users } from './auth.table.js';

export type UserRow = typeof users.$inferSelect;
export type LinkRow = typeof oneTimeLinks.$inferSelect;

/** Every query of the accounts module. */
export class AuthRepository {
  constructor(private readonly db: Db) {}

  async userByEmail(email: string): Promise<UserRow | undefined> {
    return (await this.db.select().from(users).where(eq(users.email, email)))[0];
  }

  async userById(id: string): Promise<UserRow | undefined> {
    return (await this.db.select().from(users).where(eq(users.id, id)))[0];
  }

  async countUsers(): Promise<number> {
    const rows = await this.db.select({ n: sql<number>`count(*)::int` }).from(users);
    return rows[0]?.n ?? 0;
  }

  async insertUser(values: typeof users.$inferInsert): Promise<UserRow> {
    const rows = await this.db.insert(users).values(values).returning();
    return rows[0]!;
  }

  async updateUser(id: string, values: Partial<typeof users.$inferInsert>): Promise<void> {
    await this.db.update(users).set(values).where(eq(users.id, id));
  }

  async membershipsOf(userId: string) {
    return this.db
      .select({
        orgId: memberships.orgId,
        role: memberships.role,
        orgSlug: organisations.slug,
        orgNameEn: organisations.nameEn,
        orgNameJa: organisations.nameJa,
      })
      .from(memberships)
      .innerJoin(organisations, eq(organisations.id, memberships.orgId))
      .where(eq(memberships.userId, userId))
      .orderBy(asc(organisations.slug)) as Promise<
      { orgId: string; role: Role; orgSlug: string; orgNameEn: string; orgNameJa: string }[]
    >;
  }

  async upsertMembership(userId: string, orgId: string, role: Role): Promise<void> {
    await this.db
      .insert(memberships)
      .values({ userId, orgId, role })
      .onConflictDoUpdate({ target: [memberships.userId, memberships.orgId], set: { role } });
  }

  async insertSession(values: typeof sessions.$inferInsert): Promise<void> {
    await this.db.insert(sessions).values(values);
  }

  /**
   * A live session with its user and the user's memberships (by organisation slug, as `membershipsOf`), in one
   * query: every cookie-authenticated request asks, and under load each round trip to the database counts.
   */
  async sessionWithUser(idHash: string) {
    const rows = await this.db
      .select({ session: sessions, user: users, orgId: memberships.orgId, role: memberships.role })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .leftJoin(memberships, eq(memberships.userId, users.id))
      .leftJoin(organisations, eq(organisations.id, memberships.orgId))
      .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, new Date())))
      .orderBy(asc(organisations.slug));
    const first = rows[0];
    if (!first) return undefined;
    const held = rows.flatMap((r) => (r.orgId && r.role ? [{ orgId: r.orgId, role: r.role as Role }] : []));
    return { session: first.session, user: first.user, memberships: held };
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.idHash, idHash));
  }

  async deleteSessionsOf(userId: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.userId, userId));
  }

  async insertToken(values: typeof apiTokens.$inferInsert) {
    return (await this.db.insert(apiTokens).values(values).returning())[0]!;
  }

  async tokenByHash(tokenHash: string) {
    return (await this.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash)))[0];
  }

  async touchToken(id: string): Promise<void> {
    await this.db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, id));
  }

  async tokensOf(userId: string) {
    return this.db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(asc(apiTokens.createdAt));
  }

  async revokeToken(userId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return rows.length > 0;
  }

  async insertLink(values: typeof oneTimeLinks.$inferInsert): Promise<LinkRow> {
    return (await this.db.insert(oneTimeLinks).values(values).returning())[0]!;
  }

  async liveLinkByHash(tokenHash: string): Promise<LinkRow | undefined> {
    const rows = await this.db
      .select()
      .from(oneTimeLinks)
      .where(
        and(eq(oneTimeLinks.tokenHash, tokenHash), isNull(oneTimeLinks.usedAt), gt(oneTimeLinks.expiresAt, new Date())),
      );
    return rows[0];
  }

  async liveLinkById(id: string): Promise<LinkRow | undefined> {
    const rows = await this.db
      .select()
      .from(oneTimeLinks)
      .where(and(eq(oneTimeLinks.id, id), isNull(oneTimeLinks.usedAt), gt(oneTimeLinks.expiresAt, new Date())));
    return rows[0];
  }

  /** Unused, unexpired invitations made out to an address, with their organisations and who sent them. */
  async pendingInvitationsFor(email: string) {
    return this.db
      .select({
        id: oneTimeLinks.id,
        orgId: oneTimeLinks.orgId,
        orgSlug: organisations.slug,
        orgNameEn: organisations.nameEn,
        orgNameJa: organisations.nameJa,
        role: oneTimeLinks.role,
        invitedBy: users.displayName,
        createdAt: oneTimeLinks.createdAt,
        expiresAt: oneTimeLinks.expiresAt,
      })
      .from(oneTimeLinks)
      .innerJoin(organisations, eq(organisations.id, oneTimeLinks.orgId))
      .leftJoin(users, eq(users.id, oneTimeLinks.createdBy))
      .where(
        and(
          eq(oneTimeLinks.kind, 'invitation'),
          eq(oneTimeLinks.email, email),
          isNull(oneTimeLinks.usedAt),
          gt(oneTimeLinks.expiresAt, new Date()),
        ),
      )
      .orderBy(asc(oneTimeLinks.createdAt));
  }

  /** Marks a link used; false when another request used it first. */
  async useLink(id: string): Promise<boolean> {
    const rows = await this.db
      .update(oneTimeLinks)
      .set({ usedAt: new Date() })
      .where(and(eq(oneTimeLinks.id, id), isNull(oneTimeLinks.usedAt)))
      .returning({ id: oneTimeLinks.id });
    return rows.length > 0;
  }

  async invitationsOf(orgId: string) {
    return this.db
      .select()
      .from(oneTimeLinks)
      .where(and(eq(oneTimeLinks.orgId, orgId), eq(oneTimeLinks.kind, 'invitation')))
      .orderBy(asc(oneTimeLinks.createdAt));
  }

  /**
   * Counts one attempt under a key before any password work, in one statement, so parallel requests each see
   * their own count (a burst cannot pass a check together). The window restarts once it has passed.
   */
  async countAttempt(key: string, windowSeconds: number): Promise<{ attempts: number; lockedUntil: Date | null }> {
    const expired = sql`${authThrottle.windowStart} < now() - make_interval(secs => ${windowSeconds})`;
    const rows = await this.db
      .insert(authThrottle)
      .values({ key, failures: 1 })
      .onConflictDoUpdate({
        target: authThrottle.key,
        set: {
          failures: sql`case when ${expired} then 1 else ${authThrottle.failures} + 1 end`,
          windowStart: sql`case when ${expired} then now() else ${authThrottle.windowStart} end`,
        },
      })
      .returning({ attempts: authThrottle.failures, lockedUntil: authThrottle.lockedUntil });
    return rows[0]!;
  }

  /**
   * Locks a key until now + seconds × 2^(locks so far), at most maxSeconds, unless a longer lock is in place;
   * returns when the lock ends.
   */
  async lock(key: string, seconds: number, maxSeconds = seconds): Promise<Date> {
    const until = sql`now() + make_interval(secs => least(${maxSeconds}, ${seconds} * power(2, ${authThrottle.locks})))`;
    const rows = await this.db
      .update(authThrottle)
      .set({
        lockedUntil: sql`greatest(coalesce(${authThrottle.lockedUntil}, now()), ${until})`,
        locks: sql`case when ${authThrottle.lockedUntil} > now() then ${authThrottle.locks} else ${authThrottle.locks} + 1 end`,
        failures: 0,
        windowStart: sql`now()`,
      })
      .where(eq(authThrottle.key, key))
      .returning({ lockedUntil: authThrottle.lockedUntil });
    return rows[0]?.lockedUntil ?? new Date();
  }

  /** Takes back one counted attempt (a successful sign-in is not held against the client's address). */
  async release(key: string): Promise<void> {
    await this.db
      .update(authThrottle)
      .set({ failures: sql`greatest(${authThrottle.failures} - 1, 0)` })
      .where(eq(authThrottle.key, key));
  }

  async clearThrottle(key: string): Promise<void> {
    await this.db.delete(authThrottle).where(eq(authThrottle.key, key));
  }

  /** Lifts every sign-in lock of an account (after its password was set through a link). */
  async clearThrottlesOf(email: string): Promise<void> {
    const escaped = email.replace(/[%_\\]/g, '\\$&');
    await this.db
      .delete(authThrottle)
      .where(or(eq(authThrottle.key, `email:${email}`), like(authThrottle.key, `pair:${escaped}|%`)));
  }
}
