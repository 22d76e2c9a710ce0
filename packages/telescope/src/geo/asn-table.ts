import { bigintWords, RangeTable, RangeTableBuilder } from './range-table.js';

/**
 * IP → AS number and AS → organisation name, from ip-location-db's numeric CSVs (`start,end,asn,organisation`
 * with inclusive decimal bounds, IPv6 bounds 128-bit). The ranges live in two {@link RangeTable}s (about 470,000
 * IPv4 and 180,000 IPv6 ranges with the gaps, ~4 MB) and the names in a string table ({@link AsnNames}), all typed
 * arrays, so the geolocation cache stores them as they are. Where published rows overlap (one IPv4 row does, a
 * smaller range inside a larger one) the later row wins over its own span.
 *
 * @example
 * const t = AsnTable.fromCsv('16777216,16777471,13335,"Cloudflare, Inc."\n', '');
 * t.lookup4(16777217); // 13335
 * t.name(13335); // 'Cloudflare, Inc.'
 */
export class AsnTable {
  constructor(
    /** IPv4 ranges → AS number (0: none). */
    readonly v4: RangeTable,
    /** IPv6 ranges → AS number (0: none). */
    readonly v6: RangeTable,
    readonly names: AsnNames,
  ) {}

  /** Parses the IPv4 and IPv6 CSV texts (either may be empty). Rows must be sorted by start, as published. */
  static fromCsv(csv4: string, csv6: string): AsnTable {
    const names = new Map<number, string>();
    const v4 = rangeTable(parseRows(csv4, names), 1);
    const v6 = rangeTable(parseRows(csv6, names), 4);
    return new AsnTable(v4, v6, AsnNames.from(names));
  }

  /** AS number announcing an IPv4 address, 0 when none. */
  lookup4(addr: number): number {
    return this.v4.values[this.v4.find4(addr)]!;
  }

  /** AS number of an IPv6 address (four words, most significant first), 0 when none. */
  lookup6(words: ArrayLike<number>): number {
    return this.v6.values[this.v6.find6(words)]!;
  }

  /** Organisation name of an AS ('' when unknown), cut to the wire limit of 200 characters. */
  name(asn: number): string {
    return this.names.get(asn).slice(0, 200);
  }
}

/**
 * AS numbers → organisation names as a string table: the AS numbers ascending, the UTF-8 names one after another,
 * and where each begins (one more offset than names, the last is the end). Names are decoded when asked for, which
 * happens for the top ASes of each interval only.
 */
export class AsnNames {
  constructor(
    readonly asns: Uint32Array,
    readonly offsets: Uint32Array,
    readonly bytes: Uint8Array,
  ) {
    if (offsets.length !== asns.length + 1) throw new Error('AS names: offsets and numbers differ in length');
  }

  static from(names: ReadonlyMap<number, string>): AsnNames {
    const asns = Uint32Array.from(names.keys()).sort();
    const encoded = [...asns].map((asn) => Buffer.from(names.get(asn) ?? '', 'utf8'));
    const offsets = new Uint32Array(asns.length + 1);
    for (let i = 0; i < encoded.length; i++) offsets[i + 1] = offsets[i]! + encoded[i]!.length;
    return new AsnNames(asns, offsets, new Uint8Array(Buffer.concat(encoded)));
  }

  /** The name of an AS, '' when unknown. */
  get(asn: number): string {
    const a = this.asns;
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = a[mid]!;
      if (v < asn) lo = mid + 1;
      else if (v > asn) hi = mid - 1;
      else {
        const b = this.bytes;
        return Buffer.from(
          b.buffer,
          b.byteOffset + this.offsets[mid]!,
          this.offsets[mid + 1]! - this.offsets[mid]!,
        ).toString('utf8');
      }
    }
    return '';
  }
}

/** One published row: inclusive bounds. */
interface Row {
  start: bigint;
  end: bigint;
  asn: number;
}

/** Rows (sorted by start) → a table covering the whole space: gaps become AS 0, a later row wins where rows overlap. */
function rangeTable(rows: Row[], words: 1 | 4): RangeTable {
  const merged: Row[] = [];
  for (const row of rows) {
    const rest: Row[] = [];
    while (merged.length > 0 && merged[merged.length - 1]!.end >= row.start) {
      const prev = merged.pop()!;
      if (prev.end > row.end) {
        const start = prev.start > row.end ? prev.start : row.end + 1n;
        rest.unshift({ start, end: prev.end, asn: prev.asn });
      }
      if (prev.start < row.start) {
        merged.push({ start: prev.start, end: row.start - 1n, asn: prev.asn });
        break;
      }
    }
    merged.push(row, ...rest);
  }
  const builder = new RangeTableBuilder(words);
  const at = (n: bigint) => (words === 1 ? [Number(n)] : bigintWords(n));
  let next = 0n;
  for (const row of merged) {
    if (row.start > next) builder.append(at(next), 0);
    builder.append(at(row.start), row.asn);
    next = row.end + 1n;
  }
  if (next < (words === 1 ? 1n << 32n : 1n << 128n)) builder.append(at(next), 0);
  return builder.build();
}

function parseRows(text: string, names: Map<number, string>): Row[] {
  const rows: Row[] = [];
  let pos = 0;
  while (pos < text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    const c1 = text.indexOf(',', pos);
    const c2 = c1 < 0 ? -1 : text.indexOf(',', c1 + 1);
    const c3 = c2 < 0 ? -1 : text.indexOf(',', c2 + 1);
    if (c1 > pos && c2 > c1 && c2 < eol) {
      const asnEnd = c3 < 0 || c3 > eol ? eol : c3;
      const asn = Number(text.slice(c2 + 1, asnEnd));
      const start = decimal(text.slice(pos, c1));
      const end = decimal(text.slice(c1 + 1, c2));
      if (Number.isInteger(asn) && asn >= 0 && asn <= 0xffffffff && start !== null && end !== null && end >= start) {
        rows.push({ start, end, asn });
        if (asnEnd < eol && !names.has(asn)) names.set(asn, unquote(text.slice(asnEnd + 1, eol).trim()));
      }
    }
    pos = eol + 1;
  }
  return rows;
}

function decimal(text: string): bigint | null {
  return /^\d+$/.test(text) ? BigInt(text) : null;
}

function unquote(s: string): string {
  return s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replaceAll('""', '"') : s;
}
