import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/auth.table.js';
import { shareableColumns } from '../cases/cases.table.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const PUBLICATION_KINDS = ['report', 'blog'] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];
export const PUBLICATION_STATUSES = ['draft', 'in_review', 'published', 'withdrawn'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];
export const REVIEW_DECISIONS = ['approved', 'changes_requested', 'comment'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/**
 * An embed as frozen at publication: the directive written in the Markdown, the data it was rendered from and the
 * static rendering per language (inline SVG for charts, an HTML table or link otherwise). Published pages show these
 * and never query the live data again.
 */
export interface FrozenEmbed {
  /** The directive as written, e.g. `{{chart:darknet-timeseries from=2026-01-01 to=2026-03-31}}`. */
  directive: string;
  kind: string;
  params: Record<string, string>;
  data: unknown;
  html: { ja: string; en: string };
}

/**
 * A report or blog post written by a member organisation, in Japanese and English. The working copy lives here;
 * every publication freezes a numbered version in `publication_versions` (with its embeds rendered from the data of
 * that moment). Drafts and reviews are seen only by the owner organisation's writers and the named reviewers; a
 * published version is read under the hub's one policy (scope + TLP).
 */
export const publications = pgTable(
  'publications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** URL name, unique on the platform (public pages are /p/<slug>). */
    slug: text('slug').notNull().unique(),
    kind: text('kind').$type<PublicationKind>().notNull(),
    ...shareableColumns(),
    status: text('status').$type<PublicationStatus>().notNull().default('draft'),
    titleJa: text('title_ja').notNull().default(''),
    titleEn: text('title_en').notNull().default(''),
    summaryJa: text('summary_ja').notNull().default(''),
    summaryEn: text('summary_en').notNull().default(''),
    bodyJa: text('body_ja').notNull().default(''),
    bodyEn: text('body_en').notNull().default(''),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Named reviewers (users of the owner organisation) who approve or request changes. */
    reviewerUserIds: uuid('reviewer_user_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /** Review round: incremented each time the draft is submitted for review; approvals count for the current round. */
    reviewRound: integer('review_round').notNull().default(0),
    /** The latest published version number (0: never published). */
    currentVersion: integer('current_version').notNull().default(0),
    publishedAt: ts('published_at'),
    withdrawnAt: ts('withdrawn_at'),
    withdrawnReason: text('withdrawn_reason'),
    /** Optimistic concurrency: every edit increments it; a stale edit gets 409. */
    revision: integer('revision').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('publications_owner_idx').on(t.ownerOrgId),
    index('publications_status_idx').on(t.status, t.publishedAt),
  ],
);

/** A published version, frozen: what public pages, feeds and PDFs show. */
export const publicationVersions = pgTable(
  'publication_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    publicationId: uuid('publication_id')
      .notNull()
      .references(() => publications.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    titleJa: text('title_ja').notNull(),
    titleEn: text('title_en').notNull(),
    summaryJa: text('summary_ja').notNull(),
    summaryEn: text('summary_en').notNull(),
    bodyJa: text('body_ja').notNull(),
    bodyEn: text('body_en').notNull(),
    /** The body rendered to HTML with its embeds (empty string: that language is missing). */
    htmlJa: text('html_ja').notNull(),
    htmlEn: text('html_en').notNull(),
    embeds: jsonb('embeds').$type<FrozenEmbed[]>().notNull().default([]),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    publishedBy: uuid('published_by').references(() => users.id, { onDelete: 'set null' }),
    publishedAt: ts('published_at').notNull().defaultNow(),
  },
  (t) => [unique('publication_versions_number').on(t.publicationId, t.version)],
);

/** Reviewers' decisions and comments, per review round. */
export const publicationReviews = pgTable(
  'publication_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    publicationId: uuid('publication_id')
      .notNull()
      .references(() => publications.id, { onDelete: 'cascade' }),
    round: integer('round').notNull(),
    reviewerUserId: uuid('reviewer_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    decision: text('decision').$type<ReviewDecision>().notNull(),
    comment: text('comment').notNull().default(''),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('publication_reviews_publication_idx').on(t.publicationId, t.round)],
);
