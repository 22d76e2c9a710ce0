import { describe, expect, it } from 'vitest';
import { PcapFormatError } from './errors.js';
import { copyPacket, PcapReader } from './pcap-reader.js';
import type { Packet } from './packet.js';
import { concat, epb, idb, ngBlock, opb, shb, spb } from './testing/synth.js';

function readAll(buf: Uint8Array) {
  const packets: Packet[] = [];
  const summary = PcapReader.readSync(buf, (p) => packets.push(copyPacket(p)));
  return { packets, summary };
}

function catchError(fn: () => unknown): PcapFormatError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PcapFormatError) return err;
    throw err;
  }
  throw new Error('expected a PcapFormatError');
}

const bytes = (n: number, fill = 0xab) => new Uint8Array(n).fill(fill);

/** Two sections with different byte orders, three interfaces, every packet block type. */
function twoSections(): Uint8Array {
  return concat(
    shb(true),
    idb(true, 1, 65535, { tsresol: 6 }),
    idb(true, 101, 65535, { tsresol: 9 }),
    epb(true, 0, 1_700_000_000_123_456n, bytes(5, 1), 60),
    epb(true, 1, 1_700_000_000_987_654_321n, bytes(8, 2)),
    ngBlock(true, 5, bytes(8)), // interface statistics: known, skipped quietly
    epb(true, 7, 1n, bytes(4)), // undeclared interface: skipped with a warning
    ngBlock(true, 0x12345, bytes(4)), // unknown block type: skipped with a warning
    shb(false),
    idb(false, 228, 4, { tsresol: 0x8a, tsoffset: 1_600_000_000 }),
    opb(false, 0, 1024n * 1000n + 512n, bytes(3, 3)),
    spb(false, bytes(8, 4)),
    epb(false, 0, 0n, bytes(1, 5)),
  );
}

describe('pcapng', () => {
  it('reads sections of both byte orders with per-interface link types and resolutions', () => {
    const { packets, summary } = readAll(twoSections());
    expect(
      packets.map((p) => ({
        if: p.interfaceId,
        lt: p.linkType,
        sec: p.tsSec,
        ns: p.tsNsec,
        cap: p.caplen,
        orig: p.origLen,
        first: p.data[0],
      })),
    ).toEqual([
      { if: 0, lt: 1, sec: 1_700_000_000, ns: 123_456_000, cap: 5, orig: 60, first: 1 },
      { if: 1, lt: 101, sec: 1_700_000_000, ns: 987_654_321, cap: 8, orig: 8, first: 2 },
      // 2^-10 resolution: 1000 s + 512/1024 s, shifted by if_tsoffset.
      { if: 0, lt: 228, sec: 1_600_001_000, ns: 500_000_000, cap: 3, orig: 3, first: 3 },
      // SPB: interface 0, no timestamp, caplen limited by the snaplen (4).
      { if: 0, lt: 228, sec: 0, ns: 0, cap: 4, orig: 8, first: 4 },
      { if: 0, lt: 228, sec: 1_600_000_000, ns: 0, cap: 1, orig: 1, first: 5 },
    ]);
    expect(packets.map((p) => p.index)).toEqual([0, 1, 2, 3, 4]);
    expect(summary).toMatchObject({
      format: 'pcapng',
      records: 5,
      bytes: twoSections().length,
      sections: 2,
      interfaces: 3,
      linkTypes: [1, 101, 228],
      first: { sec: 1_700_000_000, nsec: 123_456_000 },
      last: { sec: 1_600_000_000, nsec: 0 },
    });
    expect(summary.warnings.map((w) => [w.code, w.count])).toEqual([
      ['unknown-interface', 1],
      ['unknown-block', 1],
    ]);
  });

  it('reports each packet block offset', () => {
    const head = concat(shb(true), idb(true, 1, 0));
    const { packets } = readAll(concat(head, epb(true, 0, 1n, bytes(4)), epb(true, 0, 2n, bytes(4))));
    expect(packets.map((p) => p.offset)).toEqual([head.length, head.length + 36]);
  });

  it('defaults to microseconds without if_tsresol', () => {
    const { packets } = readAll(concat(shb(false), idb(false, 1, 0), epb(false, 0, 1_234_567n, bytes(1))));
    expect(packets[0]).toMatchObject({ tsSec: 1, tsNsec: 234_567_000 });
  });

  it('rejects a block whose trailing length differs from the leading one', () => {
    const buf = twoSections();
    const at = shb(true).length + 2 * idb(true, 1, 65535, { tsresol: 6 }).length;
    const len = new DataView(buf.buffer).getUint32(at + 4, true);
    new DataView(buf.buffer).setUint32(at + len - 4, len + 4, true);
    const err = catchError(() => readAll(buf));
    expect(err).toMatchObject({ code: 'corrupt', offset: at, records: 0 });
    expect(err.message).toContain(`trailing length ${len + 4} differs from leading length ${len} at byte ${at}`);
  });

  it('rejects block lengths that are not a multiple of 4 or below the minimum', () => {
    for (const bad of [13, 8, 0]) {
      const buf = twoSections();
      new DataView(buf.buffer).setUint32(shb(true).length + 4, bad, true);
      expect(catchError(() => readAll(buf))).toMatchObject({ code: 'corrupt', offset: 28 });
    }
  });

  it('rejects an absurd block length instead of buffering it', () => {
    const buf = twoSections();
    new DataView(buf.buffer).setUint32(28 + 4, 0x7ffffff0, true);
    expect(catchError(() => readAll(buf)).message).toContain('invalid length 2147483632 at byte 28');
  });

  it('rejects a packet block whose captured length overruns the block', () => {
    const buf = concat(shb(true), idb(true, 1, 0), epb(true, 0, 1n, bytes(8)));
    new DataView(buf.buffer).setUint32(28 + 20 + 20, 13, true);
    expect(catchError(() => readAll(buf))).toMatchObject({ code: 'corrupt', offset: 48, records: 0 });
  });

  it('rejects a bad byte-order magic and an unsupported version', () => {
    const badBom = twoSections();
    badBom[8] = 0;
    expect(catchError(() => readAll(badBom))).toMatchObject({ code: 'corrupt', offset: 0 });
    const v2 = concat(shb(true), idb(true, 1, 0));
    v2[12] = 2;
    expect(catchError(() => readAll(v2))).toMatchObject({ code: 'unsupported', offset: 0 });
  });

  it('reports a block cut short with its size', () => {
    const full = concat(shb(true), idb(true, 1, 0), epb(true, 0, 1n, bytes(10)));
    const err = catchError(() => readAll(full.subarray(0, full.length - 5)));
    expect(err.message).toBe('truncated block at byte 48 after 0 records: needs 44 bytes, 39 left');
  });

  it('warns about packets before any interface and about unusable resolutions', () => {
    const buf = concat(shb(true), spb(true, bytes(4)), idb(true, 1, 0, { tsresol: 0x7f }), epb(true, 0, 5n, bytes(1)));
    const { packets, summary } = readAll(buf);
    expect(packets).toHaveLength(1);
    expect(packets[0]).toMatchObject({ tsSec: 0, tsNsec: 5000 });
    expect(summary.warnings.map((w) => w.code)).toEqual(['unknown-interface', 'bad-tsresol']);
  });
});
