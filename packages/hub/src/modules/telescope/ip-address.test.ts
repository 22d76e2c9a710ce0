import { describe, expect, it } from 'vitest';
import { canonicalIp, cidrContains, parseCidr, parseIp } from './ip-address.js';

const cidr = (text: string) => {
  const result = parseCidr(text);
  if (!result.ok) throw new Error(result.reason);
  return result.cidr;
};
const ip = (text: string) => parseIp(text)!;

describe('canonicalIp', () => {
  it.each([
    ['198.51.100.7', '198.51.100.7'],
    [' 198.51.100.7 ', '198.51.100.7'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0000:0000:0000:ff00:0042:8329', '2001:db8::ff00:42:8329'],
    ['::', '::'],
    ['::1', '::1'],
    ['fe80::', 'fe80::'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2:3:4:5:6'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['::ffff:c633:6407', '198.51.100.7'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalIp(input)).toBe(expected);
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3.4/32',
    'a.b.c.d',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '1:2:3:4:5:6:7::8',
    'fe80::1%eth0',
    '12345::',
    '::1.2.3.4:5',
    'example.org',
  ])('refuses %j', (input) => {
    expect(canonicalIp(input)).toBeUndefined();
  });
});

describe('parseCidr', () => {
  it('accepts networks in canonical form', () => {
    expect(parseCidr('192.0.2.0/24')).toMatchObject({ ok: true, text: '192.0.2.0/24' });
    expect(parseCidr('10.0.0.0/8')).toMatchObject({ ok: true, text: '10.0.0.0/8' });
    expect(parseCidr('203.0.113.9/32')).toMatchObject({ ok: true, text: '203.0.113.9/32' });
    expect(parseCidr('2001:0DB8::/32')).toMatchObject({ ok: true, text: '2001:db8::/32' });
    expect(parseCidr('2001:db8:0:1::/64')).toMatchObject({ ok: true, text: '2001:db8:0:1::/64' });
  });

  it.each([
    ['192.0.2.0', 'length'],
    ['192.0.2.1/24', 'host bits are set; the network is 192.0.2.0/24'],
    ['2001:db8::1/64', 'host bits are set; the network is 2001:db8::/64'],
    ['192.0.2.0/33', 'from 0 to 32'],
    ['192.0.2.0/024', 'from 0 to 32'],
    ['192.0.2.0/', 'from 0 to 32'],
    ['192.0.2.0/2a', 'from 0 to 32'],
    ['2001:db8::/129', 'from 0 to 128'],
    ['0.0.0.0/0', 'wider than /8'],
    ['::/0', 'wider than /16'],
    ['300.0.0.0/8', 'not an IPv4 or IPv6 address'],
    ['host.example/24', 'not an IPv4 or IPv6 address'],
  ])('refuses %j', (input, reason) => {
    const result = parseCidr(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});

describe('cidrContains', () => {
  it('matches IPv4 on whole and partial bytes', () => {
    expect(cidrContains(cidr('198.51.100.0/24'), ip('198.51.100.7'))).toBe(true);
    expect(cidrContains(cidr('198.51.100.0/24'), ip('198.51.101.7'))).toBe(false);
    expect(cidrContains(cidr('198.51.100.0/22'), ip('198.51.103.255'))).toBe(true);
    expect(cidrContains(cidr('198.51.100.0/22'), ip('198.51.104.0'))).toBe(false);
    expect(cidrContains(cidr('198.51.100.7/32'), ip('198.51.100.7'))).toBe(true);
    expect(cidrContains(cidr('198.51.100.7/32'), ip('198.51.100.6'))).toBe(false);
  });

  it('matches IPv6 and never across families', () => {
    expect(cidrContains(cidr('2001:db8::/32'), ip('2001:db8:ffff::1'))).toBe(true);
    expect(cidrContains(cidr('2001:db8::/33'), ip('2001:db8:8000::1'))).toBe(false);
    expect(cidrContains(cidr('2001:db8::/33'), ip('2001:db8:7fff::1'))).toBe(true);
    expect(cidrContains(cidr('2001:db8::/32'), ip('198.51.100.7'))).toBe(false);
    expect(cidrContains(cidr('198.51.100.0/24'), ip('::ffff:198.51.100.7'))).toBe(false);
  });
});
