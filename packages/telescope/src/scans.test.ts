import { describe, expect, it } from 'vitest';
import { TelescopePipeline } from './pipeline.js';
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
