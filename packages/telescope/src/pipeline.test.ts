import { telescopeBatchSchema } from '@cynex/core';
import { describe, expect, it } from 'vitest';
import { parseIPv6 } from './cidr.js';
import { TelescopePipeline } from './pipeline.js';
import { Feeder, icmp, ip, ipv4, ipv6, SYN, tcp, udp } from './testing/synth.js';

const DARK = ip('198.51.100.0');
const T0 = Date.UTC(2024, 4, 1) / 1000; // 2024-05-01T00:00:00Z
const syn = (src: number, dstHost: number, dport: number, extra = {}) =>
  ipv4({ src, dst: DARK + dstHost, proto: 6, payload: tcp({ dport, flags: SYN }), ...extra });

function setup(config: Record<string, unknown> = {}) {
  const p = new TelescopePipeline({ config: { prefixes: ['198.51.100.0/24'], sensorId: 'lab-1', ...config } });
  return { p, feed: new Feeder(p) };
}

describe('interval rotation', () => {
  it('emits all 864 five-minute intervals of three days, in order', () => {
    const { p, feed } = setup();
    for (let t = T0; t < T0 + 3 * 86_400; t += 100) feed.push(t + 0.5, syn(ip('203.0.113.1') + (t % 7), t % 256, 23));
    p.flush();
    const batches = p.takeBatches();
    const intervals = batches.flatMap((b) => b.intervals);
    expect(intervals).toHaveLength(864);
    intervals.forEach((iv, i) => {
      expect(iv.start).toBe(new Date((T0 + 300 * i) * 1000).toISOString());
      expect(iv.packets).toBe(3);
    });
    expect(batches).toHaveLength(864); // one upload per interval by default
    expect(() => telescopeBatchSchema.parse(batches[0])).not.toThrow();
    expect(p.stats).toMatchObject({ packets: 2592, darknet: 2592, late: 0, intervals: 864 });
  });

  it('emits only intervals that saw packets: a gap between files is missing data, not silence', () => {
    const { p, feed } = setup({ intervalsPerBatch: 10 });
    feed.push(T0 + 10, syn(1, 1, 22));
    feed.push(T0 + 5 * 300 + 10, syn(1, 1, 22)); // 25 minutes later
    p.flush();
    const [batch, ...rest] = p.takeBatches();
    expect(rest).toHaveLength(0);
    expect(batch!.intervals.map((i) => i.start)).toEqual(['2024-05-01T00:00:00.000Z', '2024-05-01T00:25:00.000Z']);
  });

  it('keeps an interval open 10 s past its end for reordered packets; later ones are counted as late', () => {
    const { p, feed } = setup();
    feed.push(T0 + 299, syn(1, 1, 22));
    feed.push(T0 + 301, syn(1, 2, 22)); // next interval opens
    feed.push(T0 + 298, syn(1, 3, 22)); // 3 s out of order: still counted in the first interval
    expect(p.takeBatches()).toHaveLength(0);
    feed.push(T0 + 311, syn(1, 4, 22)); // past end + lateness: the first interval closes
    feed.push(T0 + 297, syn(1, 5, 22)); // too late
    const [first] = p.takeBatches();
    expect(first!.intervals[0]).toMatchObject({ start: '2024-05-01T00:00:00.000Z', packets: 2 });
    p.flush();
    expect(p.takeBatches()[0]!.intervals[0]).toMatchObject({ start: '2024-05-01T00:05:00.000Z', packets: 2 });
    expect(p.stats.late).toBe(1);
  });

  it('closes the interval of a live stream that went quiet, on an injected clock', () => {
    const { p, feed } = setup();
    const wall0 = 1_000_000;
    feed.push(T0 + 100, syn(1, 1, 22));
    p.tick(wall0); // the stream clock is now T0 + 100 at wall0
    p.tick(wall0 + 205_000); // T0 + 305: within the lateness window
    expect(p.takeBatches()).toHaveLength(0);
    p.tick(wall0 + 211_000); // T0 + 311: past end + 10 s, no packet needed
    const [batch] = p.takeBatches();
    expect(batch!.intervals).toHaveLength(1);
    expect(batch!.intervals[0]!.packets).toBe(1);
    feed.push(T0 + 299, syn(1, 2, 22)); // its interval is gone: late, and no duplicate interval
    expect(p.stats.late).toBe(1);
  });

  it('sends a scan that ends after a live stream went quiet on its own, without waiting for more packets', () => {
    const { p, feed } = setup({ intervalSeconds: 20, latenessSeconds: 2, scan: { idleTimeoutSeconds: 30 } });
    const wall0 = 1_000_000;
    for (let host = 0; host < 200; host++) feed.push(T0 + host / 100, syn(ip('203.0.113.10'), host, 23));
    p.tick(wall0); // stream clock T0 + 1.99
    p.tick(wall0 + 21_000); // T0 + 23: the interval closed, the scan is still open (until T0 + 31.99)
    const [withInterval, ...none] = p.takeBatches();
    expect(none).toHaveLength(0);
    expect(withInterval!.intervals).toHaveLength(1);
    expect(withInterval!.scans).toEqual([]);
    expect(withInterval!.sources.map((s) => [s.source, s.packets])).toEqual([['203.0.113.10', 200]]);
    p.tick(wall0 + 36_000); // T0 + 38, past the idle timeout: the scan closes and travels alone
    const [eventsOnly] = p.takeBatches();
    expect(eventsOnly).toMatchObject({ intervals: [], sources: [], dos: [] });
    expect(eventsOnly!.scans).toEqual([
      expect.objectContaining({ kind: 'horizontal', source: '203.0.113.10', port: 23, destinations: 200 }),
    ]);
    expect(() => telescopeBatchSchema.parse(eventsOnly)).not.toThrow();
    p.flush();
    expect(p.takeBatches()).toEqual([]); // nothing twice
  });

  it('groups N intervals per batch when asked', () => {
    const { p, feed } = setup({ intervalsPerBatch: 3 });
    for (let i = 0; i < 7; i++) feed.push(T0 + i * 300, syn(1, 1, 22));
    p.flush();
    expect(p.takeBatches().map((b) => b.intervals.length)).toEqual([3, 3, 1]);
  });
});

