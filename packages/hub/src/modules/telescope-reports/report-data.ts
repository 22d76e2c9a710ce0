/**
 * What a darknet observation report says, as numbers: the definitions of its sections and the snapshot that
 * generation stores. Language-neutral: labels and formatting live in report-i18n.ts and report-content.ts.
 */

export type ReportKind = 'quarterly' | 'annual';

/**
 * Destination ports counted as IoT-related (TCP only): the ports that IoT malware (Mirai and its descendants,
 * Hajime, Mozi, Gafgyt) scans for and the services of the devices they infect.
 */
export const IOT_TCP_PORTS: readonly { port: number; why: string }[] = [
  { port: 23, why: 'Telnet: default credentials of routers, cameras and DVRs (Mirai)' },
  { port: 2323, why: 'Telnet on an alternative port (Mirai)' },
  { port: 81, why: 'web interfaces of IP cameras and DVRs' },
  { port: 554, why: 'RTSP of IP cameras' },
  { port: 5555, why: 'Android Debug Bridge of TV boxes and phones' },
  { port: 7547, why: 'TR-069 / CWMP of home routers' },
  { port: 8080, why: 'web interfaces of routers and cameras' },
  { port: 8081, why: 'web interfaces of routers and cameras' },
  { port: 8443, why: 'HTTPS management interfaces of routers' },
  { port: 34567, why: 'XMEye / Sofia DVR control' },
  { port: 37215, why: 'Huawei HG532 UPnP (CVE-2017-17215)' },
  { port: 37777, why: 'Dahua DVR control' },
  { port: 52869, why: 'Realtek SDK miniigd UPnP (CVE-2014-8361)' },
  { port: 60001, why: 'web interfaces of DVRs (JAWS)' },
];
export const IOT_PORT_SET: ReadonlySet<number> = new Set(IOT_TCP_PORTS.map((p) => p.port));

/** A source that sent at least this many packets to the darknet on one UTC day of the period is a heavy sender. */
export const HEAVY_PACKETS_PER_DAY = 1_000;
/** Rows of the top-port and country lists; the rest is folded into "other". */
export const TOP_PORTS = 10;
export const TOP_COUNTRIES = 8;
export const TOP_SENDER_COUNTRIES = 5;
export const TOP_DOS_SERVICES = 10;
/** A DoS attack counts as long when its backscatter lasted more than this. */
export const LONG_ATTACK_MS = 3_600_000;

/** Well-known service names of the ports the report names (IANA names, shortened where they are unhelpful). */
const SERVICES: Record<'tcp' | 'udp', Record<number, string>> = {
  tcp: {
    21: 'FTP',
    22: 'SSH',
    23: 'Telnet',
    25: 'SMTP',
    53: 'DNS',
    80: 'HTTP',
    81: 'HTTP (IoT)',
    110: 'POP3',
    111: 'RPC',
    135: 'MS-RPC',
    139: 'NetBIOS',
    143: 'IMAP',
    443: 'HTTPS',
    445: 'SMB',
    554: 'RTSP',
    993: 'IMAPS',
    1433: 'MS SQL',
    1723: 'PPTP',
    2323: 'Telnet (alt)',
    2375: 'Docker',
    3306: 'MySQL',
    3389: 'RDP',
    5432: 'PostgreSQL',
    5555: 'ADB',
    5900: 'VNC',
    6379: 'Redis',
    7547: 'TR-069',
    8000: 'HTTP (alt)',
    8080: 'HTTP (alt)',
    8081: 'HTTP (alt)',
    8443: 'HTTPS (alt)',
    8888: 'HTTP (alt)',
    9200: 'Elasticsearch',
    11211: 'memcached',
    27017: 'MongoDB',
    34567: 'DVR (XMEye)',
    37215: 'Huawei UPnP',
    37777: 'Dahua DVR',
    52869: 'Realtek UPnP',
    60001: 'DVR (JAWS)',
  },
  udp: {
    53: 'DNS',
    69: 'TFTP',
    123: 'NTP',
    137: 'NetBIOS',
    161: 'SNMP',
    389: 'CLDAP',
    500: 'IKE',
    1900: 'SSDP',
    3702: 'WS-Discovery',
    5060: 'SIP',
    5353: 'mDNS',
    11211: 'memcached',
  },
};

export function serviceName(protocol: string, port: number): string | null {
  const table = protocol === 'udp' ? SERVICES.udp : protocol === 'tcp' ? SERVICES.tcp : undefined;
  return table?.[port] ?? null;
}

