import { describe, expect, it } from 'vitest';
import { TelescopePipeline } from './pipeline.js';
import { ACK, Feeder, icmp, ip, ipv4, SYN, tcp } from './testing/synth.js';

const DARK = ip('198.51.100.0');
const T0 = Date.UTC(2024, 4, 1, 12) / 1000;
const VICTIM = ip('192.0.2.80');
/** A SYN-ACK from the victim's port 80 to a (spoofed, darknet) address: backscatter. */
const synAck = (i: number) =>
  ipv4({
    src: VICTIM,
    dst: DARK + (i % 256),
    proto: 6,
    payload: tcp({ sport: 80, dport: 1024 + i, flags: SYN | ACK }),
  });

function run(times: number[], method: 'moore' | 'corsaro' = 'moore') {
  const p = new TelescopePipeline({ config: { prefixes: ['198.51.100.0/24'], dos: { method } } });
  const feed = new Feeder(p);
  times.forEach((t, i) => feed.push(T0 + t, synAck(i)));
  p.flush();
  return p.takeBatches().flatMap((b) => b.dos);
}
const range = (from: number, to: number, step: number) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe('backscatter DoS inference', () => {
  it('finds the victim (the source of the backscatter) with the Moore et al. thresholds', () => {
    expect(run(range(0, 120, 1))).toEqual([
      {
        victim: '192.0.2.80',
        start: new Date(T0 * 1000).toISOString(),
        end: new Date((T0 + 120) * 1000).toISOString(),
        packets: 121,
        bytes: 121 * 40,
        maxRate: 1,
        attackerPorts: [80],
        protocol: 'tcp',
        method: 'moore',
      },
    ]);
  });

  it('ignores attacks shorter than 60 s, with fewer than 25 packets, or slower than 0.5 pps', () => {
    expect(run(range(0, 30, 0.25))).toEqual([]); // 121 packets in 30 s
    expect(run(range(0, 1440, 60))).toEqual([]); // 25 packets over 24 minutes: 1 per minute
    expect(run(range(0, 69, 3))).toEqual([]); // 24 packets
  });

  it('Corsaro slides its minute in 10 s steps: a burst across two minutes counts whole', () => {
    // One packet at 0, then 40 packets from 30 s to 88.5 s: 21 in the first minute, 19 in the second,
    // but 40 in the sliding window [30, 90) s.
    const times = [0, ...range(30, 88.5, 1.5)];
    expect(run(times, 'moore')).toEqual([]);
    expect(run(times, 'corsaro')).toEqual([
      expect.objectContaining({ packets: 41, maxRate: 0.667, method: 'corsaro' }),
    ]);
  });

  it('Moore splits a victim by protocol; Corsaro keeps one vector per victim', () => {
    const p = (method: 'moore' | 'corsaro') => {
      const pipe = new TelescopePipeline({ config: { prefixes: ['198.51.100.0/24'], dos: { method } } });
      const feed = new Feeder(pipe);
      for (let i = 0; i <= 120; i++) {
        feed.push(T0 + i, synAck(i));
        feed.push(T0 + i + 0.5, ipv4({ src: VICTIM, dst: DARK + i, proto: 1, payload: icmp(3, 3) }));
      }
      pipe.flush();
      return pipe
        .takeBatches()
        .flatMap((b) => b.dos)
        .map((d) => [d.protocol, d.packets]);
    };
    expect(p('moore')).toEqual([
      ['tcp', 121],
      ['icmp', 121],
    ]);
    expect(p('corsaro')).toEqual([['tcp', 242]]);
  });
});
