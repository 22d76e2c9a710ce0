/**
 * One packet record as seen by a `read()` callback. The reader reuses a single instance
 * for every record and points it into its own chunk buffer, so the hot path allocates
 * nothing. Copy what you need before returning from the callback: `buf` is overwritten
 * by the next chunk.
 *
 * @example
 * await reader.read((pkt) => {
 *   const firstByte = pkt.buf[pkt.start];
 *   console.log(pkt.index, pkt.tsSec, pkt.caplen, firstByte);
 * });
 */
export class PacketView {
  /** Seconds since the Unix epoch (pcapng `if_tsoffset` already applied). 0 for SPB records, which carry no time. */
  tsSec = 0;
  /** Nanoseconds within the second, 0..999 999 999, whatever the file's resolution. */
  tsNsec = 0;
  /** LINKTYPE_* value of the interface the packet was captured on. */
  linkType = 0;
  /** pcapng interface id (0 for classic pcap). */
  interfaceId = 0;
  /** Bytes of packet data present in `buf` starting at `start`. */
  caplen = 0;
  /** Length of the packet on the wire (may exceed `caplen` when a snaplen cut it). */
  origLen = 0;
  /** Buffer holding the packet data; valid only during the callback. */
  buf: Uint8Array = EMPTY;
  /** Index in `buf` of the first byte of packet data. */
  start = 0;
  /** Byte offset of the record (or pcapng block) in the uncompressed stream. */
  offset = 0;
  /** 0-based number of this packet record in the capture. */
  index = 0;

  /**
   * A view of the packet bytes. Allocates a small subarray object, so the hot path should
   * use `buf`/`start`/`caplen` instead; handy in tests and slow paths.
   *
   * @example
   * const bytes = pkt.data(); // Uint8Array of length pkt.caplen, valid during the callback
   */
  data(): Uint8Array {
    return this.buf.subarray(this.start, this.start + this.caplen);
  }
}

const EMPTY = new Uint8Array(0);

/**
 * A packet copied out of the reader's buffers, as produced by the async iterator. Owns its
 * data, so it stays valid after iteration moves on.
 *
 * @example
 * for await (const p of PcapReader.fromFile('a.pcap')) console.log(p.index, p.data.length);
 */
export interface Packet {
  tsSec: number;
  tsNsec: number;
  linkType: number;
  interfaceId: number;
  caplen: number;
  origLen: number;
  offset: number;
  index: number;
  data: Uint8Array;
}

/**
 * A recoverable oddity: the reader skipped or tolerated something. Repeated occurrences
 * are counted rather than listed so a hostile file cannot blow up memory with warnings.
 *
 * @example
 * for (const w of summary.warnings) console.warn(`${w.code} x${w.count} (first at byte ${w.offset})`);
 */
export interface ReadWarning {
  /** Stable machine-readable code, e.g. `unknown-block`, `unknown-interface`. */
  code: string;
  /** Description of the first occurrence. */
  message: string;
  /** Byte offset of the first occurrence. */
  offset: number;
  /** How many times it happened. */
  count: number;
}

/**
 * A capture timestamp split into whole seconds and nanoseconds so that nanosecond files
 * keep full precision (a double only holds ~microseconds for present-day epochs).
 *
 * @example
 * const t: Timestamp = { sec: 1278275056, nsec: 274870000 };
 */
export interface Timestamp {
  sec: number;
  nsec: number;
}

/**
 * What a completed `read()` saw.
 *
 * @example
 * const s = await PcapReader.fromFile('a.pcapng').read(() => {});
 * console.log(`${s.records} packets in ${s.bytes} bytes, link types ${s.linkTypes.join(',')}`);
 */
export interface ReadSummary {
  /** `pcap` (classic libpcap) or `pcapng`. */
  format: 'pcap' | 'pcapng';
  /** Whether the input was gzip-compressed. */
  compressed: boolean;
  /** Packet records delivered to the callback. */
  records: number;
  /** Uncompressed bytes consumed; equals the uncompressed input size on success. */
  bytes: number;
  /** Timestamp of the first timestamped packet, or null when there was none. */
  first: Timestamp | null;
  /** Timestamp of the last timestamped packet, or null when there was none. */
  last: Timestamp | null;
  /** Distinct link types of delivered packets, in order of first appearance. */
  linkTypes: number[];
  /** pcapng sections (1 for classic pcap). */
  sections: number;
  /** Interfaces declared (pcapng IDBs across all sections; 1 for classic pcap). */
  interfaces: number;
  /** Tolerated problems, one entry per code. */
  warnings: ReadWarning[];
}

