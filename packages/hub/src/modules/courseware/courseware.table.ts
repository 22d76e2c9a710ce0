import { customType, index, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { shareableColumns } from '../cases/cases.table.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** What a package holds, as validated when it was imported. */
export interface PackageContents {
  modules: string[];
  courses: string[];
  assessments: string[];
}

/**
 * A provider's own courseware (CYROP): a zip of modules, courses and assessments an organisation imported. It is a
 * shareable record: who may use it follows the hub's one sharing rule (scope, TLP, sharing group).
 */
export const coursewarePackages = pgTable(
  'courseware_packages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...shareableColumns(),
    name: text('name').notNull(),
    archive: bytea('archive').notNull(),
    sha256: text('sha256').notNull(),
    contents: jsonb('contents').$type<PackageContents>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('courseware_packages_name').on(t.ownerOrgId, t.name),
    index('courseware_packages_owner_idx').on(t.ownerOrgId),
  ],
);
