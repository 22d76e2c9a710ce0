import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DosEvent, SourceProfile, TelescopeBatch, TelescopeInterval } from '@cynex/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { HEAVY_PACKETS_PER_DAY, IOT_PORT_SET, type ReportSnapshot } from './report-data.js';

type Headers = Record<string, string>;
const P = '/api/v1/telescope/reports';

// ---------------------------------------------------------------------------------------------------------------
// Seed data: a few intervals, sources and DoS events in 2024 Q1, the quarter before and just after it
// ---------------------------------------------------------------------------------------------------------------

interface IntervalSpec {
  sensor: string;
  start: string;
  tcp: [number, number][];
  udp: [number, number][];
  icmp: number;
  countries: [string, number][];
  research: number;
  mirai: number;
  /** A darknet address many servers answered (reflection victim): address and packets. */
  reflection?: [string, number];
}

/** The standard mix of destination ports, times n. */
const mix = (sensor: string, start: string, n: number): IntervalSpec => ({
  sensor,
  start,
  tcp: (
    [
      [23, 300],
      [445, 200],
      [22, 150],
      [80, 120],
      [8080, 90],
      [37215, 80],
      [3389, 70],
      [52869, 60],
      [5555, 50],
      [7547, 40],
      [443, 30],
      [2323, 25],
      [81, 20],
      [8443, 10],
    ] as [number, number][]
  ).map(([port, k]) => [port, k * n]),
  udp: (
    [
      [53, 100],
      [123, 45],
      [1900, 35],
    ] as [number, number][]
  ).map(([port, k]) => [port, k * n]),
  icmp: 15 * n,
  countries: [
    ['CN', 400 * n],
    ['US', 300 * n],
    ['JP', 200 * n],
    ['BR', 150 * n],
    ['NL', 100 * n],
    ['RU', 90 * n],
    ['DE', 80 * n],
    ['IN', 70 * n],
    ['KR', 60 * n],
    ['VN', 50 * n],
  ],
  research: 120 * n,
  mirai: 280 * n,
});

const INTERVALS: IntervalSpec[] = [
  mix('rep-tokyo', '2023-11-20T10:00:00.000Z', 3), // previous quarter
  mix('rep-tokyo', '2023-12-31T23:55:00.000Z', 1), // previous quarter, last interval
  mix('rep-tokyo', '2024-01-01T00:00:00.000Z', 2),
  { ...mix('rep-tokyo', '2024-01-15T12:00:00.000Z', 5), reflection: ['198.51.100.10', 700] },
  { ...mix('rep-tokyo', '2024-02-10T06:00:00.000Z', 4), reflection: ['198.51.100.10', 300] },
  mix('rep-tokyo', '2024-03-31T23:55:00.000Z', 1),
  // A second sensor with a different mix: SMB only.
  {
    sensor: 'rep-osaka',
    start: '2024-02-10T06:00:00.000Z',
    tcp: [[445, 4000]],
    udp: [],
    icmp: 0,
    countries: [['US', 4000]],
    research: 0,
    mirai: 0,
  },
  { ...mix('rep-tokyo', '2024-04-01T00:00:00.000Z', 9), reflection: ['198.51.100.11', 500] }, // next quarter: never counted
];

const MONITORED: Record<string, number> = { 'rep-tokyo': 65_536, 'rep-osaka': 4_096 };

const slice = (packets: number, sources = 1) => ({ packets, bytes: packets * 60, sources });
const sumOf = (pairs: [unknown, number][]) => pairs.reduce((n, [, p]) => n + p, 0);
const packetsOf = (s: IntervalSpec) => sumOf(s.tcp) + sumOf(s.udp) + s.icmp;

function interval(s: IntervalSpec): TelescopeInterval {
  const packets = packetsOf(s);
  return {
    start: s.start,
    seconds: 300,
    packets,
    bytes: packets * 60,
    uniqueSources: 10,
    uniqueDestinations: 100,
    byProtocol: {
      tcp: slice(sumOf(s.tcp)),
      udp: slice(sumOf(s.udp)),
      icmp: slice(s.icmp),
      icmpv6: slice(0),
      other: slice(0),
    },
    byClass: {
      tcp_syn: slice(sumOf(s.tcp)),
      tcp_other: slice(0),
      udp: slice(sumOf(s.udp)),
      icmp_echo: slice(s.icmp),
      backscatter: slice(0),
      fragment: slice(0),
      other: slice(0),
    },
    tcpPorts: s.tcp.map(([port, p]) => ({ port, ...slice(p) })),
    udpPorts: s.udp.map(([port, p]) => ({ port, ...slice(p) })),
    countries: s.countries.map(([cc, p]) => ({ cc, ...slice(p) })),
    asns: [],
    byTag: { research: slice(s.research), mirai: slice(s.mirai), zmap: slice(0), masscan: slice(0) },
    heatmap: [],
    backscatterVictims: s.reflection
      ? [
          {
            kind: 'reflection',
            victim: s.reflection[0],
            protocol: 'tcp',
            packets: s.reflection[1],
            bytes: s.reflection[1] * 44,
            ports: [80, 443],
            reflectors: 50,
          },
        ]
      : [],
  };
}

