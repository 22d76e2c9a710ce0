import { describe, expect, it } from 'vitest';
import { MemoryFlowTupleSink, type FlowTupleRow } from './flowtuple.js';
import { runIngest } from './ingest.js';
import { MemoryBatchSink } from './sinks.js';
import { ACK, icmp, ip, ipv4, SYN, tcp, writePcap } from './testing/synth.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { U32Map } from './u32map.js';

describe('flow tuples (Corsaro flowtuple)', () => {
  it('aggregates packets per tuple, per interval, and hands each interval to the sink', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cynex-ft-'));
    const T0 = Date.UTC(2024, 4, 1) / 1000;
    const src = ip('203.0.113.9');
    const dst = ip('198.51.100.7');
    const mirai = ipv4({ src, dst, proto: 6, ttl: 50, payload: tcp({ sport: 1234, dport: 23, seq: dst, flags: SYN }) });
    const file = path.join(dir, 'ft.pcap');
    writePcap(file, [
      { t: T0 + 1, bytes: mirai },
      { t: T0 + 2, bytes: mirai },
      {
        t: T0 + 3,
        bytes: ipv4({ src, dst, proto: 6, ttl: 51, payload: tcp({ sport: 1234, dport: 23, seq: dst, flags: SYN }) }),
      },
      {
        t: T0 + 4,
        bytes: ipv4({
          src: ip('192.0.2.80'),
          dst,
          proto: 6,
          payload: tcp({ sport: 80, dport: 999, flags: SYN | ACK }),
        }),
      },
      { t: T0 + 5, bytes: ipv4({ src, dst, proto: 1, payload: icmp(8) }) },
      { t: T0 + 301, bytes: mirai },
    ]);
    const sink = new MemoryFlowTupleSink();
    await runIngest({
      files: [file],
      pipeline: { config: { prefixes: ['198.51.100.0/24'] } },
      sink: new MemoryBatchSink(),
      flowTupleSink: sink,
      progress: null,
    });
    rmSync(dir, { recursive: true, force: true });
    expect(sink.closed).toBe(true);
    const first = sink.intervals.get(T0 * 1000)!;
    const key = (r: FlowTupleRow) => `${r.srcPort}>${r.dstPort}/${r.protocol} ttl ${r.ttl}`;
    expect(Object.fromEntries(first.map((r) => [key(r), [r.packets, r.class, r.tags, r.time.toISOString()]]))).toEqual({
      '1234>23/6 ttl 50': [2, 'tcp_syn', 1, '2024-05-01T00:00:01.000Z'], // tags: mirai = 1
      '1234>23/6 ttl 51': [1, 'tcp_syn', 1, '2024-05-01T00:00:03.000Z'],
      '80>999/6 ttl 64': [1, 'backscatter', 0, '2024-05-01T00:00:04.000Z'],
      '8>0/1 ttl 64': [1, 'icmp_echo', 0, '2024-05-01T00:00:05.000Z'], // ICMP: type and code as ports
    });
    expect(first.find((r) => r.ttl === 50)).toMatchObject({
      src: '203.0.113.9',
      dst: '198.51.100.7',
      tcpFlags: 2,
      ipLen: 40,
    });
    expect(sink.intervals.get((T0 + 300) * 1000)).toHaveLength(1);
  });
});

describe('U32Map', () => {
  it('stores, overwrites and deletes full-range uint32 keys', () => {
    const m = new U32Map<number>();
    const keys = Array.from({ length: 5000 }, (_, i) => (i * 2654435761) >>> 0);
    keys.forEach((k, i) => m.set(k, i));
    expect(m.size).toBe(5000);
    expect(m.get(0xffffffff)).toBeUndefined();
    for (let i = 0; i < 5000; i += 2) expect(m.delete(keys[i]!)).toBe(true);
    expect(m.size).toBe(2500);
    for (let i = 0; i < 5000; i++) expect(m.get(keys[i]!)).toBe(i % 2 === 0 ? undefined : i);
  });
});
