import { sql } from 'drizzle-orm';
import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { CaseFacts, Scope, Tlp } from '@cynex/core';
import { organisations } from '../orgs/orgs.table.js';

/** Columns every shareable record carries; the policy reads these. */
export const shareableColumns = () => ({
  ownerOrgId: uuid('owner_org_id')
    .notNull()
    .references(() => organisations.id),
  scope: text('scope').$type<Scope>().notNull(),
  marking: text('marking').$type<Tlp>().notNull(),
  sharingGroupId: uuid('sharing_group_id'),
  recipientUserIds: uuid('recipient_user_ids')
    .array()
    .notNull()
    .default(sql`'{}'::uuid[]`),
  createdBy: uuid('created_by'),
});

export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** NICT-style id, unique within the owner organisation (so an outsider learns nothing from a clash). */
    caseId: text('case_id').notNull(),
    ...shareableColumns(),
    environmentKind: text('environment_kind', { enum: ['decoy', 'external'] }).notNull(),
    environmentCode: text('environment_code').notNull(),
    environmentName: text('environment_name').notNull().default(''),
    environmentNameJa: text('environment_name_ja').notNull().default(''),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    sampleName: text('sample_name').notNull().default(''),
    malwareFamily: text('malware_family').notNull(),
    progressLevel: integer('progress_level').notNull(),
    /** The rubric's suggestion; null while nothing has been recorded ("not yet assessed"). */
    suggestedLevel: integer('suggested_level'),
    summaryJa: text('summary_ja').notNull().default(''),
    summaryEn: text('summary_en').notNull().default(''),
    status: text('status', { enum: ['observing', 'closed'] }).notNull(),
    facts: jsonb('facts').$type<CaseFacts>().notNull().default({}),
    analystUserIds: uuid('analyst_user_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('cases_owner_case_id').on(t.ownerOrgId, t.caseId),
    index('cases_case_id_idx').on(t.caseId),
    index('cases_owner_idx').on(t.ownerOrgId),
    index('cases_family_idx').on(t.malwareFamily),
    index('cases_start_idx').on(t.startDate),
  ],
);

/**
 * The last serial handed out per owner organisation and environment: new case ids take the next one in one atomic
 * statement, so parallel creations never pick the same id.
 */
export const caseSerials = pgTable(
  'case_serials',
  {
    ownerOrgId: uuid('owner_org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    environmentCode: text('environment_code').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerOrgId, t.environmentCode] })],
);

export const caseBehaviours = pgTable(
  'case_behaviours',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    casePk: uuid('case_pk')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'string' }).notNull(),
    category: text('category').notNull(),
    action: text('action').notNull(),
    actionJa: text('action_ja').notNull().default(''),
    techniqueIds: text('technique_ids')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    notes: text('notes').notNull().default(''),
    notesJa: text('notes_ja').notNull().default(''),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_behaviours_case_idx').on(t.casePk)],
);

export const caseFiles = pgTable('case_files', {
  id: uuid('id').primaryKey().defaultRandom(),
  casePk: uuid('case_pk')
    .notNull()
    .references(() => cases.id, { onDelete: 'cascade' }),
  behaviourId: uuid('behaviour_id').references(() => caseBehaviours.id, { onDelete: 'set null' }),
  kind: text('kind', { enum: ['sample', 'attachment'] }).notNull(),
  filename: text('filename').notNull(),
  size: bigint('size', { mode: 'number' }).notNull(),
  md5: text('md5').notNull(),
  sha1: text('sha1').notNull(),
  sha256: text('sha256').notNull(),
  uploadedBy: uuid('uploaded_by'),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
});

export const caseLevelHistory = pgTable('case_level_history', {
  id: uuid('id').primaryKey().defaultRandom(),
  casePk: uuid('case_pk')
    .notNull()
    .references(() => cases.id, { onDelete: 'cascade' }),
  fromLevel: integer('from_level'),
  toLevel: integer('to_level').notNull(),
  suggestedLevel: integer('suggested_level'),
  reason: text('reason').notNull(),
  reasonJa: text('reason_ja').notNull().default(''),
  byUserId: uuid('by_user_id'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

export const caseComments = pgTable('case_comments', {
  id: uuid('id').primaryKey().defaultRandom(),
  casePk: uuid('case_pk')
    .notNull()
    .references(() => cases.id, { onDelete: 'cascade' }),
  authorId: uuid('author_id').notNull(),
  body: text('body').notNull(),
  mentions: uuid('mentions')
    .array()
    .notNull()
    .default(sql`'{}'::uuid[]`),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull(),
    kind: text('kind', { enum: ['mention', 'assigned', 'alert', 'cvd'] }).notNull(),
    /** Where the console opens it, for notifications about something other than a case (e.g. `/cvd/<id>`). */
    link: text('link'),
    casePk: uuid('case_pk').references(() => cases.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_user_idx').on(t.userId)],
);
