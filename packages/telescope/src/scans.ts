import type { ScanEvent } from '@cynex/core';
import { CLASS, PROTO } from './classify.js';
import type { TelescopeConfig } from './config.js';
import type { PacketFacts } from './facts.js';
import { isoSeconds } from './facts.js';
import { FingerprintCounts, TAG, tagNames } from './fingerprints.js';
import { FirstProbeTable } from './first-probes.js';
import type { DenseBudget } from './hll.js';
import {
  S_FIRST,
  S_KEY,
  S_LAST,
  S_MASSCAN,
  S_MIRAI,
  S_NEXT,
  S_PACKETS,
  S_TRACKER,
  S_ZMAP,
  ScanStore,
  SF,
  SI,
  T_COUNT,
  T_HEAD,
  T_OPENED,
  T_SWEEP,
  TR,
  W_PROTOCOL,
  WF,
} from './scan-store.js';
import { TimingWheel } from './timing-wheel.js';
import { mix32 } from './u32map.js';

const PROTOCOL_NAMES = ['tcp', 'udp', 'icmp'] as const;
/** Open scans allowed per tracked source on average (memory bound: about 110 bytes each). */
const SCANS_PER_SOURCE = 2;

/**
 * A vertical scan: many ports of one protocol from one source, reported locally (pipeline result,
 * ingest summary) and uploaded as a scan of kind `vertical`.
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

/**
 * Scan detection per (source, protocol, destination port) after Durumeric et al. 2014 (thresholds in
 * config.ts): probes are TCP SYN, UDP and ICMP echo (port 0); a scan closes after `idleTimeoutSeconds`
 * without a probe (checked as packet time advances, and on `closeAll`) and is reported when it reached
 * `minDestinations` distinct destinations at `minRate`. Vertical scans (≥ `minPorts` ports of one
 * protocol) are found alongside.
 *
 * Built for sources by the million, most sending one probe: a source's first probe is kept in a
 * {@link FirstProbeTable} (typed arrays, oldest forgotten first), and only a second probe makes it a
 * tracked source, held in typed-array columns ({@link ScanStore}) rather than objects. Idle expiry uses
 * a {@link TimingWheel}: each source is filed under the time its oldest scan would expire, so the
 * periodic sweep touches only the sources with something to close (and closes exactly what a pass over
 * all of them would). Memory: at most `maxSources` tracked sources and 2 × `maxSources` open scans (the
 * tenth of the sources idle the longest is closed early when either is full); dense sketches (4 KiB
 * each) are capped at 16,384 by a shared budget, beyond which counts stay exact up to 1,024.
 *
 * @example
 * const scans = new ScanDetector(config, darknet.ipv4Addresses);
 * scans.add(facts);
 * scans.advance(facts.t);
 * const events = scans.takeEvents();
 */
export class ScanDetector {
  private readonly events: ScanEvent[] = [];
  private readonly vertical: VerticalScan[] = [];
  /** Dense sketches (4 KiB each) allowed at once: 64 MiB; beyond, counts stay exact up to 1,024. */
  private readonly budget: DenseBudget = { remaining: 16_384, refused: 0 };
  private readonly store = new ScanStore(this.budget);
  private nextSweep = 0;
  private readonly scale: number;
  private readonly idle: number;
  private readonly maxScans: number;
  /** IPv4 sources seen once (null when a single probe can be a scan: then every source is tracked). */
  private readonly firstProbes: FirstProbeTable | null;
  /** Cutoff of the last idle sweep: first probes before it count as gone (they are dropped lazily). */
  private expiredBefore = -Infinity;
  /** Seconds between idle sweeps, and the wheel's bucket width. */
  private readonly period: number;
  private readonly wheel: TimingWheel;
  /** A tracker being updated, which eviction must not free. */
  private pinned = -1;
  private readonly counts = new FingerprintCounts();
  private readonly lastBins = new Uint32Array(1024);
  /** Probes of ports beyond `maxPortsPerSource` (counted for vertical scans only). */
  untrackedProbes = 0;

