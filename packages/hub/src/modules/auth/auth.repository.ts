import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
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

  async sessionByHash(idHash: string) {
    const rows = await this.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, new Date())));
    return rows[0];
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

  async throttleState(key: string) {
    return (await this.db.select().from(authThrottle).where(eq(authThrottle.key, key)))[0];
  }

  /** Counts one failure in a sliding window and locks the key when it reaches the limit. */
  async recordFailure(key: string, limit: number, windowSeconds: number, lockSeconds: number) {
    const rows = await this.db
      .insert(authThrottle)
      .values({ key, failures: 1 })
      .onConflictDoUpdate({
        target: authThrottle.key,
        set: {
          failures: sql`case when ${authThrottle.windowStart} < now() - make_interval(secs => ${windowSeconds}) then 1 else ${authThrottle.failures} + 1 end`,
          windowStart: sql`case when ${authThrottle.windowStart} < now() - make_interval(secs => ${windowSeconds}) then now() else ${authThrottle.windowStart} end`,
        },
      })
      .returning();
    const row = rows[0]!;
    if (row.failures >= limit) {
      await this.db
        .update(authThrottle)
        .set({ lockedUntil: sql`now() + make_interval(secs => ${lockSeconds})`, failures: 0, windowStart: sql`now()` })
        .where(eq(authThrottle.key, key));
    }
  }

  async clearThrottle(key: string): Promise<void> {
    await this.db.delete(authThrottle).where(eq(authThrottle.key, key));
  }
}
