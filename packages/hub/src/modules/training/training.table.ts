import { doublePrecision, index, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/auth.table.js';
import { organisations } from '../orgs/orgs.table.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const COHORT_ROLES = ['learner', 'instructor'] as const;
export type CohortRole = (typeof COHORT_ROLES)[number];
export const ASSESSMENT_KINDS = ['pre', 'post'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

/** How one item of an attempt went, kept as graded (the KSA tags too, so later content edits do not rewrite it). */
export interface ItemResult {
  itemId: string;
  correct: boolean;
  points: number;
  maxPoints: number;
  ksa: string[];
  /** An instructor's decision on a short answer the hub marked wrong (it then counts as they decided). */
  reviewed?: { by: string; at: string };
}

/** A group of an organisation's people taking one course together over a period. */
export const cohorts = pgTable(
  'cohorts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    courseId: text('course_id').notNull(),
    name: text('name').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('cohorts_org_idx').on(t.orgId, t.startsAt)],
);

export const cohortMembers = pgTable(
  'cohort_members',
  {
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').$type<CohortRole>().notNull(),
    addedAt: ts('added_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId] }), index('cohort_members_user_idx').on(t.userId)],
);

/** A page a learner marked read in a cohort: once per page. */
export const cohortPageReads = pgTable(
  'cohort_page_reads',
  {
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    moduleId: text('module_id').notNull(),
    pageId: text('page_id').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId, t.moduleId, t.pageId] })],
);

/** A graded pre- or post-assessment: one attempt per learner, cohort and kind. */
export const assessmentAttempts = pgTable(
  'assessment_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    assessmentId: text('assessment_id').notNull(),
    kind: text('kind').$type<AssessmentKind>().notNull(),
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull(),
    results: jsonb('results').$type<ItemResult[]>().notNull(),
    score: doublePrecision('score').notNull(),
    maxScore: doublePrecision('max_score').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [unique('assessment_attempts_one_per_kind').on(t.cohortId, t.userId, t.kind)],
);

/** A learner's best result on a module's quiz within a cohort (what the course's completion rule counts). */
export const cohortQuizResults = pgTable(
  'cohort_quiz_results',
  {
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    moduleId: text('module_id').notNull(),
    bestScore: doublePrecision('best_score').notNull(),
    maxScore: doublePrecision('max_score').notNull(),
    attempts: doublePrecision('attempts').notNull().default(1),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId, t.moduleId] })],
);
