import { IPPROTO, LAYER, type DecodedPacket, type PacketView } from '@cynex/pcap';
import { CLASS, classify, protocolIndex } from './classify.js';
import type { Darknet } from './darknet.js';
import type { PacketFacts } from './facts.js';
import { packetFingerprints } from './fingerprints.js';
import { hash128, mix32 } from './u32map.js';

/** ICMP errors that quote the packet that caused them. */
const ICMP_ERRORS = new Set([3, 4, 5, 11, 12]);

/**
 * Copies addresses, their hashes and the heat-map block into the facts; false when the destination is
 * outside the darknet (the packet is then not counted).
 *
 * @example
 * if (!addressFacts(decoded, darknet, facts)) outside++;
 */
export function addressFacts(d: DecodedPacket, darknet: Darknet, f: PacketFacts): boolean {
  if (d.ipVersion === 4) {
    const block = darknet.block4(d.dst4);
    if (block < 0) return false;
    f.ipVersion = 4;
    f.src4 = d.src4;
    f.dst4 = d.dst4;
    f.srcHash = mix32(d.src4);
    f.dstHash = mix32(d.dst4);
    f.block = block;
    return true;
  }
  const block = darknet.block6(d.dst6);
  if (block < 0) return false;
  f.ipVersion = 6;
  f.src6.set(d.src6);
  f.dst6.set(d.dst6);
  f.srcHash = hash128(d.src6);
  f.dstHash = hash128(d.dst6);
  f.block = block;
  return true;
}

/**
 * Fills the per-packet facts every consumer reads: class, protocol, IP length, ports (ICMP type and
 * code in their place), TTL, flags, fingerprints and, for backscatter, the victim.
 *
 * @example
 * describePacket(pkt, decoded, facts);
 */
export function describePacket(pkt: PacketView, d: DecodedPacket, f: PacketFacts): void {
  const cls = classify(d);
  f.cls = cls;
  f.ipProto = d.protocol;
  f.proto = protocolIndex(d.protocol);
  // IP length is independent of the link layer; 0 means TSO/LRO captures: fall back to the frame.
  f.bytes = d.ipTotalLength !== 0 ? d.ipTotalLength : pkt.origLen - (d.l3Offset - pkt.start);
  f.ttl = d.ttl;
  const l4 = (d.layers & LAYER.L4) !== 0 && cls !== CLASS.fragment;
  const tcp = d.protocol === IPPROTO.TCP;
  f.hasPorts = l4 && (tcp || d.protocol === IPPROTO.UDP);
  if (f.hasPorts) {
    f.srcPort = d.srcPort;
    f.dstPort = d.dstPort;
  } else if (l4 && (d.protocol === IPPROTO.ICMP || d.protocol === IPPROTO.ICMPV6)) {
    f.srcPort = d.icmpType;
    f.dstPort = d.icmpCode;
  } else {
    f.srcPort = 0;
    f.dstPort = 0;
  }
  f.tcpFlags = tcp && l4 ? d.tcpFlags : 0;
  f.fingerprints = packetFingerprints(d, cls);
  if (cls === CLASS.backscatter) victim(pkt, d, f);
}

/**
 * Who the backscatter is from: the source, or for ICMP errors (3, 4, 5, 11, 12) the destination of the
 * quoted IPv4 packet, with its destination port (Corsaro's dos plugin does the same: a router reports
 * on behalf of the attacked host).
 */
function victim(pkt: PacketView, d: DecodedPacket, f: PacketFacts): void {
  f.victim4 = f.src4;
  f.victimPort = f.hasPorts ? f.srcPort : 0;
  if (d.ipVersion !== 4 || d.protocol !== IPPROTO.ICMP || !ICMP_ERRORS.has(d.icmpType)) return;
  const b = pkt.buf;
  const inner = d.l4Offset + 8;
  const end = pkt.start + pkt.caplen;
  if (inner + 20 > end || b[inner]! >> 4 !== 4) return;
  f.victim4 = ((b[inner + 16]! << 24) | (b[inner + 17]! << 16) | (b[inner + 18]! << 8) | b[inner + 19]!) >>> 0;
  const ihl = (b[inner]! & 0x0f) * 4;
  const proto = b[inner + 9]!;
  const l4 = inner + ihl;
  f.victimPort = (proto === IPPROTO.TCP || proto === IPPROTO.UDP) && l4 + 4 <= end ? (b[l4 + 2]! << 8) | b[l4 + 3]! : 0;
}
