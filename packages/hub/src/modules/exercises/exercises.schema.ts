import { z } from 'zod';

export const exerciseParam = z.object({ exerciseId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/) });
export const exerciseFileParam = exerciseParam.extend({ name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/) });
export const orgParam = z.object({ id: z.uuid() });

/** Answers by question id: a string, a number or a list of strings (the grader checks each against its question). */
export const attemptBody = z
  .object({
    answers: z
      .record(z.string().max(64), z.union([z.string().max(16_384), z.number(), z.array(z.string().max(256)).max(64)]))
      .refine((answers) => Object.keys(answers).length <= 50, 'at most 50 answers'),
    orgId: z.uuid().optional(),
  })
  .strict();
