/**
 * The sample captures through the whole ingest path, against Wireshark's numbers.
 *
 * Expected values were computed once with TShark 4.0.17 (Debian 12), e.g.:
 *   tshark -r F -q -z io,stat,0,"ip.proto==6 && !icmp","ip.proto==17 && !icmp","icmp","ip.frag_offset>0"
 *   tshark -r F -Y ip -T fields -E occurrence=f -e ip.len | awk '{s+=$1} END {print s}'      (IP bytes)
 *   tshark -r F -Y ip -T fields -E occurrence=f -e ip.src | sort -u | wc -l                    (sources)
 *   tshark -r F -Y "udp && !icmp" -T fields -e udp.dstport -e ip.src | sort -u | cut -f1 | uniq -c
 * ("!icmp" keeps TCP/UDP headers quoted inside ICMP errors out of the TCP/UDP counts.)
 */
import path from 'node:path';
import { telescopeBatchSchema, type TelescopeBatch } from '@cynex/core';
import { describe, expect, it } from 'vitest';
import type { TelescopeConfigInput } from './config.js';
import { MemoryFlowTupleSink } from './flowtuple.js';
import { runIngest } from './ingest.js';
import { MemoryBatchSink } from './sinks.js';
import { DATA_DIR } from './testing/synth.js';

