import { z } from 'zod';

/** A shipped content id, or a provider package's `<org-slug>.<id>`. */
const id = z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}(\.[a-z0-9][a-z0-9-]{1,63})?$/);
const lang = z.enum(['ja', 'en']).default('ja');

export const moduleParam = z.object({ id });
export const pageParam = z.object({ id, pageId: z.string().regex(/^\d{2}-[a-z0-9][a-z0-9-]*$/) });
export const assetParam = z.object({ id, name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/) });
export const courseParam = z.object({ id });
export const langQuery = z.object({ lang });

export const modulesQuery = z.object({
  q: z.string().max(200).optional(),
  ksa: z
    .string()
    .regex(/^[KSAksa]\d{4}(_[1-6])?$/, 'a NICE id (K0060) or a KSA reference (K0060_2)')
    .optional(),
  workRole: z.string().max(20).optional(),
  level: z.coerce.number().int().min(1).max(6).optional(),
  topic: z.string().max(64).optional(),
  lang: z.enum(['ja', 'en']).optional(),
});

export const coverageQuery = z.object({ workRole: z.string().min(1).max(20), lang });

export const quizCheckBody = z
  .object({
    answers: z
      .record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.array(z.string().max(64)).max(16)]))
      .refine((a) => Object.keys(a).length <= 500, 'at most 500 answers'),
  })
  .strict();
