import { and, count, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../platform/actor.js';
import { visibleTo } from '../../platform/policy.js';
import { organisations } from '../orgs/orgs.table.js';
import { rowsOf } from '../../db/rows.js';
import type { Period } from './report-data.js';
import { telescopeReports } from './telescope-reports.table.js';

export type ReportRow = typeof telescopeReports.$inferSelect & {
  ownerOrgSlug: string;
  ownerOrgNameEn: string;
  ownerOrgNameJa: string;
};
export type ReportInsert = typeof telescopeReports.$inferInsert;

export interface ReportListQuery {
  kind?: 'quarterly' | 'annual' | undefined;
  year?: number | undefined;
  limit: number;
  offset: number;
}

/** One group × country row of the heavy-sender query. */
export interface SenderRow {
  group: 'mirai' | 'other';
  cc: string;
  addresses: number;
  research: number;
  packets: number;
  days: number;
  portDays: number;
}

const reportWithOrg = {
  ...getTableColumns(telescopeReports),
  ownerOrgSlug: organisations.slug,
  ownerOrgNameEn: organisations.nameEn,
  ownerOrgNameJa: organisations.nameJa,
};
const num = (value: unknown): number => Number(value ?? 0);
const at = (date: Date) => date.toISOString();

/**
 * The reports themselves (every read through the visibility policy) and the queries over the telescope's
 * tables that its repository does not have: heavy senders per day and DoS statistics.
 */
export class TelescopeReportsRepository {
  constructor(private readonly db: Db) {}

  async insert(values: ReportInsert): Promise<string> {
    const [row] = await this.db.insert(telescopeReports).values(values).returning({ id: telescopeReports.id });
    return row!.id;
  }

  /** A report the actor may read, or undefined (whether it exists or not). */
  async get(actor: Actor, id: string): Promise<ReportRow | undefined> {
    const rows = await this.db
      .select(reportWithOrg)
      .from(telescopeReports)
      .innerJoin(organisations, eq(organisations.id, telescopeReports.ownerOrgId))
      .where(and(eq(telescopeReports.id, id), visibleTo(actor, telescopeReports)));
    return rows[0];
  }

  async list(actor: Actor, query: ReportListQuery) {
    const where = and(
      visibleTo(actor, telescopeReports),
      query.kind ? eq(telescopeReports.kind, query.kind) : undefined,
      query.year === undefined ? undefined : eq(telescopeReports.year, query.year),
    );
    const [items, totals] = await Promise.all([
      this.db
        .select(reportWithOrg)
        .from(telescopeReports)
        .innerJoin(organisations, eq(organisations.id, telescopeReports.ownerOrgId))
        .where(where)
        .orderBy(desc(telescopeReports.periodStart), desc(telescopeReports.createdAt))
        .limit(query.limit)
        .offset(query.offset),
      this.db.select({ n: count() }).from(telescopeReports).where(where),
    ]);
    return { items, total: totals[0]?.n ?? 0 };
  }

  async update(id: string, values: Partial<ReportInsert>): Promise<void> {
    await this.db
      .update(telescopeReports)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(telescopeReports.id, id));
  }

  async orgExists(orgId: string): Promise<boolean> {
    const rows = await this.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, orgId));
    return rows.length > 0;
  }

  /**
   * Sources per (group, country). Each source's contributions are summed per UTC day of their interval key;
   * a source tagged `mirai` in the period is Mirai-like, any other source with at least `threshold` packets on
   * one day is another heavy sender. Ports per day: the distinct ports listed that day, or the sensors' count
   * when larger (the lists stop at 50).
   */
  async senders(period: Period, threshold: number): Promise<SenderRow[]> {
    const rows = await rowsOf<Record<string, unknown>>(
      this.db,
      sql`with c as (
            select source, (interval_start at time zone 'UTC')::date as day, last_seen, packets, ports, port_count,
                   tags, cc
            from telescope_source_contributions
            where interval_start >= ${at(period.from)}::timestamptz and interval_start < ${at(period.to)}::timestamptz
              -- implied (last_seen >= interval_start), and lets the last_seen index narrow the scan
              and last_seen >= ${at(period.from)}::timestamptz),
          dp as (
            select c.source, c.day, count(distinct p)::int as n from c cross join lateral unnest(c.ports) p group by 1, 2),
          d as (
            select c.source, c.day, sum(c.packets)::float8 as packets,
                   greatest(max(c.port_count), coalesce(max(dp.n), 0))::float8 as ports,
                   bool_or('mirai' = any(c.tags)) as mirai, bool_or('research' = any(c.tags)) as research,
                   (array_agg(c.cc order by c.last_seen desc))[1] as cc
            from c left join dp on dp.source = c.source and dp.day = c.day
            group by 1, 2),
          s as (
            select source, bool_or(mirai) as mirai, bool_or(research) as research, max(packets) as peak,
                   sum(packets) as packets, count(*)::int as days, sum(ports) as port_days,
                   (array_agg(cc order by day desc))[1] as cc
            from d group by 1),
          g as (
            select case when mirai then 'mirai' when peak >= ${threshold} then 'other' end as grp, s.* from s)
          select grp, cc, count(*)::int as addresses, sum(research::int)::int as research,
                 sum(packets)::float8 as packets, sum(days)::int as days, sum(port_days)::float8 as port_days
          from g where grp is not null group by 1, 2 order by 1, 2`,
    );
    return rows.map((r) => ({
      group: r.grp === 'mirai' ? 'mirai' : 'other',
      cc: String(r.cc),
      addresses: num(r.addresses),
      research: num(r.research),
      packets: num(r.packets),
      days: num(r.days),
      portDays: num(r.port_days),
    }));
  }

  /**
   * DoS attacks that started in the period: counts, long ones, and the attacked services (the victims' ports, from
   * which their backscatter came); and the reflection victims the intervals of the period named.
   */
  async dos(period: Period, longMs: number, top: number) {
    const inPeriod = sql`start >= ${at(period.from)}::timestamptz and start < ${at(period.to)}::timestamptz`;
    const [totals] = await rowsOf<Record<string, unknown>>(
      this.db,
      sql`select count(*)::int as attacks, count(distinct victim)::int as victims,
                 coalesce(sum(packets), 0)::float8 as packets,
                 (count(*) filter (where extract(epoch from ("end" - start)) * 1000 > ${longMs}))::int as long_attacks
          from telescope_dos where ${inPeriod}`,
    );
    const services = await rowsOf<Record<string, unknown>>(
      this.db,
      sql`select d.protocol, p as port, count(*)::int as attacks
          from telescope_dos d cross join lateral unnest(d.attacker_ports) p
          where ${inPeriod} group by 1, 2 order by 3 desc, 2, 1 limit ${top}`,
    );
    const [reflection] = await rowsOf<Record<string, unknown>>(
      this.db,
      sql`select count(distinct victim)::int as victims, coalesce(sum(packets), 0)::float8 as packets
          from telescope_backscatter
          where kind = 'reflection' and interval_start >= ${at(period.from)}::timestamptz
            and interval_start < ${at(period.to)}::timestamptz`,
    );
    return {
      attacks: num(totals?.attacks),
      victims: num(totals?.victims),
      packets: num(totals?.packets),
      longAttacks: num(totals?.long_attacks),
      reflection: { victims: num(reflection?.victims), packets: num(reflection?.packets) },
      services: services.map((r) => ({ protocol: String(r.protocol), port: num(r.port), attacks: num(r.attacks) })),
    };
  }
}
