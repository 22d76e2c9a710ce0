import { z } from 'zod';
import { cweName } from '@cynex/core';
import { CVD_STATUSES } from './cvd.table.js';

/** Limits of what a case carries (bytes of UTF-8 where it says KB). */
export const CVD_LIMITS = {
  proofBytes: 100 * 1024,
  contactSummaryBytes: 10 * 1024,
  attachmentBytes: 10 * 1024 * 1024,
  attachmentsPerCase: 20,
  pageSize: 100,
  query: 200,
} as const;

const utf8Max = (bytes: number, what: string) =>
  z.string().refine((s) => Buffer.byteLength(s, 'utf8') <= bytes, `${what} is at most ${bytes / 1024} KB`);

const line = (max: number) => z.string().trim().max(max);
const text = (max: number) => z.string().max(max);
const cweId = z
  .string()
  .trim()
  .regex(/^CWE-[1-9][0-9]{0,5}$/, 'a CWE id looks like CWE-79')
  .refine((id) => cweName(id) !== undefined, 'not a weakness in the CWE list');
const cveId = z
  .string()
  .trim()
  .regex(/^CVE-(19|20)[0-9]{2}-[0-9]{4,7}$/, 'a CVE id looks like CVE-2022-35733');
const vector = z.string().trim().min(1).max(255);
const future = z.iso
  .datetime({ offset: true })
  .refine((v) => Date.parse(v) > Date.now(), 'the embargo must end in the future');

/** What a case holds that its writers may change (all optional in a PATCH). */
const caseFields = {
  product: line(200).min(1),
  vendorName: line(200).min(1),
  vendorOrgId: z.uuid().nullable(),
  titleJa: line(300),
  titleEn: line(300),
  descriptionJa: text(20_000),
  descriptionEn: text(20_000),
  affectedVersions: text(2000),
  fixedVersions: text(2000),
  proof: utf8Max(CVD_LIMITS.proofBytes, 'proof'),
  reporterCredit: line(200),
  cweId: cweId.nullable(),
  cveId: cveId.nullable(),
  cvss31Vector: vector.nullable(),
  cvss40Vector: vector.nullable(),
  embargoUntil: future.nullable(),
};

export const intakeBody = z
  .object({
    /** The reporting organisation; needed only when the reporter writes for several. */
    reporterOrgId: z.uuid().optional(),
    product: caseFields.product,
    vendorName: caseFields.vendorName,
    vendorOrgId: caseFields.vendorOrgId.optional(),
    titleJa: caseFields.titleJa.default(''),
    titleEn: caseFields.titleEn.default(''),
    descriptionJa: caseFields.descriptionJa.default(''),
    descriptionEn: caseFields.descriptionEn.default(''),
    affectedVersions: caseFields.affectedVersions.default(''),
    fixedVersions: caseFields.fixedVersions.default(''),
    proof: caseFields.proof.default(''),
    reporterCredit: caseFields.reporterCredit.default(''),
    cweId: caseFields.cweId.optional(),
    cveId: caseFields.cveId.optional(),
    cvss31Vector: caseFields.cvss31Vector.optional(),
    cvss40Vector: caseFields.cvss40Vector.optional(),
    embargoUntil: caseFields.embargoUntil.optional(),
  })
  .strict()
  .refine((b) => b.titleJa !== '' || b.titleEn !== '', {
    message: 'a title in Japanese or English is required',
    path: ['titleEn'],
  });
export type IntakeInput = z.infer<typeof intakeBody>;

export const updateBody = z
  .object({ revision: z.number().int().min(1), ...caseFields })
  .partial()
  .required({ revision: true })
  .strict();
export type UpdateInput = z.infer<typeof updateBody>;

export const statusBody = z
  .object({
    to: z.enum(CVD_STATUSES),
    note: text(2000).default(''),
    reason: line(2000).optional(),
  })
  .strict()
  .refine((b) => b.to !== 'closed' || (b.reason ?? '') !== '', {
    message: 'closing a case needs a reason',
    path: ['reason'],
  });
export type StatusInput = z.infer<typeof statusBody>;

export const listQuery = z.object({
  status: z.enum(CVD_STATUSES).optional(),
  q: z.string().trim().max(CVD_LIMITS.query).optional(),
  limit: z.coerce.number().int().min(1).max(CVD_LIMITS.pageSize).default(25),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListQuery = z.infer<typeof listQuery>;

export const contactBody = z
  .object({
    at: z.iso.datetime({ offset: true }),
    direction: z.enum(['outbound', 'inbound', 'internal']),
    contact: line(300).min(1),
    channel: line(100).default(''),
    summary: utf8Max(CVD_LIMITS.contactSummaryBytes, 'summary').pipe(z.string().trim().min(1)),
  })
  .strict();
export type ContactInput = z.infer<typeof contactBody>;

export const coordinatorsBody = z.object({ userIds: z.array(z.uuid()).max(20) }).strict();
export type CoordinatorsInput = z.infer<typeof coordinatorsBody>;

export const caseParam = z.object({ id: z.uuid() });
export const attachmentParam = z.object({ id: z.uuid(), attId: z.uuid() });
