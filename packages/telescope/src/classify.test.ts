import { decode, DecodedPacket, LINKTYPE } from '@cynex/pcap';
import { describe, expect, it } from 'vitest';
import { className, classify } from './classify.js';
import { ACK, icmp, ip, ipv4, ipv6, RST, SYN, tcp, udp } from './testing/synth.js';
import { parseIPv6 } from './cidr.js';

const out = new DecodedPacket();
const cls = (bytes: Uint8Array) => {
  decode(LINKTYPE.RAW, bytes, 0, bytes.length, out);
  return className(classify(out));
};
const v4 = (proto: number, payload: Uint8Array, extra = {}) =>
  ipv4({ src: ip('192.0.2.1'), dst: ip('198.51.100.7'), proto, payload, ...extra });
const v6 = (next: number, payload: Uint8Array) =>
  ipv6({ src: parseIPv6('2001:db8::1')!, dst: parseIPv6('2001:db8:1::7')!, next, payload });

describe('classify (Corsaro3 classes)', () => {
  it('TCP: SYN is a probe, SYN-ACK and RST are backscatter, the rest is tcp_other', () => {
    expect(cls(v4(6, tcp({ dport: 23, flags: SYN })))).toBe('tcp_syn');
    expect(cls(v4(6, tcp({ dport: 23, flags: SYN | 0xc0 })))).toBe('tcp_syn'); // ECN-setup SYN
    expect(cls(v4(6, tcp({ dport: 5555, flags: SYN | ACK })))).toBe('backscatter');
    expect(cls(v4(6, tcp({ dport: 5555, flags: RST })))).toBe('backscatter');
    expect(cls(v4(6, tcp({ dport: 5555, flags: RST | ACK })))).toBe('backscatter');
    expect(cls(v4(6, tcp({ dport: 80, flags: ACK })))).toBe('tcp_other');
    expect(cls(v4(6, tcp({ dport: 80, flags: 0x01 })))).toBe('tcp_other'); // FIN scan
    expect(cls(v4(6, new Uint8Array(10)))).toBe('other'); // header cut before the flags
  });

  it('UDP is udp, never backscatter (as in Corsaro)', () => {
    expect(cls(v4(17, udp(161, 40000, 100)))).toBe('udp');
    expect(cls(v4(17, udp(53, 53)))).toBe('udp');
  });

  it('ICMP: echo request is a probe; replies and errors are backscatter; the rest is other', () => {
    expect(cls(v4(1, icmp(8)))).toBe('icmp_echo');
    for (const type of [0, 3, 4, 5, 11, 12, 14, 16, 18])
      expect(cls(v4(1, icmp(type))), `type ${type}`).toBe('backscatter');
    for (const type of [9, 10, 13, 15, 17, 42]) expect(cls(v4(1, icmp(type))), `type ${type}`).toBe('other');
  });

  it('ICMPv6: 128 is a probe; 1, 2, 3, 4 and 129 are backscatter; neighbour discovery is other', () => {
    expect(cls(v6(58, icmp(128)))).toBe('icmp_echo');
    for (const type of [1, 2, 3, 4, 129]) expect(cls(v6(58, icmp(type))), `type ${type}`).toBe('backscatter');
    for (const type of [133, 135, 143]) expect(cls(v6(58, icmp(type))), `type ${type}`).toBe('other');
    expect(cls(v6(6, tcp({ dport: 22, flags: SYN })))).toBe('tcp_syn');
  });

  it('non-first fragments are fragment; a first fragment classifies by its header', () => {
    expect(cls(v4(17, new Uint8Array(40), { fragOffset: 1480 }))).toBe('fragment');
    expect(cls(v4(6, new Uint8Array(40), { fragOffset: 8 }))).toBe('fragment');
    expect(cls(v4(17, udp(1234, 53, 100), { mf: true }))).toBe('udp');
  });

  it('other protocols (GRE, ESP) are other', () => {
    expect(cls(v4(47, new Uint8Array(8)))).toBe('other');
    expect(cls(v4(50, new Uint8Array(8)))).toBe('other');
  });
});
