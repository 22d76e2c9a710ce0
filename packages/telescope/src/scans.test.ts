import { describe, expect, it } from 'vitest';
import { CLASS } from './classify.js';
import { parseTelescopeConfig } from './config.js';
import { PacketFacts } from './facts.js';
import { TelescopePipeline } from './pipeline.js';
import { ScanDetector } from './scans.js';
import { mix32 } from './u32map.js';
import { Feeder, icmp, ip, ipv4, SYN, tcp, udp } from './testing/synth.js';

const DARK = ip('198.51.100.0'); // a /24 darknet
const T0 = Date.UTC(2024, 4, 1, 12) / 1000;
const SCANNER = ip('203.0.113.50');

function run(packets: (feed: Feeder) => void, config: Record<string, unknown> = {}) {
  const p = new TelescopePipeline({ config: { prefixes: ['198.51.100.0/24'], ...config } });
  packets(new Feeder(p));
  p.flush();
  const batches = p.takeBatches();
  return { scans: batches.flatMap((b) => b.scans), vertical: p.verticalScans(), batches };
}
const probe = (host: number, port: number, extra = {}) =>
  ipv4({
    src: SCANNER,
    dst: DARK + host,
    proto: 6,
    payload: tcp({ dport: port, seq: 1000 + host, flags: SYN }),
    ...extra,
  });

describe('scan detection (Durumeric et al. 2014)', () => {
  it('reports one source probing one port on 100+ darknet addresses', () => {
    const { scans } = run((feed) => {
      for (let i = 0; i < 150; i++) feed.push(T0 + i, probe(i, 23));
      for (let i = 0; i < 30; i++) feed.push(T0 + 200 + i, probe(i, 23)); // revisits: packets, not destinations
    });
    expect(scans).toEqual([
      {
        kind: 'horizontal',
        source: '203.0.113.50',
        protocol: 'tcp',
        port: 23,
        portCount: 1,
        start: new Date(T0 * 1000).toISOString(),
        end: new Date((T0 + 229) * 1000).toISOString(),
        packets: 180,
        destinations: 150,
        packetsPerSecond: Math.round((180 / 229) * 1000) / 1000,
        tags: [],
      },
    ]);
  });

  it('does not call 99 destinations a scan', () => {
    expect(
      run((feed) => {
        for (let i = 0; i < 99; i++) feed.push(T0 + i, probe(i, 23));
      }).scans,
    ).toEqual([]);
  });

  it('applies the 10 pps rate Internet-wide by default, or to the darknet rate when configured', () => {
    const slow = (feed: Feeder) => {
      for (let i = 0; i < 120; i++) feed.push(T0 + i * 2, probe(i, 445));
    }; // 0.5 pps here
    expect(run(slow).scans).toHaveLength(1); // × 2^32 / 256 addresses: far above 10 pps Internet-wide
    expect(run(slow, { scan: { rateScope: 'darknet' } }).scans).toHaveLength(0);
    const fast = (feed: Feeder) => {
      for (let i = 0; i < 120; i++) feed.push(T0 + i / 20, probe(i, 445));
    };
    expect(run(fast, { scan: { rateScope: 'darknet' } }).scans[0]).toMatchObject({ port: 445, destinations: 120 });
  });

  it('ends a scan after 480 s without a probe', () => {
    const { scans } = run((feed) => {
      for (let i = 0; i < 120; i++) feed.push(T0 + i, probe(i, 80));
      for (let i = 0; i < 120; i++) feed.push(T0 + 119 + 481 + i, probe(i + 120, 80));
    });
    expect(scans.map((s) => [s.start, s.packets])).toEqual([
      [new Date(T0 * 1000).toISOString(), 120],
      [new Date((T0 + 600) * 1000).toISOString(), 120],
    ]);
  });

  it('covers UDP and ICMP echo sweeps, and tags ZMap scans', () => {
    const { scans } = run((feed) => {
      for (let i = 0; i < 100; i++) {
        feed.push(T0 + i, ipv4({ src: SCANNER, dst: DARK + i, proto: 17, id: 54321, payload: udp(40000, 161, 30) }));
        feed.push(T0 + i + 0.5, ipv4({ src: SCANNER, dst: DARK + i, proto: 1, payload: icmp(8) }));
      }
    });
    expect(scans.map((s) => [s.protocol, s.port, s.destinations, s.tags])).toEqual([
      ['udp', 161, 100, ['zmap']],
      ['icmp', 0, 100, []],
    ]);
  });

  it('reports a vertical scan (one host, many ports) as its own kind, since it is not a Durumeric scan', () => {
    const { scans, vertical } = run((feed) => {
      for (let port = 1; port <= 300; port++) feed.push(T0 + port / 100, probe(7, port));
    });
    expect(scans).toEqual([
      expect.objectContaining({ kind: 'vertical', source: '203.0.113.50', port: 0, portCount: 300, packets: 300 }),
    ]);
    expect(vertical).toEqual([
      expect.objectContaining({ source: '203.0.113.50', protocol: 'tcp', ports: 300, destinations: 1, packets: 300 }),
    ]);
  });
});

