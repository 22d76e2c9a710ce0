/**
 * A day of darknet observations for the demo, made the way a sensor makes them: real captures (shipped in
 * packages/hub/demo/pcap, see its README) and generated background traffic are decoded, run through the
 * telescope's own pipeline, and the batches it emits go through the same schema and the same ingest as an
 * upload from `cynex telescope ingest`. Timestamps are moved into the 24 hours before `now`, so the console's
 * default views (the last day) show them.
 *
 * Everything here is demo data: the sensor is `demo-sensor`, the member's prefix is a documentation range
 * (203.0.113.0/24), the report title says demo.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { telescopeBatchSchema } from '@cynex/core';
import type { Actor, UserActor } from '../../platform/actor.js';
import type { Services } from '../../services.js';

export const DEMO_SENSOR = 'demo-sensor';
/** The darknet the demo sensor watches: a /16 of generated traffic, plus the targets of the real captures. */
export const DEMO_DARKNET = ['198.18.0.0/16', '64.13.134.52/32', '172.16.16.150/32', '10.10.10.0/24'];
/** The member organisation's own (documentation) prefix, and its one infected host. */
export const DEMO_MEMBER_PREFIX = '203.0.113.0/24';
export const DEMO_INFECTED_HOST = '203.0.113.77';

const CAPTURE_DIR = fileURLToPath(new URL('../../../demo/pcap/', import.meta.url));
const INTERVAL = 300;
const DAY = 86_400;

/** Where each real capture lands, in hours after the start of the demo day. */
const CAPTURE_HOURS: Record<string, number> = {
  'synscan.pcapng': 3.2,
  'activeosfingerprinting.pcapng': 7.6,
  'amp.TCP.reflection.SYNACK.pcap': 13.4,
  'amp.UDP.snmp.src161.pcapng': 18.9,
};

/** First octets of blocks allocated to networks across the world, so the map has somewhere to put sources. */
const PUBLIC_FIRST_OCTETS = [
  1, 2, 5, 14, 27, 31, 36, 37, 41, 42, 45, 46, 49, 58, 59, 60, 61, 77, 78, 79, 80, 81, 82, 83, 85, 87, 88, 89, 91, 92,
  93, 94, 95, 101, 103, 106, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126,
  133, 139, 141, 151, 153, 159, 171, 175, 176, 177, 178, 179, 180, 181, 182, 183, 185, 186, 187, 188, 189, 190, 193,
  194, 195, 196, 197, 200, 201, 202, 210, 211, 212, 213, 217, 218, 219, 220, 221, 222, 223,
];

/** Research scanners (Censys' published ranges): tagged as research by the pipeline's research list. */
const RESEARCH_PREFIXES = ['162.142.125.0/24', '167.94.138.0/24'];

/** A small seeded generator (mulberry32): the same day gives the same traffic. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** What a source of the background does. */
type Habit = 'mirai' | 'zmap' | 'ssh' | 'rdp' | 'smb' | 'web' | 'udp' | 'icmp' | 'research';

interface Packet {
  t: number;
  linkType: number;
  bytes: Uint8Array;
}

export interface DemoDarknetResult {
  /** False when the demo sensor already has data for the last day (nothing was loaded again). */
  loaded: boolean;
  packets: number;
  batches: number;
  /** The member organisation's alerts after the load. */
  alerts: number;
  reportId: string | null;
}

/**
 * Loads the demo day into the hub: the member's prefix (approved), the observations, and the current quarter's
 * report. Idempotent: when the demo sensor has uploaded data for the 24 hours before `now`, nothing is added.
 */
export async function loadDemoDarknet(
  services: Services,
  parties: { platform: UserActor; memberOrgId: string; reporter: Actor; reporterOrgId: string },
  now = new Date(),
): Promise<DemoDarknetResult> {
  const end = Math.floor(now.getTime() / 1000 / INTERVAL) * INTERVAL;
  const start = end - DAY;
  const summary = await services.telescope.summary(parties.platform, {
    from: new Date(start * 1000).toISOString(),
    to: now.toISOString(),
    sensor: DEMO_SENSOR,
  });
  if (summary.packets > 0) return { loaded: false, packets: 0, batches: 0, alerts: 0, reportId: null };

  await ensureMemberPrefix(services, parties.platform, parties.memberOrgId);
  const [{ TelescopePipeline, IpLocationGeo, NO_GEO }, pcap] = await Promise.all([
    import('@cynex/telescope'),
    import('@cynex/pcap'),
  ]);
  const geo = await IpLocationGeo.load().catch(() => NO_GEO);
  const pipeline = new TelescopePipeline({
    config: {
      sensorId: DEMO_SENSOR,
      prefixes: DEMO_DARKNET,
      intervalsPerBatch: 12,
      research: { prefixes: RESEARCH_PREFIXES },
    },
    geo,
    flowTuples: false,
  });

  const packets = [...(await generated(start, end)), ...(await captures(start, pcap))];
  packets.sort((a, b) => a.t - b.t);
  const view = new pcap.PacketView();
  const out = new pcap.DecodedPacket();
  for (const p of packets) {
    view.tsSec = Math.floor(p.t);
    view.tsNsec = Math.round((p.t - view.tsSec) * 1e9);
    view.linkType = p.linkType;
    view.buf = p.bytes;
    view.start = 0;
    view.caplen = view.origLen = p.bytes.length;
    pcap.decodePacket(view, out);
    pipeline.push(view, out);
  }
  pipeline.flush();

  const batches = pipeline.takeBatches();
  for (const batch of batches) {
    // The same check an upload gets at POST /api/v1/telescope/batches.
    await services.telescope.ingest(parties.platform, telescopeBatchSchema.parse(batch));
  }
  const { total: alerts } = await services.alerts.list(parties.platform, {
    orgId: parties.memberOrgId,
    limit: 1,
    offset: 0,
  });
  const reportId = await ensureQuarterlyReport(services, parties.reporter, parties.reporterOrgId, now);
  return { loaded: true, packets: packets.length, batches: batches.length, alerts, reportId };
}

