import { z } from 'zod';
import { contentIdSchema, ksaRefSchema, langSchema, localizedTextSchema, workRoleIdSchema } from './common.schema.js';

/** A page's id in module.yaml `pages`: `<nn>-<slug>`. */
export const pageIdSchema = z
  .string()
  .regex(/^\d{2}-[a-z0-9][a-z0-9-]{0,62}$/, 'a page id is <nn>-<slug>, e.g. 01-shell');

/** module.yaml */
export const moduleMetaSchema = z.strictObject({
  id: contentIdSchema,
  version: z.int().min(1),
  title: localizedTextSchema,
  summary: localizedTextSchema,
  difficulty: z.enum(['beginner', 'intermediate', 'advanced']),
  durationMinutes: z.int().min(1).max(10_000),
  languages: z.array(langSchema).min(1),
  workRoles: z.array(workRoleIdSchema),
  topics: z.array(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a topic is lower-case kebab')),
  prerequisites: z.array(ksaRefSchema),
  lab: contentIdSchema.optional(),
  exercise: contentIdSchema.optional(),
  pages: z.array(pageIdSchema).min(1),
});
export type ModuleMeta = z.infer<typeof moduleMetaSchema>;

/** The front matter of pages/<nn>-<slug>.<lang>.md */
export const pageFrontMatterSchema = z.strictObject({
  title: z.string().trim().min(1),
  acquired: z.array(ksaRefSchema).min(1, 'a page gives at least one KSA'),
  instructor: z.strictObject({
    goal: z.string().trim().min(1, 'must not be empty'),
    flow: z.string().trim().min(1, 'must not be empty'),
    keyPoints: z.array(z.string().trim().min(1)).min(1, 'at least one key point'),
  }),
});
export type PageFrontMatter = z.infer<typeof pageFrontMatterSchema>;
