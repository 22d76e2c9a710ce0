import type { TelescopeRepository } from '../telescope/telescope.repository.js';
import {
  HEAVY_PACKETS_PER_DAY,
  IOT_PORT_SET,
  IOT_TCP_PORTS,
  LONG_ATTACK_MS,
  TOP_COUNTRIES,
  TOP_DOS_SERVICES,
  TOP_PORTS,
  previousPeriodOf,
  periodOf,
  senderGroup,
  share,
  type PortShare,
  type ReportKind,
  type ReportSnapshot,
} from './report-data.js';
import type { TelescopeReportsRepository } from './telescope-reports.repository.js';

const DAY_MS = 86_400_000;
const sum = <T>(items: readonly T[], pick: (item: T) => number) => items.reduce((n, item) => n + pick(item), 0);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Generates a report's numbers from the stored darknet data: daily rollups for the totals, rankings and tags;
 * source contributions for the heavy senders; DoS events for the backscatter section.
 */
export async function generateSnapshot(
  telescope: TelescopeRepository,
  reports: TelescopeReportsRepository,
  spec: { kind: ReportKind; year: number; quarter?: number | null | undefined },
  now: Date,
): Promise<ReportSnapshot> {
  const period = periodOf(spec.kind, spec.year, spec.quarter);
  const previous = previousPeriodOf(spec.kind, spec.year, spec.quarter);
  const [totals, previousTotals, sensors, series, tcp, udp, countries, senders, dos] = await Promise.all([
    telescope.totals('1d', period),
    telescope.totals('1d', previous),
    telescope.sensors(),
    telescope.series('1d', period),
    telescope.keyed('1d', period, 'tcp_port'),
    telescope.keyed('1d', period, 'udp_port'),
    telescope.keyed('1d', period, 'country'),
    reports.senders(period, HEAVY_PACKETS_PER_DAY),
    reports.dos(period, LONG_ATTACK_MS, TOP_DOS_SERVICES),
  ]);

  const packets = sum(totals, (t) => t.packets);
  const previousPackets = sum(previousTotals, (t) => t.packets);
  const bySensor = new Map(totals.map((t) => [t.sensorId, t]));
  const active = sensors.filter((s) => bySensor.has(s.id));
  const monitoredAddresses = sum(active, (s) => s.monitoredAddresses);
  const packetsPerAddress = share(packets, monitoredAddresses);
  const seconds = (period.to.getTime() - period.from.getTime()) / 1000;

  const perDay = new Map(series.map((p) => [dayOf(p.t), p.packets]));
  const daily: ReportSnapshot['daily'] = [];
  for (let t = period.from.getTime(); t < period.to.getTime(); t += DAY_MS) {
    daily.push({ day: dayOf(t), packets: perDay.get(dayOf(t)) ?? 0 });
  }

  const ports: PortShare[] = [
    ...tcp.map((r) => ({ protocol: 'tcp' as const, port: Number(r.key), packets: r.packets, share: 0 })),
    ...udp.map((r) => ({ protocol: 'udp' as const, port: Number(r.key), packets: r.packets, share: 0 })),
  ]
    .sort((a, b) => b.packets - a.packets || a.port - b.port || a.protocol.localeCompare(b.protocol))
    .map((p) => ({ ...p, share: share(p.packets, packets) }));
  const topPorts = ports.slice(0, TOP_PORTS);
  const otherPorts = Math.max(0, packets - sum(topPorts, (p) => p.packets));

  const rankedCountries = [...countries].sort((a, b) => b.packets - a.packets || a.key.localeCompare(b.key));
  const topCountries = rankedCountries.slice(0, TOP_COUNTRIES);
  const otherCountries = Math.max(0, packets - sum(topCountries, (c) => c.packets));

  const iotPorts = IOT_TCP_PORTS.map(({ port }) => ({
    port,
    packets: sum(
      tcp.filter((r) => Number(r.key) === port),
      (r) => r.packets,
    ),
  })).filter((p) => p.packets > 0);
  const iotPackets = sum(
    tcp.filter((r) => IOT_PORT_SET.has(Number(r.key))),
    (r) => r.packets,
  );
  const research = sum(totals, (t) => t.research);
  const mirai = sum(totals, (t) => t.mirai);

  return {
    version: 1,
    generatedAt: now.toISOString(),
    period: { from: period.from.toISOString(), to: period.to.toISOString(), days: daily.length },
    previous: { from: previous.from.toISOString(), to: previous.to.toISOString(), packets: previousPackets },
    totals: {
      packets,
      bytes: sum(totals, (t) => t.bytes),
      monitoredAddresses,
      packetsPerAddress,
      secondsPerPacketPerAddress: packetsPerAddress > 0 ? seconds / packetsPerAddress : null,
      changePercent: previousPackets > 0 ? ((packets - previousPackets) / previousPackets) * 100 : null,
      sensors: active.map((s) => ({
        sensorId: s.id,
        monitoredAddresses: s.monitoredAddresses,
        packets: bySensor.get(s.id)?.packets ?? 0,
      })),
    },
    daily,
    topPorts: { items: topPorts, other: { packets: otherPorts, share: share(otherPorts, packets) } },
    countries: {
      items: topCountries.map((c) => ({ cc: c.key, packets: c.packets, share: share(c.packets, packets) })),
      other: { packets: otherCountries, share: share(otherCountries, packets) },
    },
    research: { packets: research, share: share(research, packets) },
    mirai: { packets: mirai, share: share(mirai, packets) },
    iot: { packets: iotPackets, share: share(iotPackets, packets), ports: iotPorts },
    heavySenders: {
      thresholdPerDay: HEAVY_PACKETS_PER_DAY,
      mirai: senderGroup(senders.filter((r) => r.group === 'mirai')),
      other: senderGroup(senders.filter((r) => r.group === 'other')),
    },
    dos: {
      attacks: dos.attacks,
      victims: dos.victims,
      packets: dos.packets,
      longAttacks: dos.longAttacks,
      longShare: share(dos.longAttacks, dos.attacks),
      services: dos.services.map((s) => ({ ...s, share: share(s.attacks, dos.attacks) })),
      reflection: dos.reflection,
    },
  };
}
