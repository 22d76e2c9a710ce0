import { z } from 'zod';

/** The one media type TAXII 2.1 speaks, for requests and responses. */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
/** The media type of the STIX objects a collection holds (manifest entries name it). */
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

/** Collections are views of the one store by scope; their ids are fixed so that clients can keep them. */
export const COLLECTIONS = {
  community: '96663c21-9637-4c3a-886c-e29ccbccb4bc',
  myOrganisation: 'c9b83012-45b0-4134-a60a-b779beac8586',
} as const;
/** The community API root's name in its URL (`/taxii2/api/`); every other root is an organisation's slug. */
export const COMMUNITY_ROOT = 'api';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

const STIX_ID = /^[a-z][a-z0-9-]{0,249}--[0-9a-fA-F-]{36}$/;
const STIX_TYPE = /^[a-z][a-z0-9-]{0,249}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** A comma-separated TAXII filter value, each item checked; at most 100 items. */
const list = (pattern: RegExp, what: string) =>
  z
    .string()
    .max(10_000)
    .refine(
      (value) => {
        const items = value.split(',');
        return items.length <= 100 && items.every((item) => pattern.test(item));
      },
      { message: `a comma-separated list of ${what}` },
    )
    .optional();

const VERSION_ITEM = new RegExp(`^(last|first|all|${TIMESTAMP.source.slice(1, -1)})$`);

export const objectsQuerySchema = z.object({
  added_after: z.string().regex(TIMESTAMP, 'a UTC timestamp such as 2026-01-01T00:00:00.000Z').optional(),
  limit: z.coerce.number().int().min(1).optional(),
  next: z.string().max(200).optional(),
  'match[id]': list(STIX_ID, 'STIX ids'),
  'match[type]': list(STIX_TYPE, 'STIX types'),
  'match[version]': list(VERSION_ITEM, 'last, first, all or UTC timestamps'),
  'match[spec_version]': list(/^\d\.\d$/, 'STIX specification versions such as 2.1'),
});
export type ObjectsQuery = z.infer<typeof objectsQuerySchema>;

export const versionsQuerySchema = objectsQuerySchema.pick({
  added_after: true,
  limit: true,
  next: true,
  'match[spec_version]': true,
});

const root = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'an API root: api or an organisation slug');
export const rootParam = z.object({ root });
export const collectionParam = z.object({ root, id: z.uuid() });
export const objectParam = z.object({
  root,
  id: z.uuid(),
  objectId: z.string().regex(STIX_ID, 'a STIX id such as indicator--<uuid>'),
});

/** An add-objects request: a TAXII envelope; each object is checked by the import, not here. */
export const envelopeSchema = z.object({ objects: z.array(z.unknown()) });
export const deleteQuerySchema = objectsQuerySchema.pick({ 'match[version]': true });
export const statusParam = z.object({ root, statusId: z.uuid() });
