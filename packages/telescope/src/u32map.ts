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
 * {@link U32Map} specialised for non-negative number values stored unboxed in a Float64Array, for
 * state small enough to pack into one double (no object per entry). `get` returns -1 when absent.
 *
 * @example
 * const m = new U32NumMap();
 * m.set(7, 42);
 * m.get(7); // 42
 * m.get(8); // -1
 */
export class U32NumMap {
  private keys: Uint32Array;
  private used: Uint8Array;
  private vals: Float64Array;
  private mask: number;
  /** Number of entries. */
  size = 0;

  constructor(initialCapacity = 16) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.keys = new Uint32Array(cap);
    this.used = new Uint8Array(cap);
    this.vals = new Float64Array(cap);
    this.mask = cap - 1;
  }

  /** The value for `key`, or -1. */
  get(key: number): number {
    const mask = this.mask;
    let i = mix32(key) & mask;
    while (this.used[i] === 1) {
      if (this.keys[i] === key) return this.vals[i]!;
      i = (i + 1) & mask;
    }
    return -1;
  }

  /** Sets `key` to `value` (≥ 0). */
  set(key: number, value: number): void {
    key >>>= 0;
    if ((this.size + 1) * 2 > this.keys.length) this.resize(this.keys.length * 2);
    const mask = this.mask;
    let i = mix32(key) & mask;
    while (this.used[i] === 1 && this.keys[i] !== key) i = (i + 1) & mask;
    if (this.used[i] !== 1) {
      this.used[i] = 1;
      this.keys[i] = key;
      this.size++;
    }
    this.vals[i] = value;
  }

  /** Removes `key`; returns whether it was there (backward-shift deletion, as in {@link U32Map}). */
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
      if ((j > hole && (home <= hole || home > j)) || (j < hole && home <= hole && home > j)) {
        this.keys[hole] = this.keys[j]!;
        this.vals[hole] = this.vals[j]!;
        hole = j;
      }
      j = (j + 1) & mask;
    }
    this.used[hole] = 0;
    this.size--;
    return true;
  }

  /** Keeps only the entries for which `keep` returns true, in one pass and a rebuild. */
  filter(keep: (value: number, key: number) => boolean): void {
    const survivors: number[] = [];
    for (let i = 0; i < this.used.length; i++) {
      if (this.used[i] === 1 && keep(this.vals[i]!, this.keys[i]!)) survivors.push(this.keys[i]!, this.vals[i]!);
    }
    let cap = 16;
    while (cap < survivors.length + 2) cap *= 2;
    this.keys = new Uint32Array(cap);
    this.used = new Uint8Array(cap);
    this.vals = new Float64Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let k = 0; k < survivors.length; k += 2) this.set(survivors[k]!, survivors[k + 1]!);
  }

  private resize(cap: number): void {
    const { keys, used, vals } = this;
    this.keys = new Uint32Array(cap);
    this.used = new Uint8Array(cap);
    this.vals = new Float64Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < used.length; i++) if (used[i] === 1) this.set(keys[i]!, vals[i]!);
  }
}
