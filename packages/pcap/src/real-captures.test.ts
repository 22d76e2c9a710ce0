import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodePacket } from './decode.js';
import { DecodedPacket, IPPROTO, LAYER, TCP_FLAGS } from './decoded-packet.js';
import { ipv4ToString } from './format.js';
import { PcapReader } from './pcap-reader.js';
import { CAPTURES, capturePath } from './testing/fixtures.js';

/** Outer-header statistics of one capture, computed with our reader and decoder. */
interface Stats {
  records: number;
  tcp: number;
  udp: number;
  icmp: number;
  nonIp: number;
  laterFragments: number;
  synAck: number;
  synOnly: number;
}

async function analyse(name: string) {
  const out = new DecodedPacket();
  const s: Stats = { records: 0, tcp: 0, udp: 0, icmp: 0, nonIp: 0, laterFragments: 0, synAck: 0, synOnly: 0 };
  const sources = new Map<number, number>();
  const synPortsBySource = new Map<number, Set<number>>();
  const udpSrcPorts = new Map<number, number>();
  const summary = await PcapReader.fromFile(capturePath(name)).read((p) => {
    s.records++;
    const layers = decodePacket(p, out);
    if (out.ipVersion === 0) s.nonIp++;
    else sources.set(out.src4, (sources.get(out.src4) ?? 0) + 1);
    if (out.fragmentOffset > 0) s.laterFragments++;
    if (!(layers & LAYER.L4)) return;
    if (out.protocol === IPPROTO.TCP) {
      s.tcp++;
      const sa = out.tcpFlags & (TCP_FLAGS.SYN | TCP_FLAGS.ACK);
      if (sa === (TCP_FLAGS.SYN | TCP_FLAGS.ACK)) s.synAck++;
      else if (sa === TCP_FLAGS.SYN) {
        s.synOnly++;
        const set = synPortsBySource.get(out.src4) ?? new Set<number>();
        set.add(out.dstPort);
        synPortsBySource.set(out.src4, set);
      }
    } else if (out.protocol === IPPROTO.UDP) {
      s.udp++;
      udpSrcPorts.set(out.srcPort, (udpSrcPorts.get(out.srcPort) ?? 0) + 1);
    } else if (out.protocol === IPPROTO.ICMP) s.icmp++;
  });
  return { stats: s, summary, sources, synPortsBySource, udpSrcPorts };
}

/*
 * Expected values measured with TShark (Wireshark) 4.0.17 (Debian 4.0.17-0+deb12u3):
 *   tshark -o ip.defragment:FALSE -r FILE -T fields -E occurrence=f \
 *     -e ip.proto -e ip.frag_offset -e tcp.flags -e udp.srcport ...
 * counting the *outer* header of each frame (first occurrence), because
 * `tshark -q -z io,stat,0,tcp,udp,icmp` also counts TCP/UDP headers quoted inside ICMP
 * errors (e.g. amp.TCP.reflection.SYNACK.pcap: io,stat gives tcp 7818 / udp 177 / icmp
 * 153 over 8000 frames, of which 7679 / 163 / 153 are outer headers). Frame counts
 * match `capinfos -c`. A per-packet field comparison against tshark lives in
 * tshark.test.ts and runs when tshark is installed.
 */
const EXPECTED: Record<(typeof CAPTURES)[number], { format: 'pcap' | 'pcapng'; stats: Stats }> = {
  'stopddos/amp.TCP.reflection.SYNACK.pcap': {
    format: 'pcap',
    stats: { records: 8000, tcp: 7679, udp: 163, icmp: 153, nonIp: 4, laterFragments: 1, synAck: 6651, synOnly: 1 },
  },
  'stopddos/pkt.TCP.synflood.spoofed.pcap': {
    format: 'pcap',
    stats: { records: 37841, tcp: 37841, udp: 0, icmp: 0, nonIp: 0, laterFragments: 0, synAck: 0, synOnly: 37841 },
  },
  // Despite the extension this is a classic pcap file (capinfos: "File type: ... - pcap").
  'stopddos/amp.UDP.snmp.src161.pcapng': {
    format: 'pcap',
    stats: { records: 4373, tcp: 0, udp: 4079, icmp: 294, nonIp: 0, laterFragments: 0, synAck: 0, synOnly: 0 },
  },
  'stopddos/amp.TCP.syn.optionallyACK.optionallysamePort.pcapng': {
    format: 'pcap',
    stats: { records: 896, tcp: 896, udp: 0, icmp: 0, nonIp: 0, laterFragments: 0, synAck: 542, synOnly: 354 },
  },
  'chrissanders/synscan.pcapng': {
    format: 'pcapng',
    stats: { records: 2011, tcp: 2011, udp: 0, icmp: 0, nonIp: 0, laterFragments: 0, synAck: 12, synOnly: 1994 },
  },
  'chrissanders/activeosfingerprinting.pcapng': {
    format: 'pcapng',
    stats: { records: 48, tcp: 40, udp: 4, icmp: 4, nonIp: 0, laterFragments: 0, synAck: 9, synOnly: 15 },
  },
};

describe('real captures', () => {
  for (const name of CAPTURES) {
    it(`parses ${name} completely with tshark's per-protocol counts`, async () => {
      const { stats, summary } = await analyse(name);
      expect(stats).toEqual(EXPECTED[name].stats);
      expect(summary).toMatchObject({
        format: EXPECTED[name].format,
        compressed: false,
        records: stats.records,
        bytes: statSync(capturePath(name)).size,
        linkTypes: [1],
        warnings: [],
      });
    });
  }

  it('SYN-ACK reflection: most TCP packets are SYN-ACKs from web ports', async () => {
    const { stats, summary } = await analyse('stopddos/amp.TCP.reflection.SYNACK.pcap');
    expect(stats.synAck / stats.tcp).toBeGreaterThan(0.85);
    // capinfos: first 2021-06-05 03:58:45.551136, last +0.146809 s.
    expect(summary.first).toEqual({ sec: 1622865525, nsec: 551_136_000 });
    expect(summary.last).toEqual({ sec: 1622865525, nsec: 697_945_000 });
  });

  it('synscan: one source sends SYNs to 1000 distinct ports', async () => {
    const { synPortsBySource, sources } = await analyse('chrissanders/synscan.pcapng');
    const [scanner, ports] = [...synPortsBySource].sort((a, b) => b[1].size - a[1].size)[0] ?? [0, new Set()];
    expect(ipv4ToString(scanner)).toBe('172.16.0.8');
    expect(ports.size).toBe(1000);
    expect(sources.size).toBe(2);
  });

  it('spoofed SYN flood: every packet a SYN, from tens of thousands of sources', async () => {
    const { stats, sources } = await analyse('stopddos/pkt.TCP.synflood.spoofed.pcap');
    expect(stats.synOnly).toBe(stats.records);
    expect(sources.size).toBe(37623);
  });

  it('SNMP amplification: every UDP packet comes from port 161', async () => {
    const { stats, udpSrcPorts } = await analyse('stopddos/amp.UDP.snmp.src161.pcapng');
    expect([...udpSrcPorts]).toEqual([[161, stats.udp]]);
  });
});
