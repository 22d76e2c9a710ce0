/**
 * Formatting helpers of the darknet screens: country and port names, shares, durations. Country names come from
 * the browser (Intl.DisplayNames); port names from a small local table of the services scanners look for.
 */
import type { Lang, SourceTag } from '../../types';

type Exhaustive<All, Listed extends All> = [Exclude<All, Listed>] extends [never] ? true : never;
const exhaustive = <T extends true>(value: T): T => value;

/** Source tags (mirrors SOURCE_TAGS in @cynex/core, which is imported for types only). */
export const SOURCE_TAGS = ['mirai', 'zmap', 'masscan', 'research'] as const satisfies readonly SourceTag[];
exhaustive<Exhaustive<SourceTag, (typeof SOURCE_TAGS)[number]>>(true);

function locale(lang: Lang): string {
  return lang === 'ja' ? 'ja-JP' : 'en-GB';
}

const regionNames = new Map<Lang, Intl.DisplayNames | null>();

/** The country's name in the language ('ZZ' and unknown codes: the `unknown` text). */
export function countryName(cc: string, lang: Lang, unknown: string): string {
  const code = cc.toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || code === 'ZZ' || code === 'XX') return unknown;
  let names = regionNames.get(lang);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([locale(lang)], { type: 'region' });
    } catch {
      names = null;
    }
    regionNames.set(lang, names);
  }
  try {
    return names?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** Well-known destination ports of darknet traffic (IANA service names, with the usual product where it helps). */
const TCP_PORTS: Readonly<Record<number, string>> = {
  21: 'ftp',
  22: 'ssh',
  23: 'telnet',
  25: 'smtp',
  53: 'domain',
  80: 'http',
  81: 'http (alt)',
  110: 'pop3',
  111: 'sunrpc',
  135: 'msrpc',
  139: 'netbios-ssn',
  143: 'imap',
  443: 'https',
  445: 'microsoft-ds',
  1433: 'ms-sql-s',
  1723: 'pptp',
  2323: 'telnet (alt)',
  2375: 'docker',
  3306: 'mysql',
  3389: 'ms-wbt-server (RDP)',
  5060: 'sip',
  5432: 'postgresql',
  5555: 'adb (Android)',
  5900: 'vnc',
  6379: 'redis',
  7547: 'cwmp (TR-069)',
  8000: 'http (alt)',
  8080: 'http-alt',
  8081: 'http (alt)',
  8443: 'https-alt',
  8888: 'http (alt)',
  9200: 'elasticsearch',
  11211: 'memcache',
  27017: 'mongodb',
  37215: 'Huawei HG532 (UPnP)',
  52869: 'Realtek SDK (UPnP)',
};

const UDP_PORTS: Readonly<Record<number, string>> = {
  19: 'chargen',
  53: 'domain',
  69: 'tftp',
  111: 'sunrpc',
  123: 'ntp',
  137: 'netbios-ns',
  161: 'snmp',
  389: 'cldap',
  500: 'isakmp',
  1194: 'openvpn',
  1900: 'ssdp',
  3389: 'ms-wbt-server (RDP)',
  3702: 'ws-discovery',
  5060: 'sip',
  5353: 'mdns',
  5683: 'coap',
  10001: 'ubiquiti discovery',
  11211: 'memcache',
  37810: 'DVR discovery',
};

/** The service name of a port, or undefined. `protocol` is 'tcp' or 'udp' (others have no table). */
export function portName(protocol: string, port: number | string): string | undefined {
  const number = typeof port === 'number' ? port : Number(port);
  if (!Number.isInteger(number)) return undefined;
  if (protocol === 'tcp') return TCP_PORTS[number];
  if (protocol === 'udp') return UDP_PORTS[number];
  return undefined;
}

/** A protocol-qualified port like 'tcp/23' as 'tcp/23 (telnet)'. */
export function describePort(qualified: string): string {
  const match = /^([a-z0-9]+)\/(\d+)$/i.exec(qualified);
  if (!match) return qualified;
  const name = portName(match[1]!.toLowerCase(), Number(match[2]));
  return name ? `${qualified} (${name})` : qualified;
}

export function formatShare(share: number, lang: Lang, digits = 1): string {
  if (!Number.isFinite(share)) return '–';
  return new Intl.NumberFormat(locale(lang), {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(share);
}

/** Large counts in the short form: 1.2M / 120万. */
export function formatCompact(value: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

export function formatDecimal(value: number, lang: Lang, digits = 1): string {
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits }).format(value);
}

/** A duration in seconds as "42 s", "3.5 min", "2.1 h" (unit names localised by Intl). */
export function formatSeconds(seconds: number, lang: Lang): string {
  const unit = (value: number, name: 'second' | 'minute' | 'hour' | 'day') =>
    new Intl.NumberFormat(locale(lang), {
      style: 'unit',
      unit: name,
      unitDisplay: 'short',
      maximumFractionDigits: value < 10 ? 1 : 0,
    }).format(value);
  if (seconds < 120) return unit(seconds, 'second');
  if (seconds < 7200) return unit(seconds / 60, 'minute');
  if (seconds < 172_800) return unit(seconds / 3600, 'hour');
  return unit(seconds / 86_400, 'day');
}

/** The time span between two instants, short. */
export function formatSpan(start: string, end: string, lang: Lang): string {
  const seconds = (new Date(end).getTime() - new Date(start).getTime()) / 1000;
  return Number.isFinite(seconds) && seconds >= 0 ? formatSeconds(seconds, lang) : '';
}

/** The path of a source's page (IPv6 addresses carry colons, so the address is encoded). */
export function sourcePath(ip: string): string {
  return `/telescope/sources/${encodeURIComponent(ip)}`;
}
