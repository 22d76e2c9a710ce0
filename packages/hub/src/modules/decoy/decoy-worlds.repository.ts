import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../platform/actor.js';
import { visibleTo } from '../../platform/policy.js';
import { organisations } from '../orgs/orgs.table.js';
import { decoySensorStatus, decoySessions, decoyWorlds } from './decoy.table.js';

export type WorldRow = typeof decoyWorlds.$inferSelect;
export type WorldInsert = typeof decoyWorlds.$inferInsert;
export type SensorStatusRow = typeof decoySensorStatus.$inferSelect;

/** A session counts as live while it has not ended and has been heard from within this many minutes. */
export const LIVE_MINUTES = 30;
export const liveCondition = sql`${decoySessions.endedAt} is null and ${decoySessions.lastEventAt} > now() - make_interval(mins => ${LIVE_MINUTES})`;

/** Worlds an actor sees: by the one policy, and the worlds lent to one of their organisations. */
export function worldVisibleTo(actor: Actor): SQL {
  const base = visibleTo(actor, decoyWorlds);
  if (actor.kind !== 'user' || actor.memberships.length === 0) return base;
  return (
    or(
      base,
      inArray(
        decoyWorlds.lentToOrgId,
        actor.memberships.map((m) => m.orgId),
      ),
    ) ?? base
  );
}

export class DecoyWorldsRepository {
  constructor(private readonly db: Db) {}

  async list(actor: Actor, query: { q?: string | undefined; limit: number; offset: number }) {
    const search = query.q
      ? or(
          ilike(decoyWorlds.id, `%${query.q}%`),
          ilike(decoyWorlds.nameEn, `%${query.q}%`),
          ilike(decoyWorlds.nameJa, `%${query.q}%`),
          ilike(decoyWorlds.domain, `%${query.q}%`),
        )
      : undefined;
    const where = and(worldVisibleTo(actor), search);
    const [items, [total]] = await Promise.all([
      this.db
        .select()
        .from(decoyWorlds)
        .where(where)
        .orderBy(asc(decoyWorlds.id))
        .limit(query.limit)
        .offset(query.offset),
      this.db.select({ n: count() }).from(decoyWorlds).where(where),
    ]);
    return { items, total: total?.n ?? 0 };
  }

  async visible(actor: Actor, id: string): Promise<WorldRow | undefined> {
    const [row] = await this.db
      .select()
      .from(decoyWorlds)
      .where(and(eq(decoyWorlds.id, id), worldVisibleTo(actor)));
    return row;
  }

  async byId(id: string): Promise<WorldRow | undefined> {
    const [row] = await this.db.select().from(decoyWorlds).where(eq(decoyWorlds.id, id));
    return row;
  }

  async bySensor(sensorId: string): Promise<WorldRow[]> {
    return this.db.select().from(decoyWorlds).where(eq(decoyWorlds.sensorId, sensorId)).orderBy(asc(decoyWorlds.id));
  }

  /** Inserts a world; undefined when the id is taken. */
  async insert(row: WorldInsert): Promise<WorldRow | undefined> {
    const [created] = await this.db.insert(decoyWorlds).values(row).onConflictDoNothing().returning();
    return created;
  }

  async update(id: string, set: Partial<WorldInsert>): Promise<WorldRow | undefined> {
    const [row] = await this.db
      .update(decoyWorlds)
      .set({ ...set, updatedAt: sql`now()` })
      .where(eq(decoyWorlds.id, id))
      .returning();
    return row;
  }

  /** Deletes a world only while it is stopped; false when it is running (or gone). */
  async deleteStopped(id: string): Promise<boolean> {
    const deleted = await this.db
      .delete(decoyWorlds)
      .where(and(eq(decoyWorlds.id, id), eq(decoyWorlds.desired, 'stopped')))
      .returning({ id: decoyWorlds.id });
    return deleted.length > 0;
  }

  async statuses(sensorIds: string[]): Promise<Map<string, SensorStatusRow>> {
    if (sensorIds.length === 0) return new Map();
    const rows = await this.db.select().from(decoySensorStatus).where(inArray(decoySensorStatus.sensorId, sensorIds));
    return new Map(rows.map((r) => [r.sensorId, r]));
  }

  /** Session counts per world among the sessions the actor sees. */
  async sessionCounts(actor: Actor, worldIds: string[]) {
    if (worldIds.length === 0) return new Map<string, { total: number; live: number; lastEventAt: Date | null }>();
    const rows = await this.db
      .select({
        worldId: decoySessions.worldId,
        total: count(),
        live: sql<number>`count(*) filter (where ${liveCondition})`.mapWith(Number),
        lastEventAt: sql<Date | null>`max(${decoySessions.lastEventAt})`.mapWith((v: string | null) =>
          v === null ? null : new Date(v),
        ),
      })
      .from(decoySessions)
      .where(and(inArray(decoySessions.worldId, worldIds), visibleTo(actor, decoySessions)))
      .groupBy(decoySessions.worldId);
    return new Map(rows.map((r) => [r.worldId, { total: r.total, live: r.live, lastEventAt: r.lastEventAt }]));
  }

  async orgNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select({ id: organisations.id, name: organisations.nameEn })
      .from(organisations)
      .where(inArray(organisations.id, ids));
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
