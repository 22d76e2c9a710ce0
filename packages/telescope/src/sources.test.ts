import { describe, expect, it } from 'vitest';
import { CLASS, PROTO } from './classify.js';
import { PacketFacts } from './facts.js';
import { TAG } from './fingerprints.js';
import { SourceTable, type SourceResolver } from './sources.js';
import { ip } from './testing/synth.js';
import { mix32 } from './u32map.js';

const T0 = Date.UTC(2024, 4, 1) / 1000;
const iso = (t: number) => new Date(t * 1000).toISOString();
const resolver: SourceResolver = { geo: (f) => (f.src4 % 7) + 1024 * 64512, research: () => false };

function packet(
  f: PacketFacts,
  src: number,
  t: number,
  o: { port?: number; dst?: number; bytes?: number; fingerprints?: number } = {},
) {
  f.ipVersion = 4;
  f.src4 = src;
  f.cls = CLASS.tcp_syn;
  f.proto = PROTO.tcp;
  f.hasPorts = true;
  f.dstPort = o.port ?? 23;
  f.dstHash = mix32(o.dst ?? 1);
  f.bytes = o.bytes ?? 40;
  f.fingerprints = o.fingerprints ?? 0;
  f.setTime(t, 0);
  return f;
}

describe(SourceTable.name, () => {
  it('profiles a one-packet source without keeping an object, and a source seen again in full', () => {
    const table = new SourceTable(100, resolver);
    const f = new PacketFacts();
    const once = table.touch(packet(f, ip('192.0.2.1'), T0, { bytes: 60 }));
    expect([once.geo, once.research]).toEqual([(ip('192.0.2.1') % 7) + 1024 * 64512, false]);
    table.touch(packet(f, ip('192.0.2.2'), T0 + 1, { port: 22, dst: 5 }));
    table.touch(packet(f, ip('192.0.2.2'), T0 + 3, { port: 80, dst: 6 }));
    table.touch(packet(f, ip('192.0.2.3'), T0 + 2, { fingerprints: TAG.mirai }));
    table.touch(packet(f, ip('192.0.2.3'), T0 + 4, { fingerprints: TAG.mirai }));
    expect(table.size).toBe(3);
    const profiles = table.drain();
    expect(
      profiles.map((p) => [p.source, p.packets, p.bytes, p.firstSeen, p.lastSeen, p.ports, p.destinations, p.tags]),
    ).toEqual([
      ['192.0.2.2', 2, 80, iso(T0 + 1), iso(T0 + 3), ['tcp/22', 'tcp/80'], 2, []],
      ['192.0.2.3', 2, 80, iso(T0 + 2), iso(T0 + 4), ['tcp/23'], 1, ['mirai']],
      ['192.0.2.1', 1, 60, iso(T0), iso(T0), ['tcp/23'], 1, []],
    ]);
    expect(profiles[2]).toMatchObject({ portCount: 1, asn: 64512 });
    expect(table.size).toBe(0);
  });

  it('when full, lets the oldest one-packet source go first, keeping sources seen more than once', () => {
    const table = new SourceTable(3, resolver);
    const f = new PacketFacts();
    table.touch(packet(f, ip('192.0.2.9'), T0));
    table.touch(packet(f, ip('192.0.2.9'), T0 + 1)); // two packets: kept
    for (let i = 1; i <= 4; i++) table.touch(packet(f, ip('198.18.0.0') + i, T0 + 1 + i));
    expect(table.size).toBe(3);
    expect(table.evicted).toBe(2);
    expect(table.drain().map((p) => p.source)).toEqual(['192.0.2.9', '198.18.0.3', '198.18.0.4']);
  });

  it('tags a one-packet source as research when the PTR answer comes later', () => {
    const table = new SourceTable(10, resolver);
    const f = new PacketFacts();
    table.touch(packet(f, ip('192.0.2.7'), T0));
    table.markResearch('192.0.2.7');
    expect(table.drain()[0]!.tags).toEqual(['research']);
  });

  it('keeps the right entries through many promotions (the ring squeezes out the holes they leave)', () => {
    const table = new SourceTable(1000, resolver);
    const f = new PacketFacts();
    for (let i = 0; i < 5000; i++) {
      table.touch(packet(f, 0x0a000000 + i, T0 + i / 100));
      if (i % 2 === 1) table.touch(packet(f, 0x0a000000 + i, T0 + i / 100)); // odd ones become objects
    }
    const profiles = table.drain();
    expect(profiles).toHaveLength(1000);
    // Two-packet sources outrank one-packet ones; the latest 1,000 arrivals are what is left.
    expect(profiles.every((p) => p.packets === 2)).toBe(true);
    expect(new Set(profiles.map((p) => p.source)).size).toBe(1000);
  });
});
