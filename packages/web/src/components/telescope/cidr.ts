/** Client-side checks of a CIDR prefix before it goes to the hub (which checks again). */

export type CidrProblem = 'empty' | 'noLength' | 'format' | 'length' | 'hostBits' | 'tooWide';

/** The widest prefixes the hub accepts. */
export const MIN_PREFIX = { 4: 8, 6: 16 } as const;

export interface CidrCheck {
  ok: boolean;
  problem?: CidrProblem;
  /** The network address with the same length, when host bits were set or the text was not canonical. */
  suggestion?: string;
  version?: 4 | 6;
}

function parseIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255 || (part.length > 1 && part.startsWith('0'))) return null;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseIpv6(text: string): bigint | null {
  if (!/^[0-9a-f:.]+$/i.test(text) || text.includes(':::')) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string): number[] | null => {
    if (half === '') return [];
    const result: number[] = [];
    const pieces = half.split(':');
    for (const [index, piece] of pieces.entries()) {
      if (piece.includes('.')) {
        // an embedded IPv4 address, only at the end
        if (index !== pieces.length - 1) return null;
        const v4 = parseIpv4(piece);
        if (v4 === null) return null;
        result.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9a-f]{1,4}$/i.test(piece)) return null;
        result.push(parseInt(piece, 16));
      }
    }
    return result;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return all.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

/** Whether the text is one IPv4 or IPv6 address. */
export function isIpAddress(text: string): boolean {
  const value = text.trim();
  return value.includes(':') ? parseIpv6(value) !== null : parseIpv4(value) !== null;
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/** RFC 5952 text: lower case, leading zeros dropped, the longest run of zero groups as '::'. */
function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, index) => Number((value >> BigInt((7 - index) * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 0;
  for (let index = 0; index < 8;) {
    if (groups[index] !== 0) {
      index += 1;
      continue;
    }
    let end = index;
    while (end < 8 && groups[end] === 0) end += 1;
    if (end - index > bestLength && end - index > 1) {
      bestStart = index;
      bestLength = end - index;
    }
    index = end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function checkCidr(input: string): CidrCheck {
  const text = input.trim();
  if (!text) return { ok: false, problem: 'empty' };
  const [address = '', length, ...rest] = text.split('/');
  if (rest.length > 0) return { ok: false, problem: 'format' };
  const version: 4 | 6 = address.includes(':') ? 6 : 4;
  const value = version === 4 ? parseIpv4(address) : parseIpv6(address);
  if (value === null) return { ok: false, problem: 'format' };
  const bits = version === 4 ? 32 : 128;
  if (length === undefined) {
    const whole = `${version === 4 ? formatIpv4(value) : formatIpv6(value)}/${bits}`;
    return { ok: false, problem: 'noLength', suggestion: whole, version };
  }
  if (!/^\d{1,3}$/.test(length) || Number(length) > bits) return { ok: false, problem: 'length', version };
  const prefix = Number(length);
  if (prefix < MIN_PREFIX[version]) return { ok: false, problem: 'tooWide', version };
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  const network = value & ~hostMask;
  const canonical = `${version === 4 ? formatIpv4(network) : formatIpv6(network)}/${prefix}`;
  if ((value & hostMask) !== 0n) return { ok: false, problem: 'hostBits', suggestion: canonical, version };
  return { ok: true, version, suggestion: canonical === text.toLowerCase() ? undefined : canonical };
}

/** A loose check of an e-mail address (the hub decides). */
export function looksLikeEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
}

/** Splits a recipients field on commas, semicolons, spaces and new lines. */
export function splitEmails(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((entry) => entry.trim())
        .filter(Boolean),
    ),
  ];
}

/** 'ok', or why a webhook URL cannot be used: https only (http to localhost is not allowed either). */
export function checkWebhookUrl(text: string): 'ok' | 'empty' | 'invalid' | 'https' {
  const value = text.trim();
  if (!value) return 'empty';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'invalid';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'invalid';
  if (url.protocol !== 'https:') return 'https';
  return url.hostname ? 'ok' : 'invalid';
}
