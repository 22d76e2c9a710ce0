import { and, asc, count, desc, eq, getTableColumns, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import type { CaseListQuery } from '@cynex/core';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../platform/actor.js';
import { visibleTo } from '../../platform/policy.js';
import { users } from '../auth/auth.table.js';
import { organisations } from '../orgs/orgs.table.js';
import { caseBehaviours, caseComments, caseFiles, caseLevelHistory, caseSerials, cases } from './cases.table.js';

export type CaseRow = typeof cases.$inferSelect;
export type CaseInsert = typeof cases.$inferInsert;
export type BehaviourRow = typeof caseBehaviours.$inferSelect;
export type CaseFilters = Omit<CaseListQuery, 'limit' | 'offset' | 'sort' | 'order'>;

/**
 * Rows per INSERT: a case has about 21 columns and PostgreSQL takes at most 65,535 bind parameters per statement,
 * so 1,000 rows (21,000 parameters) leave room for columns added later.
 */
const INSERT_CHUNK = 1_000;

const SORT_COLUMNS = {
  caseId: cases.caseId,
  startDate: cases.startDate,
  endDate: cases.endDate,
  progressLevel: cases.progressLevel,
  malwareFamily: sql`lower(${cases.malwareFamily})`,
  updatedAt: cases.updatedAt,
} as const;

const caseWithOrg = {
  ...getTableColumns(cases),
  ownerOrgSlug: organisations.slug,
  ownerOrgNameEn: organisations.nameEn,
  ownerOrgNameJa: organisations.nameJa,
};

/** Every query of observation cases. Each read takes the actor and applies the visibility policy. */
export class CasesRepository {
  constructor(private readonly db: Db) {}

  private where(actor: Actor, filters: CaseFilters): SQL {
    const conditions: (SQL | undefined)[] = [visibleTo(actor, cases)];
    if (filters.q) {
      const pattern = `%${filters.q.replace(/[%_\\]/g, '\\$&')}%`;
      conditions.push(
        or(
          ilike(cases.caseId, pattern),
          ilike(cases.malwareFamily, pattern),
          ilike(cases.sampleName, pattern),
          ilike(cases.summaryEn, pattern),
          ilike(cases.summaryJa, pattern),
        ),
      );
    }
    if (filters.family) conditions.push(ilike(cases.malwareFamily, filters.family));
    if (filters.level) conditions.push(eq(cases.progressLevel, filters.level));
    if (filters.status) conditions.push(eq(cases.status, filters.status));
    if (filters.orgId) conditions.push(eq(cases.ownerOrgId, filters.orgId));
    if (filters.from) conditions.push(gte(sql`coalesce(${cases.endDate}, ${cases.startDate})`, filters.from));
    if (filters.to) conditions.push(lte(cases.startDate, filters.to));
    return and(...conditions)!;
  }

  async list(actor: Actor, query: CaseListQuery) {
    const where = this.where(actor, query);
    const column = SORT_COLUMNS[query.sort];
    const order = query.order === 'asc' ? asc(column) : desc(column);
    const [items, totals] = await Promise.all([
      this.db
        .select(caseWithOrg)
        .from(cases)
        .innerJoin(organisations, eq(organisations.id, cases.ownerOrgId))
        .where(where)
        .orderBy(order, asc(cases.caseId), asc(cases.id))
        .limit(query.limit)
        .offset(query.offset),
      this.db.select({ n: count() }).from(cases).where(where),
    ]);
    return { items, total: totals[0]?.n ?? 0 };
  }

  async get(actor: Actor, id: string) {
    const rows = await this.db
      .select(caseWithOrg)
      .from(cases)
      .innerJoin(organisations, eq(organisations.id, cases.ownerOrgId))
      .where(and(eq(cases.id, id), visibleTo(actor, cases)));
    return rows[0];
  }

  async stats(actor: Actor) {
    const where = visibleTo(actor, cases);
    const [byLevel, byFamily, byMonth, recent, totals] = await Promise.all([
      this.db
        .select({ level: cases.progressLevel, count: count() })
        .from(cases)
        .where(where)
        .groupBy(cases.progressLevel)
        .orderBy(asc(cases.progressLevel)),
      this.db
        .select({ family: cases.malwareFamily, count: count() })
        .from(cases)
        .where(where)
        .groupBy(cases.malwareFamily)
        .orderBy(desc(count()), asc(cases.malwareFamily)),
      this.db
        .select({ month: sql<string>`to_char(${cases.startDate}, 'YYYY-MM')`, count: count() })
        .from(cases)
        .where(where)
        .groupBy(sql`1`)
        .orderBy(sql`1`),
      this.db
        .select({
          id: cases.id,
          caseId: cases.caseId,
          malwareFamily: cases.malwareFamily,
          progressLevel: cases.progressLevel,
          updatedAt: cases.updatedAt,
        })
        .from(cases)
        .where(where)
        .orderBy(desc(cases.updatedAt))
        .limit(10),
      this.db.select({ n: count() }).from(cases).where(where),
    ]);
    return { total: totals[0]?.n ?? 0, byLevel, byFamily, byMonth, recent };
  }

  /** The name an organisation last gave an environment code on one of its cases, if it gave one. */
  async knownEnvironmentName(ownerOrgId: string, environmentCode: string) {
    const rows = await this.db
      .select({ en: cases.environmentName, ja: cases.environmentNameJa })
      .from(cases)
      .where(
        and(
          eq(cases.ownerOrgId, ownerOrgId),
          eq(cases.environmentCode, environmentCode),
          or(sql`${cases.environmentName} <> ''`, sql`${cases.environmentNameJa} <> ''`),
        ),
      )
      .orderBy(desc(cases.createdAt))
      .limit(1);
    return rows[0];
  }

  /** Whether the owner organisation has a case with this id (other than `exceptId`). */
  async caseIdTaken(ownerOrgId: string, caseId: string, exceptId?: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.ownerOrgId, ownerOrgId), eq(cases.caseId, caseId)));
    return rows.some((row) => row.id !== exceptId);
  }

  /**
   * The next serial for an organisation's environment, taken atomically: the counter row moves on in one
   * statement, and starts above the highest serial its cases already use (ids typed in by hand, imports).
   */
  async allocateSerial(ownerOrgId: string, environmentCode: string): Promise<number> {
    const highest = sql`(select coalesce(max(split_part(${cases.caseId}, '_', 3)::int), 0) from ${cases}
      where ${cases.ownerOrgId} = ${ownerOrgId} and split_part(${cases.caseId}, '_', 2) = ${environmentCode}
        and split_part(${cases.caseId}, '_', 3) ~ '^[0-9]{1,9}$')`;
    const rows = await this.db
      .insert(caseSerials)
      .values({ ownerOrgId, environmentCode, last: sql`${highest} + 1` })
      .onConflictDoUpdate({
        target: [caseSerials.ownerOrgId, caseSerials.environmentCode],
        set: { last: sql`greatest(${caseSerials.last} + 1, excluded.last)` },
      })
      .returning({ last: caseSerials.last });
    return rows[0]!.last;
  }

  /** Inserts cases with their first level-history rows in one transaction, in chunks under PostgreSQL's bind limit. */
  async insert(
    values: CaseInsert[],
    history: (row: CaseRow) => typeof caseLevelHistory.$inferInsert,
  ): Promise<CaseRow[]> {
    return this.db.transaction(async (tx) => {
      const inserted: CaseRow[] = [];
      for (let start = 0; start < values.length; start += INSERT_CHUNK) {
        const rows = await tx
          .insert(cases)
          .values(values.slice(start, start + INSERT_CHUNK))
          .returning();
        if (rows.length > 0) await tx.insert(caseLevelHistory).values(rows.map(history));
        inserted.push(...rows);
      }
      return inserted;
    });
  }

  async update(
    id: string,
    values: Partial<CaseInsert>,
    history?: typeof caseLevelHistory.$inferInsert,
  ): Promise<CaseRow> {
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .update(cases)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(cases.id, id))
        .returning();
      if (history) await tx.insert(caseLevelHistory).values(history);
      return rows[0]!;
    });
  }

  async delete(id: string): Promise<void> {
    await this.db.delete(cases).where(eq(cases.id, id));
  }

  async behaviours(casePk: string): Promise<BehaviourRow[]> {
    return this.db
      .select()
      .from(caseBehaviours)
      .where(eq(caseBehaviours.casePk, casePk))
      .orderBy(asc(caseBehaviours.occurredAt), asc(caseBehaviours.createdAt));
  }

  async insertBehaviours(values: (typeof caseBehaviours.$inferInsert)[]): Promise<BehaviourRow[]> {
    if (values.length === 0) return [];
    return this.db.insert(caseBehaviours).values(values).returning();
  }

  async updateBehaviour(casePk: string, id: string, values: Partial<typeof caseBehaviours.$inferInsert>) {
    return (
      await this.db
        .update(caseBehaviours)
        .set(values)
        .where(and(eq(caseBehaviours.id, id), eq(caseBehaviours.casePk, casePk)))
        .returning()
    )[0];
  }

  async deleteBehaviour(casePk: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(caseBehaviours)
      .where(and(eq(caseBehaviours.id, id), eq(caseBehaviours.casePk, casePk)))
      .returning({ id: caseBehaviours.id });
    return rows.length > 0;
  }

  async setSuggestedLevel(id: string, level: number | null): Promise<void> {
    await this.db.update(cases).set({ suggestedLevel: level, updatedAt: new Date() }).where(eq(cases.id, id));
  }

  async files(casePk: string) {
    return this.db.select().from(caseFiles).where(eq(caseFiles.casePk, casePk)).orderBy(asc(caseFiles.uploadedAt));
  }

  async file(casePk: string, id: string) {
    return (
      await this.db
        .select()
        .from(caseFiles)
        .where(and(eq(caseFiles.id, id), eq(caseFiles.casePk, casePk)))
    )[0];
  }

  async insertFile(values: typeof caseFiles.$inferInsert) {
    return (await this.db.insert(caseFiles).values(values).returning())[0]!;
  }

  async levelHistory(casePk: string) {
    return this.db
      .select({
        fromLevel: caseLevelHistory.fromLevel,
        toLevel: caseLevelHistory.toLevel,
        suggestedLevel: caseLevelHistory.suggestedLevel,
        reason: caseLevelHistory.reason,
        reasonJa: caseLevelHistory.reasonJa,
        byUserId: caseLevelHistory.byUserId,
        byName: users.displayName,
        at: caseLevelHistory.at,
      })
      .from(caseLevelHistory)
      .leftJoin(users, eq(users.id, caseLevelHistory.byUserId))
      .where(eq(caseLevelHistory.casePk, casePk))
      .orderBy(asc(caseLevelHistory.at));
  }

  async comments(casePk: string) {
    return this.db
      .select({
        id: caseComments.id,
        authorId: caseComments.authorId,
        authorName: users.displayName,
        body: caseComments.body,
        mentions: caseComments.mentions,
        createdAt: caseComments.createdAt,
      })
      .from(caseComments)
      .leftJoin(users, eq(users.id, caseComments.authorId))
      .where(eq(caseComments.casePk, casePk))
      .orderBy(asc(caseComments.createdAt));
  }

  async insertComment(values: typeof caseComments.$inferInsert) {
    return (await this.db.insert(caseComments).values(values).returning())[0]!;
  }
}
