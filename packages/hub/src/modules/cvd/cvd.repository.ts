import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  inArray,
  isNotNull,
  notInArray,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../auth/auth.table.js';
import { memberships, organisations } from '../orgs/orgs.table.js';
import { cvdAttachments, cvdCases, cvdContacts, cvdEvents, cvdSerials, type CvdStatus } from './cvd.table.js';

export type CvdCaseRow = typeof cvdCases.$inferSelect;
export type CvdCaseInsert = typeof cvdCases.$inferInsert;
export type CvdContactRow = typeof cvdContacts.$inferSelect;
export type CvdEventRow = typeof cvdEvents.$inferSelect;

const escapeLike = (text: string) => text.replace(/[%_\\]/g, '\\$&');
const { content: _content, ...attachmentMeta } = getTableColumns(cvdAttachments);
export type CvdAttachmentMeta = Omit<typeof cvdAttachments.$inferSelect, 'content'>;

/** SQL of vulnerability coordination cases; every read takes the caller's visibility condition. */
export class CvdRepository {
  constructor(private readonly db: Db) {}

  /** The next serial of the year: one atomic upsert, so two intakes never get the same ref. */
  async nextSerial(year: number): Promise<number> {
    const [row] = await this.db
      .insert(cvdSerials)
      .values({ year, last: 1 })
      .onConflictDoUpdate({ target: cvdSerials.year, set: { last: sql`${cvdSerials.last} + 1` } })
      .returning({ last: cvdSerials.last });
    return row!.last;
  }

  async insertCase(values: CvdCaseInsert): Promise<CvdCaseRow> {
    const [row] = await this.db.insert(cvdCases).values(values).returning();
    return row!;
  }

  async list(
    visible: SQL,
    filters: { status?: CvdStatus | undefined; q?: string | undefined },
    page: { limit: number; offset: number },
  ) {
    const conditions: (SQL | undefined)[] = [visible];
    if (filters.status) conditions.push(eq(cvdCases.status, filters.status));
    if (filters.q) {
      const pattern = `%${escapeLike(filters.q)}%`;
      conditions.push(
        or(
          sql`${cvdCases.ref} ilike ${pattern}`,
          sql`${cvdCases.titleJa} ilike ${pattern}`,
          sql`${cvdCases.titleEn} ilike ${pattern}`,
          sql`${cvdCases.product} ilike ${pattern}`,
          sql`${cvdCases.vendorName} ilike ${pattern}`,
        ),
      );
    }
    const where = and(...conditions);
    const [items, total] = await Promise.all([
      this.db
        .select()
        .from(cvdCases)
        .where(where)
        .orderBy(desc(cvdCases.createdAt), desc(cvdCases.ref))
        .limit(page.limit)
        .offset(page.offset),
      this.db.select({ n: count() }).from(cvdCases).where(where),
    ]);
    return { items, total: total[0]?.n ?? 0 };
  }

  async caseById(id: string, visible: SQL): Promise<CvdCaseRow | undefined> {
    const [row] = await this.db
      .select()
      .from(cvdCases)
      .where(and(eq(cvdCases.id, id), visible));
    return row;
  }

  /** Changes a case when its revision still matches; undefined when someone changed it first. */
  async updateCase(id: string, revision: number, values: Partial<CvdCaseInsert>): Promise<CvdCaseRow | undefined> {
    const [row] = await this.db
      .update(cvdCases)
      .set({ ...values, revision: sql`${cvdCases.revision} + 1`, updatedAt: new Date() })
      .where(and(eq(cvdCases.id, id), eq(cvdCases.revision, revision)))
      .returning();
    return row;
  }

