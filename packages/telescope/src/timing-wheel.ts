/**
 * Ids (non-negative integers) filed by due time in buckets of `tick` seconds, so that expiring what is
 * due costs O(due items) rather than a pass over everything held: the idle-timeout sweep of the scan
 * detector visits only the sources with something to close. An id may be filed more than once (callers
 * refile instead of moving, and recognise stale copies themselves).
 *
 * @example
 * const wheel = new TimingWheel(60);
 * wheel.schedule(7, 1_700_000_480);
 * wheel.takeBefore(1_700_000_500, (id) => close(id)); // 7
 */
export class TimingWheel {
  private readonly buckets = new Map<number, number[]>();
  /** No bucket index below this holds ids. */
  private low = Infinity;
  /** Ids filed (copies included). */
  size = 0;

  constructor(readonly tick: number) {
    if (!(tick > 0)) throw new RangeError(`tick must be positive, got ${tick}`);
  }

  /** The bucket index of a due time (what callbacks are given). */
  bucket(due: number): number {
    return Math.floor(due / this.tick);
  }

  /** Files `id` to be taken once time passes `due`'s bucket. */
  schedule(id: number, due: number): void {
    const b = this.bucket(due);
    const list = this.buckets.get(b);
    if (list === undefined) this.buckets.set(b, [id]);
    else list.push(id);
    if (b < this.low) this.low = b;
    this.size++;
  }

  /**
   * Takes every bucket that starts before `time` (so every id filed with `due < time`, and some filed
   * up to a tick later), oldest first, calling `fn` with each id and its bucket index (see
   * {@link bucket}; the bucket ends at `(index + 1) · tick`). Ids filed again from inside `fn` land in
   * fresh buckets, taken by a later call.
   */
  takeBefore(time: number, fn: (id: number, bucket: number) => void): void {
    if (this.size === 0) return;
    const last = Math.ceil(time / this.tick) - 1;
    const taken: [number, number[]][] = [];
    if (last - this.low <= this.buckets.size * 4) {
      for (let b = this.low; b <= last; b++) {
        const list = this.buckets.get(b);
        if (list !== undefined) taken.push([b, list]);
      }
    } else {
      // A jump in time (a gap between capture files, or the end of input): sort the few keys instead.
      for (const [b, list] of this.buckets) if (b <= last) taken.push([b, list]);
      taken.sort((x, y) => x[0] - y[0]);
    }
    for (const [b] of taken) this.buckets.delete(b);
    if (Number.isFinite(last)) this.low = Math.max(this.low, last + 1);
    if (this.buckets.size === 0) this.low = Infinity;
    for (const [b, list] of taken) this.run(b, list, fn);
  }

  private run(b: number, list: number[], fn: (id: number, bucket: number) => void): void {
    this.size -= list.length;
    for (const id of list) fn(id, b);
  }
}
