/**
 * The decoy classifier's rule table (issue 7, item 8): what an action in a decoy world means, as behaviour
 * category and ATT&CK technique ids (v18.1; a test checks every id against the catalogue). The rows live in
 * `rules-discovery.ts` and `rules-activity.ts`; types and row helpers in `rule-kit.ts`.
 */
import type { DecoyRule } from './rule-kit.js';
import { PERSISTENCE_AND_EVASION, LATER_STAGES, TRANSFER_AND_EXECUTION } from './rules-activity.js';
import { LINUX_DISCOVERY, WINDOWS_DISCOVERY } from './rules-discovery.js';

export type { DecoyEventCondition, DecoyRule, RuleEffect, RuleMatch } from './rule-kit.js';

/** Every rule, in the order they are tried; a command may match several. */
export const DECOY_RULES: readonly DecoyRule[] = [
  ...LINUX_DISCOVERY,
  ...WINDOWS_DISCOVERY,
  ...TRANSFER_AND_EXECUTION,
  ...PERSISTENCE_AND_EVASION,
  ...LATER_STAGES,
];