async function ensureMemberPrefix(services: Services, platform: UserActor, memberOrgId: string): Promise<void> {
  const existing = await services.alertSettings.prefixes(platform, memberOrgId);
  if (existing.some((p) => p.cidr === DEMO_MEMBER_PREFIX)) return;
  // Added by a platform admin, so approved at once (an org admin's own registration waits for review).
  await services.alertSettings.addPrefix(platform, memberOrgId, {
    cidr: DEMO_MEMBER_PREFIX,
    note: 'demo: head office (documentation range) / デモ: 本社 (文書用アドレス)',
  });
}

async function ensureQuarterlyReport(services: Services, reporter: Actor, ownerOrgId: string, now: Date) {
  const year = now.getUTCFullYear();
  const quarter = Math.floor(now.getUTCMonth() / 3) + 1;
  const existing = await services.telescopeReports.list(reporter, { kind: 'quarterly', year, limit: 20, offset: 0 });
  const same = existing.items.find((r) => r.quarter === quarter && r.ownerOrgId === ownerOrgId);
  if (same) return same.id;
  const report = await services.telescopeReports.create(reporter, {
    kind: 'quarterly',
    year,
    quarter,
    ownerOrgId,
    titleJa: `ダークネット観測レポート ${year}年 第${quarter}四半期 (デモ)`,
    titleEn: `Darknet observation report, Q${quarter} ${year} (demo)`,
    notableEventsJa:
      'デモデータです。Mirai 系マルウェアに感染したとみられる会員組織のホスト (203.0.113.77) から Telnet への探索が観測され、組織にアラートが送られました。10.10.10.10 に対する SYN-ACK リフレクション攻撃の跳ね返り (バックスキャッタ) も観測されています。',
    notableEventsEn:
      'Demo data. A member organisation’s host (203.0.113.77), apparently infected with Mirai-family malware, scanned for Telnet and the organisation was alerted. Backscatter of a SYN-ACK reflection attack on 10.10.10.10 was also observed.',
    scope: 'community',
    marking: 'GREEN',
    recipientUserIds: [],
  });
  return report.id;
}

/** The real captures, each moved so that it starts at its hour of the demo day. */
async function captures(start: number, pcap: typeof import('@cynex/pcap')): Promise<Packet[]> {
  const out: Packet[] = [];
  for (const file of readdirSync(CAPTURE_DIR).filter((f) => f in CAPTURE_HOURS)) {
    const read: Packet[] = [];
    await pcap.PcapReader.fromFile(CAPTURE_DIR + file).read((v) => {
      read.push({ t: v.tsSec + v.tsNsec / 1e9, linkType: v.linkType, bytes: pcap.copyPacket(v).data });
    });
    if (read.length === 0) continue;
    const shift = start + CAPTURE_HOURS[file]! * 3600 - read[0]!.t;
    for (const p of read) out.push({ ...p, t: p.t + shift });
  }
  return out;
}

/**
 * A day of background radiation into 198.18.0.0/16: a few thousand sources with their habits (Mirai-style Telnet
 * probes whose sequence number is the destination, ZMap probes with IP id 54321, SSH, RDP, SMB, web, UDP services,
 * pings, research scanners), more by day than by night (JST), plus the events an analyst looks for: horizontal
 * scans, SYN-ACK backscatter of DoS attacks on three victims, and the member's infected host.
 */
