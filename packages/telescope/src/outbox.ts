import type { TelescopeBatch } from '@cynex/core';
import type { FlowTupleSink } from './flowtuple.js';
import type { FlowTupleInterval } from './pipeline.js';
import type { BatchSink } from './sinks.js';

type Item = { batch: TelescopeBatch } | { tuples: FlowTupleInterval };

/**
 * The queue between the pipeline (synchronous, per packet) and the sinks (asynchronous): one worker
 * delivers batches and flow-tuple intervals strictly in order. The reader awaits `waitBelow` before
 * each chunk, which is the back-pressure: at most `maxPending` items wait. The first sink failure
 * stops delivery and is kept in `failed`.
 *
 * @example
 * const box = new Outbox(sink, null, 4);
 * box.enqueue(pipeline.takeBatches(), pipeline.takeFlowTuples());
 * await box.drain();
 */
export class Outbox {
  private readonly queue: Item[] = [];
  private worker: Promise<void> | null = null;
  /** The error that stopped delivery, if any. */
  failed: Error | null = null;
  /** Batches delivered. */
  sent = 0;

  constructor(
    private readonly sink: BatchSink,
    private readonly tupleSink: FlowTupleSink | null,
    private readonly maxPending: number,
  ) {}

  /** Whether the reader is (or should be) waiting for the sinks. */
  get stalled(): boolean {
    return this.queue.length > this.maxPending;
  }

  /** Queues finished work and makes sure the worker runs. */
  enqueue(batches: TelescopeBatch[], tuples: FlowTupleInterval[]): void {
    if (this.failed) return;
    // Tuples first: they belong to intervals the batch (built at the same close) reports.
    for (const t of tuples) if (this.tupleSink) this.queue.push({ tuples: t });
    for (const b of batches) this.queue.push({ batch: b });
    if (this.queue.length > 0 && !this.worker) this.worker = this.run();
  }

  /** Resolves when at most `maxPending` items wait (or delivery failed). */
  async waitBelow(): Promise<void> {
    while (this.queue.length > this.maxPending && this.worker && !this.failed) await this.worker;
  }

  /** Resolves when everything queued was delivered (or delivery failed). */
  async drain(): Promise<void> {
    while (this.worker) await this.worker;
  }

  private async run(): Promise<void> {
    try {
      while (this.queue.length > 0 && !this.failed) {
        const item = this.queue[0]!;
        if ('batch' in item) {
          await this.sink.send(item.batch);
          this.sent++;
        } else await this.tupleSink!.writeInterval(item.tuples.start, item.tuples.rows);
        this.queue.shift();
      }
    } catch (err) {
      this.failed = err instanceof Error ? err : new Error(String(err));
      this.queue.length = 0;
    } finally {
      this.worker = null;
    }
  }
}
