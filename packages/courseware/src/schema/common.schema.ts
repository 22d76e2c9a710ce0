import { z } from 'zod';

export const LANGS = ['ja', 'en'] as const;
export const langSchema = z.enum(LANGS);

const text = z.string().trim().min(1, 'must not be empty');

/** `{ ja: "…", en: "…" }`; which languages are required is checked where the languages are known. */
export const localizedTextSchema = z
  .strictObject({ ja: text.optional(), en: text.optional() })
  .refine((t) => t.ja !== undefined || t.en !== undefined, 'needs a text in ja or en');
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** Module, course and assessment ids: `^[a-z0-9][a-z0-9-]{1,63}$`. */
export const contentIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'an id is lower-case letters, digits and "-", 2–64 characters');

/**
 * A KSA reference `<ID>_<level>` (`K0060_2`). The shape is checked here; the level (1–6) and whether the id is in
 * the NICE catalogue are checked by the loader, so that each gets its own error.
 */
export const ksaRefSchema = z
  .string()
  .regex(/^[KSA]\d{4}_\d+$/, 'a KSA reference is <ID>_<level>, e.g. K0060_2 (K/S/A + 4 digits, level 1–6)');

/** A NICE work role id (`PR-CDA-001`); whether it exists is checked by the loader. */
export const workRoleIdSchema = z.string().regex(/^[A-Z]{2}-[A-Z]{3}-\d{3}$/, 'a NICE work role id, e.g. PR-CDA-001');