/**
 * Tuning knobs for a reader. All have safe defaults.
 *
 * @example
 * PcapReader.fromFile('big.pcap', { chunkSize: 4 << 20, maxRecordLength: 1 << 20 });
 */
export interface ReadOptions {
  /** Read size for files and inflate output size, in bytes. Default 1 MiB. */
  chunkSize?: number;
  /**
   * Largest believable captured length of one packet. Larger values are treated as
   * corruption rather than a reason to buffer megabytes. Default 262 144 (libpcap's limit).
   */
  maxRecordLength?: number;
  /** Largest believable pcapng block (e.g. name-resolution blocks). Default 16 MiB. */
  maxBlockLength?: number;
}

/**
 * State shared by the format parsers and the driver: the reused view, the callback and
 * the running totals needed for error messages and the summary.
 *
 * @example
 * const ctx = new ParseContext((pkt) => count++, {});
 */
export class ParseContext {
  readonly view = new PacketView();
  /** Absolute offset of the next unparsed byte (always a record/block boundary). */
  offset = 0;
  /** Packet records delivered so far. */
  records = 0;
  firstSec = -1;
  firstNsec = 0;
  lastSec = -1;
  lastNsec = 0;
  /** Link type of the previous packet; lets the per-packet check be a single compare. */
  lastLinkType = -1;
  readonly linkTypes: number[] = [];
  sections = 0;
  interfaces = 0;
  readonly maxRecordLength: number;
  readonly maxBlockLength: number;
  private readonly warningMap = new Map<string, ReadWarning>();

  constructor(
    readonly onPacket: (pkt: PacketView) => void,
    options: ReadOptions,
  ) {
    this.maxRecordLength = options.maxRecordLength ?? 262_144;
    this.maxBlockLength = Math.max(options.maxBlockLength ?? 16 << 20, this.maxRecordLength + 64);
  }

  /**
   * Records a tolerated problem. Off the hot path: only called when something is odd.
   *
   * @example
   * ctx.warn('unknown-block', 'skipped block type 0x00000bad', 1234);
   */
  warn(code: string, message: string, offset: number): void {
    const w = this.warningMap.get(code);
    if (w) w.count++;
    else this.warningMap.set(code, { code, message, offset, count: 1 });
  }

  /**
   * Notes a link type not seen before; called only when it differs from the last packet's.
   *
   * @example
   * if (lt !== ctx.lastLinkType) ctx.noteLinkType(lt);
   */
  noteLinkType(linkType: number): void {
    this.lastLinkType = linkType;
    if (!this.linkTypes.includes(linkType)) this.linkTypes.push(linkType);
  }

  /**
   * Snapshot of the totals as a summary.
   *
   * @example
   * const summary = ctx.summary('pcap', false);
   */
  summary(format: 'pcap' | 'pcapng', compressed: boolean): ReadSummary {
    return {
      format,
      compressed,
      records: this.records,
      bytes: this.offset,
      first: this.firstSec < 0 ? null : { sec: this.firstSec, nsec: this.firstNsec },
      last: this.lastSec < 0 ? null : { sec: this.lastSec, nsec: this.lastNsec },
      linkTypes: [...this.linkTypes],
      sections: this.sections,
      interfaces: this.interfaces,
      warnings: [...this.warningMap.values()].map((w) => ({ ...w })),
    };
  }
}

/**
 * The contract between the chunk driver and a format parser. `parse` consumes every
 * complete unit in `buf[pos, end)` and returns the position after the last one; it then
 * sets `need` to the number of bytes (from that position) required to make progress,
 * which is always more than were left. The driver uses `need` to stitch exactly one
 * split unit across chunk boundaries instead of copying whole chunks.
 *
 * @example
 * const next = parser.parse(buf, dv, 0, buf.length);
 * if (next < buf.length) console.log(`need ${parser.need} bytes, have ${buf.length - next}`);
 */
export interface FormatParser {
  need: number;
  /** What the unit at the current position is, for truncation messages ("record", "block"). */
  readonly unitName: string;
  parse(buf: Uint8Array, dv: DataView, pos: number, end: number): number;
}
