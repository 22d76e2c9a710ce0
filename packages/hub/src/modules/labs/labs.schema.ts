import { z } from 'zod';
import { MAX_EDITABLE_BYTES } from './labs.service.js';

export const labParam = z.object({ labId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/) });
export const instanceParam = z.object({ id: z.uuid() });
export const orgParam = z.object({ id: z.uuid() });

export const startBody = z
  .object({
    level: z.string().min(1).max(64),
    /** The organisation the lab is run under (whose instructors see the results); needed with several. */
    orgId: z.uuid().optional(),
  })
  .strict();

export const resetBody = z.object({ pristine: z.boolean().optional() }).strict().optional();

export const filesBody = z
  .object({
    files: z
      .record(z.string().min(1).max(200), z.string().max(MAX_EDITABLE_BYTES))
      .refine((files) => Object.keys(files).length > 0 && Object.keys(files).length <= 20, 'one to 20 files'),
  })
  .strict();

export const flagBody = z.object({ flag: z.string().min(1).max(256) }).strict();

export const hintParam = z.object({ id: z.uuid(), hintId: z.string().regex(/^[a-z0-9-]{1,40}$/) });

export const shellBody = z
  .object({
    line: z.string().max(1000),
    /** The terminal's session: the lab's scratch shell keeps a working directory per session. */
    sid: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  })
  .strict();
