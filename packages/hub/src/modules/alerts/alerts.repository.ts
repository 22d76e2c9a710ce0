import { and, asc, count, desc, eq, getTableColumns, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../auth/auth.table.js';
import { notifications } from '../cases/cases.table.js';
import { rowsOf } from '../../db/rows.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { DeliveryJobsRepository } from '../deliveries/deliveries.repository.js';
import { memberships, organisations } from '../orgs/orgs.table.js';
import { alertHistory, alerts, orgAlertSettings, orgPrefixes } from './alerts.table.js';

export type AlertRow = typeof alerts.$inferSelect;
export type AlertValues = Pick<
  typeof alerts.$inferInsert,
  'orgId' | 'host' | 'day' | 'kinds' | 'packets' | 'ports' | 'firstSeen' | 'lastSeen' | 'evidence' | 'watchlistEntryId'
>;
export type HistoryInsert = typeof alertHistory.$inferInsert;
export type PrefixRow = typeof orgPrefixes.$inferSelect;
export type SettingsRow = typeof orgAlertSettings.$inferSelect;

export interface AlertFilters {
  /** 'all' for platform admins, else the organisations whose alerts may be read. */
  orgs: 'all' | string[];
  /** The organisations whose watchlist alerts may be read (by default the same). */
  watchlistOrgs?: 'all' | string[];
  orgId?: string | undefined;
  status?: 'open' | 'acknowledged' | undefined;
  limit: number;
  offset: number;
}

/** Every query of member prefixes, alert settings, alerts and their history. */
export class AlertsRepository {
  constructor(private readonly db: Db) {}

  /** Runs the work in one transaction, with this repository and the delivery outbox bound to it. */
  async transaction<T>(work: (repo: AlertsRepository, jobs: DeliveryJobsRepository) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      const db = tx as unknown as Db;
      return work(new AlertsRepository(db), new DeliveryJobsRepository(db));
    });
  }

  async orgExists(orgId: string): Promise<boolean> {
    return (
      (await this.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, orgId))).length > 0
    );
  }

  async prefixes(orgId: string): Promise<PrefixRow[]> {
    return this.db
      .select()
      .from(orgPrefixes)
      .where(eq(orgPrefixes.orgId, orgId))
      .orderBy(asc(orgPrefixes.cidr), asc(orgPrefixes.createdAt));
  }

  /** Inserts a prefix; undefined when the organisation has it already. */
  async insertPrefix(values: typeof orgPrefixes.$inferInsert): Promise<PrefixRow | undefined> {
    try {
      return (await this.db.insert(orgPrefixes).values(values).returning())[0];
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  /** Prefixes of other organisations that overlap the given one (either contains the other). */
  async overlappingElsewhere(orgId: string, cidr: string, onlyApproved = false): Promise<PrefixRow[]> {
    return this.db
      .select()
      .from(orgPrefixes)
      .where(
        and(
          sql`${orgPrefixes.orgId} <> ${orgId}`,
          sql`${orgPrefixes.cidr} && ${cidr}::cidr`,
          onlyApproved ? eq(orgPrefixes.status, 'approved') : undefined,
        ),
      );
  }

  /** Prefixes waiting for a platform admin (or all), with their organisations' names. */
  async prefixesByStatus(status: 'pending' | 'approved' | undefined) {
    return this.db
      .select({
        ...getTableColumns(orgPrefixes),
        orgSlug: organisations.slug,
        orgNameEn: organisations.nameEn,
        orgNameJa: organisations.nameJa,
      })
      .from(orgPrefixes)
      .innerJoin(organisations, eq(organisations.id, orgPrefixes.orgId))
      .where(status ? eq(orgPrefixes.status, status) : undefined)
      .orderBy(asc(orgPrefixes.createdAt));
  }

  async prefixById(id: string): Promise<PrefixRow | undefined> {
    return (await this.db.select().from(orgPrefixes).where(eq(orgPrefixes.id, id)))[0];
  }

  /**
   * Approves a pending prefix unless, by now, an approved prefix of another organisation overlaps it; a
   * transaction-scoped lock serialises approvals so two overlapping prefixes cannot both be approved at once.
   */
  async approvePrefix(id: string, approvedBy: string): Promise<{ row?: PrefixRow; conflict?: PrefixRow }> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('cynex.org_prefixes.approve'))`);
      const row = (await tx.select().from(orgPrefixes).where(eq(orgPrefixes.id, id)))[0];
      if (!row || row.status !== 'pending') return {};
      const conflict = (
        await tx
          .select()
          .from(orgPrefixes)
          .where(
            and(
              sql`${orgPrefixes.orgId} <> ${row.orgId}`,
              sql`${orgPrefixes.cidr} && ${row.cidr}::cidr`,
              eq(orgPrefixes.status, 'approved'),
            ),
          )
      )[0];
      if (conflict) return { conflict };
      const approved = await tx
        .update(orgPrefixes)
        .set({ status: 'approved', approvedBy, approvedAt: new Date() })
        .where(eq(orgPrefixes.id, id))
        .returning();
      return { row: approved[0]! };
    });
  }

  async deletePrefixById(id: string): Promise<PrefixRow | undefined> {
    return (await this.db.delete(orgPrefixes).where(eq(orgPrefixes.id, id)).returning())[0];
  }

  async deletePrefix(orgId: string, id: string): Promise<PrefixRow | undefined> {
    return (
      await this.db
        .delete(orgPrefixes)
        .where(and(eq(orgPrefixes.id, id), eq(orgPrefixes.orgId, orgId)))
        .returning()
    )[0];
  }

  /**
   * Which organisations registered an approved prefix containing each host (PostgreSQL's inet containment,
   * GiST-indexed); prefixes waiting for approval alert nobody.
   */
  async matchPrefixes(hosts: string[]): Promise<{ orgId: string; host: string }[]> {
    if (hosts.length === 0) return [];
    return rowsOf<{ orgId: string; host: string }>(
      this.db,
      sql`select distinct p.org_id as "orgId", h.host
          from unnest(${sql.param(hosts)}::text[]) as h(host)
          join org_prefixes p on h.host::inet <<= p.cidr and p.status = 'approved'
          order by 1, 2`,
    );
  }

  async settings(orgId: string): Promise<SettingsRow | undefined> {
    return (await this.db.select().from(orgAlertSettings).where(eq(orgAlertSettings.orgId, orgId)))[0];
  }

  async settingsOf(orgIds: string[]): Promise<SettingsRow[]> {
    if (orgIds.length === 0) return [];
    return this.db.select().from(orgAlertSettings).where(inArray(orgAlertSettings.orgId, orgIds));
  }

  async saveSettings(values: typeof orgAlertSettings.$inferInsert): Promise<SettingsRow> {
    const { orgId: _orgId, ...rest } = values;
    return (
      await this.db
        .insert(orgAlertSettings)
        .values(values)
        .onConflictDoUpdate({ target: orgAlertSettings.orgId, set: { ...rest, updatedAt: new Date() } })
        .returning()
    )[0]!;
  }

  /** The people an organisation's alerts are for: its org admins and analysts with an active account. */
  async recipients(orgId: string): Promise<{ userId: string; email: string }[]> {
    return this.db
      .select({ userId: users.id, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(
        and(
          eq(memberships.orgId, orgId),
          inArray(memberships.role, ['org_admin', 'analyst']),
          eq(users.disabled, false),
        ),
      )
      .orderBy(asc(users.email));
  }

  /** The console's bell for an alert, stored with the alert itself. */
  async notify(values: (typeof notifications.$inferInsert)[]): Promise<void> {
    if (values.length > 0) await this.db.insert(notifications).values(values);
  }

  async byKeys(keys: { orgId: string; host: string; day: string }[]): Promise<AlertRow[]> {
    if (keys.length === 0) return [];
    const matches = keys.map((k) => and(eq(alerts.orgId, k.orgId), eq(alerts.host, k.host), eq(alerts.day, k.day)));
    return this.db
      .select()
      .from(alerts)
      .where(or(...matches));
  }

  /** Inserts or refreshes the alert of (organisation, host, day); `created` tells which. */
  async upsert(values: AlertValues): Promise<{ row: AlertRow; created: boolean }> {
    const { orgId: _o, host: _h, day: _d, ...rest } = values;
    const rows = await this.db
      .insert(alerts)
      .values(values)
      .onConflictDoUpdate({
        target: [alerts.orgId, alerts.host, alerts.day],
        set: { ...rest, updatedAt: new Date() },
      })
      .returning({ ...getTableColumns(alerts), created: sql<boolean>`(xmax = 0)` });
    const { created, ...row } = rows[0]!;
    return { row, created: Boolean(created) };
  }

  async addHistory(entries: HistoryInsert[]): Promise<void> {
    if (entries.length > 0) await this.db.insert(alertHistory).values(entries);
  }

  private where(filters: AlertFilters, id?: string): SQL | undefined {
    if (filters.orgs !== 'all' && filters.orgs.length === 0) return sql`false`;
    const { watchlistOrgs = filters.orgs } = filters;
    return and(
      filters.orgs === 'all' ? undefined : inArray(alerts.orgId, filters.orgs),
      watchlistOrgs === 'all'
        ? undefined
        : or(
            sql`not ('watchlist' = any(${alerts.kinds}))`,
            watchlistOrgs.length > 0 ? inArray(alerts.orgId, watchlistOrgs) : sql`false`,
          ),
      filters.orgId ? eq(alerts.orgId, filters.orgId) : undefined,
      filters.status ? eq(alerts.status, filters.status) : undefined,
      id ? eq(alerts.id, id) : undefined,
    );
  }

  async list(filters: AlertFilters): Promise<{ items: AlertRow[]; total: number }> {
    const where = this.where(filters);
    const [items, totals] = await Promise.all([
      this.db
        .select()
        .from(alerts)
        .where(where)
        .orderBy(desc(alerts.day), desc(alerts.lastSeen), asc(alerts.host))
        .limit(filters.limit)
        .offset(filters.offset),
      this.db.select({ n: count() }).from(alerts).where(where),
    ]);
    return { items, total: totals[0]?.n ?? 0 };
  }

  /** One alert, only within the organisations the filters allow. */
  async get(orgs: 'all' | string[], id: string, watchlistOrgs = orgs): Promise<AlertRow | undefined> {
    return (
      await this.db
        .select()
        .from(alerts)
        .where(this.where({ orgs, watchlistOrgs, limit: 1, offset: 0 }, id))
    )[0];
  }

  async acknowledge(id: string, userId: string): Promise<AlertRow | undefined> {
    return (
      await this.db
        .update(alerts)
        .set({ status: 'acknowledged', acknowledgedBy: userId, acknowledgedAt: new Date(), updatedAt: new Date() })
        .where(and(eq(alerts.id, id), eq(alerts.status, 'open')))
        .returning()
    )[0];
  }

  async history(alertIds: string[]) {
    if (alertIds.length === 0) return [];
    return this.db
      .select({
        alertId: alertHistory.alertId,
        at: alertHistory.at,
        action: alertHistory.action,
        by: sql<string | null>`coalesce(${users.displayName}, ${alertHistory.byLabel})`,
        note: alertHistory.note,
        details: alertHistory.details,
      })
      .from(alertHistory)
      .leftJoin(users, eq(users.id, alertHistory.byUserId))
      .where(inArray(alertHistory.alertId, alertIds))
      .orderBy(asc(alertHistory.at), asc(alertHistory.id));
  }

  async userLabels(userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db
      .select({ id: users.id, displayName: users.displayName })
      .from(users)
      .where(inArray(users.id, userIds));
    return new Map(rows.map((r) => [r.id, r.displayName]));
  }
}
