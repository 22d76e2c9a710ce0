import { z } from 'zod';
import { cohortParam } from './training.schema.js';

/** The longest text of one report section, project body and comment (characters). */
export const TEXT_LIMITS = { section: 20_000, projectBody: 50_000, comment: 10_000 } as const;

const scenarioId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/);
const localId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/);
const teamName = z.string().trim().min(1).max(100);
/** 1..4 distinct learners (CYDER teams are at most four). */
const teamMembers = z
  .array(z.uuid())
  .min(1)
  .max(4, 'a team has at most four members')
  .refine((ids) => new Set(ids).size === ids.length, 'a member is listed twice');

export const teamParam = cohortParam.extend({ teamId: z.uuid() });
export const runParam = teamParam.extend({ scenarioId });
export const attemptItemParam = cohortParam.extend({ attemptId: z.uuid(), itemId: z.string().min(1).max(64) });
export const submissionParam = z.object({ submissionId: z.uuid() });
export const langQuery = z.object({ lang: z.enum(['ja', 'en']).default('en') });

export const createTeamBody = z.object({ name: teamName, members: teamMembers }).strict();
export type CreateTeamInput = z.infer<typeof createTeamBody>;

export const updateTeamBody = z
  .object({ name: teamName.optional(), members: teamMembers.optional() })
  .strict()
  .refine((b) => b.name !== undefined || b.members !== undefined, 'change the name or the members');
export type UpdateTeamInput = z.infer<typeof updateTeamBody>;

/** `{ upTo }`, or no body for the next inject. */
export const releaseBody = z.object({ upTo: localId.optional() }).strict().nullish();
export type ReleaseInput = NonNullable<z.infer<typeof releaseBody>>;

export const reportBody = z
  .object({
    sections: z
      .record(localId, z.string().max(TEXT_LIMITS.section, 'a section is at most 20,000 characters'))
      .refine((s) => Object.keys(s).length >= 1 && Object.keys(s).length <= 50, '1 to 50 sections'),
  })
  .strict();
export type ReportInput = z.infer<typeof reportBody>;

export const projectBody = z
  .object({
    title: z.string().trim().min(1).max(200),
    body: z.string().max(TEXT_LIMITS.projectBody, 'the body is at most 50,000 characters'),
  })
  .strict();
export type ProjectInput = z.infer<typeof projectBody>;

export const presentationBody = z.object({ presentationAt: z.iso.datetime({ offset: true }).nullable() }).strict();
export type PresentationInput = z.infer<typeof presentationBody>;

export const commentBody = z
  .object({
    body: z.string().trim().min(1).max(TEXT_LIMITS.comment, 'a comment is at most 10,000 characters'),
    section: localId.optional(),
  })
  .strict();
export type CommentInput = z.infer<typeof commentBody>;

export const reviewBody = z
  .object({
    decision: z.enum(['return', 'grade']),
    scores: z
      .array(z.object({ criterion: localId, points: z.int().min(0).max(1000) }).strict())
      .max(50)
      .optional(),
  })
  .strict()
  .refine((b) => b.decision !== 'grade' || b.scores !== undefined, {
    message: 'grading needs scores',
    path: ['scores'],
  });
export type ReviewInput = z.infer<typeof reviewBody>;

export const itemReviewBody = z.object({ correct: z.boolean() }).strict();
export type ItemReviewInput = z.infer<typeof itemReviewBody>;
