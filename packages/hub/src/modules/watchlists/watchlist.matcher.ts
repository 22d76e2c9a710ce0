import type { UserActor } from '../../platform/actor.js';
import type { AlertsService } from '../alerts/alerts.service.js';
import type { WorkerLog } from '../deliveries/delivery-worker.js';
import type { WatchlistMatch } from './watchlist-match.js';
import type { MatchRange, WatchlistsRepository } from './watchlists.repository.js';

export interface MatcherOptions {
  /** Observed values read per transaction. */
  batchSize: number;
  /** Rows younger than this wait for the next pass (see `WatchlistsRepository.batchEnd`). */
  settleSeconds: number;
  /** How far back a new entry looks into what is already indexed. */
  backfillDays: number;
}

export interface MatchReport {
  /** Observed values read. */
  scanned: number;
  /** Matches the watching organisation may read. */
  matched: number;
  /** Alerts opened (or newly of kind watchlist). */
  alerts: number;
}

const CURSOR = 'observed_values';
const NIL_USER = '00000000-0000-0000-0000-000000000000';

/**
 * An organisation as a reader: an intelligence reader of it (never a platform admin, never a named recipient of
 * RED), so that a watchlist matches exactly the records any of its intelligence readers may already read.
 */
export function organisationReader(orgId: string): UserActor {
  return {
    kind: 'user',
    userId: NIL_USER,
    email: `watchlist@${orgId}`,
    displayName: 'watchlist',
    isPlatformAdmin: false,
    memberships: [{ orgId, role: 'viewer' }],
    ip: 'internal',
  };
}

/**
 * Matches what the fusion index gains against every organisation's watchlist and raises alerts through the
 * alerts service. Each pass reads the values after a shared cursor, in batches, under an advisory lock (hub
 * instances never match a batch twice), keeps the matches the organisation may read (the one visibility rule, as
 * the organisation's reader), stores the alerts and advances the cursor in one transaction.
 */
export class WatchlistMatcher {
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private again = false;

  constructor(
    private readonly repo: WatchlistsRepository,
    private readonly alerts: Pick<AlertsService, 'fromWatchlist' | 'queued'>,
    private readonly options: MatcherOptions,
    private readonly log?: Pick<WorkerLog, 'warn'>,
  ) {}

  /** Runs a pass every interval (and soon after `nudge`) until `stop`. */
  start(intervalSeconds: number): void {
    if (this.timer || intervalSeconds <= 0) return;
    this.timer = setInterval(() => this.tick(), intervalSeconds * 1000).unref();
  }

  /** New values were indexed: a pass once they have settled (no-op unless started). */
  nudge(): void {
    if (!this.timer || this.soon) return;
    this.soon = setTimeout(
      () => {
        this.soon = undefined;
        this.tick();
      },
      this.options.settleSeconds * 1000 + 100,
    ).unref();
  }

  /** Stops the passes and waits for the one running. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.soon);
    this.timer = undefined;
    this.soon = undefined;
    this.again = false;
    await this.running;
  }

  /** One pass in the background, never two at once in this process; failures are logged, the next pass retries. */
  private tick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run()
      .catch((error: unknown) => this.log?.warn({ err: error }, 'watchlist matching failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again && this.timer) {
          this.again = false;
          this.tick();
        }
      });
  }

  /** Reads everything indexed since the last pass; returns what it found. */
  async run(at = new Date()): Promise<MatchReport> {
    const report: MatchReport = { scanned: 0, matched: 0, alerts: 0 };
    for (;;) {
      const step = await this.repo.transaction(async (repo, alertsTx) => {
        await repo.lock();
        const afterId = await repo.cursor(CURSOR);
        const uptoId = await repo.batchEnd(afterId, this.options.batchSize, this.options.settleSeconds);
        if (uptoId === undefined) return undefined;
        const matches = await this.readable(repo, await repo.candidates({ kind: 'after', afterId, uptoId }));
        const fresh = await this.alerts.fromWatchlist(matches, alertsTx, at);
        await repo.saveCursor(CURSOR, uptoId);
        return { scanned: uptoId - afterId, matched: matches.length, alerts: fresh.length };
      });
      if (!step) break;
      report.scanned += step.scanned;
      report.matched += step.matched;
      report.alerts += step.alerts;
      if (step.alerts > 0) this.alerts.queued();
    }
    return report;
  }

  /**
   * New entries match what was indexed in the last days (up to the cursor: the next pass reads the rest), by the
   * same joins, visibility rule and alerts as the passes.
   */
  async backfill(entryIds: string[], at = new Date()): Promise<MatchReport> {
    if (entryIds.length === 0) return { scanned: 0, matched: 0, alerts: 0 };
    const since = new Date(at.getTime() - this.options.backfillDays * 86_400_000);
    const step = await this.repo.transaction(async (repo, alertsTx) => {
      await repo.lock();
      const range: MatchRange = { kind: 'recent', since, uptoId: await repo.cursor(CURSOR), entryIds };
      const matches = await this.readable(repo, await repo.candidates(range));
      const fresh = await this.alerts.fromWatchlist(matches, alertsTx, at);
      return { scanned: 0, matched: matches.length, alerts: fresh.length };
    });
    if (step.alerts > 0) this.alerts.queued();
    return step;
  }

  /** Only the matches of records the watching organisation may read. */
  private async readable(repo: WatchlistsRepository, candidates: WatchlistMatch[]): Promise<WatchlistMatch[]> {
    const byOrg = new Map<string, WatchlistMatch[]>();
    for (const m of candidates) byOrg.set(m.orgId, [...(byOrg.get(m.orgId) ?? []), m]);
    const kept: WatchlistMatch[] = [];
    for (const [orgId, matches] of byOrg) {
      const readable = await repo.readable(organisationReader(orgId), [...new Set(matches.map((m) => m.rowId))]);
      kept.push(...matches.filter((m) => readable.has(m.rowId)));
    }
    return kept;
  }
}
