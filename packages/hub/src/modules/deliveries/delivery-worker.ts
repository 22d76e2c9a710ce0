import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { DELIVERY_FAILED, DeliveryFailed } from './delivery-failed.js';
import type { DeliveryJobRow, DeliveryJobsRepository } from './deliveries.repository.js';

/** How a job went, for the module that made it (the alert history records it). */
export type DeliveryOutcome =
  | { delivered: true; attempt: number; details: Record<string, unknown> }
  | { delivered: false; attempt: number; reason: string; nextAttemptAt: Date | null };

/** Sends the jobs of one topic; a module registers one for each topic it enqueues. */
export interface DeliveryHandler {
  /**
   * Sends one job; resolves with where it went and what to record, rejects (a DeliveryFailed with a generic
   * reason) when it was not delivered.
   */
  send(job: DeliveryJobRow): Promise<{ target: string | null; details: Record<string, unknown> }>;
  /** Called once the outcome is stored. Its errors are logged; they never change the outcome. */
  settled?(job: DeliveryJobRow, outcome: DeliveryOutcome): Promise<void>;
}

export interface WorkerLog {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface DeliveryWorkerOptions {
  /** Between polls for due jobs; 0 turns this process's worker off (jobs wait for another process). */
  pollMs: number;
  /** The first retry's delay; each further one doubles it, up to `maxBackoffSeconds`, with jitter. */
  backoffSeconds: number;
  maxBackoffSeconds: number;
  /** How long a claimed job is this worker's; longer than any one send may take. */
  leaseSeconds: number;
  /** Jobs claimed (and sent concurrently) at a time. */
  batchSize: number;
  /** Names this worker in the leases it takes (default: host, process id and a random suffix). */
  owner?: string | undefined;
}

/** Exponential back-off with jitter: between half and all of base·2^(attempt−1), capped. */
export function backoffSeconds(attempt: number, base: number, cap: number, random: () => number = Math.random) {
  const full = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return full / 2 + (full / 2) * random();
}

/**
 * Sends the outbox's due jobs: claims a batch, sends each with its topic's handler, and records the outcome —
 * delivered, due again after a back-off, or dead after the last attempt. Every hub process may run one; the
 * claims (SKIP LOCKED, leases) keep them from sending a job twice, short of a lease running out mid-send.
 */
export class DeliveryWorker {
  readonly owner: string;
  private readonly handlers = new Map<string, DeliveryHandler>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;
  private stopped = false;

  constructor(
    private readonly repo: DeliveryJobsRepository,
    private readonly options: DeliveryWorkerOptions,
    private readonly log?: WorkerLog | undefined,
    private readonly random: () => number = Math.random,
  ) {
    this.owner = options.owner ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  register(topic: string, handler: DeliveryHandler): void {
    this.handlers.set(topic, handler);
  }

  /** Starts polling, unless this process's worker is off (pollMs 0). */
  start(): void {
    if (this.started || this.stopped || this.options.pollMs <= 0) return;
    this.started = true;
    this.schedule(0);
  }

  /** Polls now rather than at the next tick: new jobs were just committed. */
  nudge(): void {
    if (!this.started || this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Stops polling and waits for the jobs being sent; jobs not yet claimed stay for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    let busy = false;
    this.running = this.runOnce().then(
      (claimed) => {
        busy = claimed >= this.options.batchSize;
      },
      (error: unknown) => this.log?.warn({ err: error }, 'the delivery worker could not claim jobs'),
    );
    await this.running;
    this.running = undefined;
    if (this.stopped) return;
    const soon = busy || this.again;
    this.again = false;
    this.schedule(soon ? 0 : this.options.pollMs);
  }

  /** Claims one batch of due jobs and sends them; returns how many were claimed. */
  async runOnce(): Promise<number> {
    const jobs = await this.repo.claim(this.owner, this.options.batchSize, this.options.leaseSeconds);
    await Promise.all(jobs.map((job) => this.process(job)));
    return jobs.length;
  }

  private async process(job: DeliveryJobRow): Promise<void> {
    const handler = this.handlers.get(job.topic);
    let outcome: DeliveryOutcome;
    try {
      if (!handler)
        throw new DeliveryFailed(DELIVERY_FAILED, { permanent: true, cause: `no handler for ${job.topic}` });
      const { target, details } = await handler.send(job);
      if (!(await this.repo.markDelivered(job.id, this.owner, target))) return;
      outcome = { delivered: true, attempt: job.attempts, details };
    } catch (error) {
      const failed = error instanceof DeliveryFailed ? error : undefined;
      this.log?.warn(
        { err: failed?.cause ?? error, jobId: job.id, orgId: job.orgId, channel: job.channel, attempt: job.attempts },
        'a delivery attempt failed',
      );
      const reason = failed?.message ?? DELIVERY_FAILED;
      const last = failed?.permanent === true || job.attempts >= job.maxAttempts;
      const retryIn = last
        ? null
        : backoffSeconds(job.attempts, this.options.backoffSeconds, this.options.maxBackoffSeconds, this.random);
      const row = await this.repo
        .markFailed(job.id, this.owner, { reason, target: job.target, retryInSeconds: retryIn })
        .catch((storeError: unknown) => {
          this.log?.warn({ err: storeError, jobId: job.id }, 'a failed delivery could not be recorded');
          return undefined;
        });
      if (!row) return;
      outcome = {
        delivered: false,
        attempt: job.attempts,
        reason,
        nextAttemptAt: row.status === 'dead' ? null : row.nextAttemptAt,
      };
    }
    try {
      await handler?.settled?.(job, outcome);
    } catch (error) {
      this.log?.warn({ err: error, jobId: job.id }, 'the outcome of a delivery could not be recorded');
    }
  }
}
