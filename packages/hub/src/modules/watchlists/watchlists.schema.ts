import { z } from 'zod';
import { normaliseEntry } from './watchlist-entry.js';
import { WATCHLIST_KINDS } from './watchlists.table.js';

/** Entries one request may add. */
export const MAX_BULK_ENTRIES = 1000;

const kind = z.enum(WATCHLIST_KINDS);
const value = z.string().max(320);
const note = z.string().trim().max(500);

const entryInput = z
  .object({ kind, value, note: note.optional() })
  .strict()
  .superRefine((entry, ctx) => {
    const parsed = normaliseEntry(entry.kind, entry.value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', path: ['value'], message: parsed.reason });
  });

/** One entry (`kind`, `value`, `note`) or up to 1,000 as `entries`. */
export const createBody = z
  .object({
    kind: kind.optional(),
    value: value.optional(),
    note: note.optional(),
    entries: z.array(entryInput).min(1).max(MAX_BULK_ENTRIES).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.entries) {
      if (body.kind !== undefined || body.value !== undefined || body.note !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['entries'], message: 'send one entry or entries, not both' });
      }
      return;
    }
    if (body.kind === undefined)
      ctx.addIssue({ code: 'custom', path: ['kind'], message: `one of ${WATCHLIST_KINDS.join(', ')}` });
    if (body.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: 'the value to watch' });
    if (body.kind === undefined || body.value === undefined) return;
    const parsed = normaliseEntry(body.kind, body.value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', path: ['value'], message: parsed.reason });
  });
export type CreateBody = z.infer<typeof createBody>;

export const orgParam = z.object({ id: z.uuid() });
export const entryParam = z.object({ id: z.uuid(), entryId: z.uuid() });

export const listQuery = z.object({
  q: z.string().trim().max(200).optional(),
  kind: kind.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