async function generated(start: number, end: number): Promise<Packet[]> {
  const { ip, ipv4, tcp, udp, icmp, SYN, ACK, RST } = await import('@cynex/telescope/synth');
  const { LINKTYPE } = await import('@cynex/pcap');
  const rnd = random(start / INTERVAL);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const darknetBase = ip('198.18.0.0');
  const darknetAddress = () => (darknetBase + Math.floor(rnd() * 65_536)) >>> 0;
  const publicAddress = () => ((pick(PUBLIC_FIRST_OCTETS) << 24) | (Math.floor(rnd() * 0xfffffe) + 1)) >>> 0;
  const packets: Packet[] = [];
  const add = (t: number, bytes: Uint8Array) => packets.push({ t, linkType: LINKTYPE.RAW, bytes });

  const habits: Habit[] = ['mirai', 'mirai', 'mirai', 'zmap', 'ssh', 'ssh', 'rdp', 'smb', 'web', 'udp', 'icmp'];
  const sources: { address: number; habit: Habit }[] = Array.from({ length: 2_400 }, () => ({
    address: publicAddress(),
    habit: pick(habits),
  }));
  const research: { address: number; habit: Habit }[] = RESEARCH_PREFIXES.flatMap((cidr) => {
    const base = ip(cidr.split('/')[0]!);
    return Array.from({ length: 12 }, (_, i) => ({ address: base + 10 + i * 7, habit: 'research' }));
  });
  // Research scanners first: the loud end of the list (below), as they are in real darknets.
  const all = [...research, ...sources];

  const probe = (t: number, src: number, habit: Habit) => {
    const dst = darknetAddress();
    const sport = 1024 + Math.floor(rnd() * 64_000);
    const ttl = 40 + Math.floor(rnd() * 80);
    const syn = (dport: number, seq: number, id = Math.floor(rnd() * 65_536)) =>
      add(t, ipv4({ src, dst, proto: 6, ttl, id, payload: tcp({ sport, dport, seq, flags: SYN }) }));
    switch (habit) {
      case 'mirai':
        return syn(rnd() < 0.8 ? 23 : 2323, dst);
      case 'zmap':
        return syn(pick([80, 443, 8080, 8443, 8088]), Math.floor(rnd() * 2 ** 32), 54_321);
      case 'ssh':
        return syn(rnd() < 0.85 ? 22 : 2222, Math.floor(rnd() * 2 ** 32));
      case 'rdp':
        return syn(3389, Math.floor(rnd() * 2 ** 32));
      case 'smb':
        return syn(445, Math.floor(rnd() * 2 ** 32));
      case 'web':
        return syn(pick([80, 443, 8080, 81, 8000, 5555, 6379, 9200]), Math.floor(rnd() * 2 ** 32));
      case 'research':
        return syn(pick([80, 443, 22, 21, 25, 110, 143, 3306, 5432, 1433]), Math.floor(rnd() * 2 ** 32));
      case 'udp': {
        const [dport, size] = pick([
          [53, 30],
          [123, 48],
          [1900, 90],
          [5060, 400],
          [161, 40],
          [11211, 15],
        ] as const);
        return add(t, ipv4({ src, dst, proto: 17, ttl, payload: udp(sport, dport, size) }));
      }
      case 'icmp':
        return add(t, ipv4({ src, dst, proto: 1, ttl, payload: icmp(8) }));
    }
  };

  // Background: heavier during the Japanese working day (UTC+9), never silent.
  for (let t0 = start; t0 < end; t0 += INTERVAL) {
    const jstHour = (((t0 / 3600 + 9) % 24) + 24) % 24;
    const load = 0.75 + 0.35 * Math.sin(((jstHour - 8) / 24) * 2 * Math.PI);
    const count = Math.round(520 * load);
    for (let i = 0; i < count; i++) {
      // A few sources are loud: squaring the draw favours the front of the list.
      const source = all[Math.floor(rnd() * rnd() * all.length)]!;
      probe(t0 + rnd() * INTERVAL, source.address, source.habit);
    }
  }

  // Horizontal scans: one source sweeping hundreds of darknet addresses on one port within a few minutes.
  const scans: [hour: number, port: number][] = [
    [1.5, 445],
    [5.25, 3389],
    [9.75, 6379],
    [12.1, 23],
    [16.6, 22],
    [21.3, 5900],
  ];
  for (const [hour, dport] of scans) {
    const src = publicAddress();
    const t0 = start + hour * 3600;
    for (let i = 0; i < 700; i++) {
      const dst = darknetAddress();
      add(
        t0 + i * 0.2,
        ipv4({ src, dst, proto: 6, id: 54_321, payload: tcp({ sport: 40_000 + (i % 2000), dport, flags: SYN }) }),
      );
    }
  }

  // Backscatter: servers under a spoofed-source SYN flood answer SYN-ACK (or RST) to addresses in the darknet.
  const victims: [hour: number, sport: number, flags: number, minutes: number][] = [
    [2.4, 80, SYN | ACK, 25],
    [10.2, 443, SYN | ACK, 40],
    [20.5, 25565, RST | ACK, 15],
  ];
  for (const [hour, sport, flags, minutes] of victims) {
    const src = publicAddress();
    const t0 = start + hour * 3600;
    const n = minutes * 45;
    for (let i = 0; i < n; i++) {
      const t = t0 + (i / n) * minutes * 60;
      const payload = tcp({ sport, dport: 1024 + Math.floor(rnd() * 64_000), seq: Math.floor(rnd() * 2 ** 32), flags });
      add(t, ipv4({ src, dst: darknetAddress(), proto: 6, payload }));
    }
  }

  // The member's infected host: Mirai-style Telnet probes in bursts through the day.
  const infected = ip(DEMO_INFECTED_HOST);
  for (const hour of [6, 6.5, 11, 15.5, 22]) {
    for (let i = 0; i < 60; i++) probe(start + hour * 3600 + i * 4.5, infected, 'mirai');
  }
  return packets;
}
