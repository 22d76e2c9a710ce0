import { describe, expect, it } from 'vitest';
import { parseCidr, parseIPv6 } from './cidr.js';
import { parseTelescopeConfig } from './config.js';
import { Darknet } from './darknet.js';
import { ip } from './testing/synth.js';

describe('configuration', () => {
  it('fills in the documented defaults (Durumeric 2014 scans, Moore 2006 DoS)', () => {
    const c = parseTelescopeConfig({ prefixes: ['198.51.100.0/24'] });
    expect(c.intervalSeconds).toBe(300);
    expect(c.latenessSeconds).toBe(10);
    expect(c.scan).toMatchObject({ minDestinations: 100, idleTimeoutSeconds: 480, minRate: 10, rateScope: 'internet' });
    expect(c.dos).toMatchObject({
      method: 'moore',
      minPackets: 25,
      minDurationSeconds: 60,
      minRate: 0.5,
      timeoutSeconds: 300,
    });
    expect(c.research).toEqual({ prefixes: [], ptrSuffixes: [] });
    expect(c.maxSources).toBe(100_000);
  });

  it('explains every problem with its path', () => {
    expect(() => parseTelescopeConfig({ prefixes: [] })).toThrow(/prefixes: at least one darknet prefix/);
    expect(() => parseTelescopeConfig({ prefixes: ['198.51.100.1/24'] })).toThrow(
      /host bits set \(did you mean 198\.51\.100\.0\/24\?\)/,
    );
    expect(() => parseTelescopeConfig({ prefixes: ['10.0.0.0/8'], sensorId: 'Tokyo 1' })).toThrow(
      /sensorId: sensor id/,
    );
    expect(() => parseTelescopeConfig({ prefixes: ['10.0.0.0/8'], latenessSeconds: 300 })).toThrow(
      /latenessSeconds: must be shorter/,
    );
    expect(() => parseTelescopeConfig({ prefixes: ['10.0.0.0/8'], dos: { method: 'fast' as 'moore' } })).toThrow(
      /dos\.method/,
    );
  });
});

describe('darknet prefixes', () => {
  it('numbers /24 blocks in order and counts monitored addresses (IPv4 + IPv6 /64s)', () => {
    const d = new Darknet(['198.51.100.0/24', '203.0.113.0/25', '192.0.2.0/23', '2001:db8::/56']);
    // Sorted by address: 192.0.2.0/23 (blocks 0, 1), 198.51.100.0/24 (2), 203.0.113.0/25 (3); IPv6 after.
    expect(d.block4(ip('192.0.3.9'))).toBe(1);
    expect(d.block4(ip('198.51.100.255'))).toBe(2);
    expect(d.block4(ip('203.0.113.127'))).toBe(3);
    expect(d.block4(ip('203.0.113.128'))).toBe(-1);
    expect(d.block6(parseIPv6('2001:db8:0:5::1')!)).toBe(4 + 5);
    expect(d.block6(parseIPv6('2001:db8:0:100::1')!)).toBe(-1);
    expect(d.monitoredAddresses).toBe(512 + 256 + 128 + 256);
    expect(d.ipv4Addresses).toBe(896);
  });

  it('refuses overlapping or too short prefixes', () => {
    expect(() => new Darknet(['10.0.0.0/8', '10.1.0.0/16'])).toThrow(/overlap/);
    expect(() => new Darknet(['2001::/16'])).toThrow(/\/24 or longer/);
    expect(() => parseCidr('300.1.1.1/8')).toThrow(/not an IPv4 or IPv6/);
    expect(parseCidr('2001:db8::/32')).toMatchObject({ version: 6, length: 32 });
    expect([...parseIPv6('::ffff:192.0.2.1')!]).toEqual([0, 0, 0xffff, 0xc0000201]);
  });
});
