import { canonicalIp, formatIp, MIN_PREFIX, parseIp } from '../telescope/ip-address.js';
import type { ObservedKind } from './fusion.table.js';

/** A value a record mentions, normalised (see {@link normalise}). */
export interface ObservedValue {
  kind: ObservedKind;
  value: string;
}

/** The longest value the index and the lookup take (URLs can be long; anything longer is not a value). */
export const MAX_VALUE_LENGTH = 2048;

const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9_](?:[a-z0-9-_]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@((?:[a-z0-9-]{1,63}\.)+[a-z]{2,63})$/;
const URL_SHAPE = /^([a-z][a-z0-9+.-]{1,15}):\/\/([^/?#\s]+)([^\s]*)$/i;
const HASH = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/;
const ATTACK = /^T\d{4}(?:\.\d{3})?$/;
const CVE = /^CVE-\d{4}-\d{4,7}$/;
const FAMILY = /^[\p{L}\p{N}][\p{L}\p{N} ._:/()+-]{0,99}$/u;

/** File names look like domains (`gate.php`, `invoice.pdf`); these extensions are no top-level domains anyone uses. */
const FILE_NAME =
  /\.(exe|dll|sys|scr|bat|cmd|vbs|js|jse|ps1|psm1|sh|py|pl|php|asp|aspx|jsp|txt|log|cfg|conf|ini|json|xml|csv|doc|docx|xls|xlsx|xlsm|ppt|pptx|pdf|rtf|zip|rar|7z|tar|gz|tgz|bz2|iso|img|lnk|hta|bin|elf|so|apk|jar|msi|tmp|dat|db|bak|old|png|jpg|jpeg|gif|html|htm|css)$/i;

/** An address (canonical) or a prefix (network address and length; a full-length prefix is the address). */
function normaliseIp(raw: string): string | undefined {
  const slash = raw.indexOf('/');
  if (slash < 0) return canonicalIp(raw);
  const ip = parseIp(raw.slice(0, slash));
  const lengthText = raw.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(lengthText)) return undefined;
  const length = Number(lengthText);
  const max = ip.version === 4 ? 32 : 128;
  if (length > max || length < MIN_PREFIX[ip.version]) return undefined;
  if (length === max) return canonicalIp(raw.slice(0, slash));
  const bytes = ip.bytes.slice();
  for (let bit = length; bit < bytes.length * 8; bit += 1) bytes[bit >> 3]! &= ~(1 << (7 - (bit & 7)));
  return `${formatIp({ version: ip.version, bytes })}/${length}`;
}

function normaliseUrl(raw: string): string | undefined {
  const match = URL_SHAPE.exec(raw);
  if (!match) return undefined;
  const [, scheme, host, rest] = match as unknown as [string, string, string, string];
  return `${scheme.toLowerCase()}://${host.toLowerCase()}${rest === '/' ? '' : rest}`;
}

/**
 * The one spelling of a value the index keys on, or undefined when the text is not a value of that kind:
 * canonical addresses and prefixes (host bits cleared), lower-case domains, URLs' scheme and host, e-mail
 * addresses and hashes, upper-case ATT&CK and CVE ids, families lower-case with single spaces.
 * @example normalise('domain', 'Evil.Example.') // 'evil.example'
 */
export function normalise(kind: ObservedKind, raw: string): string | undefined {
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_VALUE_LENGTH) return undefined;
  switch (kind) {
    case 'ip':
      return normaliseIp(text);
    case 'domain': {
      const domain = text.toLowerCase().replace(/\.$/, '');
      return DOMAIN.test(domain) && !FILE_NAME.test(domain) ? domain : undefined;
    }
    case 'url':
      return normaliseUrl(text);
    case 'hash': {
      const hash = text.toLowerCase();
      return HASH.test(hash) ? hash : undefined;
    }
    case 'email': {
      const email = text.toLowerCase();
      return EMAIL.test(email) ? email : undefined;
    }
    case 'attack': {
      const id = text.toUpperCase();
      return ATTACK.test(id) ? id : undefined;
    }
    case 'cve': {
      const id = text.toUpperCase();
      return CVE.test(id) ? id : undefined;
    }
    case 'family': {
      const family = text.replace(/\s+/g, ' ').toLowerCase();
      return FAMILY.test(family) && !/^unknown$/.test(family) ? family : undefined;
    }
  }
}

/** The order in which a query string is tried: the most specific shapes first, a family name last. */
const CLASSIFY_ORDER: readonly ObservedKind[] = ['ip', 'cve', 'attack', 'hash', 'email', 'url', 'domain', 'family'];

/**
 * Guesses what kind of value a query string is, normalised; undefined when it is none.
 * @example classify('203.0.113.0/24') // { kind: 'ip', value: '203.0.113.0/24' }
 */
export function classify(raw: string): ObservedValue | undefined {
  for (const kind of CLASSIFY_ORDER) {
    const value = normalise(kind, raw);
    if (value !== undefined) return { kind, value };
  }
  return undefined;
}

/** Private, loopback and link-local addresses name nothing outside the network that wrote them. */
export function isInternalIp(ip: string): boolean {
  if (ip.includes(':')) return /^(::1?$|fe[89ab][0-9a-f]:|f[cd][0-9a-f]{2}:)/i.test(ip);
  const [a, b] = ip.split('.').map(Number) as [number, number];
  return (
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 172 && b >= 16 && b < 32) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254)
  );
}

