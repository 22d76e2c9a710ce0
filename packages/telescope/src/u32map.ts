/**
 * A hash map from unsigned 32-bit integers (IPv4 addresses, /24 prefixes) to values, with open
 * addressing over typed arrays. Why not `Map<number, V>`: V8 stores integers above 2^30 as heap
 * numbers, so half of the IPv4 space would allocate on every lookup and hash slowly. This map never
 * allocates on `get`, and `set` allocates only when it grows.
 *
 * @example
 * const m = new U32Map<string>();
 * m.set(0xac100008, 'scanner');
 * m.get(0xac100008); // 'scanner'
 */
export class U32Map<V> {
  private keys: Uint32Array;
  private used: Uint8Array;
  private vals: (V | undefined)[];
  private mask: number;
  /** Number of entries. */
  size = 0;

  constructor(initialCapacity = 16) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.keys = new Uint32Array(cap);
    this.used = new Uint8Array(cap);
    this.vals = new Array<V | undefined>(cap).fill(undefined);
    this.mask = cap - 1;
  }

  /** The value for `key`, or undefined. */
  get(key: number): V | undefined {
    const keys = this.keys;
    const used = this.used;
    const mask = this.mask;
    let i = mix32(key) & mask;
    while (used[i] === 1) {
      if (keys[i] === key) return this.vals[i];
      i = (i + 1) & mask;
    }
    return undefined;
  }

  /** Sets `key` to `value` (replacing any earlier value). */
  set(key: number, value: V): void {
    key >>>= 0;
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const mask = this.mask;
    let i = mix32(key) & mask;
    while (this.used[i] === 1) {
      if (this.keys[i] === key) {
        this.vals[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    this.used[i] = 1;
    this.keys[i] = key;
    this.vals[i] = value;
    this.size++;
  }

  /** Removes `key`; returns whether it was there. Backward-shift deletion keeps probe chains intact. */
  delete(key: number): boolean {
    key >>>= 0;
    const mask = this.mask;
    let i = mix32(key) & mask;
    while (this.used[i] === 1 && this.keys[i] !== key) i = (i + 1) & mask;
    if (this.used[i] !== 1) return false;
    let hole = i;
    let j = (i + 1) & mask;
    while (this.used[j] === 1) {
      const home = mix32(this.keys[j]!) & mask;
      // Move j into the hole unless its home slot lies cyclically in (hole, j].
      if ((j > hole && (home <= hole || home > j)) || (j < hole && home <= hole && home > j)) {
        this.keys[hole] = this.keys[j]!;
        this.vals[hole] = this.vals[j];
        hole = j;
      }
      j = (j + 1) & mask;
    }
    this.used[hole] = 0;
    this.vals[hole] = undefined;
    this.size--;
    return true;
  }

  /** Removes everything but keeps the allocated capacity. */
  clear(): void {
    this.used.fill(0);
    this.vals.fill(undefined);
    this.size = 0;
  }

  /** Calls `fn` for every entry (order unspecified). Do not modify the map inside `fn`. */
  forEach(fn: (value: V, key: number) => void): void {
    const used = this.used;
    for (let i = 0; i < used.length; i++) if (used[i] === 1) fn(this.vals[i] as V, this.keys[i]!);
  }

  /** Every value, as a new array. */
  values(): V[] {
    const out: V[] = [];
    const used = this.used;
    for (let i = 0; i < used.length; i++) if (used[i] === 1) out.push(this.vals[i] as V);
    return out;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldUsed = this.used;
    const oldVals = this.vals;
    const cap = oldKeys.length * 2;
    this.keys = new Uint32Array(cap);
    this.used = new Uint8Array(cap);
    this.vals = new Array<V | undefined>(cap).fill(undefined);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < oldKeys.length; i++) if (oldUsed[i] === 1) this.set(oldKeys[i]!, oldVals[i] as V);
  }
}

/**
 * MurmurHash3's 32-bit finaliser: a bijection on uint32 with full avalanche, so distinct addresses
 * always get distinct hashes (which makes small HyperLogLog sets exact) and sequential addresses
 * spread over a hash table.
 *
 * @example
 * mix32(0x0a000001); // some well-spread uint32
 */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Hash of an IPv6 address (four words) to 32 bits, for sketches and tables.
 *
 * @example
 * hash128(Uint32Array.of(0x20010db8, 0, 0, 1));
 */
export function hash128(w: ArrayLike<number>): number {
  let h = mix32((w[0] ?? 0) ^ 0x9e3779b9);
  h = mix32(h ^ (w[1] ?? 0));
  h = mix32(h ^ (w[2] ?? 0));
  return mix32(h ^ (w[3] ?? 0));
}

/**
 * Map from pairs of non-negative int32s to non-negative int32s (a tracked source's id and a probe key to
 * the id of its scan), open addressing over one Int32Array of [a, b, value + 1] triples so a lookup
 * touches one cache line and never allocates. `get` returns -1 when absent.
 *
 * @example
 * const m = new PairMap();
 * m.set(3, 23, 99);
 * m.get(3, 23); // 99
 */
export class PairMap {
  private slots: Int32Array;
  private mask: number;
  /** Number of entries. */
  size = 0;

  constructor(initialCapacity = 16) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.slots = new Int32Array(cap * 4);
    this.mask = cap - 1;
  }

  private static home(a: number, b: number, mask: number): number {
    return mix32(Math.imul(a, 0x9e3779b1) ^ b) & mask;
  }

  /** The value for (a, b), or -1. */
  get(a: number, b: number): number {
    const s = this.slots;
    const mask = this.mask;
    let i = PairMap.home(a, b, mask);
    for (;;) {
      const v = s[4 * i + 2]!;
      if (v === 0) return -1;
      if (s[4 * i] === a && s[4 * i + 1] === b) return v - 1;
      i = (i + 1) & mask;
    }
  }

  /** Sets (a, b) to `value` (≥ 0). */
  set(a: number, b: number, value: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.resize((this.mask + 1) * 2);
    const s = this.slots;
    const mask = this.mask;
    let i = PairMap.home(a, b, mask);
    while (s[4 * i + 2] !== 0 && !(s[4 * i] === a && s[4 * i + 1] === b)) i = (i + 1) & mask;
    if (s[4 * i + 2] === 0) this.size++;
    s[4 * i] = a;
    s[4 * i + 1] = b;
    s[4 * i + 2] = value + 1;
  }

  /** Removes (a, b); returns whether it was there (backward-shift deletion, as in {@link U32Map}). */
  delete(a: number, b: number): boolean {
    const s = this.slots;
    const mask = this.mask;
    let i = PairMap.home(a, b, mask);
    while (s[4 * i + 2] !== 0 && !(s[4 * i] === a && s[4 * i + 1] === b)) i = (i + 1) & mask;
    if (s[4 * i + 2] === 0) return false;
    let hole = i;
    let j = (i + 1) & mask;
    while (s[4 * j + 2] !== 0) {
      const home = PairMap.home(s[4 * j]!, s[4 * j + 1]!, mask);
      if ((j > hole && (home <= hole || home > j)) || (j < hole && home <= hole && home > j)) {
        s[4 * hole] = s[4 * j]!;
        s[4 * hole + 1] = s[4 * j + 1]!;
        s[4 * hole + 2] = s[4 * j + 2]!;
        hole = j;
      }
      j = (j + 1) & mask;
    }
    s[4 * hole + 2] = 0;
    this.size--;
    return true;
  }

  private resize(cap: number): void {
    const old = this.slots;
    this.slots = new Int32Array(cap * 4);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < old.length; i += 4) if (old[i + 2] !== 0) this.set(old[i]!, old[i + 1]!, old[i + 2]! - 1);
  }
}

