import { z } from 'zod';
import { MAX_VALUE_LENGTH } from './observed-value.js';
import { OBSERVED_KINDS } from './fusion.table.js';
import { RECORD_TYPES } from './fusion-source.js';

const isoTime = z.iso.datetime({ offset: true });

const query = z
  .string()
  .trim()
  .min(
    1,
    'write a value to look up: an address, prefix, domain, URL, hash, e-mail address, ATT&CK id, CVE id or family',
  )
  .max(MAX_VALUE_LENGTH, `a value is at most ${MAX_VALUE_LENGTH} characters`)
  .describe(
    'The value: an IPv4/IPv6 address or prefix (containment both ways), domain, URL, MD5/SHA-1/SHA-256 hash, ' +
      'e-mail address, ATT&CK technique id (T1059, T1059.004), CVE id or malware family name',
  );

const types = z
  .string()
  .max(200)
  .optional()
  .transform((text, ctx) => {
    if (!text) return undefined;
    const list = [
      ...new Set(
        text
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      ),
    ];
    const unknown = list.filter((t) => !(RECORD_TYPES as readonly string[]).includes(t));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown record types ${unknown.join(', ')}; use ${RECORD_TYPES.join(', ')}`,
      });
      return z.NEVER;
    }
    return list;
  })
  .describe(`Comma-separated record types to keep: ${RECORD_TYPES.join(', ')}`);

const filters = {
  kind: z
    .enum(OBSERVED_KINDS)
    .optional()
    .describe(
      'The kind of the value, when the guess from its shape is not the one meant (e.g. a family named like a domain)',
    ),
  types,
  from: isoTime.optional().describe('Only records seen at or after this time (ISO 8601)'),
  to: isoTime.optional().describe('Only records seen at or before this time (ISO 8601)'),
};

export const lookupQuerySchema = z.object({
  q: query,
  ...filters,
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Records per page (default 50, at most 500)'),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type LookupQuery = z.infer<typeof lookupQuerySchema>;

export const graphQuerySchema = z
  .object({
    q: query.optional(),
    record: z
      .string()
      .max(300)
      .regex(/^[a-z_]+:.+$/, 'a record as <type>:<id>, e.g. case:<uuid>')
      .optional()
      .describe('Instead of q: a record node to expand, as <recordType>:<recordId>'),
    ...filters,
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(200)
      .default(100)
      .describe('At most this many record nodes (default 100); at most 200 other value nodes'),
  })
  .refine((v) => (v.q === undefined) !== (v.record === undefined), { message: 'give either q or record', path: ['q'] });
export type GraphQuery = z.infer<typeof graphQuerySchema>;

const recordSchema = z.object({
  recordType: z.string().describe(`One of ${RECORD_TYPES.join(', ')}`),
  recordId: z.string(),
  label: z.string(),
  kind: z.enum(OBSERVED_KINDS).describe('The kind of the value the record mentions'),
  value: z.string().describe('The value as the record mentions it (for a prefix query, the address inside it)'),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  ownerOrgId: z.string().nullable().describe('Null for community material (darknet telescope)'),
  scope: z.string(),
  marking: z.string(),
  link: z.string().nullable().describe('The console path of the record'),
});

export const lookupResponseSchema = z.object({
  query: z.object({ kind: z.enum(OBSERVED_KINDS), value: z.string().describe('The value, normalised') }),
  total: z.number().int().describe('Records (not rows) that mention the value and that the caller may read'),
  groups: z.array(z.object({ recordType: z.string(), count: z.number().int() })),
  records: z.array(recordSchema).describe('One entry per record, newest first'),
});

export const graphResponseSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.string().describe('value:<kind>:<value> or record:<recordType>:<recordId>'),
      kind: z.enum(['value', 'record']),
      type: z.string().describe('The value kind (ip, domain…) or the record type (case, stix…)'),
      label: z.string(),
      value: z.string().optional().describe('Value nodes: the value, to expand with ?q='),
    }),
  ),
  edges: z.array(z.object({ source: z.string(), target: z.string() })),
});
