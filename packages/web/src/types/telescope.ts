/** Darknet telescope (docs/telescope-api.md). Event and profile shapes come from @cynex/core as types only. */
import type { DosEvent, ScanEvent, SourceProfile } from '@cynex/core';

export type Granularity = '5m' | '1h' | '1d';

export interface TelescopePoint {
  t: string;
  packets: number;
  bytes: number;
  uniqueSources: number;
  uniqueDestinations: number;
  tcp: number;
  udp: number;
  icmp: number;
  backscatter: number;
}

export interface TelescopeSeries {
  granularity: Granularity;
  items: TelescopePoint[];
}

export type TopDimension = 'country' | 'tcp_port' | 'udp_port' | 'asn';

export interface TelescopeTopItem {
  key: string | number;
  label?: string;
  packets: number;
  sources: number;
  /** 0..1 of all sources in the period. */
  share: number;
}

export interface TelescopeTop {
  dimension: TopDimension;
  total: { packets: number; sources: number };
  items: TelescopeTopItem[];
  other: { packets: number; sources: number };
}

export interface TelescopeMap {
  items: { cc: string; packets: number; sources: number }[];
}

export interface TelescopeHeatmap {
  items: { dstBlock: number; portBucket: number; packets: number }[];
  /** How many destination blocks and port buckets there are (or their labels). */
  dstBlocks: number | (string | number)[];
  portBuckets: number | (string | number)[];
  /** Ports per bucket, when the hub tells; the buckets are then labelled with their port ranges. */
  portBucketSize?: number;
}

export interface TelescopeSensor {
  sensorId: string;
  monitoredAddresses?: number;
  lastUploadAt?: string | null;
}

export interface TelescopeSummary {
  packets: number;
  bytes: number;
  monitoredAddresses: number;
  packetsPerAddress: number;
  secondsPerPacketPerAddress: number | null;
  researchShare: number;
  miraiShare: number;
  sensors: TelescopeSensor[];
}

/** A scan as the events API lists it: `kind` is the list's ('scan'), `scanKind` horizontal or vertical. */
export type TelescopeScan = Omit<ScanEvent, 'kind'> & {
  id?: string;
  sensorId?: string;
  kind?: string;
  scanKind?: ScanEvent['kind'];
};
export type TelescopeDos = DosEvent & { id?: string; sensorId?: string };
/** A backscatter victim summed over the intervals of the period that named it. */
export interface TelescopeBackscatter {
  victimKind: 'flood' | 'reflection';
  victim: string;
  protocol: string;
  packets: number;
  bytes: number;
  reflectors: number;
  intervals: number;
  first: string;
  last: string;
  ports: number[];
}
export type TelescopeEventKind = 'scan' | 'dos' | 'backscatter';

export interface TelescopeEventList<T> {
  items: T[];
  total: number;
}

/** A sighting of the address in the decoy environments; the hub decides the fields, these are the known ones. */
export interface DecoySighting {
  id?: string;
  caseId?: string;
  caseRef?: string;
  environmentCode?: string;
  environmentName?: string;
  malwareFamily?: string;
  kind?: string;
  role?: string;
  sensorId?: string;
  port?: number | string | null;
  at?: string;
  firstSeen?: string;
  lastSeen?: string;
  count?: number;
}

export interface TelescopeSourceDetail {
  source: string;
  profile: (SourceProfile & { asName?: string }) | null;
  scans: TelescopeScan[];
  dos: TelescopeDos[];
  /** Backscatter that named this address as a victim (DoS event or not). */
  backscatter: TelescopeBackscatter[];
  decoySightings: DecoySighting[];
}
