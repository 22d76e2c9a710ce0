import { describe, expect, it } from 'vitest';
import { decode, decodePacket, ETHERTYPE, LINKTYPE } from './decode.js';
import { DecodedPacket, IPPROTO, LAYER, TCP_FLAGS } from './decoded-packet.js';
import { ipv4ToString, ipv6ToString } from './format.js';
import { PcapReader } from './pcap-reader.js';
import { prng } from './testing/fixtures.js';
import { ethernet, icmpHeader, ipv4Packet, ipv6Packet, tcpHeader, udpHeader } from './testing/packets.js';
import { concat, pcapFile, Writer } from './testing/synth.js';

const ALL = LAYER.L2 | LAYER.L3 | LAYER.L4;
const tcp = tcpHeader({ sport: 1234, dport: 443, seq: 0xdeadbeef, ack: 7, flags: TCP_FLAGS.SYN | TCP_FLAGS.ACK });
const v4tcp = ipv4Packet({ src: 0xac100008, dst: 0x400d8634, proto: IPPROTO.TCP, ttl: 54, df: true, payload: tcp });
const v6udp = ipv6Packet({ next: IPPROTO.UDP, payload: udpHeader(53, 5353, 4) });

/**
 * Writes the frame into a one-record capture, reads it back and decodes it. Offsets are
 * made relative to the frame (the decoder's are indexes into the capture buffer).
 */
function decodeViaCapture(linkType: number, frame: Uint8Array): { out: DecodedPacket; layers: number } {
  const out = new DecodedPacket();
  let layers = -1;
  PcapReader.readSync(pcapFile('microLE', linkType, [{ sec: 1, frac: 0, data: frame }]), (p) => {
    layers = decodePacket(p, out);
    out.l3Offset -= p.start;
    out.l4Offset -= p.start;
    out.payloadOffset -= p.start;
  });
  return { out, layers };
}

function sll(protocol: number, payload: Uint8Array): Uint8Array {
  return new Writer().u16(0).u16(1).u16(6).raw([2, 0, 0, 0, 0, 1, 0, 0]).u16(protocol).raw(payload).bytes();
}

function sll2(protocol: number, payload: Uint8Array): Uint8Array {
  return new Writer().u16(protocol).u16(0).u32(3).u16(1).u8(0).u8(6).raw([2, 0, 0, 0, 0, 1, 0, 0]).raw(payload).bytes();
}

