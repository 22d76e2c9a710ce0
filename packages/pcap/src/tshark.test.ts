import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decodePacket } from './decode.js';
import { DecodedPacket, IPPROTO } from './decoded-packet.js';
import { ipv4ToString } from './format.js';
import { PcapReader } from './pcap-reader.js';
import { CAPTURES, capturePath } from './testing/fixtures.js';

/** Field-by-field cross-check against Wireshark's dissectors; skipped where tshark is absent. */
const hasTshark = spawnSync('which', ['tshark']).status === 0;

const FIELDS = [
  'frame.time_epoch',
  'frame.cap_len',
  'frame.len',
  'ip.src',
  'ip.dst',
  'ip.proto',
  'ip.frag_offset',
  'ip.ttl',
  'ip.id',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.flags',
  'tcp.seq',
  'tcp.ack',
  'udp.srcport',
  'udp.dstport',
  'icmp.type',
  'icmp.code',
];

function tsharkRows(file: string): string[][] {
  const args = ['-o', 'ip.defragment:FALSE', '-o', 'tcp.relative_sequence_numbers:FALSE', '-r', file, '-T', 'fields'];
  args.push('-E', 'occurrence=f', '-E', 'separator=,', ...FIELDS.flatMap((f) => ['-e', f]));
  const text = execFileSync('tshark', args, {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return text
    .trim()
    .split('\n')
    .map((l) => l.split(','));
}

describe.skipIf(!hasTshark)('agreement with tshark', () => {
  for (const name of CAPTURES) {
    it(`matches tshark field by field on ${name}`, async () => {
      const rows = tsharkRows(capturePath(name));
      const out = new DecodedPacket();
      const mismatches: string[] = [];
      const summary = await PcapReader.fromFile(capturePath(name)).read((p) => {
        decodePacket(p, out);
        const ip = out.ipVersion === 4;
        const l4 = out.fragmentOffset === 0;
        // Compare only what the outer header defines; tshark's first occurrence is the outer one.
        const mine = [
          `${p.tsSec}.${String(p.tsNsec).padStart(9, '0')}`,
          String(p.caplen),
          String(p.origLen),
          ip ? ipv4ToString(out.src4) : '',
          ip ? ipv4ToString(out.dst4) : '',
          ip ? String(out.protocol) : '',
          ip ? String(out.fragmentOffset / 8) : '',
          ip ? String(out.ttl) : '',
          ip ? `0x${out.ipId.toString(16).padStart(4, '0')}` : '',
        ];
        const r = rows[p.index] ?? [];
        const theirs = r.slice(0, 9);
        if (out.protocol === IPPROTO.TCP && l4) {
          mine.push(String(out.srcPort), String(out.dstPort), String(out.tcpFlags), String(out.seq), String(out.ack));
          theirs.push(r[9] ?? '', r[10] ?? '', String(Number(r[11]) & 0xff), r[12] ?? '', r[13] ?? '');
        } else if (out.protocol === IPPROTO.UDP && l4) {
          mine.push(String(out.srcPort), String(out.dstPort));
          theirs.push(r[14] ?? '', r[15] ?? '');
        } else if (out.protocol === IPPROTO.ICMP) {
          mine.push(String(out.icmpType), String(out.icmpCode));
          theirs.push(r[16] ?? '', r[17] ?? '');
        }
        if (mine.join() !== theirs.join() && mismatches.length < 5) {
          mismatches.push(`#${p.index + 1}: ours ${mine.join()} tshark ${theirs.join()}`);
        }
      });
      expect(summary.records).toBe(rows.length);
      expect(mismatches).toEqual([]);
    });
  }
});
