import {
  DECOY_SERVICES,
  type DecoyAssignment,
  type DecoySensorStatus,
  type DecoyServiceName,
  type DecoyWorldState,
} from '@cynex/core';
import type { ServiceHandle } from '../services/contracts.js';
import { formatWorldError, loadWorld } from '../world/loader.js';
import type { Starters } from './starters.js';
import { createWorldRuntime, type RunningWorldRuntime, type RuntimeSinks } from './world-runtime.js';

type WorldStatus = DecoySensorStatus['worlds'][number];

interface WorldEntry {
  assignment: DecoyAssignment;
  state: DecoyWorldState;
  error?: string;
  handles: { service: DecoyServiceName; handle: ServiceHandle }[];
  runtime?: RunningWorldRuntime;
  /** Milliseconds the last stop-and-start (a reset or a new revision) took. */
  lastRestartMs?: number;
  /** When it last failed to start (performance.now()), for the retry. */
  failedAt?: number;
}

const ERROR_LENGTH = 1_000;
/** A world that failed to start is tried again this long after (default). */
const FAILED_RETRY_MS = 60_000;

/**
 * Runs the assigned worlds: starts what should run, stops what should not, restarts a world on a new revision and
 * resets it on a new reset generation. Sessions are copy-on-write in memory, so stopping and starting a world from
 * its definition is the reset. A world that fails to start (a port in use, a bad definition) is `failed` with the
 * reason; the others keep running.
 */
export class Supervisor {
  private readonly worlds = new Map<string, WorldEntry>();

  constructor(
    private readonly starters: Starters,
    private readonly sinks: RuntimeSinks,
    private readonly log: (line: string) => void,
    private readonly retryFailedMs = FAILED_RETRY_MS,
  ) {}

  /** Brings the running worlds in line with the assignments (one at a time per world, all worlds in parallel). */
  async reconcile(assignments: readonly DecoyAssignment[]): Promise<void> {
    const wanted = new Map(assignments.map((a) => [a.worldId, a]));
    const work: Promise<void>[] = [];
    for (const [worldId, entry] of this.worlds) {
      if (!wanted.has(worldId))
        work.push(
          this.stop(entry).then(() => {
            this.worlds.delete(worldId);
            this.log(`world ${worldId}: no longer assigned, removed`);
          }),
        );
    }
    for (const assignment of wanted.values()) work.push(this.reconcileWorld(assignment));
    await Promise.all(work);
  }

  private async reconcileWorld(assignment: DecoyAssignment): Promise<void> {
    const entry = this.worlds.get(assignment.worldId);
    if (!entry) {
      const fresh: WorldEntry = { assignment, state: 'stopped', handles: [] };
      this.worlds.set(assignment.worldId, fresh);
      if (assignment.desired === 'running') await this.start(fresh);
      return;
    }
    const previous = entry.assignment;
    entry.assignment = assignment;
    if (assignment.desired === 'stopped') {
      if (entry.state !== 'stopped') {
        await this.stop(entry);
        this.log(`world ${assignment.worldId}: stopped`);
      }
      return;
    }
    const changed = assignment.revision !== previous.revision;
    const reset = assignment.resetGeneration !== previous.resetGeneration;
    if (entry.state === 'running' && !changed && !reset) return;
    // A failed world is retried at once when something changed (a new revision moves the port, say) or on a reset,
    // and otherwise now and then (whatever held its port may have gone).
    const retry = performance.now() - (entry.failedAt ?? 0) >= this.retryFailedMs;
    if (entry.state === 'failed' && !changed && !reset && !retry) return;
    const began = performance.now();
    const wasRunning = entry.state === 'running';
    await this.stop(entry);
    await this.start(entry);
    if (wasRunning) {
      entry.lastRestartMs = performance.now() - began;
      const why = reset ? `reset (generation ${assignment.resetGeneration})` : `revision ${assignment.revision}`;
      this.log(`world ${assignment.worldId}: ${why}: restarted in ${entry.lastRestartMs.toFixed(0)} ms`);
    }
  }

