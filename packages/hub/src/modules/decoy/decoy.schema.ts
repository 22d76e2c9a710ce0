import { z } from 'zod';
import { decoyBindingsSchema, decoySensorStatusSchema, tlpSchema } from '@cynex/core';
import { LANGS, LIMITS, SECTORS } from '@cynex/sensor';

const slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and "-", starting with a letter or digit');
const sensorId = decoySensorStatusSchema.shape.sensorId;

/** The sensor's status, with the counters of what it dropped (limits) and what the hub refused. */
export const decoyStatusBodySchema = decoySensorStatusSchema.extend({
  dropped: z.number().int().min(0).optional(),
  rejected: z.number().int().min(0).optional(),
});
export type DecoyStatusBody = z.infer<typeof decoyStatusBodySchema>;

/** Worlds are shared within the owner organisation or the community; RED and group scopes are not offered. */
const worldTlp = tlpSchema.exclude(['RED']);
const worldScope = z.enum(['organisation', 'community', 'public']);

export const worldGenerateSchema = z.strictObject({
  sector: z.enum(SECTORS),
  lang: z.enum(LANGS),
  employees: z.number().int().min(LIMITS.employees.min).max(LIMITS.employees.max),
  hosts: z.number().int().min(LIMITS.hosts.min).max(LIMITS.hosts.max),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
});

export const worldCreateSchema = z
  .strictObject({
    id: slug,
    sensorId,
    definition: z
      .string()
      .min(1)
      .max(20 * 1024 * 1024)
      .optional(),
    generate: worldGenerateSchema.optional(),
    bindings: decoyBindingsSchema.default({}),
    /** Binding a service to a non-loopback address exposes it: it must be asked for explicitly. */
    allowPublic: z.boolean().default(false),
    fetchEnabled: z.boolean().default(false),
    tlp: worldTlp.default('AMBER'),
    scope: worldScope.default('organisation'),
    /** The organisation owning the world's observations; by default the creator's first. */
    ownerOrgId: z.uuid().optional(),
  })
  .refine((b) => (b.definition === undefined) !== (b.generate === undefined), {
    message: 'give exactly one of definition (YAML) or generate',
    path: ['definition'],
  });
export type WorldCreateBody = z.infer<typeof worldCreateSchema>;

export const worldUpdateSchema = z.strictObject({
  definition: z
    .string()
    .min(1)
    .max(20 * 1024 * 1024)
    .optional(),
  bindings: decoyBindingsSchema.optional(),
  allowPublic: z.boolean().default(false),
  fetchEnabled: z.boolean().optional(),
  tlp: worldTlp.optional(),
  scope: worldScope.optional(),
  sensorId: sensorId.optional(),
});
export type WorldUpdateBody = z.infer<typeof worldUpdateSchema>;

export const worldLendSchema = z.strictObject({ orgId: z.uuid().nullable() });

export const worldIdParam = z.object({ id: z.string().min(1).max(128) });
export const sensorParam = z.object({ sensorId });
export const sha256Param = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits') });

export const worldListQuerySchema = z.object({
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type WorldListQuery = z.infer<typeof worldListQuerySchema>;

/** An ATT&CK technique or sub-technique id as the classifier writes it. */
const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;

export const sessionListQuerySchema = z.object({
  world: z.string().max(128).optional(),
  caseId: z.uuid().optional(),
  src: z.string().max(64).optional(),
  /** Sessions the classifier found using this technique; a technique also finds its sub-techniques. */
  technique: z.string().regex(TECHNIQUE_ID, 'an ATT&CK technique id such as T1110 or T1110.001').optional(),
  live: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** The opaque cursor of the previous page (`nextCursor`). */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type SessionListQuery = z.infer<typeof sessionListQuerySchema>;

export const sessionIdParam = z.object({ id: z.uuid() });
export const recordingQuerySchema = z.object({ fromSeq: z.coerce.number().int().min(0).default(0) });
