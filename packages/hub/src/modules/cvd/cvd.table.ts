import { sql } from 'drizzle-orm';
import {
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../auth/auth.table.js';
import { organisations } from '../orgs/orgs.table.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const CVD_STATUSES = ['received', 'triaged', 'vendor_notified', 'fix_available', 'published', 'closed'] as const;
export type CvdStatus = (typeof CVD_STATUSES)[number];

/**
 * A vulnerability reported by a member, coordinated with the vendor until publication. Until published, only the
 * reporter's organisation, the assigned coordinators (and platform admins) and members with role vendor of the
 * vendor organisation see it.
 */
export const cvdCases = pgTable(
  'cvd_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human reference, unique on the platform: CYNEX-VU-<year>-<serial>. */
    ref: text('ref').notNull().unique(),
    reporterOrgId: uuid('reporter_org_id')
      .notNull()
      .references(() => organisations.id),
    reporterUserId: uuid('reporter_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** How the reporter wants to be credited (free text; may be empty for anonymous credit). */
    reporterCredit: text('reporter_credit').notNull().default(''),
    titleJa: text('title_ja').notNull().default(''),
    titleEn: text('title_en').notNull().default(''),
    descriptionJa: text('description_ja').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    product: text('product').notNull(),
    vendorName: text('vendor_name').notNull(),
    /** The vendor's organisation on the platform, when it has one: its members with role vendor see the case. */
    vendorOrgId: uuid('vendor_org_id').references(() => organisations.id),
    affectedVersions: text('affected_versions').notNull().default(''),
    fixedVersions: text('fixed_versions').notNull().default(''),
    proof: text('proof').notNull().default(''),
    status: text('status').$type<CvdStatus>().notNull().default('received'),
    closedReason: text('closed_reason'),
    embargoUntil: ts('embargo_until'),
    /** Reminder days before the embargo already sent (e.g. {14,7,1}), so each is sent once. */
    embargoRemindersSent: integer('embargo_reminders_sent')
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    cvss31Vector: text('cvss31_vector'),
    cvss31Score: numeric('cvss31_score', { precision: 3, scale: 1 }),
    cvss40Vector: text('cvss40_vector'),
    cvss40Score: numeric('cvss40_score', { precision: 3, scale: 1 }),
    cweId: text('cwe_id'),
    cveId: text('cve_id'),
    coordinatorUserIds: uuid('coordinator_user_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    publishedAt: ts('published_at'),
    revision: integer('revision').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('cvd_cases_reporter_idx').on(t.reporterOrgId),
    index('cvd_cases_vendor_idx').on(t.vendorOrgId),
    index('cvd_cases_status_idx').on(t.status),
  ],
);

/** The serial last handed out per year for case refs (one atomic upsert per new case). */
export const cvdSerials = pgTable('cvd_serials', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

/** Files attached to a case (proof of concept, screenshots, vendor replies). */
export const cvdAttachments = pgTable(
  'cvd_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cvdCases.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('cvd_attachments_case_idx').on(t.caseId)],
);

/** The vendor contact log: who was contacted (or replied), when, how and what was said. */
export const cvdContacts = pgTable(
  'cvd_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cvdCases.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    direction: text('direction', { enum: ['outbound', 'inbound', 'internal'] }).notNull(),
    contact: text('contact').notNull(),
    channel: text('channel').notNull().default(''),
    summary: text('summary').notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('cvd_contacts_case_idx').on(t.caseId, t.at)],
);

/** Status changes of a case, in order (also in the audit log; this is what the case page shows). */
export const cvdEvents = pgTable(
  'cvd_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cvdCases.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status').$type<CvdStatus>(),
    toStatus: text('to_status').$type<CvdStatus>().notNull(),
    note: text('note').notNull().default(''),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('cvd_events_case_idx').on(t.caseId, t.createdAt)],
);

/**
 * A published advisory version of a case: the CSAF 2.0 document as released (schema-valid when stored) and the
 * public page's text. Version numbers follow CSAF's integer versioning ("1", "2", …); `tracking.revision_history`
 * in each document lists every earlier version.
 */
export const cvdAdvisories = pgTable(
  'cvd_advisories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cvdCases.id, { onDelete: 'cascade' }),
    /** CSAF document.tracking.id, e.g. CYNEX-VU-2026-0001. */
    trackingId: text('tracking_id').notNull(),
    version: integer('version').notNull(),
    summary: text('summary').notNull().default(''),
    csaf: jsonb('csaf').$type<Record<string, unknown>>().notNull(),
    publishedBy: uuid('published_by').references(() => users.id, { onDelete: 'set null' }),
    publishedAt: ts('published_at').notNull().defaultNow(),
  },
  (t) => [
    unique('cvd_advisories_version').on(t.caseId, t.version),
    index('cvd_advisories_tracking_idx').on(t.trackingId),
  ],
);
