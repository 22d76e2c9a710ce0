import { createHmac, timingSafeEqual } from 'node:crypto';

/** Who a flag belongs to: the flag is bound to one learner, one lab and one running instance. */
export interface FlagOwner {
  learnerId: string;
  labId: string;
  instanceId: string;
}

export type FlagVerdict = 'valid' | 'invalid';

const FLAG_PREFIX = 'cynex{';
const FLAG_HEX_LENGTH = 32;
/** Longer submissions are rejected before any HMAC work: a flag is 39 characters. */
const MAX_SUBMITTED_LENGTH = 256;

function flagInput(owner: FlagOwner): string {
  for (const part of [owner.learnerId, owner.labId, owner.instanceId]) {
    // The NUL separator is what keeps ("a\0b", "c") and ("a", "b\0c") apart; an id holding one would blur it.
    if (part.length === 0 || part.includes('\0')) throw new TypeError('flag ids must be non-empty and hold no NUL');
  }
  return `${owner.learnerId}\0${owner.labId}\0${owner.instanceId}`;
}

/**
 * The flag a lab instance reveals once its exploit succeeds: an HMAC of learner, lab and instance, so a flag copied
 * from another learner does not verify.
 *
 * @example
 * flagFor(key, 'learner-1', 'sqli', 'inst-1') // 'cynex{3f0c…}' (32 hex digits)
 */
export function flagFor(key: Buffer, learnerId: string, labId: string, instanceId: string): string {
  const mac = createHmac('sha256', key).update(flagInput({ learnerId, labId, instanceId })).digest('hex');
  return `${FLAG_PREFIX}${mac.slice(0, FLAG_HEX_LENGTH)}}`;
}

/** Constant-time comparison of a submission with an expected flag (a length difference is not a secret). */
function sameFlag(expected: string, submitted: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(submitted, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function normalise(submitted: string): string | undefined {
  if (submitted.length > MAX_SUBMITTED_LENGTH) return undefined;
  // Learners paste flags with stray spaces or a trailing newline.
  return submitted.trim();
}

/**
 * Checks a learner's submission against the flag of their own instance.
 *
 * @example
 * checkFlag(key, submitted, { learnerId: 'learner-1', labId: 'sqli', instanceId: 'inst-1' }) // 'valid'
 */
export function checkFlag(key: Buffer, submitted: string, owner: FlagOwner): FlagVerdict {
  const candidate = normalise(submitted);
  if (candidate === undefined) return 'invalid';
  return sameFlag(flagFor(key, owner.learnerId, owner.labId, owner.instanceId), candidate) ? 'valid' : 'invalid';
}

/**
 * Finds whose flag a submission is among the candidates (e.g. the other learners' instances of the same lab), so
 * that a copied flag can be reported to the instructor. Undefined when it is nobody's.
 *
 * @example
 * whoseFlag(key, copied, otherInstances) // { learnerId: 'learner-2', labId: 'sqli', instanceId: 'inst-7' }
 */
export function whoseFlag<T extends FlagOwner>(
  key: Buffer,
  submitted: string,
  candidates: readonly T[],
): T | undefined {
  const candidate = normalise(submitted);
  if (candidate === undefined) return undefined;
  let owner: T | undefined;
  // Every candidate is checked, found or not, so the time taken does not tell which one matched.
  for (const c of candidates) {
    if (sameFlag(flagFor(key, c.learnerId, c.labId, c.instanceId), candidate) && owner === undefined) owner = c;
  }
  return owner;
}