interface SourceSpec {
  sensor: string;
  ip: string;
  day: string;
  packets: number;
  ports: string[];
  portCount: number;
  tags: SourceProfile['tags'];
  cc: string;
}
const manyPorts = Array.from({ length: 50 }, (_, i) => `tcp/${1000 + i}`);
const SOURCES: SourceSpec[] = [
  // Mirai-like: heavy on one day, light on another; and one that is never heavy.
  {
    sensor: 'rep-tokyo',
    ip: '203.0.113.10',
    day: '2024-01-01',
    packets: 1500,
    ports: ['tcp/23', 'tcp/2323'],
    portCount: 2,
    tags: ['mirai'],
    cc: 'CN',
  },
  {
    sensor: 'rep-tokyo',
    ip: '203.0.113.10',
    day: '2024-01-02',
    packets: 500,
    ports: ['tcp/23'],
    portCount: 1,
    tags: ['mirai'],
    cc: 'CN',
  },
  {
    sensor: 'rep-tokyo',
    ip: '203.0.113.11',
    day: '2024-01-05',
    packets: 200,
    ports: ['tcp/23', 'tcp/37215'],
    portCount: 2,
    tags: ['mirai'],
    cc: 'BR',
  },
  // Other heavy senders: a research scanner over two days, and one that reaches the threshold over two sensors.
  {
    sensor: 'rep-tokyo',
    ip: '198.51.100.20',
    day: '2024-02-01',
    packets: 5000,
    ports: manyPorts,
    portCount: 120,
    tags: ['research', 'zmap'],
    cc: 'US',
  },
  {
    sensor: 'rep-tokyo',
    ip: '198.51.100.20',
    day: '2024-02-02',
    packets: 4000,
    ports: manyPorts,
    portCount: 100,
    tags: ['research'],
    cc: 'US',
  },
  {
    sensor: 'rep-tokyo',
    ip: '198.51.100.21',
    day: '2024-03-03',
    packets: 800,
    ports: ['tcp/22', 'tcp/80', 'tcp/443'],
    portCount: 3,
    tags: [],
    cc: 'NL',
  },
  {
    sensor: 'rep-osaka',
    ip: '198.51.100.21',
    day: '2024-03-03',
    packets: 200,
    ports: ['tcp/22', 'tcp/8080'],
    portCount: 2,
    tags: [],
    cc: 'NL',
  },
  // Below the threshold, and heavy but after the quarter: neither group.
  {
    sensor: 'rep-tokyo',
    ip: '198.51.100.22',
    day: '2024-03-04',
    packets: HEAVY_PACKETS_PER_DAY - 1,
    ports: ['tcp/22'],
    portCount: 1,
    tags: [],
    cc: 'JP',
  },
  {
    sensor: 'rep-tokyo',
    ip: '192.0.2.50',
    day: '2024-04-02',
    packets: 50_000,
    ports: ['tcp/22'],
    portCount: 1,
    tags: [],
    cc: 'RU',
  },
];

const dos = (
  victim: string,
  protocol: DosEvent['protocol'],
  start: string,
  minutes: number,
  ports: number[],
): DosEvent => ({
  victim,
  protocol,
  start,
  end: new Date(Date.parse(start) + minutes * 60_000).toISOString(),
  packets: 1000 + minutes,
  bytes: (1000 + minutes) * 60,
  maxRate: 10,
  attackerPorts: ports,
  method: 'moore',
});
const DOS: DosEvent[] = [
  dos('192.0.2.1', 'tcp', '2024-01-10T00:00:00.000Z', 120, [80, 443]),
  dos('192.0.2.2', 'tcp', '2024-02-10T00:00:00.000Z', 10, [80]),
  dos('192.0.2.3', 'udp', '2024-03-01T00:00:00.000Z', 90, [53]),
  dos('192.0.2.1', 'tcp', '2024-03-15T00:00:00.000Z', 60, [443]), // exactly an hour: not long
  dos('192.0.2.9', 'tcp', '2024-04-02T00:00:00.000Z', 300, [80]), // after the quarter
];