  constructor(
    private readonly config: TelescopeConfig['scan'],
    monitoredIPv4: number,
  ) {
    this.scale = config.rateScope === 'internet' && monitoredIPv4 > 0 ? 2 ** 32 / monitoredIPv4 : 1;
    this.idle = config.idleTimeoutSeconds;
    // Every minute, or more often for short idle timeouts (a live lab), so a scan ends within ~¼ timeout late.
    this.period = Math.min(60, this.idle / 4);
    this.wheel = new TimingWheel(this.period);
    this.maxScans = Math.max(SCANS_PER_SOURCE * config.maxSources, config.maxPortsPerSource);
    // With a one-destination threshold a single probe is a scan: then every source is tracked fully.
    this.firstProbes = config.minDestinations > 1 ? new FirstProbeTable(config.maxSources) : null;
  }

  /** Sources currently tracked. */
  get size(): number {
    return this.store.trackers.live;
  }

  /** Counts a packet if it is a probe. */
  add(f: PacketFacts): void {
    const cls = f.cls;
    if (cls !== CLASS.tcp_syn && cls !== CLASS.udp && cls !== CLASS.icmp_echo) return;
    if (cls === CLASS.udp && !f.hasPorts) return;
    const protocol = cls === CLASS.tcp_syn ? 0 : cls === CLASS.udp ? 1 : 2;
    const key = (protocol << 16) | (protocol === 2 ? 0 : f.dstPort);
    const v4 = f.ipVersion === 4;
    let tr = this.store.findTracker(f);
    if (tr < 0) {
      const fp = this.firstProbes;
      if (v4 && fp) {
        // Most darknet sources send one probe: remember it in the ring, no per-source state.
        const at = fp.find(f.src4);
        if (at < 0 || Math.floor(fp.time(at)) < this.expiredBefore) {
          if (at >= 0) fp.remove(f.src4);
          fp.add(f.src4, f.t, key, f.dstHash, f.fingerprints);
          return;
        }
        const t0 = fp.time(at);
        const k0 = fp.key(at);
        const d0 = fp.destination(at);
        const g0 = fp.fingerprints(at);
        fp.remove(f.src4);
        tr = this.track(f, Math.min(t0, f.t));
        this.record(tr, k0, t0, d0, g0, true);
      } else tr = this.track(f, f.t);
    }
    this.record(tr, key, f.t, f.dstHash, f.fingerprints, v4);
  }

  private track(f: PacketFacts, t: number): number {
    if (this.store.trackers.live >= this.config.maxSources) this.evictIdlest();
    const tr = this.store.newTracker(f, t);
    this.file(tr, t + this.idle);
    return tr;
  }

  /** Files a tracker in the wheel at `due`. */
  private file(tr: number, due: number): void {
    this.store.trDue[tr] = due;
    this.wheel.schedule(tr, due);
  }

  /** Counts one probe of `key` (protocol << 16 | port) into a tracked source. */
  private record(tr: number, key: number, t: number, dstHash: number, fingerprints: number, ipv4: boolean): void {
    const st = this.store;
    const protocol = key >>> 16;
    const idle = this.idle;
    if (t > st.trLast[tr]!) st.trLast[tr] = t;
    let s = st.findScan(tr, key);
    if (s >= 0 && t - st.scF[s * SF + S_LAST]! > idle) {
      // Idle too long (the sweep had not run yet): that scan is over; this probe starts another.
      this.closeScan(s);
      s = -1;
    }
    if (s < 0 && st.trI[tr * TR + T_COUNT]! < this.config.maxPortsPerSource) {
      s = this.openScan(tr, key, t);
      if (protocol !== 2) st.trI[tr * TR + T_OPENED + protocol]!++;
    }
    if (s >= 0) {
      const F = st.scF;
      const o = s * SF;
      F[o + S_PACKETS]!++;
      if (t > F[o + S_LAST]!) F[o + S_LAST] = t;
      if (t < F[o + S_FIRST]!) F[o + S_FIRST] = t;
      st.scDst.add(s, dstHash);
      if (ipv4 && fingerprints !== 0) {
        if (fingerprints & TAG.mirai) st.scI[s * SI + S_MIRAI]!++;
        if (fingerprints & TAG.zmap) st.scI[s * SI + S_ZMAP]!++;
        if (fingerprints & TAG.masscan) st.scI[s * SI + S_MASSCAN]!++;
      }
    } else this.untrackedProbes++;
    if (protocol === 2) return;
    let w = st.trI[tr * TR + T_SWEEP + protocol]!;
    if (w >= 0 && t - st.swF[w * WF + S_LAST]! > idle) {
      this.closeSweep(tr, w);
      w = -1;
    }
    if (w < 0) {
      // A sweep starts with the second port of a protocol, seeded from the per-port scans so far.
      if (st.trI[tr * TR + T_OPENED + protocol]! < 2) return;
      w = this.openSweep(tr, protocol, t, s);
    }
    const W = st.swF;
    W[w * WF + S_PACKETS]!++;
    if (t > W[w * WF + S_LAST]!) W[w * WF + S_LAST] = t;
    st.swPorts.add(w, mix32(key & 0xffff));
    st.swDst.add(w, dstHash);
  }

