import type { ScanEvent } from '@cynex/core';
import { CLASS, PROTO } from './classify.js';
import type { TelescopeConfig } from './config.js';
import type { PacketFacts } from './facts.js';
import { isoSeconds } from './facts.js';
import { FingerprintCounts, tagNames } from './fingerprints.js';
import { Hll, type DenseBudget } from './hll.js';
import { mix32, U32Map, U32NumMap } from './u32map.js';

/** Precision of per-scan destination sketches: exact up to 1,024 destinations, ±1.6 % beyond. */
const SCAN_PRECISION = 12;
/** Precision of vertical-scan port sketches: exact up to 1,024 ports (nmap's default top-1000 list). */
const SWEEP_PRECISION = 12;
const PROTOCOL_NAMES = ['tcp', 'udp', 'icmp'] as const;

/** One source probing one port (Durumeric's unit), while it lasts; fingerprint counts inherited. */
class PortScan extends FingerprintCounts {
  first: number;
  last: number;
  packets = 0;
  readonly destinations: Hll;

  constructor(
    readonly protocol: number,
    readonly port: number,
    t: number,
    budget: DenseBudget,
  ) {
    super();
    this.first = this.last = t;
    this.destinations = new Hll(SCAN_PRECISION, budget);
  }
}

/** One source probing many ports of one protocol (a vertical scan), while it lasts. */
class PortSweep {
  first: number;
  last: number;
  packets = 0;
  readonly ports: Hll;
  readonly destinations: Hll;

  constructor(
    readonly protocol: number,
    t: number,
    budget: DenseBudget,
  ) {
    this.first = this.last = t;
    this.ports = new Hll(SWEEP_PRECISION, budget);
    this.destinations = new Hll(SCAN_PRECISION, budget);
  }
}

/**
 * A vertical scan: many ports of one protocol from one source. The wire format's `ScanEvent` has one
 * port, so these are reported locally (pipeline result, ingest summary) rather than uploaded.
 */
export interface VerticalScan {
  source: string;
  protocol: 'tcp' | 'udp';
  start: string;
  end: string;
  packets: number;
  ports: number;
  destinations: number;
  packetsPerSecond: number;
}

class Tracker {
  last = 0;
  readonly scans = new Map<number, PortScan>();
  readonly sweeps: (PortSweep | undefined)[] = [undefined, undefined];
  /** Ports opened per protocol (tcp, udp), to start a sweep at the second. */
  readonly ports = [0, 0];
  constructor(readonly source: string) {}
}

/** First probes are packed as `second * KEY_SPACE + (protocol << 16 | port)`. */
const KEY_SPACE = 2 ** 18;

/**
 * Scan detection per (source, protocol, destination port) after Durumeric et al. 2014 (thresholds in
 * config.ts): probes are TCP SYN, UDP and ICMP echo (port 0); a scan closes after `idleTimeoutSeconds`
 * without a probe (checked as packet time advances, and on `closeAll`) and is reported when it reached
 * `minDestinations` distinct destinations at `minRate`. Vertical scans (≥ `minPorts` ports of one
 * protocol) are found alongside. Memory: at most `maxSources` sources × `maxPortsPerSource` ports, and
 * destination sketches are exact sets up to 1,024 entries; a shared budget caps the dense ones (4 KiB each)
 * at 16,384 at a time.
 *
 * @example
 * const scans = new ScanDetector(config, darknet.ipv4Addresses);
 * scans.add(facts);
 * scans.advance(facts.t);
 * const events = scans.takeEvents();
 */
export class ScanDetector {
  private readonly v4 = new U32Map<Tracker>(1024);
  private readonly v6 = new Map<string, Tracker>();
  private readonly events: ScanEvent[] = [];
  private readonly vertical: VerticalScan[] = [];
  /** Dense sketches (4 KiB each) allowed at once: 64 MiB; beyond, counts stay exact up to 1,024. */
  private readonly budget: DenseBudget = { remaining: 16_384, refused: 0 };
  private nextSweep = 0;
  private readonly scale: number;
  /**
   * IPv4 sources seen once: first probe as `second * KEY_SPACE + key`, and meta as
   * `(destination hash * 16 + fingerprints) * 1000 + milliseconds`.
   */
  private readonly firstProbes: U32NumMap | null;
  private readonly firstMeta = new U32NumMap(1024);
  /** Probes of ports beyond `maxPortsPerSource` (counted for vertical scans only). */
  untrackedProbes = 0;

