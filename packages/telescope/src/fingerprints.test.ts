import { decode, DecodedPacket, LINKTYPE } from '@cynex/pcap';
import { describe, expect, it } from 'vitest';
import { classify } from './classify.js';
import { FingerprintCounts, packetFingerprints, significantMatches, TAG, tagNames } from './fingerprints.js';
import { parseResearchList, ResearchList } from './research.js';
import { ip, ipv4, SYN, tcp, udp, ACK } from './testing/synth.js';

const out = new DecodedPacket();
function tags(bytes: Uint8Array): string[] {
  decode(LINKTYPE.RAW, bytes, 0, bytes.length, out);
  return tagNames(packetFingerprints(out, classify(out)));
}
const dst = ip('198.51.100.77');

describe('scanner fingerprints', () => {
  it('Mirai: a SYN whose sequence number is the destination address', () => {
    expect(
      tags(ipv4({ src: ip('203.0.113.5'), dst, proto: 6, payload: tcp({ dport: 23, seq: dst, flags: SYN }) })),
    ).toEqual(['mirai']);
    expect(
      tags(ipv4({ src: ip('203.0.113.5'), dst, proto: 6, payload: tcp({ dport: 23, seq: dst + 1, flags: SYN }) })),
    ).toEqual([]);
    // Not on a SYN-ACK (backscatter is not a probe).
    expect(
      tags(ipv4({ src: ip('203.0.113.5'), dst, proto: 6, payload: tcp({ dport: 23, seq: dst, flags: SYN | ACK }) })),
    ).toEqual([]);
  });

  it('ZMap: IP identification 54321 on TCP SYN, UDP and ICMP echo probes', () => {
    expect(tags(ipv4({ src: 1, dst, proto: 6, id: 54321, payload: tcp({ dport: 443, seq: 7, flags: SYN }) }))).toEqual([
      'zmap',
    ]);
    expect(tags(ipv4({ src: 1, dst, proto: 17, id: 54321, payload: udp(40000, 53) }))).toEqual(['zmap']);
    expect(tags(ipv4({ src: 1, dst, proto: 6, id: 54320, payload: tcp({ dport: 443, seq: 7, flags: SYN }) }))).toEqual(
      [],
    );
  });

  it('Masscan: ip.id = (dst ^ dport ^ seq) & 0xffff, as masscan builds its SYNs', () => {
    const seq = 0x9e3779b9;
    const id = (dst ^ 3389 ^ seq) & 0xffff;
    expect(tags(ipv4({ src: 1, dst, proto: 6, id, payload: tcp({ dport: 3389, seq, flags: SYN }) }))).toEqual([
      'masscan',
    ]);
    expect(tags(ipv4({ src: 1, dst, proto: 6, id: id ^ 1, payload: tcp({ dport: 3389, seq, flags: SYN }) }))).toEqual(
      [],
    );
  });

  it('tags a source only when its matches are unlikely to be chance', () => {
    expect(significantMatches(1, 1, 2 ** -16)).toBe(true); // a one-packet masscan probe
    expect(significantMatches(5, 340_000, 2 ** -16)).toBe(false); // 5.2 expected by chance
    expect(significantMatches(4097, 340_000, 2 ** -16)).toBe(true); // a real ZMap run from a busy source
    expect(significantMatches(1, 400_000, 2 ** -32)).toBe(true); // one Mirai SYN is enough
    const c = new FingerprintCounts();
    for (let i = 0; i < 1000; i++) c.add(0, i < 3 ? TAG.zmap : 0, true);
    expect(tagNames(c.tags())).toEqual(['zmap']); // 3 of 1,000 (0.015 expected)
  });
});

describe('research-scanner list', () => {
  it('parses addresses, prefixes and PTR suffixes with line-numbered errors', () => {
    const input = parseResearchList(
      '# Censys\n192.0.2.0/24\n198.51.100.9\n2001:db8:5::/48\n.censys-scanner.com\nshodan.io # Shodan\n',
    );
    expect(input).toEqual({
      prefixes: ['192.0.2.0/24', '198.51.100.9', '2001:db8:5::/48'],
      ptrSuffixes: ['.censys-scanner.com', 'shodan.io'],
    });
    expect(() => parseResearchList('ok.example\n192.0.2.1/24\n')).toThrow(/line 2: .*host bits set/);
    expect(() => parseResearchList('not an entry!\n')).toThrow(/line 1/);
    const list = new ResearchList(input);
    expect(list.matches4(ip('192.0.2.200'))).toBe(true);
    expect(list.matches4(ip('198.51.100.9'))).toBe(true);
    expect(list.matches4(ip('198.51.100.10'))).toBe(false);
    expect(list.matchesName('scanner-17.censys-scanner.com.')).toBe(true);
    expect(list.matchesName('census-scanner.com')).toBe(false);
    expect(list.matchesName('census.shodan.io')).toBe(true);
    expect(list.matchesName('evilshodan.io')).toBe(false);
  });
});
