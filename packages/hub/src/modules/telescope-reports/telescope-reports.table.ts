import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { shareableColumns } from '../cases/cases.table.js';
import type { ReportSnapshot } from './report-data.js';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Quarterly and annual darknet observation reports (NICTER-style): the numbers are generated from the telescope
 * tables into `snapshot` when the report is created or regenerated; titles and the notable events are edited by
 * hand. Shareable like cases: the hub's visibility policy reads the shareable columns.
 */
export const telescopeReports = pgTable(
  'telescope_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['quarterly', 'annual'] }).notNull(),
    year: integer('year').notNull(),
    /** 1–4 for quarterly reports, null for annual ones. */
    quarter: integer('quarter'),
    periodStart: ts('period_start').notNull(),
    periodEnd: ts('period_end').notNull(),
    titleJa: text('title_ja').notNull(),
    titleEn: text('title_en').notNull(),
    notableEventsJa: text('notable_events_ja').notNull().default(''),
    notableEventsEn: text('notable_events_en').notNull().default(''),
    snapshot: jsonb('snapshot').$type<ReportSnapshot>().notNull(),
    generatedAt: ts('generated_at').notNull().defaultNow(),
    /** When the report was put on the public site (it must also be scope public, TLP:CLEAR); null: not listed. */
    publishedAt: ts('published_at'),
    ...shareableColumns(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('telescope_reports_owner_idx').on(t.ownerOrgId),
    index('telescope_reports_period_idx').on(t.periodStart),
  ],
);
