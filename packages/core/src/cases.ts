import { z } from 'zod';
import { behaviourCategorySchema } from './behaviours.js';
import { CASE_ID_PATTERN } from './case-id.js';
import { caseFactsSchema, progressLevelSchema } from './rubric.js';
import { scopeSchema } from './sharing.js';
import { tlpSchema } from './tlp.js';

const isoDate = z.iso.date();
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const text = (max: number) => z.string().trim().max(max);

export const CASE_STATUSES = ['observing', 'closed'] as const;
export const caseStatusSchema = z.enum(CASE_STATUSES);
export const ENVIRONMENT_KINDS = ['decoy', 'external'] as const;

/** The sharing fields every shareable record carries. */
export const sharingInputSchema = z.object({
  scope: scopeSchema.default('organisation'),
  marking: tlpSchema.default('AMBER'),
  sharingGroupId: z.uuid().nullable().optional(),
  recipientUserIds: z.array(z.uuid()).max(200).default([]),
});

/** What an analyst sends to create an observation case. */
export const caseCreateSchema = z
  .object({
    caseId: z.string().regex(CASE_ID_PATTERN, 'case id must look like 220810_CL12_001').optional(),
    ownerOrgId: z.uuid().optional(),
    environmentKind: z.enum(ENVIRONMENT_KINDS).default('decoy'),
    environmentCode: z.string().regex(/^[A-Z0-9]{1,12}$/, 'environment code: 1–12 capital letters or digits'),
    environmentName: text(200).default(''),
    environmentNameJa: text(200).default(''),
    startDate: isoDate,
    endDate: isoDate.nullable().optional(),
    sampleName: text(200).default(''),
    malwareFamily: text(100).min(1),
    progressLevel: progressLevelSchema.optional(),
    progressLevelReason: text(2000).optional(),
    progressLevelReasonJa: text(2000).optional(),
    summaryJa: text(10000).default(''),
    summaryEn: text(10000).default(''),
    status: caseStatusSchema.default('observing'),
    analystUserIds: z.array(z.uuid()).max(50).default([]),
    facts: caseFactsSchema.default({}),
  })
  .extend(sharingInputSchema.shape)
  .strict()
  // Zod runs object refinements even when a field failed; compare only two real dates.
  .refine(
    (c) => typeof c.startDate !== 'string' || !ISO_DATE.test(c.startDate) || !c.endDate || c.endDate >= c.startDate,
    {
      message: 'end date is before start date',
      path: ['endDate'],
    },
  );
export type CaseCreate = z.infer<typeof caseCreateSchema>;

/** A partial update; a changed progress level needs a reason. */
export const caseUpdateSchema = z
  .object({
    caseId: z.string().regex(CASE_ID_PATTERN, 'case id must look like 220810_CL12_001'),
    environmentKind: z.enum(ENVIRONMENT_KINDS),
    environmentCode: z.string().regex(/^[A-Z0-9]{1,12}$/),
    environmentName: text(200),
    environmentNameJa: text(200),
    startDate: isoDate,
    endDate: isoDate.nullable(),
    sampleName: text(200),
    malwareFamily: text(100).min(1),
    progressLevel: progressLevelSchema,
    progressLevelReason: text(2000),
    progressLevelReasonJa: text(2000),
    summaryJa: text(10000),
    summaryEn: text(10000),
    status: caseStatusSchema,
    analystUserIds: z.array(z.uuid()).max(50),
    facts: caseFactsSchema,
    scope: scopeSchema,
    marking: tlpSchema,
    sharingGroupId: z.uuid().nullable(),
    recipientUserIds: z.array(z.uuid()).max(200),
  })
  .partial()
  .strict();
export type CaseUpdate = z.infer<typeof caseUpdateSchema>;

const techniqueIdsSchema = z
  .array(z.string().regex(/^T\d{4}(\.\d{3})?$/, 'technique ids look like T1082 or T1555.003'))
  .max(30);

export const behaviourCreateSchema = z
  .object({
    occurredAt: z.iso.datetime({ offset: true }),
    category: behaviourCategorySchema,
    action: text(2000).min(1),
    actionJa: text(2000).default(''),
    techniqueIds: techniqueIdsSchema.default([]),
    notes: text(20000).default(''),
    notesJa: text(20000).default(''),
  })
  .strict();
export type BehaviourCreate = z.infer<typeof behaviourCreateSchema>;

/**
 * A partial change to a behaviour. Written out without defaults: `behaviourCreateSchema.partial()` would fill
 * every field left out with its default and so wipe the notes, Japanese text and techniques nobody sent.
 */
export const behaviourUpdateSchema = z
  .object({
    occurredAt: z.iso.datetime({ offset: true }),
    category: behaviourCategorySchema,
    action: text(2000).min(1),
    actionJa: text(2000),
    techniqueIds: techniqueIdsSchema,
    notes: text(20000),
    notesJa: text(20000),
  })
  .partial()
  .strict();
export type BehaviourUpdate = z.infer<typeof behaviourUpdateSchema>;

export const caseListQuerySchema = z.object({
  q: text(200).optional(),
  family: text(100).optional(),
  level: z.coerce.number().int().min(1).max(8).optional(),
  status: caseStatusSchema.optional(),
  orgId: z.uuid().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  sort: z.enum(['caseId', 'startDate', 'endDate', 'progressLevel', 'malwareFamily', 'updatedAt']).default('startDate'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;