export interface PortShare {
  protocol: 'tcp' | 'udp';
  port: number;
  packets: number;
  /** Of all packets of the period. */
  share: number;
}

export interface SenderGroup {
  addresses: number;
  /** Addresses of the group also tagged as research scanners. */
  researchAddresses: number;
  packets: number;
  /** (address, UTC day) pairs on which the group's addresses were seen. */
  hostDays: number;
  /** Packets per address per day it was active. */
  avgPacketsPerDay: number;
  /** Distinct destination ports per address per day it was active. */
  avgPortsPerDay: number;
  /** Countries by addresses, the largest first, with the rest folded into `otherShare`. */
  countries: { cc: string; addresses: number; share: number }[];
  otherCountriesShare: number;
}

/** The numbers of one report, as generated: stored as jsonb, rendered later in either language. */
export interface ReportSnapshot {
  version: 1;
  generatedAt: string;
  period: { from: string; to: string; days: number };
  previous: { from: string; to: string; packets: number };
  totals: {
    packets: number;
    bytes: number;
    /** Addresses watched by the sensors that sent data for the period. */
    monitoredAddresses: number;
    packetsPerAddress: number;
    /** The period's seconds over the packets per address: "one packet to every address every N seconds". */
    secondsPerPacketPerAddress: number | null;
    /** Change in packets on the previous period of the same kind, in percent; null when it saw nothing. */
    changePercent: number | null;
    sensors: { sensorId: string; monitoredAddresses: number; packets: number }[];
  };
  daily: { day: string; packets: number }[];
  topPorts: { items: PortShare[]; other: { packets: number; share: number } };
  countries: { items: { cc: string; packets: number; share: number }[]; other: { packets: number; share: number } };
  research: { packets: number; share: number };
  mirai: { packets: number; share: number };
  iot: { packets: number; share: number; ports: { port: number; packets: number }[] };
  heavySenders: { thresholdPerDay: number; mirai: SenderGroup; other: SenderGroup };
  dos: {
    attacks: number;
    victims: number;
    packets: number;
    longAttacks: number;
    longShare: number;
    services: { protocol: string; port: number; attacks: number; share: number }[];
    /** Darknet addresses that many servers answered (SYN-ACK reflection, DRDoS); absent in older snapshots. */
    reflection?: { victims: number; packets: number };
  };
}

export interface Period {
  from: Date;
  to: Date;
}

/** Calendar periods in UTC: a quarter is three months from January, April, July or October; a year from January. */
export function periodOf(kind: ReportKind, year: number, quarter?: number | null): Period {
  if (kind === 'annual') return { from: new Date(Date.UTC(year, 0, 1)), to: new Date(Date.UTC(year + 1, 0, 1)) };
  const q = quarter ?? 1;
  return { from: new Date(Date.UTC(year, (q - 1) * 3, 1)), to: new Date(Date.UTC(year, q * 3, 1)) };
}

/** The period before: the previous quarter (Q4 of last year before Q1) or the previous year. */
export function previousPeriodOf(kind: ReportKind, year: number, quarter?: number | null): Period {
  if (kind === 'annual') return periodOf('annual', year - 1);
  const q = quarter ?? 1;
  return q === 1 ? periodOf('quarterly', year - 1, 4) : periodOf('quarterly', year, q - 1);
}

export const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

/** The raw sender rows (group × country) folded into the two groups. */
export function senderGroup(
  rows: { cc: string; addresses: number; research: number; packets: number; days: number; portDays: number }[],
): SenderGroup {
  const sum = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((n, r) => n + pick(r), 0);
  const addresses = sum((r) => r.addresses);
  const hostDays = sum((r) => r.days);
  const byCountry = new Map<string, number>();
  for (const r of rows) byCountry.set(r.cc, (byCountry.get(r.cc) ?? 0) + r.addresses);
  const countries = [...byCountry.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([cc, n]) => ({ cc, addresses: n, share: share(n, addresses) }));
  const top = countries.slice(0, TOP_SENDER_COUNTRIES);
  return {
    addresses,
    researchAddresses: sum((r) => r.research),
    packets: sum((r) => r.packets),
    hostDays,
    avgPacketsPerDay: share(
      sum((r) => r.packets),
      hostDays,
    ),
    avgPortsPerDay: share(
      sum((r) => r.portDays),
      hostDays,
    ),
    countries: top,
    otherCountriesShare: share(addresses - top.reduce((n, c) => n + c.addresses, 0), addresses),
  };
}
