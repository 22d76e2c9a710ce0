import { SOURCE_TAGS, type SourceTag } from '@cynex/core';
import type { DecodedPacket } from '@cynex/pcap';
import { CLASS } from './classify.js';

/** Tag bits (bit i = `SOURCE_TAGS[i]`), the form used on the hot path and in flow tuples. */
export const TAG = { mirai: 1, zmap: 2, masscan: 4, research: 8 } as const satisfies Record<SourceTag, number>;

/** Tag names of a bitmask, in `SOURCE_TAGS` order. */
export function tagNames(bits: number): SourceTag[] {
  return SOURCE_TAGS.filter((_, i) => (bits & (1 << i)) !== 0);
}

/** ZMap's constant IPv4 identification (`ip_id = htons(54321)` in its probe modules). */
export const ZMAP_IP_ID = 54321;

/**
 * Per-packet scanner fingerprints (IPv4 only; IPv6 headers have no identification or the fields differ):
 * - Mirai and its descendants: TCP SYN whose sequence number equals the destination address
 *   (`tcph->seq = iph->daddr` in Mirai's scanner).
 * - ZMap: IP identification 54321 on a probe (TCP SYN, UDP, ICMP echo).
 * - Masscan: TCP SYN with `ip.id == (dst ^ dport ^ seq) & 0xffff`: masscan computes
 *   `ip_id = ip_them ^ port_them ^ seqno` and writes its low 16 bits (templ-pkt.c, `tcp_create_packet`
 *   and `template_set_target`), the sequence number being its SYN cookie.
 *
 * A random packet matches ZMap or Masscan with probability 2^-16 each, Mirai with 2^-32; sources are
 * therefore tagged only when their matches are improbable by chance ({@link FingerprintCounts}).
 *
 * @example
 * const bits = packetFingerprints(decoded, CLASS.tcp_syn); // e.g. TAG.masscan
 */
export function packetFingerprints(d: DecodedPacket, cls: number): number {
  if (d.ipVersion !== 4) return 0;
  let bits = 0;
  if (cls === CLASS.tcp_syn) {
    if (d.seq === d.dst4) bits |= TAG.mirai;
    if (d.ipId === ((d.dst4 ^ d.dstPort ^ d.seq) & 0xffff)) bits |= TAG.masscan;
    if (d.ipId === ZMAP_IP_ID) bits |= TAG.zmap;
  } else if ((cls === CLASS.udp || cls === CLASS.icmp_echo) && d.ipId === ZMAP_IP_ID) bits |= TAG.zmap;
  return bits;
}

/**
 * Fingerprint matches of a group of packets (a source, a scan): how many packets could have matched
 * (`syn`: IPv4 TCP SYNs; `probes`: IPv4 SYN/UDP/echo probes) and how many did.
 *
 * @example
 * const c = new FingerprintCounts();
 * c.add(CLASS.tcp_syn, packetFingerprints(d, CLASS.tcp_syn), true);
 * tagNames(c.tags()); // ['masscan']
 */
export class FingerprintCounts {
  syn = 0;
  probes = 0;
  mirai = 0;
  zmap = 0;
  masscan = 0;

  /** Counts one packet of class `cls` with fingerprint bits `bits`. */
  add(cls: number, bits: number, ipv4: boolean): void {
    if (!ipv4) return;
    if (cls === CLASS.tcp_syn) this.syn++;
    if (cls === CLASS.tcp_syn || cls === CLASS.udp || cls === CLASS.icmp_echo) this.probes++;
    if (bits === 0) return;
    if (bits & TAG.mirai) this.mirai++;
    if (bits & TAG.zmap) this.zmap++;
    if (bits & TAG.masscan) this.masscan++;
  }

  /** Adds another group's counts. */
  merge(o: FingerprintCounts): void {
    this.syn += o.syn;
    this.probes += o.probes;
    this.mirai += o.mirai;
    this.zmap += o.zmap;
    this.masscan += o.masscan;
  }

  /** Tag bits whose match counts are significant (see {@link significantMatches}). */
  tags(): number {
    let bits = 0;
    if (significantMatches(this.mirai, this.syn, 2 ** -32)) bits |= TAG.mirai;
    if (significantMatches(this.zmap, this.probes, 2 ** -16)) bits |= TAG.zmap;
    if (significantMatches(this.masscan, this.syn, 2 ** -16)) bits |= TAG.masscan;
    return bits;
  }
}

/**
 * Whether `hits` matches among `n` packets are unlikely to be chance when each matches with probability
 * `p`: P(X ≥ hits) < 10^-4 for X ~ Poisson(n·p). One matching packet from a one- to six-packet source
 * counts (p = 2^-16 gives 1.5·10^-5 per packet), while a source sending 340,000 SYNs needs about 14
 * ZMap-looking identifications before it is called ZMap (5 are expected by chance).
 *
 * @example
 * significantMatches(1, 1, 2 ** -16); // true
 * significantMatches(5, 340_000, 2 ** -16); // false
 */
export function significantMatches(hits: number, n: number, p: number): boolean {
  if (hits <= 0) return false;
  const lambda = n * p;
  if (hits > lambda + 20 * Math.sqrt(lambda) + 20) return true;
  // P(X >= hits) = 1 - sum_{k < hits} e^-λ λ^k / k!
  let term = Math.exp(-lambda);
  let below = 0;
  for (let k = 0; k < hits; k++) {
    below += term;
    term *= lambda / (k + 1);
  }
  return 1 - below < 1e-4;
}
