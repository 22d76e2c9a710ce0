import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Behaviour categories added by platform admins beside the built-in ones from core. */
export const behaviourCategories = pgTable('behaviour_categories', {
  key: text('key').primaryKey(),
  nameEn: text('name_en').notNull(),
  nameJa: text('name_ja').notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