  constructor(
    private readonly config: TelescopeConfig['scan'],
    monitoredIPv4: number,
  ) {
    this.scale = config.rateScope === 'internet' && monitoredIPv4 > 0 ? 2 ** 32 / monitoredIPv4 : 1;
    // With a one-destination threshold a single probe is a scan: then every source is tracked fully.
    this.firstProbes = config.minDestinations > 1 ? new U32NumMap(1024) : null;
  }

  /** Sources currently tracked. */
  get size(): number {
    return this.v4.size + this.v6.size;
  }

  /** Counts a packet if it is a probe. */
  add(f: PacketFacts): void {
    const cls = f.cls;
    if (cls !== CLASS.tcp_syn && cls !== CLASS.udp && cls !== CLASS.icmp_echo) return;
    if (cls === CLASS.udp && !f.hasPorts) return;
    const protocol = cls === CLASS.tcp_syn ? 0 : cls === CLASS.udp ? 1 : 2;
    const key = (protocol << 16) | (protocol === 2 ? 0 : f.dstPort);
    let tr = f.ipVersion === 4 ? this.v4.get(f.src4) : this.v6.get(f.sourceText());
    if (tr === undefined) {
      if (f.ipVersion === 4 && this.firstProbes) {
        // Most darknet sources send one probe: remember it in two numbers, no objects.
        const first = this.firstProbes.get(f.src4);
        if (first < 0) return this.rememberFirst(f, key);
        tr = this.track(f);
        const meta = this.firstMeta.get(f.src4);
        this.firstProbes.delete(f.src4);
        this.firstMeta.delete(f.src4);
        const t = Math.floor(first / KEY_SPACE) + (meta % 1000) / 1000;
        const rest = Math.floor(meta / 1000);
        this.record(tr, first % KEY_SPACE, t, Math.floor(rest / 16), rest % 16, true);
      } else tr = this.track(f);
    }
    this.record(tr, key, f.t, f.dstHash, f.fingerprints, f.ipVersion === 4);
  }

  private rememberFirst(f: PacketFacts, key: number): void {
    const fp = this.firstProbes!;
    if (fp.size >= this.config.maxSources) {
      // Full of one-probe sources (a spoofed flood): forget the older half; they lose one probe each.
      const cutoff = f.sec - this.config.idleTimeoutSeconds / 2;
      fp.filter((v) => v / KEY_SPACE >= cutoff);
      if (fp.size >= this.config.maxSources * 0.9) fp.filter(() => false);
      this.firstMeta.filter((_, k) => fp.get(k) >= 0);
    }
    fp.set(f.src4, f.sec * KEY_SPACE + key);
    this.firstMeta.set(f.src4, (f.dstHash * 16 + f.fingerprints) * 1000 + Math.floor((f.t - f.sec) * 1000));
  }

  private track(f: PacketFacts): Tracker {
    if (this.size >= this.config.maxSources) this.evictIdlest();
    const tr = new Tracker(f.sourceText());
    if (f.ipVersion === 4) this.v4.set(f.src4, tr);
    else this.v6.set(tr.source, tr);
    return tr;
  }

  /** Counts one probe of `key` (protocol << 16 | port) into a tracked source. */
  private record(tr: Tracker, key: number, t: number, dstHash: number, fingerprints: number, ipv4: boolean): void {
    if (t > tr.last) tr.last = t;
    const protocol = key >>> 16;
    const idle = this.config.idleTimeoutSeconds;
    let scan = tr.scans.get(key);
    if (scan !== undefined && t - scan.last > idle) {
      // Idle too long (the minute sweep had not run yet): that scan is over; this probe starts another.
      tr.scans.delete(key);
      this.closeScan(tr.source, scan);
      scan = undefined;
    }
    if (scan === undefined && tr.scans.size < this.config.maxPortsPerSource) {
      scan = new PortScan(protocol, key & 0xffff, t, this.budget);
      tr.scans.set(key, scan);
      if (protocol !== 2) tr.ports[protocol]!++;
    }
    const cls = protocol === 0 ? CLASS.tcp_syn : protocol === 1 ? CLASS.udp : CLASS.icmp_echo;
    if (scan !== undefined) {
      scan.packets++;
      if (t > scan.last) scan.last = t;
      if (t < scan.first) scan.first = t;
      scan.destinations.add(dstHash);
      scan.add(cls, fingerprints, ipv4);
    } else this.untrackedProbes++;
    if (protocol === 2) return;
    let sweep = tr.sweeps[protocol];
    if (sweep !== undefined && t - sweep.last > idle) {
      this.closeSweep(tr.source, sweep);
      tr.sweeps[protocol] = sweep = undefined;
    }
    if (sweep === undefined) {
      // A sweep starts with the second port of a protocol, seeded from the per-port scans so far.
      if (tr.ports[protocol]! < 2) return;
      sweep = tr.sweeps[protocol] = new PortSweep(protocol, t, this.budget);
      for (const s of tr.scans.values()) {
        if (s.protocol !== protocol || s === scan) continue;
        sweep.first = Math.min(sweep.first, s.first);
        sweep.packets += s.packets;
        sweep.ports.add(mix32(s.port));
        sweep.destinations.merge(s.destinations);
      }
    }
    sweep.packets++;
    if (t > sweep.last) sweep.last = t;
    sweep.ports.add(mix32(key & 0xffff));
    sweep.destinations.add(dstHash);
  }