async function ingest(file: string, config: TelescopeConfigInput) {
  const sink = new MemoryBatchSink();
  const tuples = new MemoryFlowTupleSink();
  const result = await runIngest({
    files: [path.join(DATA_DIR, file)],
    pipeline: { config },
    sink,
    flowTupleSink: tuples,
    progress: null,
  });
  expect(result.exitCode).toBe(0);
  for (const b of sink.batches) telescopeBatchSchema.parse(b); // everything sent is valid on the wire
  const batch = sink.batches[0] as TelescopeBatch;
  return { result, batch, iv: batch.intervals[0]!, rows: [...tuples.intervals.values()].flat(), batches: sink.batches };
}
const near = (actual: number, expected: number, tolerance: number) =>
  expect(Math.abs(actual - expected) / expected, `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
const packetsOf = (slices: Record<string, { packets: number }>) =>
  Object.fromEntries(Object.entries(slices).map(([k, v]) => [k, v.packets]));

describe('stopddos/amp.TCP.reflection.SYNACK.pcap (to 10.10.10.10)', () => {
  const file = 'stopddos/amp.TCP.reflection.SYNACK.pcap';

  it('is mostly backscatter, with the same per-protocol counts as tshark', async () => {
    const { iv, result } = await ingest(file, { prefixes: ['10.10.10.0/24'] });
    expect(result.stats).toMatchObject({ packets: 8000, nonIp: 4, darknet: 7996, outside: 0 }); // 4 ARP
    expect(iv).toMatchObject({ packets: 7996, bytes: 403_291, uniqueDestinations: 1 });
    near(iv.uniqueSources, 7055, 0.01);
    // tshark: ip.proto==6 && !icmp 7679, ip.proto==17 && !icmp 164 (one of them a later fragment), icmp 153.
    expect(packetsOf(iv.byProtocol)).toEqual({ tcp: 7679, udp: 164, icmp: 153, icmpv6: 0, other: 0 });
    // backscatter: SYN-ACK or RST (7669) + ICMP destination unreachable (153).
    expect(packetsOf(iv.byClass)).toEqual({
      tcp_syn: 1,
      tcp_other: 9,
      udp: 163,
      icmp_echo: 0,
      backscatter: 7822,
      fragment: 1,
      other: 0,
    });
  });

  it('has no DoS event by the papers’ thresholds (0.15 s long), yet names 10.10.10.10 as the reflection victim', async () => {
    const { batch, iv, result } = await ingest(file, { prefixes: ['10.10.10.0/24'] });
    expect(batch.dos).toEqual([]);
    // tshark -Y 'ip.dst==10.10.10.10 && (icmp.type==3 || (tcp.flags.syn==1 && tcp.flags.ack==1 && !icmp) ||
    // (tcp.flags.reset==1 && !icmp))': 7,822 packets from 7,039 distinct sources; SYN-ACKs from port 80: 5,890,
    // from 443: 760. The reflector count is a HyperLogLog estimate (p 12, ±1.6 %).
    const [first] = iv.backscatterVictims;
    expect(first).toMatchObject({ kind: 'reflection', victim: '10.10.10.10', protocol: 'tcp', packets: 7822 });
    near(first!.reflectors, 7039, 0.03);
    expect(first!.ports.slice(0, 2)).toEqual([80, 443]);
    expect(result.backscatterVictims[0]).toMatchObject({ kind: 'reflection', victim: '10.10.10.10' });
    // Read the other way (Moore), each reflector is a flood victim with a handful of packets, the busiest the
    // host quoted by the ICMP errors (see the relaxed-threshold test below).
    expect(iv.backscatterVictims[1]).toMatchObject({ kind: 'flood', victim: '172.99.233.20', protocol: 'icmp' });
    expect(iv.backscatterVictims.slice(1).every((v) => v.kind === 'flood' && v.packets <= 15)).toBe(true);
  });

  it('with thresholds relaxed to this tiny capture, names the victims that sent the most backscatter', async () => {
    const { batch } = await ingest(file, {
      prefixes: ['10.10.10.0/24'],
      dos: { minPackets: 4, minDurationSeconds: 0, minRate: 0 },
    });
    const top = [...batch.dos].sort((a, b) => b.packets - a.packets).slice(0, 2);
    // tshark: ICMP errors quoting a packet to 172.99.233.20: 14; SYN-ACKs from 104.252.89.100 (port 80): 4.
    expect(top.map((d) => [d.victim, d.protocol, d.packets, d.attackerPorts])).toEqual([
      ['172.99.233.20', 'icmp', 14, expect.any(Array)],
      ['104.252.89.100', 'tcp', 4, [80]],
    ]);
  });
});

describe('chrissanders/synscan.pcapng (nmap from 172.16.0.8 against 64.13.134.52)', () => {
  const config = { prefixes: ['64.13.134.52/32'] };

  it('counts the 1,994 SYNs to the darknet address and leaves the 17 replies outside', async () => {
    const { iv, result } = await ingest('chrissanders/synscan.pcapng', config);
    expect(result.stats).toMatchObject({ packets: 2011, darknet: 1994, outside: 17 });
    expect(iv).toMatchObject({ packets: 1994, bytes: 87_736, uniqueSources: 1, uniqueDestinations: 1 });
    expect(packetsOf(iv.byClass)).toMatchObject({ tcp_syn: 1994 });
    // tshark: 1,000 ports, 994 probed twice and 6 once; ports ranked by sources, then packets, then number.
    expect(iv.tcpPorts).toHaveLength(100);
    expect(iv.tcpPorts.slice(0, 3)).toEqual([1, 3, 4].map((port) => ({ port, packets: 2, bytes: 88, sources: 1 })));
  });

  it('is a vertical scan (1,000 ports of one host), uploaded as such, not a Durumeric scan', async () => {
    const { batch, result } = await ingest('chrissanders/synscan.pcapng', config);
    expect(batch.scans).toEqual([
      expect.objectContaining({ kind: 'vertical', source: '172.16.0.8', protocol: 'tcp', port: 0, portCount: 1000 }),
    ]);
    expect(result.verticalScans).toEqual([
      expect.objectContaining({ source: '172.16.0.8', protocol: 'tcp', ports: 1000, destinations: 1, packets: 1994 }),
    ]);
    const profile = batch.sources[0]!;
    expect(profile).toMatchObject({ source: '172.16.0.8', packets: 1994, destinations: 1, tags: [] });
    expect(profile.ports).toHaveLength(50);
    near(profile.portCount, 1000, 0.05); // a 1 KiB sketch per source: ±3.3 %
  });
});

describe('stopddos/pkt.TCP.synflood.spoofed.pcap (spoofed SYNs to 10.10.10.10:25565)', () => {
  it('is all tcp_syn to one port from ~37,600 spoofed sources, and no scan', async () => {
    const { iv, batch, rows } = await ingest('stopddos/pkt.TCP.synflood.spoofed.pcap', { prefixes: ['10.10.10.0/24'] });
    expect(iv).toMatchObject({ packets: 37_841, bytes: 1_513_640, uniqueDestinations: 1 });
    expect(packetsOf(iv.byClass)).toMatchObject({ tcp_syn: 37_841, backscatter: 0 });
    near(iv.uniqueSources, 37_623, 0.01); // tshark: 37,623 distinct sources
    expect(iv.tcpPorts).toHaveLength(1);
    expect(iv.tcpPorts[0]).toMatchObject({ port: 25565, packets: 37_841, bytes: 1_513_640 });
    near(iv.tcpPorts[0]!.sources, 37_623, 0.05);
    expect(batch.scans).toEqual([]);
    expect(batch.sources).toHaveLength(37_623);
    expect(rows.reduce((n, r) => n + r.packets, 0)).toBe(37_841);
    expect(new Set(rows.map((r) => r.class))).toEqual(new Set(['tcp_syn']));
  });
});

describe('stopddos/amp.UDP.snmp.src161.pcapng (SNMP reflection to 10.10.10.10)', () => {
  it('is udp, not backscatter (as in Corsaro); only the ICMP errors are', async () => {
    const { iv, rows } = await ingest('stopddos/amp.UDP.snmp.src161.pcapng', { prefixes: ['10.10.10.0/24'] });
    expect(iv).toMatchObject({ packets: 4373, bytes: 994_625 });
    expect(packetsOf(iv.byProtocol)).toMatchObject({ udp: 4079, icmp: 294 });
    // tshark: ICMP types 3 (225), 11 (65), 5 (4): all backscatter.
    expect(packetsOf(iv.byClass)).toMatchObject({ udp: 4079, backscatter: 294 });
    // tshark: udp.srcport==161 && !icmp: 4079 — every UDP packet comes from SNMP.
    expect(rows.filter((r) => r.protocol === 17 && r.srcPort === 161).reduce((n, r) => n + r.packets, 0)).toBe(4079);
    // tshark per destination port: packets, bytes, distinct sources.
    const udp = iv.udpPorts.slice(0, 3);
    expect(udp.map((p) => [p.port, p.packets, p.bytes])).toEqual([
      [54609, 1397, 322_070],
      [12294, 1383, 338_068],
      [3299, 1299, 310_134],
    ]);
    near(udp[0]!.sources, 1397, 0.05);
    near(udp[1]!.sources, 1349, 0.05);
    near(udp[2]!.sources, 1299, 0.05);
  });
});