describe('interval contents', () => {
  it('counts protocols, classes, ports, heat map cells and outside packets', () => {
    const { p, feed } = setup();
    feed.push(T0 + 1, syn(ip('203.0.113.9'), 10, 23));
    feed.push(T0 + 2, syn(ip('203.0.113.10'), 11, 23));
    feed.push(T0 + 3, ipv4({ src: ip('203.0.113.9'), dst: DARK + 12, proto: 17, payload: udp(5000, 1900, 20) }));
    feed.push(T0 + 4, ipv4({ src: ip('203.0.113.11'), dst: DARK + 12, proto: 1, payload: icmp(8) }));
    feed.push(T0 + 5, syn(ip('203.0.113.9'), 300, 23)); // 198.51.101.44: outside the /24
    p.flush();
    const iv = p.takeBatches()[0]!.intervals[0]!;
    expect(iv).toMatchObject({ packets: 4, bytes: 40 + 40 + 48 + 28, uniqueSources: 3, uniqueDestinations: 3 });
    expect(iv.byProtocol.tcp).toEqual({ packets: 2, bytes: 80, sources: 2 });
    expect(iv.byProtocol.udp.packets).toBe(1);
    expect(iv.byClass.tcp_syn.packets).toBe(2);
    expect(iv.byClass.icmp_echo.packets).toBe(1);
    expect(iv.tcpPorts).toEqual([{ port: 23, packets: 2, bytes: 80, sources: 2 }]);
    expect(iv.udpPorts).toEqual([{ port: 1900, packets: 1, bytes: 48, sources: 1 }]);
    expect(iv.countries).toEqual([{ cc: 'ZZ', packets: 4, bytes: 156, sources: 3 }]);
    expect(iv.heatmap).toEqual([
      { dstBlock: 0, portBucket: 0, packets: 2 }, // port 23 >> 6
      { dstBlock: 0, portBucket: 29, packets: 1 }, // port 1900 >> 6
    ]);
    expect(p.stats.outside).toBe(1);
  });

  it('handles IPv6 darknets: ICMPv6 echo and TCP, /64 heat-map blocks', () => {
    const p = new TelescopePipeline({ config: { prefixes: ['2001:db8::/48'] } });
    const feed = new Feeder(p);
    const src = parseIPv6('2001:db8:ffff::1')!;
    feed.push(T0, ipv6({ src, dst: parseIPv6('2001:db8:0:2::1')!, next: 58, payload: icmp(128) }));
    feed.push(
      T0 + 1,
      ipv6({ src, dst: parseIPv6('2001:db8:0:3::1')!, next: 6, payload: tcp({ dport: 22, flags: SYN }) }),
    );
    p.flush();
    const b = p.takeBatches()[0]!;
    expect(b.monitoredAddresses).toBe(65_536);
    expect(b.intervals[0]!.byProtocol.icmpv6.packets).toBe(1);
    expect(b.intervals[0]!.heatmap).toEqual([{ dstBlock: 3, portBucket: 0, packets: 1 }]);
    expect(b.sources).toEqual([expect.objectContaining({ source: '2001:db8:ffff::1', packets: 2, ports: ['tcp/22'] })]);
  });
});

