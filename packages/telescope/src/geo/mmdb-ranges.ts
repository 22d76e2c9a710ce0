import { Reader, type CountryResponse } from 'mmdb-lib';
import { ipv4ToString, ipv6ToString } from '@cynex/pcap';
import { CC_UNKNOWN, ccIndex, CountryTable, IPV4_SUBTREE } from './country-table.js';
import { RangeTableBuilder, type RangeTable } from './range-table.js';

/** An ip-location-db country record (mmdb-lib wants one of its response types; all fields are optional). */
type IpLocationRecord = CountryResponse & { readonly country_code?: string };

/**
 * Reads every network of a country MMDB (ip-location-db's `geo-whois-asn-country`, `country_code` records) into a
 * {@link CountryTable}: a walk of the whole search tree in address order, each leaf a range, neighbours with the
 * same country merged. Records are decoded through mmdb-lib, once per distinct record (a few hundred), at the first
 * address that leads to it. Takes about half a second for the 7.8 MB database; done once per data version, when the
 * geolocation cache is built.
 *
 * @example
 * const table = countryTableFromMmdb(readFileSync('geo-whois-asn-country.mmdb'));
 */
export function countryTableFromMmdb(db: Buffer): CountryTable {
  const reader = new Reader<IpLocationRecord>(db);
  const { nodeCount, recordSize, nodeByteSize, ipVersion } = reader.metadata;
  const record = recordReader(db, recordSize);
  const left = (node: number) => record(node * nodeByteSize, 0);
  const right = (node: number) => record(node * nodeByteSize, 1);

  // Where IPv4 addresses start in an IPv6 tree: 96 zero bits down (as mmdb-lib does).
  let v4Start = 0;
  if (ipVersion === 6) for (let i = 0; i < 96 && v4Start < nodeCount; i++) v4Start = left(v4Start);

  const countries = new Map<number, number>();
  const country = (pointer: number, address: () => string): number => {
    if (pointer === nodeCount) return CC_UNKNOWN; // no data for this network
    let cc = countries.get(pointer);
    if (cc === undefined) {
      cc = ccIndex(reader.get(address())?.country_code);
      countries.set(pointer, cc);
    }
    return cc;
  };

  const walk = (builder: RangeTableBuilder, root: number, bits: 32 | 128, alias: boolean) => {
    const words = new Uint32Array(bits / 32);
    const visit = (node: number, depth: number): void => {
      if (node >= nodeCount || depth === bits) {
        builder.append(
          words,
          country(node, () => (bits === 32 ? ipv4ToString(words[0]!) : ipv6ToString(words))),
        );
        return;
      }
      if (alias && node === v4Start) {
        builder.append(words, IPV4_SUBTREE | depth);
        return;
      }
      visit(left(node), depth + 1);
      const w = depth >>> 5;
      const bit = 1 << (31 - (depth & 31));
      words[w]! |= bit;
      visit(right(node), depth + 1);
      words[w]! &= ~bit;
    };
    visit(root, 0);
    return builder.build();
  };

  const v4: RangeTable = walk(new RangeTableBuilder(1, 16), v4Start, 32, false);
  if (ipVersion === 6) return new CountryTable(v4, walk(new RangeTableBuilder(4, 16), 0, 128, v4Start < nodeCount));
  const none = new RangeTableBuilder(4, 16);
  none.append([0, 0, 0, 0], CC_UNKNOWN);
  return new CountryTable(v4, none.build());
}

/** Reads the left (0) or right (1) record of the node at a byte offset, for the tree's record size. */
function recordReader(db: Buffer, recordSize: number): (offset: number, side: 0 | 1) => number {
  switch (recordSize) {
    case 24:
      return (o, side) => db.readUIntBE(o + 3 * side, 3);
    case 28:
      return (o, side) =>
        side === 0
          ? ((db[o + 3]! & 0xf0) << 20) | db.readUIntBE(o, 3)
          : ((db[o + 3]! & 0x0f) << 24) | db.readUIntBE(o + 4, 3);
    case 32:
      return (o, side) => db.readUInt32BE(o + 4 * side);
    default:
      throw new Error(`MMDB: unsupported record size ${recordSize}`);
  }
}
