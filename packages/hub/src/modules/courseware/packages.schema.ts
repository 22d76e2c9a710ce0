import { scopeSchema, tlpSchema } from '@cynex/core';
import { z } from 'zod';

/** The largest package archive the hub takes; larger uploads get 413 before they are read. */
export const PACKAGE_LIMIT_BYTES = 20 * 1024 * 1024;

/** A package's name, shown in the console and unique within its organisation. */
const name = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}/\\]+$/u, 'no control characters, "/" or "\\"');

/** Recipients of a TLP:RED package, as a comma-separated list (the body is the archive). */
const recipientList = z
  .string()
  .max(200 * 37)
  .transform((value) =>
    value
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.uuid()).max(200));

export const orgPackagesParam = z.object({ id: z.uuid() });
export const packageParam = z.object({ id: z.uuid() });

/** The sharing and name of an import, in the query string: the request body is the zip itself. */
export const packageImportQuery = z
  .object({
    name,
    scope: scopeSchema.default('organisation'),
    marking: tlpSchema.default('AMBER'),
    sharingGroupId: z.uuid().optional(),
    recipientUserIds: recipientList.default([]),
  })
  .strict();
export type PackageImport = z.infer<typeof packageImportQuery>;

/** A change of a package's sharing (the content changes by importing it again under the same name). */
export const packageUpdateBody = z
  .object({
    scope: scopeSchema,
    marking: tlpSchema,
    sharingGroupId: z.uuid().nullable(),
    recipientUserIds: z.array(z.uuid()).max(200),
  })
  .partial()
  .strict();
export type PackageUpdate = z.infer<typeof packageUpdateBody>;
