import { and, asc, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { INTEL_WRITER_ROLES } from '@cynex/core';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../platform/actor.js';
import { visibleTo } from '../../platform/policy.js';
import { users } from '../auth/auth.table.js';
import type { PublicationListQuery } from './publications.schema.js';
import { publicationReviews, publications, publicationVersions } from './publications.table.js';

export type PublicationRow = typeof publications.$inferSelect;
export type PublicationInsert = typeof publications.$inferInsert;
export type VersionRow = typeof publicationVersions.$inferSelect;
export type VersionInsert = typeof publicationVersions.$inferInsert;
export type ReviewRow = typeof publicationReviews.$inferSelect & { reviewerName: string | null };

/** Organisations whose working copies the actor reads: those it writes for (any token scope). */
export function writerOrgs(actor: Actor): string[] {
  return actor.kind === 'user'
    ? actor.memberships.filter((m) => INTEL_WRITER_ROLES.includes(m.role)).map((m) => m.orgId)
    : [];
}

/**
 * The actor reads the working copy: a writer of the owner organisation, a named reviewer, or a platform admin —
 * except for TLP:RED, which (draft or not) only its recipients and creator read, by the one policy.
 */
export function workingCopyVisible(actor: Actor): SQL {
  if (actor.kind !== 'user') return sql`false`;
  const red = and(eq(publications.marking, 'RED'), visibleTo(actor, publications))!;
  if (actor.isPlatformAdmin) return or(sql`${publications.marking} <> 'RED'`, red)!;
  const orgs = writerOrgs(actor);
  const team = or(
    orgs.length > 0 ? inArray(publications.ownerOrgId, orgs) : sql`false`,
    sql`${actor.userId}::uuid = ANY(${publications.reviewerUserIds})`,
  )!;
  return or(and(sql`${publications.marking} <> 'RED'`, team), red)!;
}

/** A published version is live (not withdrawn) and its audience, by the one policy, includes the actor. */
export function publishedVisible(actor: Actor): SQL {
  return and(
    sql`${publications.currentVersion} > 0`,
    isNull(publications.withdrawnAt),
    visibleTo(actor, publications),
  )!;
}

const live = and(
  eq(publicationVersions.publicationId, publications.id),
  eq(publicationVersions.version, publications.currentVersion),
);

export class PublicationsRepository {
  constructor(private readonly db: Db) {}

  /**
   * The publications the actor may see: working copies (matched on their own text) and live published versions
   * (matched on the version's text only, so a reader learns nothing of a draft).
   */
  async list(actor: Actor, query: PublicationListQuery) {
    const like = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
    const matchWork = like
      ? or(
          ilike(publications.slug, like),
          ilike(publications.titleJa, like),
          ilike(publications.titleEn, like),
          ilike(publications.summaryJa, like),
          ilike(publications.summaryEn, like),
        )
      : undefined;
    const matchLive = like
      ? or(
          ilike(publications.slug, like),
          ilike(publicationVersions.titleJa, like),
          ilike(publicationVersions.titleEn, like),
          ilike(publicationVersions.summaryJa, like),
          ilike(publicationVersions.summaryEn, like),
        )
      : undefined;
    const work = and(
      workingCopyVisible(actor),
      matchWork,
      query.status ? eq(publications.status, query.status) : undefined,
      query.tag ? sql`${query.tag} = ANY(${publications.tags})` : undefined,
    );
    const readable = and(
      sql`not (${workingCopyVisible(actor)})`,
      publishedVisible(actor),
      matchLive,
      query.status && query.status !== 'published' ? sql`false` : undefined,
      query.tag ? sql`${query.tag} = ANY(${publicationVersions.tags})` : undefined,
    );
    const where = and(or(work, readable), query.kind ? eq(publications.kind, query.kind) : undefined);
    const [rows, totals] = await Promise.all([
      this.db
        .select({ publication: publications, version: publicationVersions })
        .from(publications)
        .leftJoin(publicationVersions, live)
        .where(where)
        .orderBy(desc(publications.updatedAt), asc(publications.id))
        .limit(query.limit)
        .offset(query.offset),
      this.db
        .select({ n: sql<number>`count(*)::int` })
        .from(publications)
        .leftJoin(publicationVersions, live)
        .where(where),
    ]);
    return { rows, total: Number(totals[0]?.n ?? 0) };
  }

  /** One publication with its live version, and what the actor may see of it (nothing: undefined). */
  async get(actor: Actor, id: string) {
    const [row] = await this.db
      .select({
        publication: publications,
        version: publicationVersions,
        work: sql<boolean>`(${workingCopyVisible(actor)})`,
        published: sql<boolean>`(${publishedVisible(actor)})`,
      })
      .from(publications)
      .leftJoin(publicationVersions, live)
      .where(and(eq(publications.id, id), or(workingCopyVisible(actor), publishedVisible(actor))));
    if (!row) return undefined;
    return { ...row, work: truthy(row.work), published: truthy(row.published) };
  }

  async insert(values: PublicationInsert): Promise<PublicationRow> {
    const [row] = await this.db.insert(publications).values(values).returning();
    return row!;
  }

  /** Writes when the revision is still `revision` (and the status one of `statuses`, when given); else undefined. */
  async update(
    id: string,
    revision: number,
    values: Partial<PublicationInsert>,
    statuses?: readonly PublicationRow['status'][],
  ): Promise<PublicationRow | undefined> {
    const [row] = await this.db
      .update(publications)
      .set({ ...values, revision: sql`${publications.revision} + 1`, updatedAt: new Date() })
      .where(
        and(
          eq(publications.id, id),
          eq(publications.revision, revision),
          statuses ? inArray(publications.status, [...statuses]) : undefined,
        ),
      )
      .returning();
    return row;
  }

  async delete(id: string, revision: number): Promise<boolean> {
    const rows = await this.db
      .delete(publications)
      .where(
        and(
          eq(publications.id, id),
          eq(publications.revision, revision),
          eq(publications.status, 'draft'),
          eq(publications.currentVersion, 0),
        ),
      )
      .returning({ id: publications.id });
    return rows.length > 0;
  }

  /** Publishes: the version row and the publication's new state in one transaction, if the revision still holds. */
  async publish(
    id: string,
    revision: number,
    version: VersionInsert,
    at: Date,
  ): Promise<{ publication: PublicationRow; version: VersionRow } | undefined> {
    return this.db.transaction(async (tx) => {
      const [publication] = await tx
        .update(publications)
        .set({
          status: 'published',
          currentVersion: version.version,
          publishedAt: at,
          withdrawnAt: null,
          withdrawnReason: null,
          revision: sql`${publications.revision} + 1`,
          updatedAt: at,
        })
        .where(and(eq(publications.id, id), eq(publications.revision, revision), eq(publications.status, 'in_review')))
        .returning();
      if (!publication) return undefined;
      const [row] = await tx
        .insert(publicationVersions)
        .values({ ...version, publishedAt: at })
        .returning();
      return { publication, version: row! };
    });
  }

  async reviews(id: string, round?: number): Promise<ReviewRow[]> {
    return this.db
      .select({
        id: publicationReviews.id,
        publicationId: publicationReviews.publicationId,
        round: publicationReviews.round,
        reviewerUserId: publicationReviews.reviewerUserId,
        decision: publicationReviews.decision,
        comment: publicationReviews.comment,
        createdAt: publicationReviews.createdAt,
        reviewerName: users.displayName,
      })
      .from(publicationReviews)
      .leftJoin(users, eq(users.id, publicationReviews.reviewerUserId))
      .where(
        and(
          eq(publicationReviews.publicationId, id),
          round === undefined ? undefined : eq(publicationReviews.round, round),
        ),
      )
      .orderBy(asc(publicationReviews.createdAt), asc(publicationReviews.id));
  }

  async insertReview(values: typeof publicationReviews.$inferInsert) {
    const [row] = await this.db.insert(publicationReviews).values(values).returning();
    return row!;
  }

  async versions(id: string) {
    return this.db
      .select({
        version: publicationVersions.version,
        titleJa: publicationVersions.titleJa,
        titleEn: publicationVersions.titleEn,
        publishedAt: publicationVersions.publishedAt,
        publishedBy: publicationVersions.publishedBy,
        publishedByName: users.displayName,
      })
      .from(publicationVersions)
      .leftJoin(users, eq(users.id, publicationVersions.publishedBy))
      .where(eq(publicationVersions.publicationId, id))
      .orderBy(desc(publicationVersions.version));
  }

  async version(id: string, n: number): Promise<VersionRow | undefined> {
    const [row] = await this.db
      .select()
      .from(publicationVersions)
      .where(and(eq(publicationVersions.publicationId, id), eq(publicationVersions.version, n)));
    return row;
  }
}

const truthy = (v: unknown) => v === true || v === 't' || v === 'true';
