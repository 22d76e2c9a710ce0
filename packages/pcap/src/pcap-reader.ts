import type { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import {
  bufferSource,
  isGzip,
  isZlibError,
  openFileSource,
  openStreamSource,
  type ChunkSource,
} from './byte-source.js';
import { ChunkDriver } from './chunk-driver.js';
import type { Packet, PacketView, ReadOptions, ReadSummary } from './packet.js';

const DEFAULT_CHUNK = 1 << 20;

/**
 * Streaming reader for pcap and pcapng captures, optionally gzip-compressed, from a file,
 * a buffer or a Readable. Format, byte order and compression are detected from content,
 * not file names.
 *
 * Two ways to consume:
 * - `read(cb)`: the fast path. `cb` gets one reused {@link PacketView} per record, pointing
 *   into the reader's buffers; nothing is allocated per packet.
 * - `for await (const p of reader)`: convenient; each packet is copied into its own object.
 *
 * Malformed or truncated input rejects with a `PcapFormatError` naming the byte offset and
 * the number of records delivered; a capture is never silently cut short.
 *
 * @example
 * const summary = await PcapReader.fromFile('attack.pcapng.gz').read((pkt) => {
 *   if (decode(pkt.linkType, pkt.buf, pkt.start, pkt.caplen, out) & LAYER.L4) ports[out.dstPort]++;
 * });
 * console.log(summary.records, summary.warnings);
 */
export class PcapReader {
  /** Summary of the last completed read or iteration, or null before one finishes. */
  summary: ReadSummary | null = null;
  private readonly options: ReadOptions;

  private constructor(
    private readonly open: (chunkSize: number) => Promise<ChunkSource>,
    options: ReadOptions,
  ) {
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
    // A zero or fractional read size would read nothing and look like an empty capture.
    if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`invalid chunkSize ${chunkSize}`);
    this.options = { ...options, chunkSize };
  }

  /**
   * Reads a capture file (pcap, pcapng, either gzipped). Each `read()` reopens the file.
   *
   * @example
   * const s = await PcapReader.fromFile('/data/synscan.pcapng').read(() => {});
   */
  static fromFile(path: string, options: ReadOptions = {}): PcapReader {
    return new PcapReader((chunkSize) => openFileSource(path, chunkSize), options);
  }

  /**
   * Reads from a byte stream such as `process.stdin` or an HTTP body. A stream can be read once.
   *
   * @example
   * const s = await PcapReader.fromStream(process.stdin).read((pkt) => n++);
   */
  static fromStream(readable: Readable, options: ReadOptions = {}): PcapReader {
    let used = false;
    return new PcapReader(async (chunkSize) => {
      if (used) throw new Error('a stream-backed PcapReader can only be read once');
      used = true;
      return openStreamSource(readable, chunkSize);
    }, options);
  }

  /**
   * Reads an in-memory capture. Plain captures are parsed in place without copying.
   *
   * @example
   * const s = await PcapReader.fromBuffer(readFileSync('a.pcap')).read(() => {});
   */
  static fromBuffer(buf: Uint8Array, options: ReadOptions = {}): PcapReader {
    return new PcapReader(async (chunkSize) => bufferSource(buf, chunkSize), options);
  }

  /**
   * Synchronous variant for an in-memory capture (gzip is inflated in one go). Useful in
   * tests, fuzzing and CLI one-shots where an event-loop turn per chunk is pointless.
   *
   * @example
   * const s = PcapReader.readSync(bytes, (pkt) => sizes.push(pkt.caplen));
   */
  static readSync(buf: Uint8Array, onPacket: (pkt: PacketView) => void, options: ReadOptions = {}): ReadSummary {
    const driver = new ChunkDriver(onPacket, options);
    const compressed = isGzip(buf);
    let bytes = buf;
    if (compressed) {
      try {
        bytes = gunzipSync(buf);
      } catch (err) {
        throw isZlibError(err) ? driver.gzipError(err) : err;
      }
    }
    driver.feed(bytes);
    driver.finish();
    return driver.summary(compressed);
  }

  /**
   * Calls `onPacket` for every packet record, in order, and resolves with a summary.
   * The view and its buffer are reused: copy anything you keep. If `onPacket` throws,
   * reading stops and the error propagates unchanged.
   *
   * @example
   * let syn = 0;
   * await reader.read((pkt) => { if (pkt.caplen >= 48 && (pkt.buf[pkt.start + 47]! & 0x02)) syn++; });
   */
  async read(onPacket: (pkt: PacketView) => void): Promise<ReadSummary> {
    const driver = new ChunkDriver(onPacket, this.options);
    const src = await this.open(this.options.chunkSize ?? DEFAULT_CHUNK);
    try {
      for await (const chunk of src.chunks) driver.feed(chunk);
    } catch (err) {
      throw src.compressed && isZlibError(err) ? driver.gzipError(err) : err;
    }
    driver.finish();
    this.summary = driver.summary(src.compressed);
    return this.summary;
  }

  /**
   * Iterates over owned copies of the packets. Allocates per packet; prefer `read()` for
   * bulk processing. After the loop completes, `reader.summary` holds the totals.
   *
   * @example
   * for await (const p of PcapReader.fromFile('a.pcap')) console.log(p.index, p.data.length);
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<Packet> {
    const pending: Packet[] = [];
    const driver = new ChunkDriver((v) => pending.push(copyPacket(v)), this.options);
    const src = await this.open(this.options.chunkSize ?? DEFAULT_CHUNK);
    try {
      for await (const chunk of src.chunks) {
        driver.feed(chunk);
        // Packets are owned copies, so yielding after the chunk was handed back is safe.
        for (const p of pending) yield p;
        pending.length = 0;
      }
    } catch (err) {
      throw src.compressed && isZlibError(err) ? driver.gzipError(err) : err;
    }
    driver.finish();
    this.summary = driver.summary(src.compressed);
  }
}

/**
 * Copies a reused view into an owned {@link Packet}.
 *
 * @example
 * await reader.read((pkt) => { if (pkt.index === 7) kept = copyPacket(pkt); });
 */
export function copyPacket(v: PacketView): Packet {
  // Not buf.slice(): on a node Buffer that returns a view, not a copy.
  const data = new Uint8Array(v.caplen);
  data.set(v.buf.subarray(v.start, v.start + v.caplen));
  return {
    tsSec: v.tsSec,
    tsNsec: v.tsNsec,
    linkType: v.linkType,
    interfaceId: v.interfaceId,
    caplen: v.caplen,
    origLen: v.origLen,
    offset: v.offset,
    index: v.index,
    data,
  };
}
