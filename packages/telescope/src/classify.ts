import { PACKET_CLASSES, type PacketClass } from '@cynex/core';
import { IPPROTO, LAYER, TCP_FLAGS, type DecodedPacket } from '@cynex/pcap';

/**
 * Packet classes as small integers (indexes into core's `PACKET_CLASSES`) so the hot path compares
 * numbers; {@link className} turns them back into the wire names.
 */
export const CLASS = {
  tcp_syn: 0,
  tcp_other: 1,
  udp: 2,
  icmp_echo: 3,
  backscatter: 4,
  fragment: 5,
  other: 6,
} as const satisfies Record<PacketClass, number>;

/** Wire name of a class number. */
export function className(cls: number): PacketClass {
  return PACKET_CLASSES[cls] ?? 'other';
}

/** Transport protocols as reported in `TelescopeInterval.byProtocol`, in index order. */
export const PROTOCOLS = ['tcp', 'udp', 'icmp', 'icmpv6', 'other'] as const;
export type ProtocolName = (typeof PROTOCOLS)[number];
export const PROTO = { tcp: 0, udp: 1, icmp: 2, icmpv6: 3, other: 4 } as const;

/** Protocol index of an IP protocol number. */
export function protocolIndex(ipProto: number): number {
  switch (ipProto) {
    case IPPROTO.TCP:
      return PROTO.tcp;
    case IPPROTO.UDP:
      return PROTO.udp;
    case IPPROTO.ICMP:
      return PROTO.icmp;
    case IPPROTO.ICMPV6:
      return PROTO.icmpv6;
    default:
      return PROTO.other;
  }
}

// ICMP replies and errors: what a host sends back to a (spoofed) source. Echo reply 0, destination
// unreachable 3, source quench 4, redirect 5, time exceeded 11, parameter problem 12, timestamp reply 14,
// information reply 16, address-mask reply 18 (Corsaro3's backscatter list).
const ICMP4_BACKSCATTER = bitset([0, 3, 4, 5, 11, 12, 14, 16, 18]);
// ICMPv6 equivalents: unreachable 1, packet too big 2, time exceeded 3, parameter problem 4, echo reply 129.
const ICMP6_BACKSCATTER = bitset([1, 2, 3, 4, 129]);

function bitset(values: number[]): Uint8Array {
  const b = new Uint8Array(256);
  for (const v of values) b[v] = 1;
  return b;
}

const SYN_ACK = TCP_FLAGS.SYN | TCP_FLAGS.ACK;

/**
 * Classifies a decoded packet, after Corsaro3:
 * - `fragment`: a non-first fragment (no transport header; first fragments classify normally);
 * - `backscatter`: replies a victim of spoofed traffic sends to the forged sources: TCP SYN-ACK or any
 *   RST, ICMP echo reply and errors ({@link ICMP4_BACKSCATTER}), ICMPv6 1–4 and 129. UDP is never
 *   backscatter (as in Corsaro: a UDP reply cannot be told from a probe);
 * - `tcp_syn`: SYN without ACK; `tcp_other`: any other TCP;
 * - `udp`; `icmp_echo`: echo request (ICMP 8, ICMPv6 128);
 * - `other`: other ICMP types, other protocols, and TCP/ICMP whose header was cut off.
 *
 * @example
 * if (classify(decoded) === CLASS.backscatter) dos.add(...);
 */
export function classify(d: DecodedPacket): number {
  if (d.fragmentOffset !== 0) return CLASS.fragment;
  const proto = d.protocol;
  if (proto === IPPROTO.UDP) return CLASS.udp;
  const l4 = (d.layers & LAYER.L4) !== 0;
  if (proto === IPPROTO.TCP) {
    if (!l4) return CLASS.other;
    const f = d.tcpFlags;
    if ((f & TCP_FLAGS.RST) !== 0 || (f & SYN_ACK) === SYN_ACK) return CLASS.backscatter;
    return (f & TCP_FLAGS.SYN) !== 0 ? CLASS.tcp_syn : CLASS.tcp_other;
  }
  if (proto === IPPROTO.ICMP && l4 && d.ipVersion === 4) {
    if (d.icmpType === 8) return CLASS.icmp_echo;
    return ICMP4_BACKSCATTER[d.icmpType] === 1 ? CLASS.backscatter : CLASS.other;
  }
  if (proto === IPPROTO.ICMPV6 && l4) {
    if (d.icmpType === 128) return CLASS.icmp_echo;
    return ICMP6_BACKSCATTER[d.icmpType] === 1 ? CLASS.backscatter : CLASS.other;
  }
  return CLASS.other;
}
