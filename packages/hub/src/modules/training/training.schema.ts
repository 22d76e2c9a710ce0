import { z } from 'zod';
import { ASSESSMENT_KINDS, COHORT_ROLES } from './training.table.js';

/** A shipped content id, or a provider package's `<org-slug>.<id>` (courseware package-library.ts). */
const contentId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}(\.[a-z0-9][a-z0-9-]{1,63})?$/);

export const orgParam = z.object({ id: z.uuid() });
export const cohortParam = z.object({ id: z.uuid() });
export const memberParam = cohortParam.extend({ userId: z.uuid() });
export const kindParam = cohortParam.extend({ kind: z.enum(ASSESSMENT_KINDS) });

export const createCohortBody = z
  .object({
    courseId: contentId,
    name: z.string().trim().min(1).max(200),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
  })
  .strict()
  .refine((b) => Date.parse(b.endsAt) > Date.parse(b.startsAt), {
    message: 'endsAt is after startsAt',
    path: ['endsAt'],
  });
export type CreateCohortInput = z.infer<typeof createCohortBody>;

export const addMemberBody = z.object({ userId: z.uuid(), role: z.enum(COHORT_ROLES) }).strict();
export type AddMemberInput = z.infer<typeof addMemberBody>;

/** Answers by item id: an option id, a list of option ids, a short text or a number. */
export const attemptBody = z
  .object({
    answers: z
      .record(z.string().max(64), z.union([z.string().max(1000), z.number(), z.array(z.string().max(64)).max(16)]))
      .refine((answers) => Object.keys(answers).length <= 500, 'at most 500 answers'),
  })
  .strict();
export type AttemptInput = z.infer<typeof attemptBody>;

export const pageReadBody = z.object({ moduleId: contentId, pageId: z.string().min(1).max(80) }).strict();
export type PageReadInput = z.infer<typeof pageReadBody>;

export const reportQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });
