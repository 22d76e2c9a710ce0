import { PcapFormatError } from './errors.js';
import type { FormatParser, ParseContext } from './packet.js';
import { setTimestamp, tsResolution, type TsResolution } from './timestamp.js';

/**
 * pcapng block types this reader acts on. The SHB type is a byte palindrome on purpose:
 * it reads the same in either byte order, so a reader can find it before knowing the order.
 *
 * @example
 * if (dv.getUint32(0, true) === BLOCK.SHB) console.log('pcapng');
 */
export const BLOCK = { SHB: 0x0a0d0d0a, IDB: 1, OPB: 2, SPB: 3, EPB: 6 } as const;

/** Blocks defined by the spec that carry no packets; skipped without a warning. */
const KNOWN_SKIPPED = new Set([4, 5, 7, 8, 9, 0x0a, 0xbad, 0x40000bad]);
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const DEFAULT_RES = tsResolution(6) as TsResolution;

/**
 * Parser for pcapng: any number of sections (each with its own byte order) holding
 * interface descriptions and packet blocks. Whole blocks are parsed from the chunk in
 * place; the driver only stitches a block that straddles two chunks.
 *
 * @example
 * const parser = new PcapngParser(ctx);
 * const next = parser.parse(buf, new DataView(buf.buffer, buf.byteOffset, buf.byteLength), 0, buf.length);
 */
export class PcapngParser implements FormatParser {
  need = 12;
  readonly unitName = 'block';
  private le = true;
  // Per-interface tables of the current section, indexed by interface id.
  private ifLinkType: number[] = [];
  private ifSnaplen: number[] = [];
  private ifRes: TsResolution[] = [];
  private ifTsOffset: number[] = [];

  constructor(private readonly ctx: ParseContext) {}

  parse(buf: Uint8Array, dv: DataView, pos: number, end: number): number {
    const ctx = this.ctx;
    const maxBlock = ctx.maxBlockLength;
    ctx.view.buf = buf;
    for (;;) {
      const left = end - pos;
      if (left < 12) {
        this.need = 12;
        return pos;
      }
      const type = dv.getUint32(pos, this.le);
      // An SHB's length is in the byte order announced inside it, which may differ from
      // the previous section's: peek at the byte-order magic before trusting the length.
      const le = type === BLOCK.SHB ? this.shbByteOrder(dv, pos) : this.le;
      const len = dv.getUint32(pos + 4, le);
      if (len < 12 || len % 4 !== 0 || len > maxBlock) {
        throw new PcapFormatError('corrupt', ctx.offset, ctx.records, `corrupt block: invalid length ${len}`);
      }
      if (left < len) {
        this.need = len;
        return pos;
      }
      const trailer = dv.getUint32(pos + len - 4, le);
      if (trailer !== len) {
        throw new PcapFormatError(
          'corrupt',
          ctx.offset,
          ctx.records,
          `corrupt block: trailing length ${trailer} differs from leading length ${len}`,
        );
      }
      if (type === BLOCK.EPB) this.packetBlock(dv, pos, len, dv.getUint32(pos + 8, le), 32);
      else if (type === BLOCK.SPB) this.simplePacket(dv, pos, len);
      else if (type === BLOCK.IDB) this.interfaceBlock(dv, pos, len);
      else if (type === BLOCK.SHB) this.sectionHeader(dv, pos, len, le);
      else if (type === BLOCK.OPB) this.packetBlock(dv, pos, len, dv.getUint16(pos + 8, le), 32);
      else if (!KNOWN_SKIPPED.has(type)) {
        ctx.warn('unknown-block', `skipped unknown block type 0x${type.toString(16)}`, ctx.offset);
      }
      pos += len;
      ctx.offset += len;
    }
  }

  private shbByteOrder(dv: DataView, pos: number): boolean {
    const bom = dv.getUint32(pos + 8, false);
    if (bom === BYTE_ORDER_MAGIC) return false;
    if (bom === 0x4d3c2b1a) return true;
    throw new PcapFormatError(
      'corrupt',
      this.ctx.offset,
      this.ctx.records,
      `corrupt section header: byte-order magic 0x${bom.toString(16)}`,
    );
  }

  private corrupt(detail: string): PcapFormatError {
    return new PcapFormatError('corrupt', this.ctx.offset, this.ctx.records, detail);
  }

