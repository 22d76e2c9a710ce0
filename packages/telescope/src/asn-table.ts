/**
 * IP → AS number ranges, searched by bisection over typed arrays (about 400,000 IPv4 and 100,000 IPv6
 * ranges take ~8 MB). Built from ip-location-db's numeric CSVs: `start,end,asn,organisation` with
 * inclusive decimal bounds (IPv6 bounds are 128-bit; only their top 64 bits are kept, since routed IPv6
 * prefixes are /64 or shorter).
 *
 * @example
 * const t = AsnTable.fromCsv('16777216,16777471,13335,"Cloudflare, Inc."\n', '');
 * t.lookup4(16777217); // 13335
 * t.name(13335); // 'Cloudflare, Inc.'
 */
export class AsnTable {
  private constructor(
    private readonly start4: Uint32Array,
    private readonly end4: Uint32Array,
    private readonly asn4: Uint32Array,
    private readonly v6: Uint32Array,
    private readonly asn6: Uint32Array,
    private readonly names: Map<number, string>,
  ) {}

  /** Parses the IPv4 and IPv6 CSV texts (either may be empty). Rows must be sorted, as published. */
  static fromCsv(csv4: string, csv6: string): AsnTable {
    const names = new Map<number, string>();
    const r4 = parseRows(csv4, names);
    const start4 = new Uint32Array(r4.length);
    const end4 = new Uint32Array(r4.length);
    const asn4 = new Uint32Array(r4.length);
    r4.forEach((r, i) => {
      start4[i] = Number(r.start);
      end4[i] = Number(r.end);
      asn4[i] = r.asn;
    });
    const r6 = parseRows(csv6, names);
    // Per row: start hi word, start lo word, end hi word, end lo word of the top 64 bits.
    const v6 = new Uint32Array(r6.length * 4);
    const asn6 = new Uint32Array(r6.length);
    r6.forEach((r, i) => {
      const s = BigInt(r.start) >> 64n;
      const e = BigInt(r.end) >> 64n;
      v6[4 * i] = Number(s >> 32n);
      v6[4 * i + 1] = Number(s & 0xffffffffn);
      v6[4 * i + 2] = Number(e >> 32n);
      v6[4 * i + 3] = Number(e & 0xffffffffn);
      asn6[i] = r.asn;
    });
    return new AsnTable(start4, end4, asn4, v6, asn6, names);
  }

  /** AS number announcing an IPv4 address, 0 when none. */
  lookup4(addr: number): number {
    let lo = 0;
    let hi = this.start4.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (addr < this.start4[mid]!) hi = mid - 1;
      else if (addr > this.end4[mid]!) lo = mid + 1;
      else return this.asn4[mid]!;
    }
    return 0;
  }

  /** AS number of an IPv6 address (by its /64), 0 when none. */
  lookup6(words: ArrayLike<number>): number {
    const a = (words[0] ?? 0) >>> 0;
    const b = (words[1] ?? 0) >>> 0;
    const v = this.v6;
    let lo = 0;
    let hi = this.asn6.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s0 = v[4 * mid]!;
      const e0 = v[4 * mid + 2]!;
      if (a < s0 || (a === s0 && b < v[4 * mid + 1]!)) hi = mid - 1;
      else if (a > e0 || (a === e0 && b > v[4 * mid + 3]!)) lo = mid + 1;
      else return this.asn6[mid]!;
    }
    return 0;
  }

  /** Organisation name of an AS ('' when unknown), cut to the wire limit of 200 characters. */
  name(asn: number): string {
    return (this.names.get(asn) ?? '').slice(0, 200);
  }
}

interface Row {
  start: string;
  end: string;
  asn: number;
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
      if (Number.isInteger(asn) && asn >= 0) {
        rows.push({ start: text.slice(pos, c1), end: text.slice(c1 + 1, c2), asn });
        if (asnEnd < eol && !names.has(asn)) names.set(asn, unquote(text.slice(asnEnd + 1, eol).trim()));
      }
    }
    pos = eol + 1;
  }
  return rows;
}

function unquote(s: string): string {
  return s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replaceAll('""', '"') : s;
}
