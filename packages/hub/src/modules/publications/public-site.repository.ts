import { and, count, desc, eq, ilike, isNotNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { anonymous } from '../../platform/actor.js';
import { visibleTo } from '../../platform/policy.js';
import { cvdAdvisories, cvdCases } from '../cvd/cvd.table.js';
import { telescopeReports } from '../telescope-reports/telescope-reports.table.js';
import type { SiteLang } from './public-site-i18n.js';
import { publishedVisible } from './publications.repository.js';
import { publications, publicationVersions } from './publications.table.js';

/** What the public site reads: through the hub's one policy as an anonymous visitor (scope public, TLP:CLEAR). */
const VISITOR = anonymous('public-site');

export interface PublicListing {
  slug: string;
  kind: string;
  titleJa: string;
  titleEn: string;
  summaryJa: string;
  summaryEn: string;
  tags: string[];
  version: number;
  hasJa: boolean;
  hasEn: boolean;
  firstPublishedAt: Date;
  updatedAt: Date;
}

export interface PublicArticle extends PublicListing {
  htmlJa: string;
  htmlEn: string;
}

export interface ListingQuery {
  lang: SiteLang;
  q?: string | undefined;
  tag?: string | undefined;
  /** Only publications written in `lang` (the feeds). */
  onlyLang?: boolean;
  limit: number;
  offset: number;
}

export interface PublishedTelescopeReport {
  id: string;
  kind: 'quarterly' | 'annual';
  year: number;
  quarter: number | null;
  titleJa: string;
  titleEn: string;
  periodStart: Date;
  publishedAt: Date;
}

export interface PublishedAdvisory {
  trackingId: string;
  version: number;
  csaf: Record<string, unknown>;
  publishedAt: Date;
}

/** `%`, `_` and `\` stand for themselves in a search. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const listingColumns = {
  slug: publications.slug,
  kind: publications.kind,
  titleJa: publicationVersions.titleJa,
  titleEn: publicationVersions.titleEn,
  summaryJa: publicationVersions.summaryJa,
  summaryEn: publicationVersions.summaryEn,
  tags: publicationVersions.tags,
  version: publicationVersions.version,
  hasJa: sql<boolean>`(${publicationVersions.htmlJa} <> '')`.mapWith(Boolean),
  hasEn: sql<boolean>`(${publicationVersions.htmlEn} <> '')`.mapWith(Boolean),
  firstPublishedAt:
    sql<Date>`(select min(f.published_at) from publication_versions f where f.publication_id = ${publications.id})`.mapWith(
      publicationVersions.publishedAt,
    ),
  updatedAt: publicationVersions.publishedAt,
};

/** Published (not withdrawn), public and CLEAR, with its latest frozen version. */
const listed = (): SQL => publishedVisible(VISITOR);
const latestVersion = and(
  eq(publicationVersions.publicationId, publications.id),
  eq(publicationVersions.version, publications.currentVersion),
);

export class PublicSiteRepository {
  constructor(private readonly db: Db) {}

  private listingWhere(query: ListingQuery): SQL {
    const ja = query.lang === 'ja';
    const pattern = query.q ? likePattern(query.q) : undefined;
    return and(
      listed(),
      query.onlyLang ? ne(ja ? publicationVersions.htmlJa : publicationVersions.htmlEn, '') : undefined,
      query.tag ? sql`${query.tag} = any(${publicationVersions.tags})` : undefined,
      pattern
        ? or(
            ilike(ja ? publicationVersions.titleJa : publicationVersions.titleEn, pattern),
            ilike(ja ? publicationVersions.summaryJa : publicationVersions.summaryEn, pattern),
            ilike(ja ? publicationVersions.bodyJa : publicationVersions.bodyEn, pattern),
          )
        : undefined,
    )!;
  }

  /** A page of the listed publications, newest version first, and how many there are in all. */
  async publications(query: ListingQuery): Promise<{ items: PublicListing[]; total: number }> {
    const where = this.listingWhere(query);
    const [items, totals] = await Promise.all([
      this.db
        .select(listingColumns)
        .from(publications)
        .innerJoin(publicationVersions, latestVersion)
        .where(where)
        .orderBy(desc(publicationVersions.publishedAt), desc(publications.id))
        .limit(query.limit)
        .offset(query.offset),
      this.db.select({ n: count() }).from(publications).innerJoin(publicationVersions, latestVersion).where(where),
    ]);
    return { items, total: totals[0]?.n ?? 0 };
  }

  /** One listed publication with its frozen HTML, or undefined (unpublished, withdrawn, not public CLEAR). */
  async article(slug: string): Promise<PublicArticle | undefined> {
    const rows = await this.db
      .select({ ...listingColumns, htmlJa: publicationVersions.htmlJa, htmlEn: publicationVersions.htmlEn })
      .from(publications)
      .innerJoin(publicationVersions, latestVersion)
      .where(and(eq(publications.slug, slug), listed()));
    return rows[0];
  }

  /** Telescope reports put on the public site that are (still) public and CLEAR, latest period first. */
  async telescopeReports(limit: number): Promise<PublishedTelescopeReport[]> {
    const rows = await this.db
      .select({
        id: telescopeReports.id,
        kind: telescopeReports.kind,
        year: telescopeReports.year,
        quarter: telescopeReports.quarter,
        titleJa: telescopeReports.titleJa,
        titleEn: telescopeReports.titleEn,
        periodStart: telescopeReports.periodStart,
        publishedAt: telescopeReports.publishedAt,
      })
      .from(telescopeReports)
      .where(and(isNotNull(telescopeReports.publishedAt), visibleTo(VISITOR, telescopeReports)))
      .orderBy(desc(telescopeReports.periodStart), desc(telescopeReports.publishedAt))
      .limit(limit);
    return rows.map((r) => ({ ...r, publishedAt: r.publishedAt! }));
  }

  /** The latest advisory version of each published case, newest first. */
  async advisories(limit: number, offset: number): Promise<{ items: PublishedAdvisory[]; total: number }> {
    const latest = this.db
      .selectDistinctOn([cvdAdvisories.trackingId], {
        trackingId: cvdAdvisories.trackingId,
        version: cvdAdvisories.version,
        csaf: cvdAdvisories.csaf,
        publishedAt: cvdAdvisories.publishedAt,
      })
      .from(cvdAdvisories)
      .innerJoin(cvdCases, eq(cvdCases.id, cvdAdvisories.caseId))
      .where(eq(cvdCases.status, 'published'))
      .orderBy(cvdAdvisories.trackingId, desc(cvdAdvisories.version))
      .as('latest');
    const [items, totals] = await Promise.all([
      this.db.select().from(latest).orderBy(desc(latest.publishedAt), latest.trackingId).limit(limit).offset(offset),
      this.db.select({ n: count() }).from(latest),
    ]);
    return { items, total: totals[0]?.n ?? 0 };
  }

  /** The latest advisory version of a published case by its tracking id. */
  async advisory(trackingId: string): Promise<PublishedAdvisory | undefined> {
    const rows = await this.db
      .select({
        trackingId: cvdAdvisories.trackingId,
        version: cvdAdvisories.version,
        csaf: cvdAdvisories.csaf,
        publishedAt: cvdAdvisories.publishedAt,
      })
      .from(cvdAdvisories)
      .innerJoin(cvdCases, eq(cvdCases.id, cvdAdvisories.caseId))
      .where(and(eq(cvdAdvisories.trackingId, trackingId), eq(cvdCases.status, 'published')))
      .orderBy(desc(cvdAdvisories.version))
      .limit(1);
    return rows[0];
  }
}
