/**
 * Test data for the telescope and alert tests: valid batches built from a few numbers, so that the tests can
 * work out the sums they expect. Not used by the hub itself.
 */
import type { ScanEvent, SourceProfile, TelescopeBatch, TelescopeInterval } from '@cynex/core';
import type { TestHub } from '../../../test/harness.js';

const slice = (packets: number, sources = 1) => ({ packets, bytes: packets * 60, sources });

/** One 5-minute interval whose counters all derive from `n` (packets = 100·n). */
export function interval(start: string, n = 1, extra: Partial<TelescopeInterval> = {}): TelescopeInterval {
  return {
    start,
    seconds: 300,
    packets: 100 * n,
    bytes: 6000 * n,
    uniqueSources: 10 * n,
    uniqueDestinations: 50 * n,
    byProtocol: { tcp: slice(70 * n), udp: slice(20 * n), icmp: slice(6 * n), icmpv6: slice(4 * n), other: slice(0) },
    byClass: {
      tcp_syn: slice(60 * n),
      tcp_other: slice(5 * n),
      udp: slice(20 * n),
      icmp_echo: slice(5 * n),
      backscatter: slice(8 * n),
      fragment: slice(1 * n),
      other: slice(1 * n),
    },
    tcpPorts: [
      { port: 23, ...slice(30 * n, 5 * n) },
      { port: 445, ...slice(25 * n, 2 * n) },
      { port: 22, ...slice(15 * n, 3 * n) },
    ],
    udpPorts: [{ port: 53, ...slice(20 * n, 4 * n) }],
    countries: [
      { cc: 'CN', ...slice(40 * n, 4 * n) },
      { cc: 'US', ...slice(35 * n, 3 * n) },
      { cc: 'JP', ...slice(25 * n, 3 * n) },
    ],
    asns: [
      { asn: 4134, name: 'CHINANET', ...slice(40 * n, 4 * n) },
      { asn: 16509, name: 'AMAZON-02', ...slice(35 * n, 3 * n) },
    ],
    byTag: { mirai: slice(30 * n, 2 * n), zmap: slice(5 * n), masscan: slice(5 * n), research: slice(10 * n, 2) },
    heatmap: [
      { dstBlock: 0, portBucket: 0, packets: 60 * n },
      { dstBlock: 1, portBucket: 3, packets: 40 * n },
    ],
    backscatterVictims: [
      {
        kind: 'flood',
        victim: '192.0.2.80',
        protocol: 'tcp',
        packets: 8 * n,
        bytes: 480 * n,
        ports: [80],
        reflectors: 1,
      },
    ],
    ...extra,
  };
}

export function scan(source: string, start: string, extra: Partial<ScanEvent> = {}): ScanEvent {
  const end = new Date(Date.parse(start) + 60_000).toISOString();
  return {
    kind: 'horizontal',
    source,
    protocol: 'tcp',
    port: 23,
    portCount: 1,
    start,
    end,
    packets: 500,
    destinations: 400,
    packetsPerSecond: 8.3,
    tags: ['mirai'],
    ...extra,
  };
}

export function source(ip: string, firstSeen: string, extra: Partial<SourceProfile> = {}): SourceProfile {
  return {
    source: ip,
    firstSeen,
    lastSeen: new Date(Date.parse(firstSeen) + 120_000).toISOString(),
    packets: 700,
    bytes: 42_000,
    ports: ['tcp/23', 'tcp/2323'],
    portCount: 2,
    destinations: 650,
    tags: ['mirai'],
    cc: 'JP',
    asn: 2497,
    ...extra,
  };
}

export function batch(extra: Partial<TelescopeBatch> = {}): TelescopeBatch {
  return { sensorId: 'tokyo-1', monitoredAddresses: 65_536, intervals: [], scans: [], dos: [], sources: [], ...extra };
}

/** Consecutive 5-minute starts from `first`. */
export function starts(first: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => new Date(Date.parse(first) + i * 300_000).toISOString());
}

/** A recent 5-minute boundary, `minutesAgo` before now (for data the 24-hour checks must see). */
export function recent(minutesAgo: number): string {
  const at = Date.now() - minutesAgo * 60_000;
  return new Date(Math.floor(at / 300_000) * 300_000).toISOString();
}

/** A platform admin with a write-scoped API token, as a sensor uses it. */
export async function sensorToken(hub: TestHub, email = 'sensors@platform.example'): Promise<string> {
  await hub.user(email, { platformAdmin: true });
  const headers = await hub.signIn(email);
  const response = await hub.app.inject({
    method: 'POST',
    url: '/api/v1/tokens',
    headers,
    payload: { name: 'telescope sensor', scopes: ['read', 'write'] },
  });
  if (response.statusCode !== 201) throw new Error(`token: ${response.statusCode} ${response.body}`);
  return response.json<{ token: string }>().token;
}

/** Uploads a batch with a bearer token and returns the response. */
export async function upload(hub: TestHub, token: string, body: TelescopeBatch | string) {
  return hub.app.inject({
    method: 'POST',
    url: '/api/v1/telescope/batches',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
