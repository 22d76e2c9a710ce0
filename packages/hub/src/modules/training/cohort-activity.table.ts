import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../auth/auth.table.js';
import { cohorts } from './training.table.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One action item agreed at a progress meeting. */
export interface ActionItem {
  text: string;
  /** The cohort member who owns it, if any. */
  ownerId: string | null;
  done: boolean;
}

/** A progress meeting of a cohort (Co-Nexus S style): when, notes, action items. */
export const cohortMeetings = pgTable(
  'cohort_meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    title: text('title').notNull(),
    notes: text('notes').notNull().default(''),
    actionItems: jsonb('action_items').$type<ActionItem[]>().notNull().default([]),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('cohort_meetings_cohort_idx').on(t.cohortId, t.at)],
);

/** An announcement of a cohort's instructors to its members. */
export const cohortAnnouncements = pgTable(
  'cohort_announcements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    body: text('body').notNull(),
    pinned: boolean('pinned').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('cohort_announcements_cohort_idx').on(t.cohortId, t.createdAt)],
);

/** A team of up to four learners of a cohort, for the incident-response scenario. */
export const cohortTeams = pgTable(
  'cohort_teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [unique('cohort_teams_name').on(t.cohortId, t.name)],
);

/** A learner's team: one team per learner and cohort. */
export const cohortTeamMembers = pgTable(
  'cohort_team_members',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => cohortTeams.id, { onDelete: 'cascade' }),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId] }),
    unique('cohort_team_members_one_team').on(t.cohortId, t.userId),
  ],
);

/** A team's run of a scenario: when the instructor started it and which injects the team has been given. */
export const teamScenarioRuns = pgTable(
  'cohort_team_scenario_runs',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => cohortTeams.id, { onDelete: 'cascade' }),
    scenarioId: text('scenario_id').notNull(),
    startedAt: ts('started_at').notNull().defaultNow(),
    /** Ids of the injects released to the team, in order. */
    releasedInjects: jsonb('released_injects').$type<string[]>().notNull().default([]),
    startedBy: uuid('started_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.scenarioId] })],
);

export const SUBMISSION_KINDS = ['scenario_report', 'project'] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];
export const SUBMISSION_STATUSES = ['submitted', 'returned', 'graded'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** One rubric criterion as an instructor scored it. */
export interface CriterionScore {
  criterion: string;
  points: number;
  maxPoints: number;
}

/**
 * Work handed in for review: a team's incident-response report for a scenario, or a learner's investigation
 * project (with its final presentation slot). Instructors comment, return it for changes or grade it.
 */
export const submissions = pgTable(
  'cohort_submissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<SubmissionKind>().notNull(),
    /** The team of a scenario report. */
    teamId: uuid('team_id').references(() => cohortTeams.id, { onDelete: 'cascade' }),
    /** The learner of a project. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** The scenario of a report (courseware scenario id). */
    scenarioId: text('scenario_id'),
    title: text('title').notNull(),
    /** Markdown; a report's sections by id. */
    body: text('body').notNull().default(''),
    sections: jsonb('sections').$type<Record<string, string>>().notNull().default({}),
    status: text('status').$type<SubmissionStatus>().notNull().default('submitted'),
    version: text('version').notNull().default('1'),
    score: jsonb('score').$type<CriterionScore[] | null>(),
    presentationAt: ts('presentation_at'),
    submittedBy: uuid('submitted_by').references(() => users.id, { onDelete: 'set null' }),
    submittedAt: ts('submitted_at').notNull().defaultNow(),
    reviewedBy: uuid('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    reviewedAt: ts('reviewed_at'),
  },
  (t) => [
    index('cohort_submissions_cohort_idx').on(t.cohortId, t.status),
    unique('cohort_submissions_team_scenario').on(t.cohortId, t.teamId, t.scenarioId),
    // one investigation project per learner and cohort, even when two first saves race
    uniqueIndex('cohort_submissions_one_project')
      .on(t.cohortId, t.userId)
      .where(sql`${t.kind} = 'project'`),
  ],
);

/** A reviewer's or author's comment on a submission (optionally on one section). */
export const submissionComments = pgTable(
  'cohort_submission_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    section: text('section'),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('cohort_submission_comments_idx').on(t.submissionId, t.createdAt)],
);