describe(`${ScanDetector.name} at scale`, () => {
  const config = (scan: Record<string, unknown>) =>
    parseTelescopeConfig({ prefixes: ['198.51.100.0/24'], scan: { rateScope: 'darknet', minRate: 0, ...scan } }).scan;
  const probe = (f: PacketFacts, src: number, port: number, dst: number, t: number) => {
    f.ipVersion = 4;
    f.cls = CLASS.tcp_syn;
    f.hasPorts = true;
    f.src4 = src;
    f.dstPort = port;
    f.dstHash = mix32(dst);
    f.fingerprints = 0;
    f.setTime(Math.floor(t), (t % 1) * 1e9);
    return f;
  };

  it('keeps one-probe sources out of the tracked set, and tracks a source from its second probe', () => {
    const d = new ScanDetector(config({}), 256);
    const f = new PacketFacts();
    for (let i = 0; i < 1000; i++) d.add(probe(f, 0x0a000000 + i, 23, i, T0 + i / 100));
    expect(d.size).toBe(0);
    d.add(probe(f, 0x0a000000 + 5, 23, 999, T0 + 11));
    expect(d.size).toBe(1);
  });

  it('stays within maxSources under a flood of ever-new multi-probe sources, and still reports a real scanner', () => {
    const d = new ScanDetector(config({ maxSources: 1000, minDestinations: 100 }), 256);
    const f = new PacketFacts();
    let maxSize = 0;
    for (let i = 0; i < 50_000; i++) {
      const t = T0 + i / 100;
      // Each flood source sends 3 probes to 3 ports within 30 packets, then is never seen again.
      const src = 0x0a000000 + Math.floor(i / 30) * 10 + (i % 10);
      d.add(probe(f, src, [23, 80, 443][Math.floor(i / 10) % 3]!, i, t));
      if (i % 5 === 0) d.add(probe(f, SCANNER, 445, i / 5, t)); // 10,000 destinations over 500 s
      d.advance(t);
      maxSize = Math.max(maxSize, d.size);
    }
    d.closeAll();
    expect(maxSize).toBeLessThanOrEqual(1000);
    expect(d.size).toBe(0);
    const events = d.takeEvents();
    expect(events).toEqual([expect.objectContaining({ source: '203.0.113.50', port: 445, packets: 10_000 })]);
    expect(Math.abs(events[0]!.destinations - 10_000)).toBeLessThan(500); // HyperLogLog p 12 beyond 1,024
  });

  it('closes the idlest sources early when open scans reach 4 per source, keeping the busy scanner whole', () => {
    const d = new ScanDetector(config({ maxSources: 100, minDestinations: 100 }), 256);
    const f = new PacketFacts();
    for (let i = 0; i < 20_000; i++) {
      const t = T0 + i / 100;
      // Flood sources probe a new port on every packet (up to 1,024 scans per source are allowed).
      d.add(probe(f, 0x0a000000 + Math.floor(i / 40), 1000 + (i % 40), i, t));
      d.add(probe(f, SCANNER, 445, i, t));
      d.advance(t);
      expect(d.size).toBeLessThanOrEqual(100);
    }
    d.closeAll();
    expect(d.takeEvents().map((e) => [e.source, e.packets])).toEqual([['203.0.113.50', 20_000]]);
  });

  it('closes idle scans through the wheel at the same sweep as a full pass would', () => {
    const d = new ScanDetector(config({ minDestinations: 2, idleTimeoutSeconds: 480 }), 256);
    const f = new PacketFacts();
    d.add(probe(f, SCANNER, 23, 1, T0));
    d.add(probe(f, SCANNER, 23, 2, T0 + 1));
    d.add(probe(f, SCANNER, 80, 3, T0 + 100)); // keeps the source alive, not the port-23 scan
    d.advance(T0 + 100);
    d.advance(T0 + 481); // port 23 is 480 s idle: not yet "more than" the timeout at this sweep
    expect(d.takeEvents()).toEqual([]);
    d.advance(T0 + 545); // next sweep (a minute later) closes it; port 80 (one destination) stays open
    expect(d.takeEvents().map((e) => [e.port, e.packets, e.end])).toEqual([
      [23, 2, new Date((T0 + 1) * 1000).toISOString()],
    ]);
    expect(d.size).toBe(1);
    d.advance(T0 + 605);
    expect(d.size).toBe(0);
  });
});
