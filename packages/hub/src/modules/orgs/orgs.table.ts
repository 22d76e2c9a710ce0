import { sql } from 'drizzle-orm';
import { boolean, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  nameEn: text('name_en').notNull(),
  nameJa: text('name_ja').notNull(),
  sector: text('sector', { enum: ['industry', 'academia', 'government'] }).notNull(),
  programmes: text('programmes')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  /** Sightings derived from this organisation's records name no identity ("a cynex member") when true. */
  anonymiseSightings: boolean('anonymise_sightings').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const memberships = pgTable(
  'memberships',
  {
    userId: uuid('user_id').notNull(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.orgId] })],
);

export const sharingGroups = pgTable('sharing_groups', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  ownerOrgId: uuid('owner_org_id')
    .notNull()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const sharingGroupOrgs = pgTable(
  'sharing_group_orgs',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => sharingGroups.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.orgId] })],
);
