import { LAYER, type DecodedPacket } from './decoded-packet.js';
import { decodeIPv4, decodeIPv6 } from './ip.js';
import type { PacketView } from './packet.js';

/**
 * LINKTYPE_* values understood by {@link decode}.
 *
 * @example
 * if (pkt.linkType === LINKTYPE.ETHERNET) ethernet++;
 */
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

/**
 * EtherTypes the decoder acts on.
 *
 * @example
 * if (out.etherType === ETHERTYPE.ARP) arp++;
 */
export const ETHERTYPE = { IPV4: 0x0800, ARP: 0x0806, VLAN: 0x8100, IPV6: 0x86dd, QINQ: 0x88a8 } as const;

/** Upper bound on stacked VLAN tags; real networks use at most two or three. */
const MAX_VLAN_TAGS = 8;

/**
 * Decodes one packet's headers into `out`, overwriting it, without allocating.
 * Supports NULL/LOOP, Ethernet (802.1Q, 802.1ad/QinQ and legacy 0x9100/0x9200 tags,
 * stacked), raw IP (101, 228, 229), Linux SLL and SLL2; then IPv4/IPv6 and
 * TCP/UDP/ICMP/ICMPv6. Returns the `LAYER` bits reached; cut-short headers set
 * `out.truncated`, impossible ones `out.malformed`. Never throws on packet content.
 *
 * @example
 * const out = new DecodedPacket();
 * await reader.read((pkt) => {
 *   const layers = decode(pkt.linkType, pkt.buf, pkt.start, pkt.caplen, out);
 *   if (layers & LAYER.L4 && out.protocol === IPPROTO.TCP) tcp++;
 * });
 */
export function decode(linkType: number, buf: Uint8Array, start: number, length: number, out: DecodedPacket): number {
  out.reset(linkType);
  // Never trust the caller's length beyond the buffer itself.
  const end = Math.min(start + length, buf.length);
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      if (end - start < 14) return truncated(out);
      out.layers = LAYER.L2;
      return etherPayload(buf, start + 12, end, out);
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP:
      return nullLink(buf, start, end, out, linkType === LINKTYPE.LOOP);
    case LINKTYPE.RAW:
      return rawIp(buf, start, end, out);
    case LINKTYPE.IPV4:
      out.etherType = ETHERTYPE.IPV4;
      return decodeIPv4(buf, start, end, out);
    case LINKTYPE.IPV6:
      out.etherType = ETHERTYPE.IPV6;
      return decodeIPv6(buf, start, end, out);
    case LINKTYPE.LINUX_SLL:
      if (end - start < 16) return truncated(out);
      out.layers = LAYER.L2;
      return etherPayload(buf, start + 14, end, out);
    case LINKTYPE.LINUX_SLL2:
      if (end - start < 20) return truncated(out);
      out.layers = LAYER.L2;
      return dispatchEtherType((buf[start]! << 8) | buf[start + 1]!, buf, start + 20, end, out);
    default:
      return 0;
  }
}

/**
 * Convenience wrapper taking a reader's {@link PacketView}.
 *
 * @example
 * await reader.read((pkt) => decodePacket(pkt, out));
 */
export function decodePacket(pkt: PacketView, out: DecodedPacket): number {
  return decode(pkt.linkType, pkt.buf, pkt.start, pkt.caplen, out);
}

function truncated(out: DecodedPacket): number {
  out.truncated = true;
  return out.layers;
}

/**
 * `p` points at an EtherType field (Ethernet offset 12, SLL offset 14). Walks VLAN tags,
 * which each insert a 2-byte TCI and another EtherType, then dispatches.
 */
function etherPayload(buf: Uint8Array, p: number, end: number, out: DecodedPacket): number {
  let et = (buf[p]! << 8) | buf[p + 1]!;
  p += 2;
  while (et === 0x8100 || et === 0x88a8 || et === 0x9100 || et === 0x9200) {
    if (out.vlanCount === MAX_VLAN_TAGS) {
      out.malformed = true;
      return out.layers;
    }
    if (end - p < 4) return truncated(out);
    const vid = ((buf[p]! << 8) | buf[p + 1]!) & 0x0fff;
    if (out.vlanCount === 0) out.vlanOuter = vid;
    out.vlanInner = vid;
    out.vlanCount++;
    et = (buf[p + 2]! << 8) | buf[p + 3]!;
    p += 4;
  }
  return dispatchEtherType(et, buf, p, end, out);
}

function dispatchEtherType(et: number, buf: Uint8Array, p: number, end: number, out: DecodedPacket): number {
  out.etherType = et;
  if (et === ETHERTYPE.IPV4) return decodeIPv4(buf, p, end, out);
  if (et === ETHERTYPE.IPV6) return decodeIPv6(buf, p, end, out);
  return out.layers;
}

/**
 * BSD loopback: a 4-byte address family in the *capturing host's* byte order (NULL) or
 * network order (LOOP). Families fit in 16 bits, so a value above 0xffff means the
 * other byte order. IPv6 has three values because the BSDs never agreed on AF_INET6.
 */
function nullLink(buf: Uint8Array, p: number, end: number, out: DecodedPacket, bigEndian: boolean): number {
  if (end - p < 4) return truncated(out);
  const le = (buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24)) >>> 0;
  const be = ((buf[p]! << 24) | (buf[p + 1]! << 16) | (buf[p + 2]! << 8) | buf[p + 3]!) >>> 0;
  const af = bigEndian || le > 0xffff ? be : le;
  out.layers = LAYER.L2;
  if (af === 2) {
    out.etherType = ETHERTYPE.IPV4;
    return decodeIPv4(buf, p + 4, end, out);
  }
  if (af === 24 || af === 28 || af === 30) {
    out.etherType = ETHERTYPE.IPV6;
    return decodeIPv6(buf, p + 4, end, out);
  }
  return out.layers;
}

/** Raw IP: the version nibble is the only hint of which IP it is. */
function rawIp(buf: Uint8Array, p: number, end: number, out: DecodedPacket): number {
  if (end - p < 1) return truncated(out);
  const v = buf[p]! >> 4;
  if (v === 4) {
    out.etherType = ETHERTYPE.IPV4;
    return decodeIPv4(buf, p, end, out);
  }
  if (v === 6) {
    out.etherType = ETHERTYPE.IPV6;
    return decodeIPv6(buf, p, end, out);
  }
  out.malformed = true;
  return 0;
}
