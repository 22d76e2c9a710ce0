import { DECOY_EVENT_SCHEMA_VERSION, decoyEventSchema, type DecoyRecordingChunk, type DecoyEvent } from '@cynex/core';
import {
  DEFAULT_DECOY_LIMITS,
  type CaptureStore,
  type DecoyLimits,
  type EventDraft,
  type WorldRuntime,
} from '../services/contracts.js';
import type { World } from '../world/schema.js';
import { openRecorder } from './recorder.js';

/** What a running world writes to: the sensor's spool, capture store and id source, shared by every world. */
export interface RuntimeSinks {
  sensorId: string;
  writeEvent: (event: DecoyEvent) => void;
  writeChunk: (chunk: DecoyRecordingChunk) => void;
  /** Resolves once everything written so far is durable. */
  durable: () => Promise<void>;
  captures: CaptureStore;
  /** Next event id: unique per sensor (a per-start prefix and a counter), stable across upload retries. */
  nextId: () => string;
  now: () => Date;
  log: (line: string) => void;
}

export interface WorldRuntimeOptions {
  worldId: string;
  world: World;
  hostKeys: Record<string, string[]>;
  fetchEnabled: boolean;
  limits?: Partial<DecoyLimits>;
}

export interface RunningWorldRuntime {
  runtime: WorldRuntime;
  /** Sessions open now (a connect without its disconnect). */
  sessions(): number;
  /** Closes recordings the services left open (each gets its final chunk). */
  closeRecorders(): void;
  /** Events a service emitted that did not fit the schema and were not spooled. */
  invalid(): number;
}

/**
 * The WorldRuntime handed to a world's services: each event is stamped (schema version, id, time, sensor, world),
 * checked against core's schema (a bad event is logged and counted, never sent to wedge an upload) and spooled.
 */
export function createWorldRuntime(options: WorldRuntimeOptions, sinks: RuntimeSinks): RunningWorldRuntime {
  const open = new Set<string>();
  const recorders = new Set<{ close(): void }>();
  let invalid = 0;

  const emit = (draft: EventDraft) => {
    try {
      const parsed = decoyEventSchema.safeParse({
        ...draft,
        schemaVersion: DECOY_EVENT_SCHEMA_VERSION,
        id: sinks.nextId(),
        time: sinks.now().toISOString(),
        sensorId: sinks.sensorId,
        world: options.worldId,
      });
      if (!parsed.success) {
        if (invalid++ % 100 === 0)
          sinks.log(
            `world ${options.worldId}: a ${draft.kind} event does not fit the schema and was not spooled ` +
              `(${invalid} so far): ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`,
          );
        return;
      }
      const event = parsed.data;
      if (event.kind === 'connect') open.add(event.session);
      else if (event.kind === 'disconnect') open.delete(event.session);
      sinks.writeEvent(event);
    } catch (error) {
      // emit never throws into a transport.
      sinks.log(`world ${options.worldId}: event not spooled: ${(error as Error).message}`);
    }
  };

  const runtime: WorldRuntime = {
    worldId: options.worldId,
    world: options.world,
    hostKeys: new Map(Object.entries(options.hostKeys)),
    events: { emit, durable: sinks.durable },
    captures: sinks.captures,
    limits: { ...DEFAULT_DECOY_LIMITS, ...options.limits },
    fetchEnabled: options.fetchEnabled,
    recorder(session, host, cols, rows) {
      const recorder = openRecorder({
        world: options.worldId,
        host,
        session,
        cols,
        rows,
        now: sinks.now,
        write: sinks.writeChunk,
        log: sinks.log,
        onClose: () => recorders.delete(recorder),
      });
      recorders.add(recorder);
      return recorder;
    },
    now: sinks.now,
  };

  return {
    runtime,
    sessions: () => open.size,
    closeRecorders: () => {
      for (const recorder of [...recorders]) recorder.close();
    },
    invalid: () => invalid,
  };
}