  private openScan(tr: number, key: number, t: number): number {
    if (this.store.scans.live >= this.maxScans) {
      this.pinned = tr;
      while (this.store.scans.live >= this.maxScans * 0.9 && this.evictIdlest());
      this.pinned = -1;
    }
    const s = this.store.newScan(tr, key, t);
    if (t + this.idle < this.store.trDue[tr]!) this.file(tr, t + this.idle); // a reordered probe
    return s;
  }

  private openSweep(tr: number, protocol: number, t: number, current: number): number {
    const st = this.store;
    const w = st.newSweep(tr, protocol, t);
    const W = st.swF;
    const F = st.scF;
    const I = st.scI;
    const o = w * WF;
    for (let s = st.trI[tr * TR + T_HEAD]!; s >= 0; s = I[s * SI + S_NEXT]!) {
      const key = I[s * SI + S_KEY]!;
      if (key >>> 16 !== protocol || s === current) continue;
      W[o + S_FIRST] = Math.min(W[o + S_FIRST]!, F[s * SF + S_FIRST]!);
      W[o + S_PACKETS] = W[o + S_PACKETS]! + F[s * SF + S_PACKETS]!;
      st.swPorts.add(w, mix32(key & 0xffff));
      st.swDst.merge(w, st.scDst, s);
    }
    if (t + this.idle < st.trDue[tr]!) this.file(tr, t + this.idle);
    return w;
  }

  /** Closes what has been idle for the timeout at packet time `now` (runs at most once a minute). */
  advance(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + this.period;
    const cutoff = now - this.idle;
    this.expiredBefore = Math.max(this.expiredBefore, cutoff);
    this.firstProbes?.expire(cutoff);
    this.wheel.takeBefore(now, (tr, b) => this.visit(tr, b, cutoff));
  }

  /** Closes everything (end of input), reporting what qualifies. */
  closeAll(): void {
    this.firstProbes?.clear();
    this.wheel.takeBefore(Infinity, (tr, b) => this.visit(tr, b, Infinity));
  }

  /** Scans closed since the last call. */
  takeEvents(): ScanEvent[] {
    return this.events.splice(0);
  }

  /** Vertical scans closed since the last call. */
  takeVertical(): VerticalScan[] {
    return this.vertical.splice(0);
  }

  /**
   * Full: closes the tenth of the sources idle the longest (reporting what qualifies), found with one
   * pass over the trackers' latest-probe column and a histogram rather than a sort; returns false when
   * nothing could be freed.
   */
  private evictIdlest(): boolean {
    const st = this.store;
    const last = st.trLast;
    const end = st.trackers.end;
    const candidate = (tr: number) => st.live(tr) && tr !== this.pinned;
    let lo = Infinity;
    let hi = -Infinity;
    for (let tr = 0; tr < end; tr++) {
      if (!candidate(tr)) continue;
      if (last[tr]! < lo) lo = last[tr]!;
      if (last[tr]! > hi) hi = last[tr]!;
    }
    if (lo === Infinity) return false;
    const bins = this.lastBins.fill(0);
    const width = (hi - lo) / bins.length || 1;
    for (let tr = 0; tr < end; tr++) {
      if (candidate(tr)) bins[Math.min(bins.length - 1, Math.floor((last[tr]! - lo) / width))]!++;
    }
    let k = 0;
    for (let n = 0; n < Math.max(1, st.trackers.live / 10);) n += bins[k++]!;
    const cutoff = k >= bins.length ? Infinity : lo + k * width;
    const before = st.trackers.live;
    for (let tr = 0; tr < end; tr++) if (candidate(tr) && last[tr]! < cutoff) this.sweepTracker(tr, cutoff);
    return st.trackers.live < before;
  }