/** Adds a value once (by kind and value). */
function add(found: Map<string, ObservedValue>, kind: ObservedKind, raw: string): void {
  const value = normalise(kind, raw);
  if (value !== undefined) found.set(`${kind}|${value}`, { kind, value });
}

/** The longest text searched for values; past it, the rest of a note is ignored. */
const MAX_TEXT = 100_000;

/**
 * The values an analyst wrote in free text: URLs, e-mail addresses, addresses (not private ones), domains (not file
 * names such as invoice.pdf), MD5/SHA-1/SHA-256/SHA-512 hashes, CVE and ATT&CK ids.
 * @example valuesIn('beacon to http://c2.example/gate.php from 203.0.113.7') // url, ip
 */
export function valuesIn(input: string): ObservedValue[] {
  const found = new Map<string, ObservedValue>();
  let text = input.slice(0, MAX_TEXT);
  const urls = text.match(/\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s"'<>()[\]{}]+/gi) ?? [];
  for (const url of urls) add(found, 'url', url.replace(/[.,;:!?]+$/, ''));
  for (const url of urls) text = text.replace(url, ' ');
  const emails = text.match(/[a-z0-9._%+-]{1,64}@(?:[a-z0-9-]{1,63}\.)+[a-z]{2,63}/gi) ?? [];
  for (const email of emails) add(found, 'email', email);
  for (const email of emails) text = text.replace(email, ' ');
  for (const cve of text.match(/\bCVE-\d{4}-\d{4,7}\b/gi) ?? []) add(found, 'cve', cve);
  for (const id of text.match(/\bT\d{4}(?:\.\d{3})?\b/g) ?? []) add(found, 'attack', id);
  for (const hash of text.match(/\b[0-9a-f]{32,128}\b/gi) ?? []) add(found, 'hash', hash);
  for (const token of text.split(/[\s,;()"'<>[\]{}|=]+/)) {
    if (token.length === 0) continue;
    const bare = token.replace(/[.:!?]+$/, '');
    const ip = canonicalIp(bare) ?? canonicalIp(bare.replace(/:\d{1,5}$/, ''));
    if (ip !== undefined) {
      if (!isInternalIp(ip)) found.set(`ip|${ip}`, { kind: 'ip', value: ip });
      continue;
    }
    if (bare.includes('/') && normaliseIp(bare) !== undefined) {
      add(found, 'ip', bare);
      continue;
    }
    add(found, 'domain', bare.replace(/:\d{1,5}$/, ''));
  }
  return [...found.values()];
}

const PATTERN_OBJECT: Record<string, ObservedKind> = {
  'ipv4-addr': 'ip',
  'ipv6-addr': 'ip',
  'domain-name': 'domain',
  url: 'url',
  'email-addr': 'email',
};

/**
 * The values a STIX pattern compares against: `[ipv4-addr:value = '198.51.100.1']`, `ISSUBSET '198.51.100.0/24'`,
 * `[file:hashes.'SHA-256' = '…']`, domain names, URLs and e-mail addresses (other comparisons are ignored).
 */
export function stixPatternValues(pattern: string): ObservedValue[] {
  const found = new Map<string, ObservedValue>();
  const comparison =
    /([a-z0-9-]+):([a-z0-9_.'-]+)\s+(?:=|ISSUBSET|ISSUPERSET|IN|LIKE)\s+(?:\(\s*)?'((?:[^'\\]|\\.)*)'/gi;
  for (const match of pattern.slice(0, MAX_TEXT).matchAll(comparison)) {
    const [, type, path, quoted] = match as unknown as [string, string, string, string];
    const literal = quoted.replace(/\\(.)/g, '$1');
    const objectType = type.toLowerCase();
    if (objectType === 'file' && /^hashes\./i.test(path)) add(found, 'hash', literal);
    else if (objectType === 'email-message' && /_ref\.value$/i.test(path)) add(found, 'email', literal);
    else if (PATTERN_OBJECT[objectType] && path === 'value') add(found, PATTERN_OBJECT[objectType], literal);
  }
  return [...found.values()];
}

type StixObject = Record<string, unknown>;

const externalIds = (object: StixObject, source: RegExp): string[] =>
  (Array.isArray(object.external_references) ? (object.external_references as StixObject[]) : [])
    .filter((ref) => typeof ref.source_name === 'string' && source.test(ref.source_name))
    .map((ref) => ref.external_id)
    .filter((id): id is string => typeof id === 'string');

const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];

/**
 * The values one STIX object mentions by itself: an SCO's value or hashes, an indicator's pattern, an
 * attack-pattern's ATT&CK id, a malware family's name and aliases, a vulnerability's CVE id. A sighting has none of
 * its own (it mentions its indicator's values; the indexer looks those up).
 */
export function stixObjectValues(object: StixObject): ObservedValue[] {
  const found = new Map<string, ObservedValue>();
  const type = String(object.type);
  const kind = PATTERN_OBJECT[type];
  if (kind && typeof object.value === 'string') add(found, kind, object.value);
  switch (type) {
    case 'file':
      if (object.hashes && typeof object.hashes === 'object')
        for (const hash of Object.values(object.hashes as StixObject))
          if (typeof hash === 'string') add(found, 'hash', hash);
      break;
    case 'indicator':
      if (typeof object.pattern === 'string' && (object.pattern_type ?? 'stix') === 'stix')
        for (const v of stixPatternValues(object.pattern)) found.set(`${v.kind}|${v.value}`, v);
      break;
    case 'attack-pattern':
      for (const id of externalIds(object, /^mitre-(attack|mobile-attack|ics-attack)$/)) add(found, 'attack', id);
      break;
    case 'malware':
      for (const name of [...strings(object.name), ...strings(object.aliases)]) add(found, 'family', name);
      break;
    case 'vulnerability':
      for (const id of [...strings(object.name), ...externalIds(object, /^cve$/i)]) add(found, 'cve', id);
      break;
  }
  return [...found.values()];
}

/** A short label of a STIX object for lists: `<type>: <name or value>`. */
export function stixLabel(object: StixObject): string {
  const name = [object.name, object.value, object.pattern].find((v): v is string => typeof v === 'string');
  return `${String(object.type)}: ${(name ?? String(object.id)).slice(0, 200)}`;
}
