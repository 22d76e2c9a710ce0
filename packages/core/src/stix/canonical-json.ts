/**
 * JSON in the canonical form of RFC 8785 (JCS): object keys sorted by UTF-16 code units, no whitespace, numbers and
 * strings as ECMAScript's JSON.stringify writes them (which is what RFC 8785 prescribes). Properties whose value is
 * undefined are left out, as JSON.stringify does.
 * @example canonicalJson({ b: [1, 'x'], a: 1.5e3 }) // '{"a":1500,"b":[1,"x"]}'
 * @throws {TypeError} for a value JSON cannot hold (non-finite number, bigint, function, symbol, undefined).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item: unknown) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON has no ${typeof value}`);
}
