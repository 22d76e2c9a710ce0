import { z } from 'zod';
import { scopeSchema, sharingInputSchema, tlpSchema } from '@cynex/core';

const text = (max: number) => z.string().trim().max(max);
const titles = {
  titleJa: text(200).optional(),
  titleEn: text(200).optional(),
};
const notableEvents = {
  /** Free text shown in the "notable events" section, as typed (line breaks kept). */
  notableEventsJa: text(20_000),
  notableEventsEn: text(20_000),
};

/**
 * A report to generate: a calendar quarter (UTC) or year. Darknet aggregates are community material, so the
 * sharing defaults to community and TLP:GREEN; public and TLP:CLEAR publishes it to anonymous visitors.
 */
export const reportCreateSchema = z
  .object({
    kind: z.enum(['quarterly', 'annual']),
    year: z.number().int().min(2000).max(2100),
    quarter: z.number().int().min(1).max(4).optional(),
    ownerOrgId: z.uuid().optional(),
    ...titles,
    notableEventsJa: notableEvents.notableEventsJa.default(''),
    notableEventsEn: notableEvents.notableEventsEn.default(''),
  })
  .extend({ ...sharingInputSchema.shape, scope: scopeSchema.default('community'), marking: tlpSchema.default('GREEN') })
  .strict()
  .superRefine((value, ctx) => {
    if (value.kind === 'quarterly' && value.quarter === undefined) {
      ctx.addIssue({ code: 'custom', path: ['quarter'], message: 'a quarterly report needs its quarter (1–4)' });
    }
    if (value.kind === 'annual' && value.quarter !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['quarter'], message: 'an annual report has no quarter' });
    }
  });
export type ReportCreate = z.infer<typeof reportCreateSchema>;

/** What may change after generation: titles, notable events and sharing. */
export const reportUpdateSchema = z
  .object({
    titleJa: text(200),
    titleEn: text(200),
    ...notableEvents,
    scope: scopeSchema,
    marking: tlpSchema,
    sharingGroupId: z.uuid().nullable(),
    recipientUserIds: z.array(z.uuid()).max(200),
  })
  .partial()
  .strict();
export type ReportUpdate = z.infer<typeof reportUpdateSchema>;

export const reportListQuerySchema = z.object({
  kind: z.enum(['quarterly', 'annual']).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const reportIdParamSchema = z.object({ id: z.uuid() });

export const renderQuerySchema = z.object({
  format: z.enum(['html', 'pdf']).default('html'),
  lang: z.enum(['ja', 'en']).default('ja'),
});
