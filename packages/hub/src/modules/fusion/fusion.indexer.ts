import type { WorkerLog } from '../deliveries/delivery-worker.js';
import type { FusionSource } from './fusion-source.js';
import type { FusionRepository } from './fusion.repository.js';

/** Records indexed in one transaction. */
const BATCH = 500;
/** One reconcile in this many looks at every record (at the default 10-minute interval: hourly). */
const FULL_EVERY = 6;

export interface FusionReconcileReport {
  indexed: number;
  rows: number;
}

/**
 * Keeps the fusion index in step with its sources: `refresh` replaces the rows of some records (a record that is
 * gone loses them), `reconcile` catches up on records changed since they were indexed (and, on its first run in
 * this process and now and then after, on every record never indexed and every deleted one), so that data from before an upgrade and
 * changes made by paths without a hook are indexed too. Hooks call `refreshQuietly`: an index that lags never
 * fails the user's write.
 */
export class FusionIndexer {
  private readonly sources: Map<string, FusionSource>;
  /** When the last reconcile began: later runs look only at what changed after it. Per process, on purpose. */
  private lastReconcile: Date | undefined;
  private reconciles = 0;

  constructor(
    private readonly repo: FusionRepository,
    sources: readonly FusionSource[],
    private readonly log?: WorkerLog,
    /** Told after rows were written (watchlists match new rows). */
    private readonly onIndexed: () => void = () => {},
  ) {
    this.sources = new Map(sources.map((s) => [s.kind, s]));
  }

  /** Indexes records again; returns how many rows they have now. */
  async refresh(kind: string, ids: readonly string[]): Promise<number> {
    const source = this.sources.get(kind);
    if (!source) throw new Error(`no fusion source ${kind}`);
    let written = 0;
    const unique = [...new Set(ids)];
    for (let start = 0; start < unique.length; start += BATCH) {
      const batch = unique.slice(start, start + BATCH);
      const rows = await source.rows(batch);
      const keyed = batch.flatMap((id) => (rows.get(id) ?? []).map((row) => ({ ...row, source: `${kind}:${id}` })));
      written += await this.repo.replace(
        batch.map((id) => `${kind}:${id}`),
        keyed,
      );
    }
    if (written > 0) this.onIndexed();
    return written;
  }

  /** `refresh` for hooks: a failure is logged, never thrown. */
  async refreshQuietly(kind: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      await this.refresh(kind, ids);
    } catch (error) {
      this.log?.warn({ err: error, kind, records: ids.length }, 'indexing for fusion failed; reconcile will retry');
    }
  }

  /** Indexes what one source has changed recently (after an ingest whose record ids the hook does not know). */
  async catchUpQuietly(kind: string, since: Date): Promise<void> {
    try {
      const source = this.sources.get(kind);
      if (source) await this.refresh(kind, await source.stale(since));
    } catch (error) {
      this.log?.warn({ err: error, kind }, 'indexing for fusion failed; reconcile will retry');
    }
  }

  /**
   * Indexes every record whose rows are missing or stale. Every `FULL_EVERY`th run (the first one too) looks at
   * all records and drops the rows of deleted ones (deletions without a hook: retention, TAXII DELETE).
   */
  async reconcile(): Promise<FusionReconcileReport> {
    const startedAt = new Date();
    const report: FusionReconcileReport = { indexed: 0, rows: 0 };
    const since = this.reconciles % FULL_EVERY === 0 ? undefined : this.lastReconcile;
    this.reconciles += 1;
    for (const source of this.sources.values()) {
      const ids = await source.stale(since);
      report.indexed += ids.length;
      report.rows += await this.refresh(source.kind, ids);
    }
    this.lastReconcile = startedAt;
    return report;
  }
}
