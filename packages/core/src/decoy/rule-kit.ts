import type { BehaviourCategory } from '../behaviours.js';

/**
 * Types and helpers of the decoy classifier's rule table (issue 7, item 8): what an action in a decoy world means, as behaviour
 * category and ATT&CK technique ids (v18.1; a test checks every id against the catalogue).
 * Declarative: adding a rule is adding a row. Patterns are simple and anchored so they stay linear on hostile
 * input (a 64 KiB command line).
 */

/** Facts a rule contributes to a session's case facts (see `classifySession`). */
export type RuleEffect = 'ingress' | 'run' | 'outbound';

/** Events matched by kind rather than by command text. */
export type DecoyEventCondition =
  | 'download'
  | 'upload'
  | 'mail_read'
  | 'mail_listed'
  | 'mail_searched'
  | 'mail_sent'
  | 'planted_credential'
  | 'password_guess'
  | 'pivot'
  | 'file_read_credentials';

export type RuleMatch =
  /** A simple command whose program is one of `names`, and whose argument text matches `args` (if given). */
  | {
      on: 'command';
      names?: readonly string[];
      /** Matched against the program word as written, when no list of names fits (`./x`, `ECCHI`). */
      program?: RegExp;
      /** Only when run through busybox. */
      busybox?: boolean;
      args?: RegExp;
      argsNot?: RegExp;
    }
  /** A pattern over the whole command line, for constructs the splitter takes apart (fork bombs, /dev/tcp). */
  | { on: 'line'; pattern: RegExp }
  /** Running a program that arrived earlier in the session (downloaded, uploaded or written by `-O`). */
  | { on: 'run_transferred' }
  | { on: 'event'; condition: DecoyEventCondition };

export interface DecoyRule {
  id: string;
  match: RuleMatch;
  category: BehaviourCategory;
  techniques: readonly string[];
  description: { en: string; ja: string };
  effects?: readonly RuleEffect[];
  /** Only the session's first matching event is a hit (a brute-force session tries many passwords: one behaviour). */
  oncePerSession?: boolean;
}

type Text = [en: string, ja: string];

export function command(
  id: string,
  names: string | readonly string[],
  args: RegExp | undefined,
  category: BehaviourCategory,
  techniques: readonly string[],
  [en, ja]: Text,
  effects?: readonly RuleEffect[],
): DecoyRule {
  const list = typeof names === 'string' ? names.split(' ') : names;
  return { id, match: { on: 'command', names: list, args }, category, techniques, description: { en, ja }, effects };
}

export const CAT = ['cat', 'head', 'tail', 'more', 'less', 'grep', 'strings', 'type'];
export const FETCH_URL = /(https?|ftp|tftp):\/\/|(^|\s)-[a-zA-Z]*[oO](\s|$)/i;
/** A word that is not an option: ssh's destination (option values such as `-p 22` count too, harmlessly). */
export const SSH_TARGET = /(^|\s)[^-\s]/;
export const UPLOAD_FLAGS = /(^|\s)(-T|--upload-file|-F|--form|--post-file|--data-binary)(\s|=|$)/;
