import { domainToASCII } from 'node:url';
import { canonicalIp, parseCidr } from '../telescope/ip-address.js';
import { normalise } from '../fusion/observed-value.js';
import type { WatchlistKind } from './watchlists.table.js';

/** A watchlist value written the way the fusion index writes values, or why it cannot be watched. */
export type NormalisedEntry = { ok: true; value: string; addr: string | null } | { ok: false; reason: string };

/**
 * The widest prefixes an organisation may watch. Wider ones would match a large part of the Internet and only
 * raise noise; they are stricter than the telescope's member prefixes for IPv6 (/32 is a typical allocation).
 */
export const WATCH_MIN_PREFIX = { 4: 8, 6: 32 } as const;
export const KEYWORD_LENGTH = { min: 3, max: 200 } as const;

/** A host name as the fusion index writes it (IDNs in punycode), or undefined when it is none. */
export function normaliseDomain(input: string): string | undefined {
  const text = input.trim().toLowerCase().replace(/\.$/, '');
  if (text === '' || text.length > 253 || canonicalIp(text)) return undefined;
  const ascii = domainToASCII(text);
  return ascii ? normalise('domain', ascii) : undefined;
}

/**
 * Checks and normalises a value of a kind: canonical addresses and prefixes, lower-case host names (IDNs in
 * punycode), e-mail addresses and hashes, keywords trimmed and lower-cased (they match case-insensitively).
 */
export function normaliseEntry(kind: WatchlistKind, input: string): NormalisedEntry {
  switch (kind) {
    case 'address': {
      const value = canonicalIp(input);
      return value
        ? { ok: true, value, addr: value }
        : { ok: false, reason: 'one IPv4 or IPv6 address, e.g. 192.0.2.1' };
    }
    case 'prefix': {
      const parsed = parseCidr(input);
      if (!parsed.ok) return { ok: false, reason: parsed.reason };
      const min = WATCH_MIN_PREFIX[parsed.cidr.version];
      if (parsed.cidr.prefix < min) {
        return { ok: false, reason: `IPv${parsed.cidr.version} prefixes wider than /${min} cannot be watched` };
      }
      return { ok: true, value: parsed.text, addr: parsed.text };
    }
    case 'domain': {
      const value = normaliseDomain(input);
      return value
        ? { ok: true, value, addr: null }
        : { ok: false, reason: 'a host name with at least two labels, e.g. example.jp' };
    }
    case 'email': {
      const [local = '', domain = ''] = input.trim().split(/@(?=[^@]*$)/);
      const ascii = normaliseDomain(domain);
      const value = ascii && normalise('email', `${local}@${ascii}`);
      return value ? { ok: true, value, addr: null } : { ok: false, reason: 'an e-mail address, e.g. soc@example.jp' };
    }
    case 'hash': {
      const value = normalise('hash', input);
      return value
        ? { ok: true, value, addr: null }
        : { ok: false, reason: 'an MD5, SHA-1, SHA-256 or SHA-512 hash in hex (32, 40, 64 or 128 characters)' };
    }
    case 'keyword': {
      const value = input.trim().replace(/\s+/g, ' ').toLowerCase();
      return value.length >= KEYWORD_LENGTH.min && value.length <= KEYWORD_LENGTH.max
        ? { ok: true, value, addr: null }
        : { ok: false, reason: `a keyword of ${KEYWORD_LENGTH.min} to ${KEYWORD_LENGTH.max} characters` };
    }
  }
}
