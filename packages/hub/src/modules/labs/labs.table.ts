import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../auth/auth.table.js';
import { organisations } from '../orgs/orgs.table.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const LAB_INSTANCE_STATES = ['running', 'stopped'] as const;
export type LabInstanceState = (typeof LAB_INSTANCE_STATES)[number];
export const LAB_FLAG_VERDICTS = ['correct', 'wrong', 'shared'] as const;
export type LabFlagVerdict = (typeof LAB_FLAG_VERDICTS)[number];

/** One learner's run of a lab at a level, under the organisation whose instructors see the results. */
export const labInstances = pgTable(
  'lab_instances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    labId: text('lab_id').notNull(),
    level: text('level').notNull(),
    state: text('state').$type<LabInstanceState>().notNull().default('running'),
    startedAt: ts('started_at').notNull().defaultNow(),
    stoppedAt: ts('stopped_at'),
    stopReason: text('stop_reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('lab_instances_user_lab_idx').on(t.userId, t.labId),
    // At most one running instance per learner and lab, however many requests race to start one.
    uniqueIndex('lab_instances_one_running_idx')
      .on(t.userId, t.labId)
      .where(sql`${t.state} = 'running'`),
    index('lab_instances_org_idx').on(t.orgId),
    index('lab_instances_lab_idx').on(t.labId),
  ],
);

/** Flag submissions: only a SHA-256 of what was submitted is kept, never the text. */
export const labFlagSubmissions = pgTable(
  'lab_flag_submissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    instanceId: uuid('instance_id')
      .notNull()
      .references(() => labInstances.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    submittedSha256: text('submitted_sha256').notNull(),
    verdict: text('verdict').$type<LabFlagVerdict>().notNull(),
    sharedFromUserId: uuid('shared_from_user_id').references(() => users.id, { onDelete: 'set null' }),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('lab_flag_submissions_instance_at_idx').on(t.instanceId, t.at)],
);

/** What the defence grader found, check by check. */
export const labDefenceResults = pgTable(
  'lab_defence_results',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    instanceId: uuid('instance_id')
      .notNull()
      .references(() => labInstances.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    passed: boolean('passed').notNull(),
    checks: jsonb('checks').$type<unknown[]>().notNull().default([]),
    durationMs: integer('duration_ms').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('lab_defence_results_instance_idx').on(t.instanceId)],
);

/** Objectives met (attack objectives from the lab's own events, the defence from the grader): once per learner. */
export const labSolves = pgTable(
  'lab_solves',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    instanceId: uuid('instance_id')
      .notNull()
      .references(() => labInstances.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    labId: text('lab_id').notNull(),
    objective: text('objective').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [unique('lab_solves_user_lab_objective').on(t.userId, t.labId, t.objective)],
);

/** Hints a learner chose to see: each costs its penalty once per learner and lab, whichever instance showed it. */
export const labHintReveals = pgTable(
  'lab_hint_reveals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    instanceId: uuid('instance_id')
      .notNull()
      .references(() => labInstances.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    labId: text('lab_id').notNull(),
    hintId: text('hint_id').notNull(),
    penalty: integer('penalty').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [
    unique('lab_hint_reveals_user_lab_hint').on(t.userId, t.labId, t.hintId),
    index('lab_hint_reveals_instance_idx').on(t.instanceId),
  ],
);
