import { z } from 'zod';
import { contentIdSchema, localizedTextSchema, workRoleIdSchema } from './common.schema.js';

const share = z.number().min(0).max(1);

/** courses/<id>.yaml */
export const courseSchema = z.strictObject({
  id: contentIdSchema,
  title: localizedTextSchema,
  summary: localizedTextSchema,
  modules: z.array(contentIdSchema).min(1),
  preAssessment: contentIdSchema.optional(),
  postAssessment: contentIdSchema.optional(),
  /** pagesRead: 'all' or the share of pages; quizzesPassed: the share of quiz points; lab: the module labs. */
  completion: z.strictObject({
    pagesRead: z.union([z.literal('all'), share]),
    quizzesPassed: share,
    lab: z.enum(['required', 'optional']).optional(),
  }),
  workRoles: z.array(workRoleIdSchema),
});
export type Course = z.infer<typeof courseSchema>;
