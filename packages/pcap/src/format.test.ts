import { describe, expect, it } from 'vitest';
import { ipv4ToString, ipv6ToString, parseIPv4 } from './format.js';

describe('address formatting', () => {
  it('formats and parses IPv4 numbers', () => {
    expect(ipv4ToString(0)).toBe('0.0.0.0');
    expect(ipv4ToString(0xffffffff)).toBe('255.255.255.255');
    expect(ipv4ToString(0xc0a80001)).toBe('192.168.0.1');
    expect(parseIPv4('192.168.0.1')).toBe(0xc0a80001);
    expect(parseIPv4('255.255.255.255')).toBe(0xffffffff);
    expect(parseIPv4('256.0.0.1')).toBeNull();
    expect(parseIPv4('1.2.3')).toBeNull();
  });

  it('formats IPv6 words per RFC 5952', () => {
    const w = (...groups: number[]) =>
      Uint32Array.from([0, 1, 2, 3], (i) => ((groups[2 * i] ?? 0) << 16) | (groups[2 * i + 1] ?? 0));
    expect(ipv6ToString(w())).toBe('::');
    expect(ipv6ToString(w(0, 0, 0, 0, 0, 0, 0, 1))).toBe('::1');
    expect(ipv6ToString(w(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1))).toBe('2001:db8::1');
    expect(ipv6ToString(w(1, 0, 0, 1, 0, 0, 0, 1))).toBe('1:0:0:1::1');
    expect(ipv6ToString(w(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1))).toBe('2001:db8:0:1:1:1:1:1');
    expect(ipv6ToString(w(0xfe80))).toBe('fe80::');
    expect(ipv6ToString(w(0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304))).toBe('::ffff:1.2.3.4');
    expect(ipv6ToString(w(0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff))).toBe(
      'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    );
  });
});