  /** Moves a case from one status to another, atomically (undefined when its status changed meanwhile). */
  async transition(
    id: string,
    from: CvdStatus,
    to: CvdStatus,
    extra: Partial<CvdCaseInsert>,
    event: { note: string; actorUserId: string | null },
  ): Promise<CvdCaseRow | undefined> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(cvdCases)
        .set({ ...extra, status: to, revision: sql`${cvdCases.revision} + 1`, updatedAt: new Date() })
        .where(and(eq(cvdCases.id, id), eq(cvdCases.status, from)))
        .returning();
      if (!row) return undefined;
      await tx.insert(cvdEvents).values({ caseId: id, fromStatus: from, toStatus: to, ...event });
      return row;
    });
  }

  async addEvent(values: typeof cvdEvents.$inferInsert): Promise<void> {
    await this.db.insert(cvdEvents).values(values);
  }

  async events(caseId: string): Promise<CvdEventRow[]> {
    return this.db.select().from(cvdEvents).where(eq(cvdEvents.caseId, caseId)).orderBy(asc(cvdEvents.createdAt));
  }

  async contacts(caseId: string, withInternal: boolean): Promise<CvdContactRow[]> {
    return this.db
      .select()
      .from(cvdContacts)
      .where(
        and(eq(cvdContacts.caseId, caseId), withInternal ? undefined : sql`${cvdContacts.direction} <> 'internal'`),
      )
      .orderBy(asc(cvdContacts.at), asc(cvdContacts.createdAt));
  }

  async addContact(values: typeof cvdContacts.$inferInsert): Promise<CvdContactRow> {
    const [row] = await this.db.insert(cvdContacts).values(values).returning();
    return row!;
  }

  async attachments(caseId: string): Promise<CvdAttachmentMeta[]> {
    return this.db
      .select(attachmentMeta)
      .from(cvdAttachments)
      .where(eq(cvdAttachments.caseId, caseId))
      .orderBy(asc(cvdAttachments.createdAt));
  }

  /** Adds an attachment unless the case has `max` already (checked in the same statement). */
  async addAttachment(values: typeof cvdAttachments.$inferInsert, max: number): Promise<CvdAttachmentMeta | undefined> {
    return this.db.transaction(async (tx) => {
      // (the case row is locked, so two uploads at once cannot both take the last place)
      await tx.select({ id: cvdCases.id }).from(cvdCases).where(eq(cvdCases.id, values.caseId)).for('update');
      const [n] = await tx.select({ n: count() }).from(cvdAttachments).where(eq(cvdAttachments.caseId, values.caseId));
      if ((n?.n ?? 0) >= max) return undefined;
      const [row] = await tx.insert(cvdAttachments).values(values).returning(attachmentMeta);
      return row;
    });
  }

  async attachment(caseId: string, attId: string) {
    const [row] = await this.db
      .select()
      .from(cvdAttachments)
      .where(and(eq(cvdAttachments.caseId, caseId), eq(cvdAttachments.id, attId)));
    return row;
  }

  async setCoordinators(id: string, userIds: string[]): Promise<CvdCaseRow | undefined> {
    const [row] = await this.db
      .update(cvdCases)
      .set({ coordinatorUserIds: userIds, revision: sql`${cvdCases.revision} + 1`, updatedAt: new Date() })
      .where(eq(cvdCases.id, id))
      .returning();
    return row;
  }

  async orgExists(orgId: string): Promise<boolean> {
    const [row] = await this.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, orgId));
    return row !== undefined;
  }

  /** Users by id (enabled ones), with whether each is a member of the organisation. */
  async usersWithMembership(userIds: string[], orgId: string) {
    if (userIds.length === 0) return [];
    return this.db
      .select({
        id: users.id,
        displayName: users.displayName,
        email: users.email,
        member: sql<boolean>`exists (select 1 from ${memberships} where ${memberships.userId} = ${users.id} and ${memberships.orgId} = ${orgId})`,
      })
      .from(users)
      .where(and(inArray(users.id, userIds), eq(users.disabled, false)));
  }

  async userNames(userIds: string[]) {
    if (userIds.length === 0) return [];
    return this.db
      .select({ id: users.id, displayName: users.displayName, email: users.email })
      .from(users)
      .where(inArray(users.id, userIds));
  }

  async orgName(orgId: string) {
    const [row] = await this.db
      .select({ id: organisations.id, nameEn: organisations.nameEn, nameJa: organisations.nameJa })
      .from(organisations)
      .where(eq(organisations.id, orgId));
    return row;
  }

  /** Cases still under coordination whose embargo ends between now and `until`. */
  async embargoesEndingBefore(now: Date, until: Date): Promise<CvdCaseRow[]> {
    return this.db
      .select()
      .from(cvdCases)
      .where(
        and(
          isNotNull(cvdCases.embargoUntil),
          notInArray(cvdCases.status, ['published', 'closed']),
          sql`${cvdCases.embargoUntil} > ${now.toISOString()}::timestamptz`,
          sql`${cvdCases.embargoUntil} <= ${until.toISOString()}::timestamptz`,
        ),
      );
  }

  /** Claims one reminder day of a case; false when it was sent already (so each goes once, across instances). */
  async claimReminder(id: string, day: number): Promise<boolean> {
    const rows = await this.db
      .update(cvdCases)
      .set({ embargoRemindersSent: sql`array_append(${cvdCases.embargoRemindersSent}, ${day}::integer)` })
      .where(and(eq(cvdCases.id, id), sql`not (${day}::integer = ANY(${cvdCases.embargoRemindersSent}))`))
      .returning({ id: cvdCases.id });
    return rows.length > 0;
  }
}
