import { and, asc, eq, getTableColumns, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../platform/actor.js';
import { visibleTo } from '../../platform/policy.js';
import { organisations } from '../orgs/orgs.table.js';
import { cohortMembers, cohorts } from '../training/training.table.js';
import { coursewarePackages } from './courseware.table.js';

const { archive: _archive, ...listed } = getTableColumns(coursewarePackages);
/** A package as listed: every column but the archive, with its owner organisation's slug and names. */
const packageWithOrg = {
  ...listed,
  ownerOrgSlug: organisations.slug,
  ownerOrgNameEn: organisations.nameEn,
  ownerOrgNameJa: organisations.nameJa,
};

export type PackageRow = Omit<typeof coursewarePackages.$inferSelect, 'archive'> & {
  ownerOrgSlug: string;
  ownerOrgNameEn: string;
  ownerOrgNameJa: string;
};
export type PackageInsert = typeof coursewarePackages.$inferInsert;

/** Providers' courseware packages; every read for a caller goes through the one visibility policy. */
export class CoursewarePackagesRepository {
  constructor(private readonly db: Db) {}

  async orgSlug(orgId: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ slug: organisations.slug })
      .from(organisations)
      .where(eq(organisations.id, orgId));
    return row?.slug;
  }

  /**
   * Writes the package, or replaces the archive, contents and sharing of the owner's package of the same name (a
   * new version) in the same statement, so two imports of one name never make two packages.
   */
  async upsert(values: PackageInsert): Promise<{ id: string; replaced: boolean }> {
    const [row] = await this.db
      .insert(coursewarePackages)
      .values(values)
      .onConflictDoUpdate({
        target: [coursewarePackages.ownerOrgId, coursewarePackages.name],
        set: {
          archive: values.archive,
          sha256: values.sha256,
          contents: values.contents,
          scope: values.scope,
          marking: values.marking,
          sharingGroupId: values.sharingGroupId ?? null,
          recipientUserIds: values.recipientUserIds ?? [],
          updatedAt: new Date(),
        },
      })
      .returning({ id: coursewarePackages.id, replaced: sql<boolean>`(xmax <> 0)` });
    return { id: row!.id, replaced: Boolean(row!.replaced) };
  }

  /** A package the actor may read, or undefined whether it exists or not. */
  async get(actor: Actor, id: string): Promise<PackageRow | undefined> {
    const [row] = await this.db
      .select(packageWithOrg)
      .from(coursewarePackages)
      .innerJoin(organisations, eq(organisations.id, coursewarePackages.ownerOrgId))
      .where(and(eq(coursewarePackages.id, id), visibleTo(actor, coursewarePackages)));
    return row;
  }

  list(actor: Actor): Promise<PackageRow[]> {
    return this.db
      .select(packageWithOrg)
      .from(coursewarePackages)
      .innerJoin(organisations, eq(organisations.id, coursewarePackages.ownerOrgId))
      .where(visibleTo(actor, coursewarePackages))
      .orderBy(asc(organisations.slug), asc(coursewarePackages.name));
  }

  /**
   * The packages whose content the actor may use: those the sharing policy lets them read, and those holding the
   * course of a cohort they are a member of (a cohort's members take its course through the cohort).
   */
  usableBy(actor: Actor): Promise<PackageRow[]> {
    const viaCohort =
      actor.kind === 'user'
        ? sql`exists (select 1 from ${cohorts} join ${cohortMembers} on ${cohortMembers.cohortId} = ${cohorts.id}
            where ${cohortMembers.userId} = ${actor.userId}
              and ${cohorts.courseId} like ${organisations.slug} || '.%'
              and ${coursewarePackages.contents} -> 'courses'
                @> to_jsonb(substr(${cohorts.courseId}, length(${organisations.slug}) + 2)))`
        : undefined;
    return this.db
      .select(packageWithOrg)
      .from(coursewarePackages)
      .innerJoin(organisations, eq(organisations.id, coursewarePackages.ownerOrgId))
      .where(or(visibleTo(actor, coursewarePackages), viaCohort))
      .orderBy(asc(organisations.slug), asc(coursewarePackages.name));
  }

  /** The packages of one organisation, for finding a cohort's content by its qualified id (no caller). */
  ofOrgSlug(slug: string): Promise<PackageRow[]> {
    return this.db
      .select(packageWithOrg)
      .from(coursewarePackages)
      .innerJoin(organisations, eq(organisations.id, coursewarePackages.ownerOrgId))
      .where(eq(organisations.slug, slug));
  }

  async archive(id: string): Promise<Buffer | undefined> {
    const [row] = await this.db
      .select({ archive: coursewarePackages.archive })
      .from(coursewarePackages)
      .where(eq(coursewarePackages.id, id));
    return row?.archive;
  }

  async update(id: string, values: Partial<PackageInsert>): Promise<void> {
    await this.db
      .update(coursewarePackages)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(coursewarePackages.id, id));
  }

  async remove(id: string): Promise<void> {
    await this.db.delete(coursewarePackages).where(eq(coursewarePackages.id, id));
  }
}