  /** A tracker taken from wheel bucket `b`, unless it is a stale copy (freed or refiled since). */
  private visit(tr: number, b: number, cutoff: number): void {
    if (this.wheel.bucket(this.store.trDue[tr]!) === b) this.sweepTracker(tr, cutoff);
  }

  /** Closes a tracker's scans and sweeps whose last probe is before `cutoff`, then frees or refiles it. */
  private sweepTracker(tr: number, cutoff: number): void {
    const st = this.store;
    let oldest = Infinity;
    for (let s = st.trI[tr * TR + T_HEAD]!; s >= 0;) {
      const next = st.scI[s * SI + S_NEXT]!;
      const last = st.scF[s * SF + S_LAST]!;
      if (last < cutoff) this.closeScan(s);
      else if (last < oldest) oldest = last;
      s = next;
    }
    for (let p = 0; p < 2; p++) {
      const w = st.trI[tr * TR + T_SWEEP + p]!;
      if (w < 0) continue;
      const last = st.swF[w * WF + S_LAST]!;
      if (last < cutoff) this.closeSweep(tr, w);
      else if (last < oldest) oldest = last;
    }
    if (oldest === Infinity && tr !== this.pinned) st.freeTracker(tr);
    else this.file(tr, Math.max(oldest === Infinity ? cutoff : oldest, cutoff) + this.idle);
  }

  private closeScan(s: number): void {
    const st = this.store;
    const I = st.scI;
    const F = st.scF;
    const tr = I[s * SI + S_TRACKER]!;
    const key = I[s * SI + S_KEY]!;
    const destinations = st.scDst.count(s);
    const first = F[s * SF + S_FIRST]!;
    const last = F[s * SF + S_LAST]!;
    const packets = F[s * SF + S_PACKETS]!;
    const c = this.counts;
    c.mirai = I[s * SI + S_MIRAI]!;
    c.zmap = I[s * SI + S_ZMAP]!;
    c.masscan = I[s * SI + S_MASSCAN]!;
    st.dropScan(s);
    const observed = packets / Math.max(1, last - first);
    if (destinations < this.config.minDestinations || observed * this.scale < this.config.minRate) return;
    const protocol = key >>> 16;
    // Every packet of a scan is a probe of one class; fingerprints count for IPv4 only.
    const ipv4 = !st.isV6(tr);
    c.probes = ipv4 ? packets : 0;
    c.syn = ipv4 && protocol === 0 ? packets : 0;
    this.events.push({
      kind: 'horizontal',
      source: st.source(tr),
      protocol: PROTOCOL_NAMES[protocol]!,
      port: key & 0xffff,
      portCount: 1,
      start: isoSeconds(first),
      end: isoSeconds(last),
      packets,
      destinations,
      packetsPerSecond: Math.round(observed * 1000) / 1000,
      tags: tagNames(c.tags()),
    });
  }

  private closeSweep(tr: number, w: number): void {
    const st = this.store;
    const ports = st.swPorts.count(w);
    const destinations = st.swDst.count(w);
    const W = st.swF;
    const first = W[w * WF + S_FIRST]!;
    const last = W[w * WF + S_LAST]!;
    const packets = W[w * WF + S_PACKETS]!;
    const protocol = W[w * WF + W_PROTOCOL]!;
    st.dropSweep(tr, w);
    if (ports < this.config.minPorts) return;
    const observed = packets / Math.max(1, last - first);
    this.vertical.push({
      source: st.source(tr),
      protocol: protocol === PROTO.tcp ? 'tcp' : 'udp',
      start: isoSeconds(first),
      end: isoSeconds(last),
      packets,
      ports,
      destinations,
      packetsPerSecond: Math.round(observed * 1000) / 1000,
    });
  }
}
