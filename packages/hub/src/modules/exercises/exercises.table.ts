import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/auth.table.js';
import { organisations } from '../orgs/orgs.table.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One graded submission of an exercise's answers, under the organisation whose instructors see it. */
export const exerciseAttempts = pgTable(
  'exercise_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    exerciseId: text('exercise_id').notNull(),
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull(),
    /** The grade per question (status, points, feedback), as the learner saw it. */
    grade: jsonb('grade').$type<unknown[]>().notNull(),
    points: integer('points').notNull(),
    maxPoints: integer('max_points').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [
    index('exercise_attempts_user_exercise_idx').on(t.userId, t.exerciseId, t.at),
    index('exercise_attempts_org_idx').on(t.orgId, t.exerciseId),
  ],
);
