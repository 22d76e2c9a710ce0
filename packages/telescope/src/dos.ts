import type { DosEvent } from '@cynex/core';
import { ipv4ToString } from '@cynex/pcap';
import { CLASS, PROTO } from './classify.js';
import type { TelescopeConfig } from './config.js';
import type { PacketFacts } from './facts.js';
import { isoSeconds } from './facts.js';

/** Corsaro's rate window: 60 s in six 10 s buckets (corsaro_dos.c, `PPM_WINDOW_SIZE`/`_PRECISION`). */
const BUCKETS = 6;
const BUCKET_SECONDS = 10;
/** Distinct victim ports remembered per attack (the 20 busiest are reported). */
const MAX_PORTS = 64;

/** One attack (Moore) or attack vector (Corsaro) on a victim while it lasts. */
class Attack {
  first: number;
  last: number;
  packets = 0;
  bytes = 0;
  /** Packets per protocol index (the event's protocol is the busiest). */
  readonly perProtocol = [0, 0, 0, 0, 0];
  /** Victim port → packets. */
  readonly ports = new Map<number, number>();
  // Moore: consecutive one-minute windows from the first packet.
  windowStart: number;
  windowCount = 0;
  /** Highest packets in one window so far (packets per minute). */
  maxPpm = 0;
  // Corsaro: sliding window.
  readonly buckets: Float64Array | null;
  current = 0;

  constructor(
    readonly victim: string,
    t: number,
    sliding: boolean,
  ) {
    this.first = this.last = t;
    this.windowStart = sliding ? Math.floor(t) : t;
    this.buckets = sliding ? new Float64Array(BUCKETS) : null;
  }

  /** Moore: count in the current minute, rolling to a new one when the packet is past it. */
  tumble(t: number): void {
    if (t >= this.windowStart + 60) {
      if (this.windowCount > this.maxPpm) this.maxPpm = this.windowCount;
      this.windowStart += Math.floor((t - this.windowStart) / 60) * 60;
      this.windowCount = 0;
    }
    this.windowCount++;
  }

  /** Corsaro's `attack_vector_update_ppm_window`: slide in 10 s steps, zeroing the buckets passed. */
  slide(t: number): void {
    const b = this.buckets!;
    const offset = Math.floor((Math.floor(t) - this.windowStart) / BUCKET_SECONDS);
    if (offset > 0) {
      this.updatePeak();
      for (let i = 0; i < offset && i < BUCKETS; i++) {
        this.current = (this.current + 1) % BUCKETS;
        b[this.current] = 0;
      }
      this.windowStart += offset * BUCKET_SECONDS;
    }
    b[this.current]!++;
  }

  /** Folds the current window into the peak (also done before judging, as Corsaro does). */
  updatePeak(): void {
    let sum = this.windowCount;
    if (this.buckets) {
      sum = 0;
      for (let i = 0; i < BUCKETS; i++) sum += this.buckets[i]!;
    }
    if (sum > this.maxPpm) this.maxPpm = sum;
  }
}

/**
 * Backscatter DoS inference (Moore et al. 2006; Corsaro's dos plugin): every backscatter packet comes
 * from a victim answering spoofed traffic — its source, or for an ICMP error the destination of the
 * packet it quotes (see `PacketFacts.victim4`). Packets are grouped per victim and protocol (`moore`) or per
 * victim (`corsaro`); an attack ends after `timeoutSeconds` without backscatter and is reported when it
 * has ≥ `minPackets`, lasted ≥ `minDurationSeconds` and peaked at ≥ `minRate` packets/s over a minute
 * (numbers and their sources in config.ts). `attackerPorts` are the victim's ports under attack, busiest
 * first: the backscatter's source port (80 for SYN-ACKs from a flooded web server) or the quoted
 * destination port of an ICMP error (Corsaro's "target port"; its "attack port", the spoofed source
 * port, is random and not kept).
 *
 * @example
 * const dos = new DosDetector(config.dos);
 * dos.add(facts); // ignores anything but backscatter
 * dos.advance(facts.t);
 * const events = dos.takeEvents();
 */
export class DosDetector {
  private readonly attacks = new Map<number | string, Attack>();
  private readonly events: DosEvent[] = [];
  private nextSweep = 0;

  constructor(private readonly config: TelescopeConfig['dos']) {}

  /** Victims (or victim/protocol pairs) tracked. */
  get size(): number {
    return this.attacks.size;
  }

  /** Counts a packet if it is backscatter. */
  add(f: PacketFacts): void {
    if (f.cls !== CLASS.backscatter) return;
    const moore = this.config.method === 'moore';
    const v4 = f.ipVersion === 4;
    const key = v4
      ? moore
        ? f.victim4 * 8 + f.proto
        : f.victim4
      : moore
        ? `${f.sourceText()}/${f.proto}`
        : f.sourceText();
    let a = this.attacks.get(key);
    if (a !== undefined && f.t - a.last > this.config.timeoutSeconds) {
      // Quiet too long (the minute sweep had not run yet): that attack is over; this packet starts another.
      this.attacks.delete(key);
      this.close(a);
      a = undefined;
    }
    if (a === undefined) {
      if (this.attacks.size >= this.config.maxVictims) this.evictIdlest();
      a = new Attack(v4 ? ipv4ToString(f.victim4) : f.sourceText(), f.t, !moore);
      this.attacks.set(key, a);
    }
    a.packets++;
    a.bytes += f.bytes;
    if (f.t > a.last) a.last = f.t;
    a.perProtocol[f.proto]!++;
    const port = v4 ? f.victimPort : f.hasPorts ? f.srcPort : 0;
    if (port !== 0 && (a.ports.size < MAX_PORTS || a.ports.has(port))) a.ports.set(port, (a.ports.get(port) ?? 0) + 1);
    if (moore) a.tumble(f.t);
    else a.slide(f.t);
  }

  /** Closes attacks idle for the timeout at packet time `now` (at most once a minute). */
  advance(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + 60;
    this.sweep(now - this.config.timeoutSeconds);
  }

  /** Closes everything (end of input). */
  closeAll(): void {
    this.sweep(Infinity);
  }

  /** Attacks closed since the last call. */
  takeEvents(): DosEvent[] {
    return this.events.splice(0);
  }

  private sweep(cutoff: number): void {
    for (const [key, a] of this.attacks) {
      if (a.last >= cutoff) continue;
      this.attacks.delete(key);
      this.close(a);
    }
  }

  private close(a: Attack): void {
    a.updatePeak();
    const maxRate = a.maxPpm / 60;
    const c = this.config;
    if (a.packets < c.minPackets || a.last - a.first < c.minDurationSeconds || maxRate < c.minRate) return;
    const busiest = a.perProtocol.indexOf(Math.max(...a.perProtocol));
    this.events.push({
      victim: a.victim,
      start: isoSeconds(a.first),
      end: isoSeconds(a.last),
      packets: a.packets,
      bytes: a.bytes,
      maxRate: Math.round(maxRate * 1000) / 1000,
      attackerPorts: [...a.ports]
        .sort((x, y) => y[1] - x[1] || x[0] - y[0])
        .slice(0, 20)
        .map(([port]) => port),
      protocol:
        busiest === PROTO.tcp ? 'tcp' : busiest === PROTO.udp ? 'udp' : busiest === PROTO.other ? 'other' : 'icmp',
      method: c.method,
    });
  }

  private evictIdlest(): void {
    const lasts = Float64Array.from(this.attacks.values(), (a) => a.last).sort();
    this.sweep((lasts[Math.floor(lasts.length / 10)] ?? Infinity) + 1e-3);
  }
}
