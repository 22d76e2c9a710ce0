import { z } from 'zod';
import { scopeSchema, tlpSchema } from '@cynex/core';

/** Where an imported bundle's objects go: owner, scope and TLP (each object keeps a stricter marking of its own). */
export const importQuerySchema = z.object({
  ownerOrgId: z.uuid().optional(),
  scope: scopeSchema.default('organisation'),
  tlp: tlpSchema.default('AMBER'),
  sharingGroupId: z.uuid().optional(),
  fileName: z.string().max(255).optional(),
});

const stixType = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,249}$/, 'a STIX type such as indicator or ipv4-addr')
  .optional();

export const objectListQuerySchema = z.object({
  type: stixType,
  q: z.string().max(200).optional(),
  importId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const exportQuerySchema = objectListQuerySchema.pick({ type: true, q: true, importId: true });

export const stixIdParam = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]+--[0-9a-f-]{36}$/, 'a STIX id such as indicator--<uuid>'),
});

export const importIdParam = z.object({ id: z.uuid() });

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
