/**
 * Integer ids from 0 up for entities kept in typed-array columns, reusing freed ids first; when an id
 * beyond `capacity` is needed the capacity doubles and `onGrow` is told, to grow the columns.
 *
 * @example
 * const ids = new IdPool(1024, (cap) => (last = grown(last, cap)));
 * const id = ids.take();
 * ids.give(id);
 */
export class IdPool {
  /** Given-back ids, a stack. */
  private free: Int32Array;
  private freeCount = 0;
  private top = 0;
  /** Ids handed out and not given back. */
  live = 0;

  constructor(
    public capacity: number,
    private readonly onGrow: (capacity: number) => void,
  ) {
    this.free = new Int32Array(capacity);
  }

  /** Ids below this have been handed out at some point. */
  get end(): number {
    return this.top;
  }

  take(): number {
    this.live++;
    if (this.freeCount > 0) return this.free[--this.freeCount]!;
    if (this.top === this.capacity) {
      this.capacity *= 2;
      this.free = grown(this.free, this.capacity);
      this.onGrow(this.capacity);
    }
    return this.top++;
  }

  give(id: number): void {
    this.live--;
    this.free[this.freeCount++] = id;
  }
}

/** A copy of `a` with room for `length` elements (the rest zero). */
export function grown<T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}
