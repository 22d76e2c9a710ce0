import { describe, expect, it } from 'vitest';
import { parseIPv6 } from '../cidr.js';
import { AsnTable } from './asn-table.js';
import { ccIndex, ccText, countryOf, geoAsn, geoCc, IpLocationGeo } from './geo.js';
import { TelescopePipeline } from '../pipeline.js';
import { Feeder, ip, ipv4, SYN, tcp } from '../testing/synth.js';

describe('ASN ranges', () => {
  it('finds the AS of an address by bisection, IPv4 and IPv6 (top 64 bits)', () => {
    const t = AsnTable.fromCsv(
      '16777216,16777471,13335,"Cloudflare, Inc."\n16778240,16779263,38803,Gtelecom Pty Ltd\n',
      '42540528726795050063891204319802818560,42540528806023212578155541913346768895,2500,WIDE Project\n',
    );
    expect(t.lookup4(ip('1.0.0.1'))).toBe(13335);
    expect(t.lookup4(ip('1.0.4.9'))).toBe(38803);
    expect(t.lookup4(ip('1.0.2.1'))).toBe(0);
    expect(t.name(13335)).toBe('Cloudflare, Inc.');
    expect(t.lookup6(parseIPv6('2001:200:1::5')!)).toBe(2500);
    expect(t.lookup6(parseIPv6('2001:201::5')!)).toBe(0);
  });

  it('lets a later row win over its span where published rows overlap; gaps are AS 0', () => {
    // As in the published IPv4 file: a DoD range, then a smaller one starting inside it.
    const t = AsnTable.fromCsv('100,199,749,Outer\n150,159,721,Inner\n300,300,64500,Single\n', '');
    expect([99, 100, 149, 150, 159, 160, 199, 200, 299, 300, 301].map((a) => t.lookup4(a))).toEqual([
      0, 749, 749, 721, 721, 749, 749, 0, 0, 64500, 0,
    ]);
    expect(t.lookup4(0xffffffff)).toBe(0);
    expect(t.name(721)).toBe('Inner');
  });

  it('packs countries as two letters', () => {
    expect(ccText(ccIndex('jp'))).toBe('JP');
    expect(ccText(ccIndex(undefined))).toBe('ZZ');
  });
});

describe('IpLocationGeo (ip-location-db: CC0 country MMDB, CC BY 4.0 ASN ranges)', () => {
  it('gives the country of an address written as text, and null for private addresses or non-addresses', async () => {
    const geo = await IpLocationGeo.load();
    expect(countryOf(geo, '203.178.141.194')).toBe('JP');
    expect(countryOf(geo, '2001:4860:4860::8888')).toBe('US'); // dns.google over IPv6
    expect(countryOf(geo, '127.0.0.1')).toBeNull();
    expect(countryOf(geo, '10.1.2.3')).toBeNull();
    // Documentation blocks: the whois data files them under their registry's country.
    expect(countryOf(geo, '203.0.113.9')).toBeNull();
    expect(countryOf(geo, '2001:db8::1')).toBeNull();
    expect(countryOf(geo, 'fe80::1')).toBeNull();
    expect(countryOf(geo, 'not an address')).toBeNull();
  });

  it('looks up country and AS of well-known addresses, caching per /24', async () => {
    const geo = await IpLocationGeo.load();
    const google = geo.lookup4(ip('8.8.8.8'));
    expect([ccText(geoCc(google)), geoAsn(google)]).toEqual(['US', 15169]);
    expect(geo.asnName(15169)).toMatch(/google/i);
    const wide = geo.lookup4(ip('203.178.141.194')); // www.wide.ad.jp
    expect(ccText(geoCc(wide))).toBe('JP');
    expect(geoAsn(wide)).toBe(2500);
    const walks = geo.stats.walks;
    geo.lookup4(ip('8.8.8.9')); // same /24: no tree walk
    expect(geo.stats.walks).toBe(walks);
    const priv = geo.lookup4(ip('10.1.2.3'));
    expect([ccText(geoCc(priv)), geoAsn(priv)]).toEqual(['ZZ', 0]);

    // Through the pipeline: the interval's countries and ASes.
    const p = new TelescopePipeline({ config: { prefixes: ['198.51.100.0/24'] }, geo });
    const feed = new Feeder(p);
    for (const [i, src] of ['8.8.8.8', '8.8.4.4', '203.178.141.194'].entries()) {
      feed.push(
        1_700_000_000 + i,
        ipv4({ src: ip(src), dst: ip('198.51.100.1'), proto: 6, payload: tcp({ dport: 23, flags: SYN }) }),
      );
    }
    p.flush();
    const b = p.takeBatches()[0]!;
    expect(b.intervals[0]!.countries.map((c) => [c.cc, c.sources])).toEqual([
      ['US', 2],
      ['JP', 1],
    ]);
    expect(b.intervals[0]!.asns.map((a) => [a.asn, a.sources])).toEqual([
      [15169, 2],
      [2500, 1],
    ]);
    expect(b.sources.find((s) => s.source === '203.178.141.194')).toMatchObject({ cc: 'JP', asn: 2500 });
  }, 30_000);
});
