import { IPPROTO, LAYER, type DecodedPacket } from './decoded-packet.js';

// Byte readers over a Uint8Array. Callers bounds-check first, so the `!`s never see
// undefined; plain byte loads keep V8 on its fast typed-array path with no DataView
// allocation per packet.
function u16(b: Uint8Array, p: number): number {
  return (b[p]! << 8) | b[p + 1]!;
}

function u32(b: Uint8Array, p: number): number {
  return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
}

/** IPv6 extension headers with the generic (next header, length in 8-octet units) layout. */
function isGenericExt(nh: number): boolean {
  return nh === 0 || nh === 43 || nh === 60 || nh === 135 || nh === 139 || nh === 140;
}

/** More extension headers than this is an attack or garbage; stop walking. */
const MAX_EXT_HEADERS = 16;

/**
 * Decodes an IPv4 header at `buf[p]` (bounded by `end`) and the transport header after
 * it. Returns the `layers` bits. Later fragments set `fragment` and skip L4, because
 * their payload is the middle of someone else's datagram, not a header.
 *
 * @example
 * const layers = decodeIPv4(bytes, 14, bytes.length, out);
 */
export function decodeIPv4(buf: Uint8Array, p: number, end: number, out: DecodedPacket): number {
  out.l3Offset = p;
  if (end - p < 20) return stop(out, true);
  const vihl = buf[p]!;
  const ihl = (vihl & 0x0f) * 4;
  if (vihl >> 4 !== 4 || ihl < 20) return stop(out, false);
  if (end - p < ihl) return stop(out, true);
  out.ipVersion = 4;
  out.ipHeaderLength = ihl;
  out.tos = buf[p + 1]!;
  const total = u16(buf, p + 2);
  out.ipTotalLength = total;
  out.ipId = u16(buf, p + 4);
  const ff = u16(buf, p + 6);
  out.dontFragment = (ff & 0x4000) !== 0;
  out.moreFragments = (ff & 0x2000) !== 0;
  out.fragmentOffset = (ff & 0x1fff) * 8;
  out.fragment = out.moreFragments || out.fragmentOffset !== 0;
  out.ttl = buf[p + 8]!;
  const proto = buf[p + 9]!;
  out.protocol = proto;
  out.src4 = u32(buf, p + 12);
  out.dst4 = u32(buf, p + 16);
  out.layers |= LAYER.L3;
  // The IP length bounds the transport layer so Ethernet padding is not read as payload.
  // Zero (TSO/LRO captures) means "unknown": use what was captured.
  let l3end = end;
  if (total >= ihl) {
    if (p + total < end) l3end = p + total;
  } else if (total !== 0) {
    out.malformed = true;
    return out.layers;
  }
  if (out.fragmentOffset !== 0) return out.layers;
  return decodeL4(proto, buf, p + ihl, l3end, out);
}

/**
 * Decodes an IPv6 header, walks extension headers (hop-by-hop, routing, fragment,
 * destination options, AH, mobility/HIP/shim6) and decodes the transport header.
 * `protocol` ends up as the first non-extension next header (59 = none).
 *
 * @example
 * const layers = decodeIPv6(bytes, 0, bytes.length, out);
 */