  private async start(entry: WorldEntry): Promise<void> {
    const { assignment } = entry;
    entry.state = 'starting';
    entry.error = undefined;
    const loaded = loadWorld(assignment.definition, `${assignment.worldId}.yaml`);
    if (!loaded.ok) {
      const errors = loaded.errors.map(formatWorldError);
      return this.fail(entry, `invalid world definition: ${errors.slice(0, 3).join('; ')}`);
    }
    const running = createWorldRuntime(
      {
        worldId: assignment.worldId,
        world: loaded.world,
        hostKeys: assignment.hostKeys,
        fetchEnabled: assignment.fetchEnabled,
      },
      this.sinks,
    );
    entry.runtime = running;
    // A service this sensor has no transport for is left out and named in the status; the rest of the world runs.
    const bound = DECOY_SERVICES.filter((s) => assignment.bindings[s]);
    const missing = bound.filter((s) => !this.starters[s]);
    const services = bound.filter((s) => this.starters[s]);
    if (services.length === 0 && missing.length > 0)
      return this.fail(entry, `this sensor cannot run ${missing.join(', ')}`);
    const results = await Promise.allSettled(
      services.map(async (service) => {
        const handle = await this.starters[service]!({
          runtime: running.runtime,
          binding: assignment.bindings[service]!,
        });
        entry.handles.push({ service, handle });
      }),
    );
    const failures = results.flatMap((r, i) =>
      r.status === 'rejected' ? [`${services[i]}: ${describe(r.reason)}`] : [],
    );
    if (failures.length > 0) {
      await this.closeHandles(entry);
      return this.fail(entry, `could not start ${failures.join('; ')}`);
    }
    entry.state = 'running';
    if (missing.length > 0) {
      entry.error = `this sensor cannot run ${missing.join(', ')}; the other services run`;
      this.log(`world ${assignment.worldId}: ${entry.error}`);
    }
    const where = entry.handles.map((h) => `${h.service} ${h.handle.address.host}:${h.handle.address.port}`);
    this.log(
      `world ${assignment.worldId}: running (revision ${assignment.revision}): ${where.join(', ') || 'no services'}`,
    );
  }

  private fail(entry: WorldEntry, error: string): void {
    entry.state = 'failed';
    entry.failedAt = performance.now();
    entry.error = error.slice(0, ERROR_LENGTH);
    entry.runtime?.closeRecorders();
    entry.runtime = undefined;
    this.log(`world ${entry.assignment.worldId}: failed: ${entry.error}`);
  }

  private async stop(entry: WorldEntry): Promise<void> {
    await this.closeHandles(entry);
    entry.runtime?.closeRecorders();
    entry.runtime = undefined;
    entry.state = 'stopped';
    entry.error = undefined;
  }

  private async closeHandles(entry: WorldEntry): Promise<void> {
    const handles = entry.handles.splice(0);
    const results = await Promise.allSettled(handles.map((h) => h.handle.close()));
    results.forEach((r, i) => {
      if (r.status === 'rejected')
        this.log(`world ${entry.assignment.worldId}: closing ${handles[i]!.service} failed: ${describe(r.reason)}`);
    });
  }

  /** Stops every world (the sensor is shutting down). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.worlds.values()].map((entry) => this.stop(entry)));
  }

  worldStatus(): (WorldStatus & { lastRestartMs?: number })[] {
    return [...this.worlds.values()].map((entry) => ({
      worldId: entry.assignment.worldId,
      revision: entry.assignment.revision,
      resetGeneration: entry.assignment.resetGeneration,
      state: entry.state,
      ...(entry.error === undefined ? {} : { error: entry.error }),
      listening: entry.handles.map((h) => ({
        service: h.service,
        host: h.handle.address.host,
        port: h.handle.address.port,
      })),
      sessions: entry.runtime?.sessions() ?? 0,
      ...(entry.lastRestartMs === undefined ? {} : { lastRestartMs: Math.round(entry.lastRestartMs) }),
    }));
  }
}

function describe(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