  /** Closes what has been idle for the timeout at packet time `now` (runs at most once a minute). */
  advance(now: number): void {
    if (now < this.nextSweep) return;
    // Every minute, or more often for short idle timeouts (a live lab), so a scan ends within ~¼ timeout late.
    this.nextSweep = now + Math.min(60, this.config.idleTimeoutSeconds / 4);
    this.sweep(now - this.config.idleTimeoutSeconds);
  }

  /** Closes everything (end of input), reporting what qualifies. */
  closeAll(): void {
    this.sweep(Infinity);
  }

  /** Scans closed since the last call. */
  takeEvents(): ScanEvent[] {
    return this.events.splice(0);
  }

  /** Vertical scans closed since the last call. */
  takeVertical(): VerticalScan[] {
    return this.vertical.splice(0);
  }

  /** Closes every scan whose last probe is before `cutoff`. */
  private sweep(cutoff: number): void {
    if (this.firstProbes && this.firstProbes.size > 0) {
      const fp = this.firstProbes;
      fp.filter((v) => Math.floor(v / KEY_SPACE) >= cutoff);
      this.firstMeta.filter((_, k) => fp.get(k) >= 0);
    }
    const dead4: number[] = [];
    this.v4.forEach((tr, key) => this.sweepTracker(tr, cutoff) && dead4.push(key));
    for (const key of dead4) this.v4.delete(key);
    for (const [key, tr] of this.v6) if (this.sweepTracker(tr, cutoff)) this.v6.delete(key);
  }

  /** Returns true when nothing is left of the tracker. */
  private sweepTracker(tr: Tracker, cutoff: number): boolean {
    for (const [key, scan] of tr.scans) {
      if (scan.last >= cutoff) continue;
      tr.scans.delete(key);
      this.closeScan(tr.source, scan);
    }
    tr.sweeps.forEach((sweep, i) => {
      if (!sweep || sweep.last >= cutoff) return;
      tr.sweeps[i] = undefined;
      this.closeSweep(tr.source, sweep);
    });
    return tr.scans.size === 0 && !tr.sweeps[0] && !tr.sweeps[1];
  }

  private closeScan(source: string, s: PortScan): void {
    const destinations = s.destinations.count();
    s.destinations.release();
    const observed = s.packets / Math.max(1, s.last - s.first);
    if (destinations < this.config.minDestinations || observed * this.scale < this.config.minRate) return;
    this.events.push({
      kind: 'horizontal',
      source,
      protocol: PROTOCOL_NAMES[s.protocol]!,
      port: s.port,
      portCount: 1,
      start: isoSeconds(s.first),
      end: isoSeconds(s.last),
      packets: s.packets,
      destinations,
      packetsPerSecond: Math.round(observed * 1000) / 1000,
      tags: tagNames(s.tags()),
    });
  }

  private closeSweep(source: string, s: PortSweep): void {
    const ports = s.ports.count();
    const destinations = s.destinations.count();
    s.ports.release();
    s.destinations.release();
    if (ports < this.config.minPorts) return;
    const observed = s.packets / Math.max(1, s.last - s.first);
    this.vertical.push({
      source,
      protocol: s.protocol === PROTO.tcp ? 'tcp' : 'udp',
      start: isoSeconds(s.first),
      end: isoSeconds(s.last),
      packets: s.packets,
      ports,
      destinations,
      packetsPerSecond: Math.round(observed * 1000) / 1000,
    });
  }

  /** Full: closes the tenth of the sources idle the longest (reporting those that qualify). */
  private evictIdlest(): void {
    const lasts = Float64Array.from([...this.v4.values(), ...this.v6.values()], (tr) => tr.last).sort();
    const cutoff = lasts[Math.floor(lasts.length / 10)] ?? Infinity;
    this.sweep(cutoff + 1e-3);
  }
}
