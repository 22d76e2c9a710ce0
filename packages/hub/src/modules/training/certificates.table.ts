import { index, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/auth.table.js';
import { cohorts } from './training.table.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A certificate of completion. What it says is frozen when issued (a later rename of the learner or the course does
 * not change an issued certificate); the public verification page looks it up by its code.
 */
export const certificates = pgTable(
  'certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The verification code printed on the certificate and in its QR code. */
    code: text('code').notNull().unique(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    learnerName: text('learner_name').notNull(),
    orgName: text('org_name').notNull(),
    courseId: text('course_id').notNull(),
    courseTitle: jsonb('course_title').$type<{ ja: string; en: string }>().notNull(),
    cohortName: text('cohort_name').notNull(),
    /** What the learner achieved, as shown on the certificate (e.g. pre/post scores). */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    issuedBy: uuid('issued_by').references(() => users.id, { onDelete: 'set null' }),
    issuedAt: ts('issued_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
    revokedReason: text('revoked_reason'),
  },
  (t) => [unique('certificates_one_per_learner').on(t.cohortId, t.userId), index('certificates_user_idx').on(t.userId)],
);
