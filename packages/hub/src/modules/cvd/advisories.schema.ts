import { z } from 'zod';

/** Limits of what a publish request carries. */
export const ADVISORY_LIMITS = {
  summary: 2000,
  overrideReason: 1000,
  /** Affected or fixed version entries taken from a case (one product branch each). */
  versions: 50,
  versionLength: 200,
} as const;

export const advisoryLang = z.enum(['en', 'ja']);
export type AdvisoryLang = z.infer<typeof advisoryLang>;

export const advisoryPreviewQuery = z.object({ lang: advisoryLang.optional() }).strict();

export const advisoryPublishBody = z
  .object({
    /** What this version says or changes (CSAF revision_history summary); a default is used when absent. */
    summary: z.string().trim().min(1).max(ADVISORY_LIMITS.summary).optional(),
    /** Language of the CSAF document; default: English when the case has an English title, else Japanese. */
    lang: advisoryLang.optional(),
    /** Publishing before the embargo ends needs a reason (kept in the audit log). */
    embargoOverrideReason: z.string().trim().min(1).max(ADVISORY_LIMITS.overrideReason).optional(),
  })
  .strict();
export type AdvisoryPublishInput = z.infer<typeof advisoryPublishBody>;
