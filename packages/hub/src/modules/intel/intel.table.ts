import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
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
import { shareableColumns } from '../cases/cases.table.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One bundle import: who brought it in, under which sharing, and what came of it (counts, the problems found).
 * Objects point back to it, so that an import can be exported again as it came.
 */
export const stixImports = pgTable('stix_imports', {
  id: uuid('id').primaryKey().defaultRandom(),
  bundleId: text('bundle_id'),
  fileName: text('file_name'),
  ...shareableColumns(),
  status: text('status', { enum: ['running', 'complete', 'failed'] })
    .notNull()
    .default('running'),
  objects: integer('objects').notNull().default(0),
  stored: integer('stored').notNull().default(0),
  duplicates: integer('duplicates').notNull().default(0),
  invalid: integer('invalid').notNull().default(0),
  /** The first problems found: index and id of the object, the property path and what is wrong. */
  problems: jsonb('problems')
    .$type<{ index: number; id?: string; path: string; message: string }[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  error: text('error'),
  startedAt: ts('started_at').notNull().defaultNow(),
  finishedAt: ts('finished_at'),
});

/**
 * Every version of every STIX 2.1 object the hub holds, as it came (custom properties, extensions and granular
 * markings kept), with the sharing columns every shareable record carries. A version is the object's `modified`
 * (or `created`; '' for SCOs, which have neither); each owner organisation keeps its own copy, so that importing
 * an object another organisation already has never makes it visible to anyone new.
 */
export const stixObjects = pgTable(
  'stix_objects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stixId: text('stix_id').notNull(),
    type: text('type').notNull(),
    version: text('version').notNull(),
    specVersion: text('spec_version'),
    revoked: boolean('revoked').notNull().default(false),
    /** The object's name (or value, for SCOs) for lists and search. */
    label: text('label'),
    object: jsonb('object').$type<Record<string, unknown>>().notNull(),
    /** TAXII's date added: when this version arrived in the hub. */
    dateAdded: ts('date_added').notNull().defaultNow(),
    /** Increasing across the table (and across hub instances): the server-sent-events stream's event id. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    ...shareableColumns(),
  },
  (t) => [
    unique('stix_objects_owner_version').on(t.ownerOrgId, t.stixId, t.version),
    index('stix_objects_stix_id_idx').on(t.stixId),
    index('stix_objects_type_added_idx').on(t.type, t.dateAdded),
    index('stix_objects_seq_idx').on(t.seq),
    /** TAXII pages in date-added order with the id as tie-breaker: without it a 1 M-row page sorts the table. */
    index('stix_objects_added_id_idx').on(t.dateAdded, t.id),
    /** Derived objects by their source record (`case:<uuid>`): each refresh replaces them. */
    index('stix_objects_source_idx').on(sql`(${t.object} ->> 'x_cynex_source')`),
  ],
);

/** Which object versions each import brought, new or already held: an import exports again as it came. */
export const stixImportObjects = pgTable(
  'stix_import_objects',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => stixImports.id, { onDelete: 'cascade' }),
    objectId: uuid('object_id')
      .notNull()
      .references(() => stixObjects.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.importId, t.objectId] }), index('stix_import_objects_object_idx').on(t.objectId)],
);
