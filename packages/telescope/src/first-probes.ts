import { U32IdMap } from './u32map.js';

/** Marks a ring entry that was taken or evicted (live ones store `key << 4 | fingerprints` plus one). */
const DEAD = 0;

/**
 * The first probe of each IPv4 source seen once, in arrival order: a ring of at most `capacity` entries
 * (time, probe key, destination hash, fingerprint bits) with an open-addressing index on the address.
 * Most darknet sources send one probe, so the scan detector keeps them here, in typed arrays, and builds
 * per-source state only at a second probe. When full, the oldest entry gives way to the new one, and
 * expiry pops from the oldest end: both O(1) per entry, and nothing is allocated after construction.
 *
 * @example
 * const firstProbes = new FirstProbeTable(1_000_000);
 * firstProbes.add(0xcb007132, 1_700_000_000.25, 23, dstHash, 0);
 * const at = firstProbes.find(0xcb007132); // ring position, then time(at), key(at)…
 * firstProbes.remove(0xcb007132);
 */
export class FirstProbeTable {
  private readonly addr: Uint32Array;
  private readonly time_: Float64Array;
  /** `(key << 4 | fingerprints) + 1`, or DEAD. */
  private readonly keyBits: Uint32Array;
  private readonly dst: Uint32Array;
  /** Oldest ring position and number of positions in use (live or dead). */
  private head = 0;
  private used = 0;
  /** Address → ring position. */
  private readonly index = new U32IdMap(1024);
  /** Live entries. */
  size = 0;
  /** Entries pushed out by newer ones while the ring was full. */
  evicted = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be ≥ 1, got ${capacity}`);
    this.addr = new Uint32Array(capacity);
    this.time_ = new Float64Array(capacity);
    this.keyBits = new Uint32Array(capacity);
    this.dst = new Uint32Array(capacity);
  }

  /** Ring position of `address`'s entry, or -1. */
  find(address: number): number {
    return this.index.get(address);
  }

  /** Time of the probe at ring position `at`. */
  time(at: number): number {
    return this.time_[at]!;
  }

  /** Probe key (`protocol << 16 | port`). */
  key(at: number): number {
    return (this.keyBits[at]! - 1) >>> 4;
  }

  /** Fingerprint bits. */
  fingerprints(at: number): number {
    return (this.keyBits[at]! - 1) & 15;
  }

  /** Destination hash. */
  destination(at: number): number {
    return this.dst[at]!;
  }

  /** Remembers the first probe of `address`, which must not be held; the oldest entry goes when full. */
  add(address: number, t: number, key: number, destination: number, fingerprints: number): void {
    if (this.used === this.capacity) this.popOldest(true);
    const at = (this.head + this.used) % this.capacity;
    this.used++;
    this.addr[at] = address;
    this.time_[at] = t;
    this.keyBits[at] = (((key << 4) | (fingerprints & 15)) >>> 0) + 1;
    this.dst[at] = destination;
    this.index.set(address, at);
    this.size++;
  }

  /** Forgets `address`'s entry (it became a tracked source); returns whether it was held. */
  remove(address: number): boolean {
    const at = this.find(address);
    if (at < 0) return false;
    this.index.delete(address);
    this.keyBits[at] = DEAD;
    this.size--;
    return true;
  }

  /**
   * Forgets entries older than `cutoff` from the oldest end, stopping at the first newer one: entries that
   * arrived out of time order may outlive it, so callers still compare {@link time} with their cutoff.
   */
  expire(cutoff: number): void {
    while (this.used > 0 && (this.keyBits[this.head] === DEAD || this.time_[this.head]! < cutoff)) {
      this.popOldest(false);
    }
  }

  /** Forgets everything. */
  clear(): void {
    this.index.clear();
    this.keyBits.fill(DEAD);
    this.head = this.used = this.size = 0;
  }

  private popOldest(evicting: boolean): void {
    const at = this.head;
    if (this.keyBits[at] !== DEAD) {
      this.index.delete(this.addr[at]!);
      this.keyBits[at] = DEAD;
      this.size--;
      if (evicting) this.evicted++;
    }
    this.head = (this.head + 1) % this.capacity;
    this.used--;
  }
}
