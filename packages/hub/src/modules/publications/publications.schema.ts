import { z } from 'zod';
import { scopeSchema, tlpSchema } from '@cynex/core';
import { PUBLICATION_KINDS, PUBLICATION_STATUSES, REVIEW_DECISIONS } from './publications.table.js';

/** Limits of a publication's inputs (also shown by the console). */
export const PUBLICATION_LIMITS = {
  /** Per language, in UTF-8 bytes. */
  bodyBytes: 200 * 1024,
  titleChars: 200,
  summaryChars: 2000,
  tags: 20,
  tagChars: 40,
  reviewers: 20,
  recipients: 50,
  reviewCommentBytes: 10 * 1024,
  pageSize: 100,
} as const;

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const body = z
  .string()
  .refine((s) => utf8Bytes(s) <= PUBLICATION_LIMITS.bodyBytes, `at most ${PUBLICATION_LIMITS.bodyBytes} bytes`);
const title = z.string().trim().max(PUBLICATION_LIMITS.titleChars);
const summary = z.string().trim().max(PUBLICATION_LIMITS.summaryChars);
const tag = z.string().trim().min(1).max(PUBLICATION_LIMITS.tagChars);
const RESERVED_SLUGS = new Set(['advisories', 'telescope', 'feed', 'assets']);
const slug = z
  .string()
  .min(3)
  .max(80)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'lowercase letters, digits and hyphens (not at either end)')
  // (the public site's own pages live beside the publications: /p/<lang>/advisories/)
  .refine((s) => !RESERVED_SLUGS.has(s), 'this address is reserved for the public site');

const content = {
  titleJa: title,
  titleEn: title,
  summaryJa: summary,
  summaryEn: summary,
  bodyJa: body,
  bodyEn: body,
  tags: z.array(tag).max(PUBLICATION_LIMITS.tags),
  reviewerUserIds: z.array(z.uuid()).max(PUBLICATION_LIMITS.reviewers),
  scope: scopeSchema,
  marking: tlpSchema,
  sharingGroupId: z.uuid().nullable(),
  recipientUserIds: z.array(z.uuid()).max(PUBLICATION_LIMITS.recipients),
};

export const publicationCreateBody = z
  .object({
    kind: z.enum(PUBLICATION_KINDS),
    slug,
    ownerOrgId: z.uuid().optional(),
    ...content,
    titleJa: content.titleJa.default(''),
    titleEn: content.titleEn.default(''),
    summaryJa: content.summaryJa.default(''),
    summaryEn: content.summaryEn.default(''),
    bodyJa: content.bodyJa.default(''),
    bodyEn: content.bodyEn.default(''),
    tags: content.tags.default([]),
    reviewerUserIds: content.reviewerUserIds.default([]),
    scope: scopeSchema.default('organisation'),
    marking: tlpSchema.default('AMBER'),
    sharingGroupId: content.sharingGroupId.optional(),
    recipientUserIds: content.recipientUserIds.default([]),
  })
  .strict();
export type PublicationCreate = z.infer<typeof publicationCreateBody>;

export const publicationPatchBody = z
  .object({
    /** The revision the edit was made on: a stale one is 409 CONFLICT. */
    revision: z.number().int().min(1),
    kind: z.enum(PUBLICATION_KINDS).optional(),
    slug: slug.optional(),
    titleJa: content.titleJa.optional(),
    titleEn: content.titleEn.optional(),
    summaryJa: content.summaryJa.optional(),
    summaryEn: content.summaryEn.optional(),
    bodyJa: content.bodyJa.optional(),
    bodyEn: content.bodyEn.optional(),
    tags: content.tags.optional(),
    reviewerUserIds: content.reviewerUserIds.optional(),
    scope: content.scope.optional(),
    marking: content.marking.optional(),
    sharingGroupId: content.sharingGroupId.optional(),
    recipientUserIds: content.recipientUserIds.optional(),
  })
  .strict();
export type PublicationPatch = z.infer<typeof publicationPatchBody>;

export const publicationListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.enum(PUBLICATION_STATUSES).optional(),
  kind: z.enum(PUBLICATION_KINDS).optional(),
  tag: tag.optional(),
  limit: z.coerce.number().int().min(1).max(PUBLICATION_LIMITS.pageSize).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type PublicationListQuery = z.infer<typeof publicationListQuery>;

export const publicationParam = z.object({ id: z.uuid() });
export const publicationVersionParam = z.object({ id: z.uuid(), n: z.coerce.number().int().min(1).max(100_000) });

export const revisionBody = z.object({ revision: z.number().int().min(1) }).strict();
export type RevisionInput = z.infer<typeof revisionBody>;

export const reviewBody = z
  .object({
    decision: z.enum(REVIEW_DECISIONS),
    comment: z
      .string()
      .trim()
      .max(PUBLICATION_LIMITS.reviewCommentBytes)
      .refine((s) => utf8Bytes(s) <= PUBLICATION_LIMITS.reviewCommentBytes, 'at most 10 KB')
      .default(''),
  })
  .strict()
  .refine((r) => r.decision !== 'comment' || r.comment.length > 0, {
    message: 'a comment needs text',
    path: ['comment'],
  });
export type ReviewInput = z.infer<typeof reviewBody>;

export const withdrawBody = z.object({ reason: z.string().trim().min(1).max(2000) }).strict();
export type WithdrawInput = z.infer<typeof withdrawBody>;

export const previewBody = z
  .object({
    body,
    lang: z.enum(['ja', 'en']),
    scope: scopeSchema,
    marking: tlpSchema,
    ownerOrgId: z.uuid().optional(),
    sharingGroupId: z.uuid().nullable().optional(),
  })
  .strict();
export type PreviewInput = z.infer<typeof previewBody>;
