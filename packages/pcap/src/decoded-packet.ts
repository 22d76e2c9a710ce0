/**
 * Bits returned by `decode()` (and kept in `DecodedPacket.layers`) saying which headers
 * were fully present. `L4` is set only when the whole fixed TCP/UDP/ICMP header was there.
 *
 * @example
 * if (decode(pkt.linkType, pkt.buf, pkt.start, pkt.caplen, out) & LAYER.L4) count(out.dstPort);
 */
export const LAYER = { L2: 1, L3: 2, L4: 4 } as const;

/**
 * IP protocol numbers the decoder understands.
 *
 * @example
 * if (out.protocol === IPPROTO.TCP) tcp++;
 */
export const IPPROTO = { ICMP: 1, TCP: 6, UDP: 17, ICMPV6: 58, NONE: 59 } as const;

/**
 * TCP flag bits of `DecodedPacket.tcpFlags` (byte 13 of the header).
 *
 * @example
 * const synAck = (out.tcpFlags & (TCP_FLAGS.SYN | TCP_FLAGS.ACK)) === (TCP_FLAGS.SYN | TCP_FLAGS.ACK);
 */
export const TCP_FLAGS = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
} as const;

/**
 * The decoder's output, meant to be allocated once and refilled for every packet so the
 * hot path allocates nothing. Numbers only: addresses are uint32s (IPv4) or four uint32
 * words in reused arrays (IPv6); format them with `ipv4ToString`/`ipv6ToString` only when
 * you need text. Offsets index into the buffer passed to `decode()`.
 *
 * Fields of a layer are meaningful only when the matching `layers` bit is set (ports
 * may also be filled from a partial TCP/UDP header, with `truncated` set).
 *
 * @example
 * const out = new DecodedPacket();
 * await reader.read((pkt) => {
 *   decode(pkt.linkType, pkt.buf, pkt.start, pkt.caplen, out);
 *   if (out.ipVersion === 4) bySource.set(out.src4, (bySource.get(out.src4) ?? 0) + 1);
 * });
 */
export class DecodedPacket {
  /** Bitmask of `LAYER` values fully decoded. */
  layers = 0;
  /** A header was cut short by the capture length; decoding stopped there. */
  truncated = false;
  /** A header field was impossible (bad version, length below minimum); decoding stopped. */
  malformed = false;
  /** IPv4 or IPv6 fragment (first or later). Later fragments have no L4 header. */
  fragment = false;

  linkType = 0;
  /** Final EtherType after VLAN tags (or the one implied by NULL/raw/SLL headers); 0 if none. */
  etherType = 0;
  /** Number of 802.1Q / 802.1ad tags walked. */
  vlanCount = 0;
  /** VLAN id of the outermost tag (valid when vlanCount ≥ 1). */
  vlanOuter = 0;
  /** VLAN id of the innermost tag (valid when vlanCount ≥ 1). */
  vlanInner = 0;

  /** 4 or 6 once an IP header was found, else 0. */
  ipVersion = 0;
  /** Buffer index of the IP header. */
  l3Offset = 0;
  /** IPv4 header length in bytes; 40 for IPv6 (extension headers excluded). */
  ipHeaderLength = 0;
  /** IPv4 total length, or 40 + payload length for IPv6. */
  ipTotalLength = 0;
  /** IPv4 identification, or the IPv6 fragment header identification. */
  ipId = 0;
  /** IPv4 DF bit. */
  dontFragment = false;
  /** IPv4 MF bit or IPv6 fragment-header M flag. */
  moreFragments = false;
  /** Fragment offset in bytes. */
  fragmentOffset = 0;
  /** IPv4 TTL or IPv6 hop limit. */
  ttl = 0;
  /** IPv4 TOS / IPv6 traffic class byte. */
  tos = 0;
  /** IPv6 flow label. */
  flowLabel = 0;
  /** Transport protocol: IPv4 protocol field, or the IPv6 next header after extension headers. */
  protocol = 0;
  /** IPv4 source as an unsigned 32-bit number. */
  src4 = 0;
  /** IPv4 destination as an unsigned 32-bit number. */
  dst4 = 0;
  /** IPv6 source as four big-endian 32-bit words. */
  readonly src6 = new Uint32Array(4);
  /** IPv6 destination as four big-endian 32-bit words. */
  readonly dst6 = new Uint32Array(4);
  /** IPv6 extension headers walked. */
  ipv6ExtCount = 0;

  /** Buffer index of the transport header. */
  l4Offset = 0;
  srcPort = 0;
  dstPort = 0;
  /** TCP sequence number (unsigned). */
  seq = 0;
  /** TCP acknowledgement number (unsigned). */
  ack = 0;
  /** TCP flags byte; see `TCP_FLAGS`. */
  tcpFlags = 0;
  window = 0;
  /** TCP header length in bytes (data offset × 4). */
  tcpHeaderLength = 0;
  /** UDP length field. */
  udpLength = 0;
  icmpType = 0;
  icmpCode = 0;
  /** Buffer index of the transport payload (TCP/UDP), bounded by the IP length. */
  payloadOffset = 0;
  /** Captured payload bytes available from `payloadOffset`. */
  payloadLength = 0;

  /**
   * Clears the per-packet state. `decode()` calls this; you rarely need to.
   *
   * @example
   * out.reset(1);
   */
  reset(linkType: number): void {
    this.layers = 0;
    this.truncated = false;
    this.malformed = false;
    this.fragment = false;
    this.linkType = linkType;
    this.etherType = 0;
    this.vlanCount = 0;
    this.ipVersion = 0;
    this.ipId = 0;
    this.dontFragment = false;
    this.moreFragments = false;
    this.fragmentOffset = 0;
    this.protocol = 0;
    this.ipv6ExtCount = 0;
    this.srcPort = 0;
    this.dstPort = 0;
    this.tcpFlags = 0;
    this.icmpType = 0;
    this.icmpCode = 0;
    this.payloadOffset = 0;
    this.payloadLength = 0;
  }
}