// ---------------------------------------------------------------------------------------------------------------
// What the report must say, worked out here from the seed data
// ---------------------------------------------------------------------------------------------------------------

const Q1 = { from: Date.parse('2024-01-01T00:00:00Z'), to: Date.parse('2024-04-01T00:00:00Z') };
const Q4 = { from: Date.parse('2023-10-01T00:00:00Z'), to: Date.parse('2024-01-01T00:00:00Z') };
const within = (at: string, p: { from: number; to: number }) => Date.parse(at) >= p.from && Date.parse(at) < p.to;

function expected() {
  const q1 = INTERVALS.filter((s) => within(s.start, Q1));
  const total = q1.reduce((n, s) => n + packetsOf(s), 0);
  const previous = INTERVALS.filter((s) => within(s.start, Q4)).reduce((n, s) => n + packetsOf(s), 0);
  const monitored = [...new Set(q1.map((s) => s.sensor))].reduce((n, id) => n + MONITORED[id]!, 0);
  const ports = new Map<string, { protocol: string; port: number; packets: number }>();
  for (const s of q1) {
    for (const [protocol, list] of [
      ['tcp', s.tcp],
      ['udp', s.udp],
    ] as const) {
      for (const [port, p] of list) {
        const key = `${protocol}/${port}`;
        const row = ports.get(key) ?? { protocol, port, packets: 0 };
        row.packets += p;
        ports.set(key, row);
      }
    }
  }
  const ranked = [...ports.values()].sort((a, b) => b.packets - a.packets);
  const top = ranked.slice(0, 10);
  const iot = q1.reduce((n, s) => n + sumOf(s.tcp.filter(([port]) => IOT_PORT_SET.has(port))), 0);
  const research = q1.reduce((n, s) => n + s.research, 0);
  // Heavy senders: per (source, day), then per source.
  const days = new Map<
    string,
    { ip: string; packets: number; ports: Set<string>; portCount: number; tags: Set<string>; cc: string }
  >();
  for (const s of SOURCES.filter((x) => within(`${x.day}T00:00:00Z`, Q1))) {
    const key = `${s.ip} ${s.day}`;
    const d = days.get(key) ?? { ip: s.ip, packets: 0, ports: new Set(), portCount: 0, tags: new Set(), cc: s.cc };
    d.packets += s.packets;
    s.ports.forEach((p) => d.ports.add(p));
    d.portCount = Math.max(d.portCount, s.portCount);
    s.tags.forEach((t) => d.tags.add(t));
    days.set(key, d);
  }
  const bySource = new Map<string, { mirai: boolean; peak: number; packets: number; days: number; portDays: number }>();
  for (const d of days.values()) {
    const s = bySource.get(d.ip) ?? { mirai: false, peak: 0, packets: 0, days: 0, portDays: 0 };
    s.mirai ||= d.tags.has('mirai');
    s.peak = Math.max(s.peak, d.packets);
    s.packets += d.packets;
    s.days += 1;
    s.portDays += Math.max(d.portCount, d.ports.size);
    bySource.set(d.ip, s);
  }
  const group = (pick: (s: { mirai: boolean; peak: number }) => boolean) => {
    const members = [...bySource.values()].filter(pick);
    const hostDays = members.reduce((n, s) => n + s.days, 0);
    return {
      addresses: members.length,
      packets: members.reduce((n, s) => n + s.packets, 0),
      hostDays,
      avgPacketsPerDay: members.reduce((n, s) => n + s.packets, 0) / hostDays,
      avgPortsPerDay: members.reduce((n, s) => n + s.portDays, 0) / hostDays,
    };
  };
  const q1Dos = DOS.filter((d) => within(d.start, Q1));
  const long = q1Dos.filter((d) => Date.parse(d.end) - Date.parse(d.start) > 3_600_000).length;
  return {
    total,
    previous,
    monitored,
    top,
    other: total - top.reduce((n, p) => n + p.packets, 0),
    iot,
    research,
    mirai: group((s) => s.mirai),
    heavy: group((s) => !s.mirai && s.peak >= HEAVY_PACKETS_PER_DAY),
    dos: { attacks: q1Dos.length, victims: new Set(q1Dos.map((d) => d.victim)).size, long },
    seconds: (Q1.to - Q1.from) / 1000,
  };
}

