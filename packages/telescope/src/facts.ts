import { ipv4ToString, ipv6ToString } from '@cynex/pcap';

/**
 * What the pipeline derived from one packet, handed to every consumer (aggregator, scans, DoS,
 * sources, flow tuples). One instance is reused for every packet, like the reader's `PacketView`,
 * so the per-packet path allocates nothing for IPv4; consumers copy what they keep.
 *
 * @example
 * const f = new PacketFacts();
 * f.setTime(1700000000, 5e8); // t = 1700000000.5
 */
export class PacketFacts {
  /** Capture time in seconds (fractional). */
  t = 0;
  /** Whole seconds. */
  sec = 0;
  /** 4 or 6. */
  ipVersion = 4;
  src4 = 0;
  dst4 = 0;
  /** IPv6 source / destination words (copies, valid until the next packet). */
  readonly src6 = new Uint32Array(4);
  readonly dst6 = new Uint32Array(4);
  /** 32-bit hashes of source and destination for sketches (a bijection for IPv4). */
  srcHash = 0;
  dstHash = 0;
  /** IP protocol number and its `PROTOCOLS` index. */
  ipProto = 0;
  proto = 0;
  /** `CLASS` value. */
  cls = 0;
  /** Fingerprint bits of this packet alone (`TAG`). */
  fingerprints = 0;
  /** Fingerprints plus the source's research tag. */
  tags = 0;
  /** IP total length (IPv4 total length, IPv6 40 + payload), the byte count of every slice. */
  bytes = 0;
  /** TCP/UDP ports; for ICMP, type and code (Corsaro's flow-tuple convention). */
  srcPort = 0;
  dstPort = 0;
  /** Whether this is TCP or UDP with a transport header, i.e. the ports are real ports. */
  hasPorts = false;
  ttl = 0;
  tcpFlags = 0;
  /** Heat-map destination block. */
  block = 0;
  /** Packed country/AS of the source (see geo.ts). */
  geo = 0;
  /**
   * Backscatter only: the victim (IPv4) and its port under attack. The packet's source, except for
   * ICMP errors quoting an IPv4 packet, whose quoted destination is the victim (as in Corsaro).
   */
  victim4 = 0;
  victimPort = 0;

  /** Sets the capture time. */
  setTime(sec: number, nsec: number): void {
    this.sec = sec;
    this.t = sec + nsec / 1e9;
  }

  /** Source address as text (allocates: only for new sources and reports). */
  sourceText(): string {
    return this.ipVersion === 4 ? ipv4ToString(this.src4) : ipv6ToString(this.src6);
  }

  /** Destination address as text (allocates). */
  destinationText(): string {
    return this.ipVersion === 4 ? ipv4ToString(this.dst4) : ipv6ToString(this.dst6);
  }
}

/** Recently formatted whole seconds ('YYYY-MM-DDTHH:MM:SS.'), by second modulo their number. */
const isoPrefixSeconds = new Float64Array(4096).fill(-1);
const isoPrefixes = new Array<string>(4096).fill('');
/** 10000-01-01: from there on `toISOString` writes a six-digit year, and its prefix has another length. */
const ISO_PLAIN_YEARS_END = 253_402_300_800;

/**
 * ISO 8601 text of a time in seconds, as the wire format wants (millisecond precision). Every source profile has two,
 * so the date part of recent seconds is kept: a batch of 100,000 profiles made a `Date` and its text for each.
 */
export function isoSeconds(t: number): string {
  const ms = Math.floor(t * 1000);
  const sec = Math.floor(ms / 1000);
  if (sec < 0 || sec >= ISO_PLAIN_YEARS_END) return new Date(ms).toISOString();
  const slot = sec & 4095;
  let prefix = isoPrefixes[slot]!;
  if (isoPrefixSeconds[slot] !== sec) {
    prefix = new Date(sec * 1000).toISOString().slice(0, 20);
    isoPrefixSeconds[slot] = sec;
    isoPrefixes[slot] = prefix;
  }
  const frac = ms - sec * 1000;
  return `${prefix}${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}Z`;
}