describe('decode: link types', () => {
  it('decodes Ethernet → IPv4 → TCP', () => {
    const { out, layers } = decodeViaCapture(LINKTYPE.ETHERNET, ethernet(0x0800, v4tcp));
    expect(layers).toBe(ALL);
    expect(out).toMatchObject({
      etherType: ETHERTYPE.IPV4,
      ipVersion: 4,
      l3Offset: 14,
      ipHeaderLength: 20,
      ipTotalLength: 40,
      dontFragment: true,
      fragment: false,
      ttl: 54,
      protocol: 6,
      l4Offset: 34,
      srcPort: 1234,
      dstPort: 443,
      seq: 0xdeadbeef,
      ack: 7,
      tcpFlags: 0x12,
      tcpHeaderLength: 20,
      window: 1024,
      truncated: false,
      malformed: false,
    });
    expect(ipv4ToString(out.src4)).toBe('172.16.0.8');
    expect(ipv4ToString(out.dst4)).toBe('64.13.134.52');
  });

  it('walks stacked 802.1Q / 802.1ad / 0x9100 tags', () => {
    const tags: [number, number][] = [
      [0x88a8, 100],
      [0x9100, 4095],
      [0x8100, 200],
    ];
    const { out, layers } = decodeViaCapture(LINKTYPE.ETHERNET, ethernet(0x86dd, v6udp, tags));
    expect(layers).toBe(ALL);
    expect(out).toMatchObject({ vlanCount: 3, vlanOuter: 100, vlanInner: 200, ipVersion: 6, l3Offset: 26 });
    expect(out).toMatchObject({ protocol: 17, srcPort: 53, dstPort: 5353, udpLength: 12, payloadLength: 4 });
  });

  it('decodes single 802.1Q and QinQ frames', () => {
    expect(decodeViaCapture(1, ethernet(0x0800, v4tcp, [[0x8100, 7]])).out).toMatchObject({
      vlanCount: 1,
      srcPort: 1234,
    });
    const qinq = decodeViaCapture(
      1,
      ethernet(0x0800, v4tcp, [
        [0x88a8, 10],
        [0x8100, 20],
      ]),
    ).out;
    expect(qinq).toMatchObject({ vlanCount: 2, vlanOuter: 10, vlanInner: 20, dstPort: 443 });
  });

  it('decodes NULL loopback in either host byte order and every BSD AF_INET6', () => {
    const le = (af: number) => new Writer(true).u32(af).bytes();
    const be = (af: number) => new Writer(false).u32(af).bytes();
    expect(decodeViaCapture(LINKTYPE.NULL, concat(le(2), v4tcp)).out).toMatchObject({ ipVersion: 4, l3Offset: 4 });
    expect(decodeViaCapture(LINKTYPE.NULL, concat(be(2), v4tcp)).out).toMatchObject({ ipVersion: 4, dstPort: 443 });
    for (const af of [24, 28, 30]) {
      expect(decodeViaCapture(LINKTYPE.NULL, concat(le(af), v6udp)).layers).toBe(ALL);
      expect(decodeViaCapture(LINKTYPE.NULL, concat(be(af), v6udp)).out.ipVersion).toBe(6);
    }
    expect(decodeViaCapture(LINKTYPE.NULL, concat(le(7), v4tcp)).layers).toBe(LAYER.L2);
    expect(decodeViaCapture(LINKTYPE.LOOP, concat(be(2), v4tcp)).out.ipVersion).toBe(4);
  });

  it('decodes raw IP (101) by version nibble, and 228/229', () => {
    expect(decodeViaCapture(LINKTYPE.RAW, v4tcp).out).toMatchObject({ ipVersion: 4, l3Offset: 0, l4Offset: 20 });
    expect(decodeViaCapture(LINKTYPE.RAW, v6udp).out).toMatchObject({ ipVersion: 6, l4Offset: 40 });
    expect(decodeViaCapture(LINKTYPE.IPV4, v4tcp).layers).toBe(LAYER.L3 | LAYER.L4);
    expect(decodeViaCapture(LINKTYPE.IPV6, v6udp).layers).toBe(LAYER.L3 | LAYER.L4);
    expect(decodeViaCapture(LINKTYPE.IPV4, v6udp).out.malformed).toBe(true);
    expect(decodeViaCapture(LINKTYPE.RAW, Uint8Array.of(0x10, 0, 0)).out.malformed).toBe(true);
  });

  it('decodes Linux SLL (protocol at 14) and SLL2 (protocol at 0)', () => {
    expect(decodeViaCapture(LINKTYPE.LINUX_SLL, sll(0x0800, v4tcp)).out).toMatchObject({ l3Offset: 16, dstPort: 443 });
    expect(decodeViaCapture(LINKTYPE.LINUX_SLL2, sll2(0x86dd, v6udp)).out).toMatchObject({
      l3Offset: 20,
      dstPort: 5353,
    });
    expect(decodeViaCapture(LINKTYPE.LINUX_SLL, sll(0x0806, new Uint8Array(28))).layers).toBe(LAYER.L2);
  });

  it('leaves unknown link types and non-IP EtherTypes at what it knows', () => {
    expect(decodeViaCapture(147, v4tcp).layers).toBe(0);
    const arp = decodeViaCapture(1, ethernet(0x0806, new Uint8Array(28)));
    expect(arp.layers).toBe(LAYER.L2);
    expect(arp.out.etherType).toBe(ETHERTYPE.ARP);
  });
});