  /** EPB and OPB share a layout after the interface id: ts high, ts low, caplen, origLen, data. */
  private packetBlock(dv: DataView, pos: number, len: number, ifId: number, fixed: number): void {
    const ctx = this.ctx;
    if (len < fixed) throw this.corrupt(`corrupt packet block: length ${len} below minimum ${fixed}`);
    const le = this.le;
    const caplen = dv.getUint32(pos + 20, le);
    if (caplen > ctx.maxRecordLength) {
      throw this.corrupt(`corrupt packet block: captured length ${caplen} exceeds the maximum ${ctx.maxRecordLength}`);
    }
    if (fixed + ((caplen + 3) & ~3) > len) {
      throw this.corrupt(`corrupt packet block: captured length ${caplen} overruns block length ${len}`);
    }
    if (ifId >= this.ifLinkType.length) {
      ctx.warn('unknown-interface', `skipped packet for undeclared interface ${ifId}`, ctx.offset);
      return;
    }
    const view = ctx.view;
    setTimestamp(view, dv, pos + 12, le, this.ifRes[ifId] ?? DEFAULT_RES, this.ifTsOffset[ifId] ?? 0);
    if (ctx.firstSec < 0) {
      ctx.firstSec = view.tsSec;
      ctx.firstNsec = view.tsNsec;
    }
    ctx.lastSec = view.tsSec;
    ctx.lastNsec = view.tsNsec;
    this.deliver(pos + 28, caplen, dv.getUint32(pos + 24, le), ifId);
  }

  private simplePacket(dv: DataView, pos: number, len: number): void {
    const ctx = this.ctx;
    if (len < 16) throw this.corrupt(`corrupt simple packet block: length ${len} below minimum 16`);
    if (this.ifLinkType.length === 0) {
      ctx.warn('unknown-interface', 'skipped simple packet block before any interface', ctx.offset);
      return;
    }
    const origLen = dv.getUint32(pos + 8, this.le);
    const snap = this.ifSnaplen[0] ?? 0;
    // SPB has no caplen: it is the smaller of the wire length, the snaplen and the room in the block.
    let caplen = Math.min(origLen, len - 16);
    if (snap > 0 && snap < caplen) caplen = snap;
    ctx.view.tsSec = 0;
    ctx.view.tsNsec = 0;
    this.deliver(pos + 12, caplen, origLen, 0);
  }

  private deliver(start: number, caplen: number, origLen: number, ifId: number): void {
    const ctx = this.ctx;
    const view = ctx.view;
    const linkType = this.ifLinkType[ifId] ?? 0;
    if (linkType !== ctx.lastLinkType) ctx.noteLinkType(linkType);
    view.linkType = linkType;
    view.interfaceId = ifId;
    view.caplen = caplen;
    view.origLen = origLen;
    view.start = start;
    view.offset = ctx.offset;
    view.index = ctx.records;
    if (caplen > origLen) {
      ctx.warn('caplen-exceeds-origlen', `captured length ${caplen} exceeds original length ${origLen}`, ctx.offset);
    }
    ctx.records++;
    ctx.onPacket(view);
  }

  private sectionHeader(dv: DataView, pos: number, len: number, le: boolean): void {
    if (len < 28) throw this.corrupt(`corrupt section header: length ${len} below minimum 28`);
    const major = dv.getUint16(pos + 12, le);
    if (major !== 1) {
      throw new PcapFormatError(
        'unsupported',
        this.ctx.offset,
        this.ctx.records,
        `unsupported pcapng version ${major}.${dv.getUint16(pos + 14, le)}`,
      );
    }
    // Interface ids are scoped to their section.
    this.le = le;
    this.ifLinkType = [];
    this.ifSnaplen = [];
    this.ifRes = [];
    this.ifTsOffset = [];
    this.ctx.sections++;
  }

  private interfaceBlock(dv: DataView, pos: number, len: number): void {
    if (len < 20) throw this.corrupt(`corrupt interface block: length ${len} below minimum 20`);
    const le = this.le;
    let res = DEFAULT_RES;
    let tsOffset = 0;
    const optEnd = pos + len - 4;
    for (let p = pos + 16; p + 4 <= optEnd;) {
      const code = dv.getUint16(p, le);
      const optLen = dv.getUint16(p + 2, le);
      if (code === 0) break; // opt_endofopt
      if (p + 4 + optLen > optEnd) {
        this.ctx.warn('bad-option', `interface option ${code} overruns its block`, this.ctx.offset);
        break;
      }
      if (code === 9 && optLen >= 1) {
        const r = tsResolution(dv.getUint8(p + 4));
        if (r) res = r;
        else this.ctx.warn('bad-tsresol', `unusable if_tsresol 0x${dv.getUint8(p + 4).toString(16)}`, this.ctx.offset);
      } else if (code === 14 && optLen >= 8) {
        // if_tsoffset: signed 64-bit seconds added to every timestamp of the interface.
        const hi = dv.getInt32(p + 4 + (le ? 4 : 0), le);
        const lo = dv.getUint32(p + 4 + (le ? 0 : 4), le);
        tsOffset = hi * 4294967296 + lo;
      }
      p += 4 + ((optLen + 3) & ~3);
    }
    this.ifLinkType.push(dv.getUint16(pos + 8, le));
    this.ifSnaplen.push(dv.getUint32(pos + 12, le));
    this.ifRes.push(res);
    this.ifTsOffset.push(tsOffset);
    this.ctx.interfaces++;
  }
}