describe('source profiles', () => {
  it('keeps at most maxSources per batch, evicting those with the fewest packets', () => {
    const { p, feed } = setup({ maxSources: 1000 });
    const heavy = ip('192.0.2.1');
    for (let i = 0; i < 100; i++) feed.push(T0 + i, syn(heavy, i, 445));
    for (let i = 0; i < 5000; i++) feed.push(T0 + 100 + i / 100, syn(ip('10.0.0.0') + i, 1, 23));
    p.flush();
    const b = p.takeBatches()[0]!;
    expect(b.sources.length).toBeLessThanOrEqual(1000);
    expect(b.sources[0]).toMatchObject({ source: '192.0.2.1', packets: 100, destinations: 100, ports: ['tcp/445'] });
    expect(p.stats.sourcesEvicted).toBeGreaterThanOrEqual(4000);
    expect(Math.abs(b.intervals[0]!.uniqueSources - 5001)).toBeLessThan(100); // the interval still counts everyone (HLL)
  });

  it('tags research scanners from the list, and by reverse DNS only through an injected resolver', async () => {
    const asked: string[] = [];
    const p = new TelescopePipeline({
      config: {
        prefixes: ['198.51.100.0/24'],
        research: { prefixes: ['192.0.2.0/28'], ptrSuffixes: ['.scan.example'] },
      },
      resolvePtr: async (a) => {
        asked.push(a);
        return a === '203.0.113.7' ? ['probe-3.scan.example.'] : ['host.isp.example'];
      },
    });
    const feed = new Feeder(p);
    feed.push(T0, syn(ip('192.0.2.5'), 1, 80));
    feed.push(T0 + 1, syn(ip('203.0.113.7'), 2, 80));
    feed.push(T0 + 2, syn(ip('203.0.113.8'), 3, 80));
    await p.settled();
    p.flush();
    const b = p.takeBatches()[0]!;
    const tagsOf = (s: string) => b.sources.find((x) => x.source === s)?.tags;
    expect(tagsOf('192.0.2.5')).toEqual(['research']);
    expect(tagsOf('203.0.113.7')).toEqual(['research']);
    expect(tagsOf('203.0.113.8')).toEqual([]);
    expect(asked).toEqual(['203.0.113.7', '203.0.113.8']); // listed addresses need no lookup
    expect(b.intervals[0]!.byTag.research).toEqual({ packets: 1, bytes: 40, sources: 1 }); // before the answer came
  });

  it('never resolves anything without a resolver', () => {
    const { p, feed } = setup({ research: { ptrSuffixes: ['.scan.example'] } });
    feed.push(T0, syn(ip('203.0.113.7'), 1, 80));
    p.flush();
    expect(p.takeBatches()[0]!.sources[0]!.tags).toEqual([]);
  });
});
