import { randomInt } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so that a code read aloud or typed from paper is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Crockford's check symbols: the 32 above and five more for the values 32..36. */
const CHECK_SYMBOLS = `${ALPHABET}*~$=U`;
const PREFIX = 'CYNX';
const GROUPS = 4;
const GROUP_LENGTH = 5;
const DATA_LENGTH = GROUPS * GROUP_LENGTH;

/** A verification code as printed: `CYNX-XXXXX-XXXXX-XXXXX-XXXXX-C` (20 random characters and a check symbol). */
export type CertificateCode = string & { readonly __brand: 'CertificateCode' };

/**
 * The check symbol of the data characters: ISO 7064 MOD 37-2 (the pure system, radix 2) over the characters'
 * Crockford values. 37 is prime and 2 generates every non-zero residue, so any one wrong character and any two
 * neighbours swapped change the check symbol.
 */
function checkSymbol(data: string): string {
  let sum = 0;
  for (const char of data) sum = ((sum + ALPHABET.indexOf(char)) * 2) % 37;
  return CHECK_SYMBOLS[(38 - sum) % 37]!;
}

const format = (data: string): CertificateCode =>
  [PREFIX, ...Array.from({ length: GROUPS }, (_, i) => data.slice(i * GROUP_LENGTH, (i + 1) * GROUP_LENGTH))]
    .concat(checkSymbol(data))
    .join('-') as CertificateCode;

/**
 * A new random code (100 bits from the system's CSPRNG); uniqueness is the database's to enforce.
 * @example newCertificateCode() // → 'CYNX-7M2QK-0D9ZR-XW4HT-B6E1N-$'
 */
export function newCertificateCode(random: (max: number) => number = randomInt): CertificateCode {
  let data = '';
  for (let i = 0; i < DATA_LENGTH; i++) data += ALPHABET[random(ALPHABET.length)];
  return format(data);
}

export type ParsedCode =
  { ok: true; code: CertificateCode } | { ok: false; problem: 'malformed' | 'check'; message: string };

/**
 * Reads a code as a person typed it: any case, with or without hyphens and spaces, O for 0 and I or L for 1
 * (Crockford's rules). A code of the wrong shape is 'malformed'; one whose check symbol does not match is a typo
 * ('check'), told apart from a well-formed code that was never issued (which only the database can say).
 * @example parseCertificateCode('cynx 7m2qk 0d9zr xw4ht b6e1n $') // → { ok: true, code: 'CYNX-7M2QK-…-$' }
 */
export function parseCertificateCode(input: string): ParsedCode {
  const malformed = {
    ok: false as const,
    problem: 'malformed' as const,
    message: `a certificate code looks like ${PREFIX}-XXXXX-XXXXX-XXXXX-XXXXX-X`,
  };
  if (input.length > 80) return malformed;
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (!compact.startsWith(PREFIX) || compact.length !== PREFIX.length + DATA_LENGTH + 1) return malformed;
  const data = compact
    .slice(PREFIX.length, PREFIX.length + DATA_LENGTH)
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  const check = compact.slice(-1);
  if ([...data].some((c) => !ALPHABET.includes(c)) || !CHECK_SYMBOLS.includes(check)) return malformed;
  if (checkSymbol(data) !== check) {
    return { ok: false, problem: 'check', message: 'the code has a typo: its check character does not match' };
  }
  return { ok: true, code: format(data) };
}