// ---------------------------------------------------------------------------------------------------------------

describe('telescope reports', () => {
  let hub: TestHub;
  let orgA: string;
  const h: Record<'padmin' | 'analystA' | 'learnerA' | 'learnerC' | 'analystC', Headers> = {} as never;
  const want = expected();

  const call = (who: keyof typeof h | 'anonymous', method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    hub.app.inject({ method, url, headers: who === 'anonymous' ? {} : h[who], ...(payload ? { payload } : {}) });
  const create = async (payload: object, who: keyof typeof h = 'analystA') => {
    const r = await call(who, 'POST', P, payload);
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  };

  beforeAll(async () => {
    hub = await startTestHub();
    orgA = (await hub.org('reports-a')).id;
    const orgC = (await hub.org('reports-c')).id;
    await hub.user('root@reports.example', { platformAdmin: true });
    await hub.user('ana@reports-a.example', { memberships: [{ orgId: orgA, role: 'analyst' }] });
    await hub.user('lea@reports-a.example', { memberships: [{ orgId: orgA, role: 'learner' }] });
    await hub.user('lou@reports-c.example', { memberships: [{ orgId: orgC, role: 'learner' }] });
    await hub.user('ann@reports-c.example', { memberships: [{ orgId: orgC, role: 'analyst' }] });
    h.padmin = await hub.signIn('root@reports.example');
    h.analystA = await hub.signIn('ana@reports-a.example');
    h.learnerA = await hub.signIn('lea@reports-a.example');
    h.learnerC = await hub.signIn('lou@reports-c.example');
    h.analystC = await hub.signIn('ann@reports-c.example');

    // Seed through the sensors' upload endpoint, as a platform admin: one batch per sensor and day.
    const batches = new Map<string, TelescopeBatch>();
    const batchOf = (sensor: string, day: string) => {
      const key = `${sensor} ${day}`;
      let b = batches.get(key);
      if (!b) {
        b = {
          sensorId: sensor,
          monitoredAddresses: MONITORED[sensor]!,
          intervals: [],
          scans: [],
          dos: [],
          sources: [],
        };
        batches.set(key, b);
      }
      return b;
    };
    for (const s of INTERVALS) batchOf(s.sensor, s.start.slice(0, 10)).intervals.push(interval(s));
    for (const s of SOURCES) {
      batchOf(s.sensor, s.day).sources.push({
        source: s.ip,
        firstSeen: `${s.day}T08:00:00.000Z`,
        lastSeen: `${s.day}T09:00:00.000Z`,
        packets: s.packets,
        bytes: s.packets * 60,
        ports: s.ports,
        portCount: s.portCount,
        destinations: 100,
        tags: s.tags,
        cc: s.cc,
        asn: 64_500,
      });
    }
    batchOf('rep-tokyo', 'dos').dos.push(...DOS);
    for (const b of batches.values()) {
      const r = await call('padmin', 'POST', '/api/v1/telescope/batches', b);
      expect(r.statusCode, r.body).toBe(200);
    }
  });
  afterAll(async () => hub.dispose());

  describe('generation', () => {
    let report: Record<string, unknown> & {
      id: string;
      periodStart: string;
      periodEnd: string;
      snapshot: ReportSnapshot;
    };

    beforeAll(async () => {
      report = await create({ kind: 'quarterly', year: 2024, quarter: 1, scope: 'community', marking: 'GREEN' });
    });

    it('stores the period, default titles, the owner and the sharing', () => {
      expect(report).toMatchObject({
        kind: 'quarterly',
        year: 2024,
        quarter: 1,
        ownerOrgId: orgA,
        scope: 'community',
        marking: 'GREEN',
        titleJa: '2024年 第1四半期 ダークネット観測レポート',
        titleEn: 'Darknet Observation Report 2024 Q1',
        notableEventsJa: '',
      });
      expect(new Date(report.periodStart).toISOString()).toBe('2024-01-01T00:00:00.000Z');
      expect(new Date(report.periodEnd).toISOString()).toBe('2024-04-01T00:00:00.000Z');
      expect(report).not.toHaveProperty('createdBy');
    });

    it('totals: packets, monitored addresses, packets per address, seconds per packet, change', () => {
      const { totals, period, previous } = report.snapshot;
      expect(period.days).toBe(91);
      expect(totals.packets).toBe(want.total);
      expect(totals.monitoredAddresses).toBe(want.monitored);
      expect(totals.packetsPerAddress).toBeCloseTo(want.total / want.monitored, 9);
      expect(totals.secondsPerPacketPerAddress).toBeCloseTo(want.seconds / (want.total / want.monitored), 6);
      expect(previous.packets).toBe(want.previous);
      expect(totals.changePercent).toBeCloseTo(((want.total - want.previous) / want.previous) * 100, 9);
      expect(totals.sensors.map((s: { sensorId: string }) => s.sensorId).sort()).toEqual(['rep-osaka', 'rep-tokyo']);
    });

    it('daily packets for every day of the quarter', () => {
      const daily = report.snapshot.daily as { day: string; packets: number }[];
      expect(daily).toHaveLength(91);
      expect(daily[0]).toEqual({ day: '2024-01-01', packets: packetsOf(INTERVALS[2]!) });
      expect(daily.at(-1)).toEqual({ day: '2024-03-31', packets: packetsOf(INTERVALS[5]!) });
      expect(daily.find((d) => d.day === '2024-02-10')!.packets).toBe(
        packetsOf(INTERVALS[4]!) + packetsOf(INTERVALS[6]!),
      );
      expect(daily.reduce((n, d) => n + d.packets, 0)).toBe(want.total);
    });

    it('top 10 destination ports by packets, TCP and UDP labelled, with the rest as other', () => {
      const { items, other } = report.snapshot.topPorts;
      expect(items).toHaveLength(10);
      expect(
        items.map((p: { protocol: string; port: number; packets: number }) => [p.protocol, p.port, p.packets]),
      ).toEqual(want.top.map((p) => [p.protocol, p.port, p.packets]));
      expect(items[0]!.share).toBeCloseTo(want.top[0]!.packets / want.total, 12);
      expect(items.some((p: { protocol: string }) => p.protocol === 'udp')).toBe(true);
      expect(other.packets).toBe(want.other);
      expect(other.share).toBeCloseTo(want.other / want.total, 12);
    });

    it('research and IoT shares', () => {
      expect(report.snapshot.research.packets).toBe(want.research);
      expect(report.snapshot.research.share).toBeCloseTo(want.research / want.total, 12);
      expect(report.snapshot.iot.packets).toBe(want.iot);
      expect(report.snapshot.iot.share).toBeCloseTo(want.iot / want.total, 12);
      for (const port of [23, 2323, 37215, 52869, 5555, 7547, 8080, 81, 8443])
        expect(IOT_PORT_SET.has(port)).toBe(true);
    });

    it('Mirai-like hosts against other heavy senders', () => {
      const { mirai, other, thresholdPerDay } = report.snapshot.heavySenders;
      expect(thresholdPerDay).toBe(HEAVY_PACKETS_PER_DAY);
      for (const [got, exp] of [
        [mirai, want.mirai],
        [other, want.heavy],
      ] as const) {
        expect(got.addresses).toBe(exp.addresses);
        expect(got.packets).toBe(exp.packets);
        expect(got.hostDays).toBe(exp.hostDays);
        expect(got.avgPacketsPerDay).toBeCloseTo(exp.avgPacketsPerDay, 9);
        expect(got.avgPortsPerDay).toBeCloseTo(exp.avgPortsPerDay, 9);
      }
      expect(mirai.countries).toEqual([
        { cc: 'BR', addresses: 1, share: 0.5 },
        { cc: 'CN', addresses: 1, share: 0.5 },
      ]);
      expect(other.researchAddresses).toBe(1);
      expect(other.countries.map((c: { cc: string }) => c.cc)).toEqual(['NL', 'US']);
    });

    it('backscatter: attacks, the share longer than an hour, the attacked services', () => {
      const d = report.snapshot.dos;
      expect(d).toMatchObject({ attacks: want.dos.attacks, victims: want.dos.victims, longAttacks: want.dos.long });
      expect(d.longShare).toBeCloseTo(want.dos.long / want.dos.attacks, 12);
      expect(d.services).toEqual([
        { protocol: 'tcp', port: 80, attacks: 2, share: 0.5 },
        { protocol: 'tcp', port: 443, attacks: 2, share: 0.5 },
        { protocol: 'udp', port: 53, attacks: 1, share: 0.25 },
      ]);
      // One darknet address reflected at in two intervals of the quarter; the April one is outside.
      expect(d.reflection).toEqual({ victims: 1, packets: 700 + 300 });
    });

    it('HTML in Japanese and English: every section, the numbers, the charts, a strict CSP', async () => {
      const ja = await call('analystA', 'GET', `${P}/${report.id}/render?format=html&lang=ja`);
      expect(ja.statusCode, ja.body).toBe(200);
      expect(ja.headers['content-type']).toBe('text/html; charset=utf-8');
      const csp = String(ja.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      // The one stylesheet is the one the policy allows by its hash.
      const style = /<style>([\s\S]*?)<\/style>/.exec(ja.body)![1]!;
      expect(csp).toContain(`style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`);
      expect(ja.body.match(/<style/g)).toHaveLength(1);
      expect(ja.body).toContain('<html lang="ja">');
      for (const heading of [
        '概要',
        '日別観測パケット数',
        '宛先ポート上位10',
        '送信元の国・地域',
        '調査目的のスキャン',
        'IoT 関連の通信',
        'Mirai 型ホストとその他の大量送信ホスト',
        'バックスキャッタ（DoS 攻撃）',
        '注目すべき事象',
      ]) {
        expect(ja.body).toContain(heading);
      }
      expect(ja.body).toContain(want.total.toLocaleString('ja-JP'));
      expect(ja.body).toContain('TLP:GREEN');
      expect(ja.body).toContain('23/TCP');
      expect(ja.body).toContain('53/UDP');
      expect(ja.body).toContain('リフレクション攻撃の対象アドレス数');
      expect(ja.body.match(/<svg /g)?.length).toBe(3);
      // Nothing external and nothing that runs: no script, no URL but in-page anchors and the SVG namespace.
      expect(ja.body).not.toMatch(/<script|<link|<img|<iframe|style="|@import/i);
      const urls = ja.body.match(/(?:https?:)?\/\/[^\s"'<>)]+/g) ?? [];
      expect(urls.filter((u) => !u.startsWith('http://www.w3.org/'))).toEqual([]);

      const en = await call('analystA', 'GET', `${P}/${report.id}/render?format=html&lang=en`);
      expect(en.statusCode).toBe(200);
      for (const heading of [
        'Overview',
        'Packets per day',
        'Top 10 destination ports',
        'Research scanning',
        'IoT-related traffic',
        'Mirai-like hosts and other heavy senders',
        'Backscatter (DoS attacks)',
        'Notable events',
      ]) {
        expect(en.body).toContain(heading);
      }
      expect(en.body).toContain(want.total.toLocaleString('en-GB'));
      expect(en.body).toMatch(/1 darknet addresses were the spoofed victims of reflection attacks.*1,000 reflected/);
      expect(en.body).not.toContain('概要');
    });

    it('PDF in Japanese: A4 pages, the font embedded, the title and headings in the text', async () => {
      const r = await call('analystA', 'GET', `${P}/${report.id}/render?format=pdf&lang=ja`);
      expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
      expect(r.headers['content-type']).toBe('application/pdf');
      expect(String(r.headers['content-disposition'])).toMatch(
        /^attachment; filename="cynex-darknet-report-2024-q1-ja\.pdf"$/,
      );
      const pdf = r.rawPayload;
      keep('report-ja.pdf', pdf);
      keep('report-ja.html', (await call('analystA', 'GET', `${P}/${report.id}/render?lang=ja`)).body);
      keep('report-en.pdf', (await call('analystA', 'GET', `${P}/${report.id}/render?format=pdf&lang=en`)).rawPayload);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const raw = pdf.toString('latin1');
      const pages = raw.match(/\/Type \/Page\b/g)?.length ?? 0;
      expect(pages).toBeGreaterThanOrEqual(4);
      expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansJP-(Regular|Bold)/);
      expect(raw).toContain('/FontFile2');
      expect(raw).toContain('/MediaBox [0 0 595.28 841.89]');
      const text = pdfText(pdf);
      if (text !== undefined) {
        const flat = text.replace(/\s+/g, '');
        expect(flat).toContain('2024年第1四半期ダークネット観測レポート');
        expect(flat).toContain('宛先ポート上位10');
        expect(flat).toContain('TLP:GREEN');
        expect(flat).toContain(`1/${pages}`);
      }
    });

    it('notable events edited with PATCH appear in both languages, and regeneration keeps them', async () => {
      const patch = await call('analystA', 'PATCH', `${P}/${report.id}`, {
        notableEventsJa: '3月に Telnet 宛てのスキャンが急増した。\n<script>alert(1)</script>',
        notableEventsEn: 'Telnet scanning surged in March.',
        titleEn: 'Darknet report 2024 Q1 (edited)',
      });
      expect(patch.statusCode, patch.body).toBe(200);
      expect(patch.json().titleEn).toBe('Darknet report 2024 Q1 (edited)');
      const regenerated = await call('analystA', 'POST', `${P}/${report.id}/regenerate`);
      expect(regenerated.statusCode, regenerated.body).toBe(200);
      expect(regenerated.json().notableEventsEn).toBe('Telnet scanning surged in March.');
      expect(regenerated.json().snapshot.totals.packets).toBe(want.total);
      const ja = (await call('analystA', 'GET', `${P}/${report.id}/render?lang=ja`)).body;
      expect(ja).toContain('3月に Telnet 宛てのスキャンが急増した。');
      expect(ja).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(ja).not.toContain('<script>');
      const en = (await call('analystA', 'GET', `${P}/${report.id}/render?lang=en`)).body;
      expect(en).toContain('Telnet scanning surged in March.');
      expect(en).toContain('Darknet report 2024 Q1 (edited)');
      const pdf = await call('analystA', 'GET', `${P}/${report.id}/render?format=pdf&lang=ja`);
      const text = pdfText(pdf.rawPayload);
      if (text !== undefined) expect(text.replace(/\s+/g, '')).toContain('3月にTelnet宛てのスキャンが急増した。');
    });

    it('renders are audited as downloads', async () => {
      const audit = (await call('padmin', 'GET', '/api/v1/audit?action=telescope_report.download&limit=500')).json();
      const mine = audit.items.filter((e: { targetId: string }) => e.targetId === report.id);
      expect(mine.length).toBeGreaterThanOrEqual(4);
      expect(mine.map((e: { details: { format: string } }) => e.details.format)).toContain('pdf');
    });
  });

  describe('an annual report and an empty period', () => {
    it('covers the whole year and compares with the year before', async () => {
      const annual = await create({ kind: 'annual', year: 2023 });
      expect(annual.snapshot.period.days).toBe(365);
      expect(annual.snapshot.totals.packets).toBe(want.previous);
      expect(annual.snapshot.totals.changePercent).toBeNull();
      expect(annual.titleJa).toBe('2023年 ダークネット観測レポート（年次）');
    });

    it('a quarter without data renders with zeros', async () => {
      const empty = await create({ kind: 'quarterly', year: 2021, quarter: 3 });
      expect(empty.snapshot.totals).toMatchObject({
        packets: 0,
        monitoredAddresses: 0,
        secondsPerPacketPerAddress: null,
      });
      const html = await call('analystA', 'GET', `${P}/${empty.id}/render?lang=en`);
      expect(html.statusCode).toBe(200);
      expect(html.body).toContain('No DoS attack was inferred');
      const pdf = await call('analystA', 'GET', `${P}/${empty.id}/render?format=pdf&lang=en`);
      expect(pdf.statusCode).toBe(200);
    });

    it('refuses bad periods: a quarterly report without its quarter, a future period', async () => {
      expect((await call('analystA', 'POST', P, { kind: 'quarterly', year: 2024 })).statusCode).toBe(400);
      expect((await call('analystA', 'POST', P, { kind: 'annual', year: 2024, quarter: 2 })).statusCode).toBe(400);
      const future = await call('analystA', 'POST', P, { kind: 'annual', year: new Date().getUTCFullYear() + 1 });
      expect(future.statusCode).toBe(400);
      expect(future.json().error.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('sharing', () => {
    it('a community GREEN report is hidden from anonymous visitors; made public CLEAR, they read it', async () => {
      const report = await create({ kind: 'quarterly', year: 2024, quarter: 1, scope: 'community', marking: 'GREEN' });
      const url = `${P}/${report.id}`;
      const hidden = await call('anonymous', 'GET', url);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json().error.code).toBe('NOT_FOUND');
      expect((await call('anonymous', 'GET', `${url}/render?format=html&lang=en`)).statusCode).toBe(404);
      expect((await call('anonymous', 'GET', P)).json().items.map((r: { id: string }) => r.id)).not.toContain(
        report.id,
      );
      // Members of any organisation read community GREEN material.
      expect((await call('learnerC', 'GET', url)).statusCode).toBe(200);

      const published = await call('analystA', 'PATCH', url, { scope: 'public', marking: 'CLEAR' });
      expect(published.statusCode, published.body).toBe(200);
      const read = await call('anonymous', 'GET', url);
      expect(read.statusCode).toBe(200);
      expect(read.json().marking).toBe('CLEAR');
      expect((await call('anonymous', 'GET', P)).json().items.map((r: { id: string }) => r.id)).toContain(report.id);
      const html = await call('anonymous', 'GET', `${url}/render?format=html&lang=en`);
      expect(html.statusCode).toBe(200);
      expect(html.body).toContain('TLP:CLEAR');
      const pdf = await call('anonymous', 'GET', `${url}/render?format=pdf&lang=ja`);
      expect(pdf.statusCode).toBe(200);

      const audit = (await call('padmin', 'GET', '/api/v1/audit?action=telescope_report.sharing_change')).json();
      const change = audit.items.find((e: { targetId: string }) => e.targetId === report.id);
      expect(change.details).toMatchObject({
        from: { scope: 'community', marking: 'GREEN' },
        to: { scope: 'public', marking: 'CLEAR' },
      });
    });

    it('a scope wider than the marking is refused (400), on create and on PATCH', async () => {
      const wide = await call('analystA', 'POST', P, { kind: 'annual', year: 2023, scope: 'public', marking: 'GREEN' });
      expect(wide.statusCode).toBe(400);
      expect(wide.json().error.code).toBe('SHARING_INVALID');
      const report = await create({ kind: 'annual', year: 2023, scope: 'organisation', marking: 'AMBER' });
      const patch = await call('analystA', 'PATCH', `${P}/${report.id}`, { scope: 'public' });
      expect(patch.statusCode).toBe(400);
      expect(patch.json().error.code).toBe('SHARING_INVALID');
    });

    it('only platform admins and the owner organisation’s analysts write; others read at most', async () => {
      const org = await create({ kind: 'annual', year: 2023, scope: 'organisation', marking: 'AMBER' });
      const community = await create({ kind: 'annual', year: 2023, scope: 'community', marking: 'GREEN' });
      // Hidden records answer 404, like cases; visible ones that are not theirs answer 403.
      expect((await call('analystC', 'GET', `${P}/${org.id}`)).statusCode).toBe(404);
      expect((await call('analystC', 'PATCH', `${P}/${org.id}`, { titleEn: 'x' })).statusCode).toBe(404);
      expect((await call('analystC', 'PATCH', `${P}/${community.id}`, { titleEn: 'x' })).statusCode).toBe(403);
      // A learner of the owner organisation is no intelligence reader: the organisation's AMBER report is hidden.
      expect((await call('learnerA', 'GET', `${P}/${org.id}`)).statusCode).toBe(404);
      expect((await call('learnerA', 'PATCH', `${P}/${community.id}`, { titleEn: 'x' })).statusCode).toBe(403);
      expect((await call('learnerA', 'POST', `${P}/${community.id}/regenerate`)).statusCode).toBe(403);
      expect((await call('learnerA', 'POST', P, { kind: 'annual', year: 2023 })).statusCode).toBe(403);
      expect((await call('analystC', 'POST', P, { kind: 'annual', year: 2023, ownerOrgId: orgA })).statusCode).toBe(
        403,
      );
      expect((await call('anonymous', 'POST', P, { kind: 'annual', year: 2023 })).statusCode).toBe(401);
      // A platform admin names the organisation.
      expect((await call('padmin', 'POST', P, { kind: 'annual', year: 2023 })).statusCode).toBe(400);
      const byAdmin = await create({ kind: 'annual', year: 2023, ownerOrgId: orgA }, 'padmin');
      expect(byAdmin.ownerOrgId).toBe(orgA);
      expect((await call('padmin', 'PATCH', `${P}/${org.id}`, { titleEn: 'by the platform' })).statusCode).toBe(200);
      // The list shows what each may read.
      const listed = (who: keyof typeof h) =>
        call(who, 'GET', `${P}?limit=200`).then((r) => r.json().items.map((x: { id: string }) => x.id) as string[]);
      expect(await listed('analystC')).not.toContain(org.id);
      expect(await listed('analystC')).toContain(community.id);
      expect(await listed('analystA')).toContain(org.id);
      expect(await listed('learnerA')).not.toContain(org.id);
    });
  });
});

/** CYNEX_REPORT_OUT=<folder> keeps the rendered files for a look (pdftoppm, a browser). */
function keep(name: string, body: string | Buffer): void {
  const dir = process.env.CYNEX_REPORT_OUT;
  if (dir) fs.writeFileSync(path.join(dir, name), body);
}

/** The text of a PDF through poppler's pdftotext, when the machine has it (undefined otherwise). */
function pdfText(pdf: Buffer): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cynex-report-'));
  try {
    const file = path.join(dir, 'report.pdf');
    fs.writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