describe('decode: IP and transport', () => {
  it('bounds L4 by the IPv4 total length so Ethernet padding is not payload', () => {
    const ip = ipv4Packet({ proto: 17, payload: udpHeader(1, 2, 2) });
    const { out } = decodeViaCapture(1, concat(ethernet(0x0800, ip), new Uint8Array(20)));
    expect(out.payloadLength).toBe(2);
  });

  it('skips IPv4 options using IHL', () => {
    const ip = ipv4Packet({ proto: 6, options: new Uint8Array(8).fill(1), payload: tcp });
    expect(decodeViaCapture(228, ip).out).toMatchObject({ ipHeaderLength: 28, l4Offset: 28, dstPort: 443 });
  });

  it('decodes the first IPv4 fragment’s ports but not a later fragment’s', () => {
    const first = decodeViaCapture(228, ipv4Packet({ proto: 17, mf: true, id: 99, payload: udpHeader(161, 9, 16) }));
    expect(first.layers).toBe(LAYER.L3 | LAYER.L4);
    expect(first.out).toMatchObject({ fragment: true, moreFragments: true, fragmentOffset: 0, srcPort: 161, ipId: 99 });
    const later = decodeViaCapture(
      228,
      ipv4Packet({ proto: 17, fragOffset: 1432, payload: new Uint8Array(40).fill(7) }),
    );
    expect(later.layers).toBe(LAYER.L3);
    expect(later.out).toMatchObject({ fragment: true, moreFragments: false, fragmentOffset: 1432, protocol: 17 });
    expect(later.out).toMatchObject({ srcPort: 0, dstPort: 0 });
  });

  it('walks IPv6 hop-by-hop and fragment headers to the transport header', () => {
    const pkt = ipv6Packet({
      next: IPPROTO.TCP,
      exts: [{ type: 0 }, { type: 44, offset: 0, more: true, id: 0xcafe }],
      payload: tcp,
    });
    const { out, layers } = decodeViaCapture(229, pkt);
    expect(layers).toBe(LAYER.L3 | LAYER.L4);
    expect(out).toMatchObject({ ipv6ExtCount: 2, protocol: 6, fragment: true, moreFragments: true, ipId: 0xcafe });
    expect(out).toMatchObject({ l4Offset: 56, dstPort: 443 });
    expect(ipv6ToString(out.src6)).toBe('2001:db8::1');
    expect(ipv6ToString(out.dst6)).toBe('2001:db8::2');
  });

  it('stops at a non-first IPv6 fragment', () => {
    const pkt = ipv6Packet({
      next: 17,
      exts: [{ type: 0 }, { type: 44, offset: 1448, more: false, id: 1 }],
      payload: new Uint8Array(24),
    });
    const { out, layers } = decodeViaCapture(229, pkt);
    expect(layers).toBe(LAYER.L3);
    expect(out).toMatchObject({ fragment: true, fragmentOffset: 1448, protocol: 17, srcPort: 0 });
  });

  it('walks routing, destination options and AH; stops at no-next-header', () => {
    const chain = ipv6Packet({
      next: 58,
      exts: [{ type: 43 }, { type: 60, body: new Uint8Array(14) }, { type: 51 }],
      payload: icmpHeader(128, 0),
    });
    expect(decodeViaCapture(229, chain).out).toMatchObject({
      ipv6ExtCount: 3,
      l4Offset: 40 + 8 + 16 + 12,
      icmpType: 128,
    });
    const none = decodeViaCapture(229, ipv6Packet({ next: 59, exts: [{ type: 60 }], payload: new Uint8Array(0) }));
    expect(none.layers).toBe(LAYER.L3);
    expect(none.out.protocol).toBe(59);
  });

  it('decodes ICMP and ICMPv6 type and code', () => {
    expect(decodeViaCapture(228, ipv4Packet({ proto: 1, payload: icmpHeader(3, 3) })).out).toMatchObject({
      protocol: 1,
      icmpType: 3,
      icmpCode: 3,
    });
    const nd = decodeViaCapture(229, ipv6Packet({ next: 58, payload: icmpHeader(135, 0) }));
    expect(nd.layers).toBe(LAYER.L3 | LAYER.L4);
    expect(nd.out).toMatchObject({ protocol: 58, icmpType: 135, icmpCode: 0 });
  });

  it('flags truncated headers at every layer instead of throwing', () => {
    const frame = ethernet(0x0800, v4tcp);
    const out = new DecodedPacket();
    const expectations: [number, number][] = [
      [10, 0],
      [14 + 19, LAYER.L2],
      [14 + 20 + 3, LAYER.L2 | LAYER.L3],
      [14 + 20 + 19, LAYER.L2 | LAYER.L3],
    ];
    for (const [len, layers] of expectations) {
      expect(decode(1, frame, 0, len, out)).toBe(layers);
      expect(out.truncated).toBe(true);
    }
    decode(1, frame, 0, 14 + 20 + 4, out);
    expect(out).toMatchObject({ truncated: true, srcPort: 1234, dstPort: 443 });
    const v6 = ethernet(0x86dd, ipv6Packet({ next: 17, exts: [{ type: 0 }], payload: udpHeader(1, 2, 0) }));
    expect(decode(1, v6, 0, 14 + 40 + 4, out)).toBe(LAYER.L2 | LAYER.L3);
    expect(out.truncated).toBe(true);
    expect(decode(1, ethernet(0x8100, new Uint8Array(2)), 0, 16, out)).toBe(LAYER.L2);
    expect(out.truncated).toBe(true);
  });

  it('flags malformed headers', () => {
    const out = new DecodedPacket();
    const badIhl = Uint8Array.from(v4tcp);
    badIhl[0] = 0x44;
    decode(228, badIhl, 0, badIhl.length, out);
    expect(out).toMatchObject({ malformed: true, layers: 0 });
    const badOff = Uint8Array.from(v4tcp);
    badOff[20 + 12] = 0x40; // data offset 4 words < 5
    decode(228, badOff, 0, badOff.length, out);
    expect(out).toMatchObject({ malformed: true, layers: LAYER.L3 });
    const shortTotal = ipv4Packet({ proto: 6, payload: tcp, totalLength: 10 });
    decode(228, shortTotal, 0, shortTotal.length, out);
    expect(out).toMatchObject({ malformed: true, layers: LAYER.L3 });
  });

  it('never throws and never reads past the given length on random bytes', () => {
    const rand = prng(1234);
    const out = new DecodedPacket();
    const buf = new Uint8Array(96);
    const linkTypes = [0, 1, 101, 108, 113, 228, 229, 276, 9999];
    for (let i = 0; i < 20_000; i++) {
      for (let j = 0; j < buf.length; j++) buf[j] = rand() * 256;
      // Bias the interesting bytes so deep paths get exercised.
      if (i % 2 === 0) buf[0] = 0x45;
      else buf[0] = 0x60;
      const len = Math.floor(rand() * buf.length);
      const lt = linkTypes[i % linkTypes.length] ?? 1;
      decode(lt, buf, 0, len, out);
      expect(out.l4Offset <= len || out.layers < LAYER.L4).toBe(true);
      expect(out.payloadOffset + out.payloadLength).toBeLessThanOrEqual(len);
    }
  });
});
