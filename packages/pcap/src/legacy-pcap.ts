import { PcapFormatError } from './errors.js';
import type { FormatParser, ParseContext } from './packet.js';

/**
 * Classic pcap magic numbers as read big-endian from the first four bytes: the value
 * tells both the byte order of the file and whether fractions are µs or ns.
 *
 * @example
 * if (new DataView(buf.buffer).getUint32(0, false) === PCAP_MAGIC.nanoLE) console.log('ns, little-endian');
 */
export const PCAP_MAGIC = {
  microBE: 0xa1b2c3d4,
  microLE: 0xd4c3b2a1,
  nanoBE: 0xa1b23c4d,
  nanoLE: 0x4d3cb2a1,
} as const;

const FILE_HEADER = 24;
const RECORD_HEADER = 16;

/**
 * Whether a big-endian read of the first four bytes is a classic pcap magic.
 *
 * @example
 * isLegacyMagic(0xd4c3b2a1); // true: little-endian microsecond pcap
 */
export function isLegacyMagic(magic: number): boolean {
  return (
    magic === PCAP_MAGIC.microBE ||
    magic === PCAP_MAGIC.microLE ||
    magic === PCAP_MAGIC.nanoBE ||
    magic === PCAP_MAGIC.nanoLE
  );
}

/**
 * Parser for classic libpcap files: a 24-byte header followed by 16-byte record headers
 * and packet data. Byte order and timestamp resolution come from the magic; the hot loop
 * reads through a DataView with a fixed little-endian flag so V8 keeps it monomorphic.
 *
 * @example
 * const parser = new LegacyPcapParser(ctx, 0xd4c3b2a1);
 * const next = parser.parse(buf, new DataView(buf.buffer, buf.byteOffset, buf.byteLength), 0, buf.length);
 */
export class LegacyPcapParser implements FormatParser {
  need = FILE_HEADER;
  unitName = 'file header';
  private headerDone = false;
  private readonly le: boolean;
  /** Multiplier turning the fractional field into nanoseconds (1000 for µs files). */
  private readonly fracToNs: number;
  /** Fraction values at or above this are out of range for the resolution. */
  private readonly fracLimit: number;
  private snaplen = 0;
  private linkType = 0;

  constructor(
    private readonly ctx: ParseContext,
    magic: number,
  ) {
    this.le = magic === PCAP_MAGIC.microLE || magic === PCAP_MAGIC.nanoLE;
    const nano = magic === PCAP_MAGIC.nanoBE || magic === PCAP_MAGIC.nanoLE;
    this.fracToNs = nano ? 1 : 1000;
    this.fracLimit = nano ? 1e9 : 1e6;
  }

  parse(buf: Uint8Array, dv: DataView, pos: number, end: number): number {
    if (!this.headerDone) {
      if (end - pos < FILE_HEADER) return pos;
      pos = this.parseHeader(dv, pos);
    }
    const ctx = this.ctx;
    const view = ctx.view;
    const onPacket = ctx.onPacket;
    const le = this.le;
    const max = this.ctx.maxRecordLength;
    const linkType = this.linkType;
    const fracToNs = this.fracToNs;
    // A record is "odd" (worth a warning, never fatal) if it exceeds the snaplen or its
    // fraction is out of range; one combined compare keeps the common case cheap.
    const snap = this.snaplen > 0 ? this.snaplen : max;
    const fracLimit = this.fracLimit;
    let index = ctx.records;
    let offset = ctx.offset;
    if (linkType !== ctx.lastLinkType) ctx.noteLinkType(linkType);
    view.linkType = linkType;
    view.interfaceId = 0;
    view.buf = buf;
    for (;;) {
      const left = end - pos;
      if (left < RECORD_HEADER) {
        this.need = RECORD_HEADER;
        break;
      }
      const caplen = dv.getUint32(pos + 8, le);
      if (caplen > max) {
        ctx.records = index;
        ctx.offset = offset;
        throw new PcapFormatError(
          'corrupt',
          offset,
          index,
          `corrupt record: captured length ${caplen} exceeds the maximum ${max}`,
        );
      }
      const total = RECORD_HEADER + caplen;
      if (left < total) {
        this.need = total;
        break;
      }
      const sec = dv.getUint32(pos, le);
      const frac = dv.getUint32(pos + 4, le);
      const origLen = dv.getUint32(pos + 12, le);
      if (caplen > snap || caplen > origLen || frac >= fracLimit) this.oddRecord(caplen, origLen, frac, offset);
      view.tsSec = sec;
      view.tsNsec = frac * fracToNs;
      view.caplen = caplen;
      view.origLen = origLen;
      view.start = pos + RECORD_HEADER;
      view.offset = offset;
      view.index = index;
      if (index === 0) {
        ctx.firstSec = sec;
        ctx.firstNsec = view.tsNsec;
      }
      ctx.lastSec = sec;
      ctx.lastNsec = view.tsNsec;
      // Totals are written back before the callback so a throwing callback leaves them right.
      ctx.records = index + 1;
      ctx.offset = offset + total;
      onPacket(view);
      index++;
      offset += total;
      pos += total;
    }
    ctx.records = index;
    ctx.offset = offset;
    this.unitName = 'record';
    return pos;
  }

  private parseHeader(dv: DataView, pos: number): number {
    const le = this.le;
    const major = dv.getUint16(pos + 4, le);
    if (major !== 2) {
      throw new PcapFormatError('unsupported', 0, 0, `unsupported pcap version ${major}.${dv.getUint16(pos + 6, le)}`);
    }
    this.snaplen = dv.getUint32(pos + 16, le);
    // The upper bits of the link-type field carry FCS information (libpcap LT_LINKTYPE).
    this.linkType = dv.getUint32(pos + 20, le) & 0x03ffffff;
    this.headerDone = true;
    this.unitName = 'record';
    this.need = RECORD_HEADER;
    this.ctx.offset += FILE_HEADER;
    this.ctx.sections = 1;
    this.ctx.interfaces = 1;
    return pos + FILE_HEADER;
  }

  private oddRecord(caplen: number, origLen: number, frac: number, offset: number): void {
    const ctx = this.ctx;
    if (caplen > this.snaplen && this.snaplen > 0) {
      ctx.warn('caplen-exceeds-snaplen', `captured length ${caplen} exceeds snaplen ${this.snaplen}`, offset);
    }
    if (caplen > origLen) {
      ctx.warn('caplen-exceeds-origlen', `captured length ${caplen} exceeds original length ${origLen}`, offset);
    }
    if (frac >= this.fracLimit) ctx.warn('bad-timestamp', `timestamp fraction ${frac} out of range`, offset);
  }
}
