import type { BackscatterVictim } from '@cynex/core';
import { ipv4ToString } from '@cynex/pcap';
import { CLASS, PROTO } from './classify.js';
import type { PacketFacts } from './facts.js';
import { Hll, type DenseBudget } from './hll.js';
import { U32Map } from './u32map.js';

/** Victims listed per interval, the busiest first. */
export const MAX_VICTIMS_LISTED = 100;
/** Ports listed per victim, the busiest first. */
export const MAX_VICTIM_PORTS = 5;
/** A darknet address answered by at least this many distinct sources in an interval is a reflection victim. */
export const MIN_REFLECTORS = 10;
/** Victims (of each kind) tracked per interval; backscatter beyond is counted in `untracked` only. */
const MAX_TRACKED = 100_000;
/** Reflector sketches: exact up to 1,024 sources, ±1.6 % beyond; at most 1,024 dense (4 MiB) at once. */
const REFLECTOR_PRECISION = 12;
const PROTOCOL_NAMES = ['tcp', 'udp', 'icmp', 'icmp', 'other'] as const;

class Victim {
  packets = 0;
  bytes = 0;
  readonly protocols = [0, 0, 0, 0, 0];
  readonly ports = new Map<number, number>();
  constructor(
    readonly address: string,
    readonly reflectors: Hll | null,
  ) {}

  count(f: PacketFacts, port: number): void {
    this.packets++;
    this.bytes += f.bytes;
    this.protocols[f.proto] = (this.protocols[f.proto] ?? 0) + 1;
    if (f.proto === PROTO.tcp || f.proto === PROTO.udp) this.ports.set(port, (this.ports.get(port) ?? 0) + 1);
  }

  toWire(kind: BackscatterVictim['kind']): BackscatterVictim {
    let main = 0;
    for (let p = 1; p < this.protocols.length; p++) if (this.protocols[p]! > this.protocols[main]!) main = p;
    const ports = [...this.ports].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, MAX_VICTIM_PORTS);
    return {
      kind,
      victim: this.address,
      protocol: PROTOCOL_NAMES[main] ?? 'other',
      packets: this.packets,
      bytes: this.bytes,
      ports: ports.map(([port]) => port),
      reflectors: this.reflectors ? this.reflectors.count() : 1,
    };
  }
}

/** Victims keyed by IPv4 address (as a number) or IPv6 text. */
class VictimTable {
  readonly v4 = new U32Map<Victim>(64);
  readonly v6 = new Map<string, Victim>();
  size = 0;

  constructor(private readonly budget: DenseBudget | null) {}

  /** The victim's entry, created unless the table is full (then undefined). */
  get(key4: number, key6: () => string, v4: boolean): Victim | undefined {
    const v = v4 ? this.v4.get(key4) : this.v6.get(key6());
    if (v !== undefined || this.size >= MAX_TRACKED) return v;
    this.size++;
    const sketch = this.budget ? new Hll(REFLECTOR_PRECISION, this.budget) : null;
    if (v4) {
      const created = new Victim(ipv4ToString(key4), sketch);
      this.v4.set(key4, created);
      return created;
    }
    const created = new Victim(key6(), sketch);
    this.v6.set(created.address, created);
    return created;
  }

  all(): Victim[] {
    return [...this.v4.values(), ...this.v6.values()];
  }
}

/**
 * Backscatter per victim within one interval, whether or not it lasts long enough to be a DoS event under
 * the papers' thresholds, in both readings of backscatter:
 * - flood victims (Moore et al.): the backscatter's source (for ICMP errors, the quoted packet's destination)
 *   was flooded from spoofed addresses; its ports are the ones attacked;
 * - reflection victims: a darknet address that at least `MIN_REFLECTORS` distinct sources answered — someone
 *   spoofing it made servers reflect at it (TCP SYN-ACK reflection, DRDoS); the ports are the abused services.
 * This is how a capture of a fraction of a second still names its victim.
 *
 * @example
 * const tally = new BackscatterTally();
 * tally.add(facts); // for every packet; non-backscatter packets are ignored
 * const victims = tally.top();
 */
export class BackscatterTally {
  private readonly floods = new VictimTable(null);
  private readonly reflections = new VictimTable({ remaining: 1024, refused: 0 });
  /** Backscatter packets whose victim could not be tracked (table full). */
  untracked = 0;

  add(f: PacketFacts): void {
    if (f.cls !== CLASS.backscatter) return;
    const v4 = f.ipVersion === 4;
    const flood = this.floods.get(f.victim4, () => f.sourceText(), v4);
    if (flood) flood.count(f, v4 ? f.victimPort : f.hasPorts ? f.srcPort : 0);
    else this.untracked++;
    const target = this.reflections.get(f.dst4, () => f.destinationText(), v4);
    if (target) {
      target.count(f, f.hasPorts ? f.srcPort : 0);
      target.reflectors!.add(f.srcHash);
    }
  }

  /** The busiest victims of both kinds (at most `MAX_VICTIMS_LISTED`), with main protocol and ports. */
  top(): BackscatterVictim[] {
    const floods = this.floods.all().map((v) => v.toWire('flood'));
    const reflections = this.reflections
      .all()
      .map((v) => v.toWire('reflection'))
      .filter((v) => v.reflectors >= MIN_REFLECTORS);
    return [...reflections, ...floods]
      .sort((a, b) => b.packets - a.packets || (a.victim < b.victim ? -1 : a.victim > b.victim ? 1 : 0))
      .slice(0, MAX_VICTIMS_LISTED);
  }
}
