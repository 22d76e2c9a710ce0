/** What a blocklist carries: the observable kinds a STIX indicator's pattern can compare to a literal. */
export const BLOCKLIST_KINDS = ['ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256'] as const;
export type BlocklistKind = (typeof BLOCKLIST_KINDS)[number];

export interface BlocklistEntry {
  kind: BlocklistKind;
  value: string;
}

/** Object path in a pattern → the kind of value it names. */
const PATHS: Record<string, BlocklistKind> = {
  'ipv4-addr:value': 'ipv4',
  'ipv6-addr:value': 'ipv6',
  'domain-name:value': 'domain',
  'url:value': 'url',
  'email-addr:value': 'email',
  "file:hashes.'md5'": 'md5',
  'file:hashes.md5': 'md5',
  "file:hashes.'sha-1'": 'sha1',
  'file:hashes.sha1': 'sha1',
  "file:hashes.'sha-256'": 'sha256',
  'file:hashes.sha256': 'sha256',
};

/**
 * Equality comparisons in a STIX pattern: `[ipv4-addr:value = '198.51.100.7']`, `file:hashes.'SHA-256' = '…'`.
 * Only `=` against a string literal counts (a `LIKE`, `MATCHES` or `ISSUBSET` is not one value to block);
 * the literal's escapes (\\' and \\\\) are undone.
 */
const COMPARISON = /([a-z0-9-]+:[a-z0-9_.'-]+)\s*=\s*'((?:[^'\\]|\\.)*)'/gi;

/**
 * The values a STIX pattern names that a firewall, resolver or scanner can block, each with its kind.
 * @example blocklistEntries("[ipv4-addr:value = '198.51.100.7']") // [{ kind: 'ipv4', value: '198.51.100.7' }]
 */
export function blocklistEntries(pattern: string): BlocklistEntry[] {
  const found: BlocklistEntry[] = [];
  for (const match of pattern.slice(0, 64 * 1024).matchAll(COMPARISON)) {
    const kind = PATHS[match[1]!.toLowerCase()];
    if (!kind) continue;
    const raw = match[2]!.replace(/\\(.)/g, '$1');
    const value = kind === 'md5' || kind === 'sha1' || kind === 'sha256' || kind === 'domain' ? raw.toLowerCase() : raw;
    // A value with a line break would forge a second line in a text blocklist.
    if (value === '' || /[\r\n]/.test(value)) continue;
    found.push({ kind, value });
  }
  return found;
}