export function decodeIPv6(buf: Uint8Array, p: number, end: number, out: DecodedPacket): number {
  out.l3Offset = p;
  if (end - p < 40) return stop(out, true);
  const b0 = buf[p]!;
  if (b0 >> 4 !== 6) return stop(out, false);
  out.ipVersion = 6;
  out.ipHeaderLength = 40;
  const b1 = buf[p + 1]!;
  out.tos = ((b0 & 0x0f) << 4) | (b1 >> 4);
  out.flowLabel = ((b1 & 0x0f) << 16) | u16(buf, p + 2);
  const payloadLen = u16(buf, p + 4);
  out.ipTotalLength = 40 + payloadLen;
  let nh = buf[p + 6]!;
  out.ttl = buf[p + 7]!;
  const src = out.src6;
  const dst = out.dst6;
  for (let i = 0; i < 4; i++) {
    src[i] = u32(buf, p + 8 + 4 * i);
    dst[i] = u32(buf, p + 24 + 4 * i);
  }
  out.layers |= LAYER.L3;
  // Payload length 0 means a jumbogram (or unknown): bound by the capture instead.
  const l3end = payloadLen !== 0 && p + 40 + payloadLen < end ? p + 40 + payloadLen : end;
  let q = p + 40;
  for (let i = 0; ; i++) {
    out.protocol = nh;
    if (nh === IPPROTO.NONE) return out.layers;
    const generic = isGenericExt(nh);
    if (!generic && nh !== 44 && nh !== 51) break;
    if (i === MAX_EXT_HEADERS) {
      out.malformed = true;
      return out.layers;
    }
    if (l3end - q < 8) return stop(out, true);
    const next = buf[q]!;
    let len: number;
    if (nh === 44) {
      const fo = u16(buf, q + 2);
      out.fragmentOffset = fo & 0xfff8;
      out.moreFragments = (fo & 1) !== 0;
      out.ipId = u32(buf, q + 4);
      out.fragment = out.fragmentOffset !== 0 || out.moreFragments;
      len = 8;
    } else {
      len = generic ? (buf[q + 1]! + 1) * 8 : (buf[q + 1]! + 2) * 4;
    }
    out.ipv6ExtCount++;
    q += len;
    nh = next;
    if (q > l3end) return stop(out, true);
    if (out.fragmentOffset !== 0) {
      out.protocol = nh;
      return out.layers;
    }
  }
  return decodeL4(nh, buf, q, l3end, out);
}

/**
 * Decodes TCP, UDP, ICMP or ICMPv6 at `buf[q]`. Unknown protocols leave `L4` unset and
 * expose the rest as payload. Returns the `layers` bits.
 *
 * @example
 * decodeL4(6, bytes, 34, bytes.length, out);
 */
export function decodeL4(proto: number, buf: Uint8Array, q: number, end: number, out: DecodedPacket): number {
  out.l4Offset = q;
  const left = end - q;
  if (proto === IPPROTO.TCP || proto === IPPROTO.UDP) {
    // Ports are worth having even from a header the snaplen cut short.
    if (left >= 4) {
      out.srcPort = u16(buf, q);
      out.dstPort = u16(buf, q + 2);
    }
    if (proto === IPPROTO.TCP) {
      if (left < 20) return stop(out, true);
      out.seq = u32(buf, q + 4);
      out.ack = u32(buf, q + 8);
      const hl = (buf[q + 12]! >> 4) * 4;
      out.tcpHeaderLength = hl;
      out.tcpFlags = buf[q + 13]!;
      out.window = u16(buf, q + 14);
      if (hl < 20) return stop(out, false);
      out.layers |= LAYER.L4;
      if (hl > left) return stop(out, true);
      out.payloadOffset = q + hl;
      out.payloadLength = left - hl;
      return out.layers;
    }
    if (left < 8) return stop(out, true);
    const ulen = u16(buf, q + 4);
    out.udpLength = ulen;
    out.layers |= LAYER.L4;
    out.payloadOffset = q + 8;
    out.payloadLength = ulen >= 8 && ulen - 8 < left - 8 ? ulen - 8 : left - 8;
    return out.layers;
  }
  if (proto === IPPROTO.ICMP || proto === IPPROTO.ICMPV6) {
    if (left >= 2) {
      out.icmpType = buf[q]!;
      out.icmpCode = buf[q + 1]!;
    }
    if (left < 4) return stop(out, true);
    out.layers |= LAYER.L4;
    out.payloadOffset = q + 4;
    out.payloadLength = left - 4;
    return out.layers;
  }
  out.payloadOffset = q;
  out.payloadLength = left > 0 ? left : 0;
  return out.layers;
}

/** Marks why decoding stopped and returns the layers reached so far. */
function stop(out: DecodedPacket, truncated: boolean): number {
  if (truncated) out.truncated = true;
  else out.malformed = true;
  return out.layers;
}
