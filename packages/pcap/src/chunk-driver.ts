import { PcapFormatError, truncatedError } from './errors.js';
import { isLegacyMagic, LegacyPcapParser } from './legacy-pcap.js';
import { ParseContext, type FormatParser, type PacketView, type ReadOptions, type ReadSummary } from './packet.js';
import { BLOCK, PcapngParser } from './pcapng.js';

/**
 * Looks at the first four bytes, picks the classic-pcap or pcapng parser, then delegates.
 * A wrong magic is reported at offset 0 rather than being parsed as garbage.
 *
 * @example
 * const sniff = new SniffParser(ctx);
 * sniff.parse(buf, dv, 0, buf.length);
 * console.log(sniff.format); // 'pcap' | 'pcapng'
 */
export class SniffParser implements FormatParser {
  private inner: FormatParser | null = null;
  format: 'pcap' | 'pcapng' = 'pcap';

  constructor(private readonly ctx: ParseContext) {}

  get need(): number {
    return this.inner ? this.inner.need : 4;
  }

  get unitName(): string {
    return this.inner ? this.inner.unitName : 'file header';
  }

  parse(buf: Uint8Array, dv: DataView, pos: number, end: number): number {
    if (!this.inner) {
      if (end - pos < 4) return pos;
      const magic = dv.getUint32(pos, false);
      if (isLegacyMagic(magic)) {
        this.inner = new LegacyPcapParser(this.ctx, magic);
      } else if (magic === BLOCK.SHB) {
        this.inner = new PcapngParser(this.ctx);
        this.format = 'pcapng';
      } else {
        throw new PcapFormatError(
          'bad-magic',
          0,
          0,
          `bad magic 0x${magic.toString(16).padStart(8, '0')} (not pcap, pcapng or gzip)`,
        );
      }
    }
    return this.inner.parse(buf, dv, pos, end);
  }
}

/**
 * Feeds arbitrary chunks to the format parser. Complete records are parsed straight out
 * of each chunk; only a record split across chunks is copied, into a reusable "carry"
 * buffer, and only as many bytes as that record needs. Synchronous so that a chunk is
 * fully consumed before the source may reuse its memory.
 *
 * @example
 * const driver = new ChunkDriver((pkt) => n++, {});
 * for (const chunk of chunks) driver.feed(chunk);
 * driver.finish(); // throws PcapFormatError if the input stopped mid-record
 */
export class ChunkDriver {
  readonly ctx: ParseContext;
  readonly parser: SniffParser;
  private carry = new Uint8Array(4096);
  private carryDv = new DataView(this.carry.buffer);
  private carryLen = 0;
  private received = 0;

  constructor(onPacket: (pkt: PacketView) => void, options: ReadOptions) {
    this.ctx = new ParseContext(onPacket, options);
    this.parser = new SniffParser(this.ctx);
  }

  /**
   * Parses everything complete in `chunk` (plus any carried remainder). The chunk may be
   * reused by the caller afterwards.
   *
   * @example
   * driver.feed(new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1]));
   */
  feed(chunk: Uint8Array): void {
    const clen = chunk.length;
    this.received += clen;
    let cpos = 0;
    const parser = this.parser;
    while (this.carryLen > 0) {
      const need = parser.need;
      if (this.carryLen < need) {
        const take = Math.min(need - this.carryLen, clen - cpos);
        this.ensureCarry(this.carryLen + take);
        this.carry.set(chunk.subarray(cpos, cpos + take), this.carryLen);
        this.carryLen += take;
        cpos += take;
        if (this.carryLen < need) return;
      }
      // The carry holds exactly `need` bytes: either the whole unit (consumed entirely)
      // or a header that reveals a larger `need` (nothing consumed, loop to take more).
      const p = parser.parse(this.carry, this.carryDv, 0, this.carryLen);
      if (p === this.carryLen) this.carryLen = 0;
      else if (p === 0 && parser.need <= this.carryLen) {
        // Parsers promise to ask for more than they were given; anything else would spin.
        throw new Error(`pcap parser made no progress with ${this.carryLen} bytes (need ${parser.need})`);
      } else if (p > 0) {
        this.carry.copyWithin(0, p, this.carryLen);
        this.carryLen -= p;
      }
    }
    if (cpos >= clen) return;
    const dv = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const p = parser.parse(chunk, dv, cpos, clen);
    if (p < clen) {
      this.ensureCarry(clen - p);
      this.carry.set(chunk.subarray(p, clen), 0);
      this.carryLen = clen - p;
    }
  }

  /**
   * Declares the end of input. Throws a `truncated` error if anything is left over or
   * the file header never arrived, so a cut capture never looks complete.
   *
   * @example
   * driver.finish();
   */
  finish(): void {
    const ctx = this.ctx;
    if (this.carryLen > 0 || this.received === 0) {
      throw truncatedError(this.parser.unitName, ctx.offset, ctx.records, this.parser.need, this.carryLen);
    }
  }

  /**
   * Converts a zlib failure into a `gzip` format error located at the amount of
   * uncompressed data produced so far.
   *
   * @example
   * catch (err) { throw isZlibError(err) ? driver.gzipError(err) : err; }
   */
  gzipError(err: Error): PcapFormatError {
    return new PcapFormatError(
      'gzip',
      this.received,
      this.ctx.records,
      `corrupt or truncated gzip stream (zlib: ${err.message}) detected`,
      { cause: err },
    );
  }

  /**
   * Totals so far, as a summary.
   *
   * @example
   * const s = driver.summary(false);
   */
  summary(compressed: boolean): ReadSummary {
    return this.ctx.summary(this.parser.format, compressed);
  }

  private ensureCarry(size: number): void {
    if (size <= this.carry.length) return;
    let cap = this.carry.length;
    while (cap < size) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.carry.subarray(0, this.carryLen));
    this.carry = next;
    this.carryDv = new DataView(next.buffer);
  }
}