/**
 * Map from uint32 keys (IPv4 addresses) to small non-negative integers (row ids, ring positions), in
 * 8-byte slots of one Uint32Array ([key, value + 1], 0 = empty): a probe touches one cache line and
 * never allocates, and tables of millions of entries stay small. `get` returns -1 when absent.
 *
 * @example
 * const m = new U32IdMap();
 * m.set(0xc0000201, 7);
 * m.get(0xc0000201); // 7
 */
export class U32IdMap {
  private slots: Uint32Array;
  private mask: number;
  /** Number of entries. */
  size = 0;

  constructor(initialCapacity = 16) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.slots = new Uint32Array(cap * 2);
    this.mask = cap - 1;
  }

  /** The value for `key`, or -1. */
  get(key: number): number {
    key >>>= 0;
    const s = this.slots;
    const mask = this.mask;
    let i = mix32(key) & mask;
    for (;;) {
      const v = s[2 * i + 1]!;
      if (v === 0) return -1;
      if (s[2 * i] === key) return v - 1;
      i = (i + 1) & mask;
    }
  }

  /** Sets `key` to `value` (0 ≤ value < 2^32 - 1). */
  set(key: number, value: number): void {
    key >>>= 0;
    if ((this.size + 1) * 2 > this.mask + 1) this.resize((this.mask + 1) * 2);
    const s = this.slots;
    const mask = this.mask;
    let i = mix32(key) & mask;
    while (s[2 * i + 1] !== 0 && s[2 * i] !== key) i = (i + 1) & mask;
    if (s[2 * i + 1] === 0) this.size++;
    s[2 * i] = key;
    s[2 * i + 1] = value + 1;
  }

  /** Removes `key`; returns whether it was there (backward-shift deletion, as in {@link U32Map}). */
  delete(key: number): boolean {
    key >>>= 0;
    const s = this.slots;
    const mask = this.mask;
    let i = mix32(key) & mask;
    while (s[2 * i + 1] !== 0 && s[2 * i] !== key) i = (i + 1) & mask;
    if (s[2 * i + 1] === 0) return false;
    let hole = i;
    let j = (i + 1) & mask;
    while (s[2 * j + 1] !== 0) {
      const home = mix32(s[2 * j]!) & mask;
      if ((j > hole && (home <= hole || home > j)) || (j < hole && home <= hole && home > j)) {
        s[2 * hole] = s[2 * j]!;
        s[2 * hole + 1] = s[2 * j + 1]!;
        hole = j;
      }
      j = (j + 1) & mask;
    }
    s[2 * hole + 1] = 0;
    this.size--;
    return true;
  }

  /** Removes everything but keeps the allocated capacity. */
  clear(): void {
    this.slots.fill(0);
    this.size = 0;
  }

  private resize(cap: number): void {
    const old = this.slots;
    this.slots = new Uint32Array(cap * 2);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== 0) this.set(old[i]!, old[i + 1]! - 1);
  }
}
