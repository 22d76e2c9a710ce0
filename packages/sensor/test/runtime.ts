import { createHash, randomUUID } from 'node:crypto';
import type {
  EventDraft,
  SessionOrigin,
  SessionRecorder,
  WorldRuntime,
  DecoyLimits,
} from '../src/services/contracts.js';
import { DEFAULT_DECOY_LIMITS } from '../src/services/contracts.js';
import { attachHostKeys, type HostKeyPair } from '../src/world/host-keys.js';
import type { Host, World } from '../src/world/schema.js';
import { NOW, testWorld } from './worlds.js';

/** What a test runtime collected: every event, every stored capture, every recording. */
export interface TestRuntime extends WorldRuntime {
  emitted: EventDraft[];
  stored: Map<string, Buffer>;
  recordings: Map<string, { host: string; cols: number; rows: number; lines: [string, string][]; closed: boolean }>;
  /** Moves the clock forward. */
  advance(seconds: number): void;
}

export interface TestRuntimeOptions {
  world?: World;
  worldId?: string;
  limits?: Partial<DecoyLimits>;
  fetchEnabled?: boolean;
  /** Real host keys for the world's Linux hosts (slow: RSA 3072); off by default. */
  hostKeys?: HostKeyPair[];
}

/** An in-memory runtime for the services' and shells' tests. */
export function testRuntime(options: TestRuntimeOptions = {}): TestRuntime {
  const world = options.world ?? testWorld();
  let clock = NOW.getTime();
  const emitted: EventDraft[] = [];
  const stored = new Map<string, Buffer>();
  const recordings: TestRuntime['recordings'] = new Map();
  const hostKeys = new Map<string, string[]>();
  for (const pair of options.hostKeys ?? []) {
    hostKeys.set(pair.hostname, [...(hostKeys.get(pair.hostname) ?? []), pair.privateKey]);
  }
  return {
    worldId: options.worldId ?? 'test-world',
    world,
    hostKeys,
    limits: { ...DEFAULT_DECOY_LIMITS, ...options.limits },
    fetchEnabled: options.fetchEnabled ?? false,
    emitted,
    stored,
    recordings,
    events: { emit: (event) => void emitted.push(event), durable: () => Promise.resolve() },
    captures: {
      async put(bytes) {
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        stored.set(sha256, Buffer.from(bytes));
        return { sha256, size: bytes.length, storedAs: `captures/${sha256}` };
      },
    },
    recorder(session, host, cols, rows): SessionRecorder {
      const recording = { host, cols, rows, lines: [] as [string, string][], closed: false };
      recordings.set(session, recording);
      return {
        record: (stream, data) => void recording.lines.push([stream, data]),
        resize: (c, r) => void recording.lines.push(['r', `${c}x${r}`]),
        close: () => void (recording.closed = true),
      };
    },
    now: () => new Date(clock),
    advance(seconds) {
      clock += seconds * 1000;
    },
  };
}

/** A world with real SSH host keys on its Linux hosts (generated once per call; RSA 3072 takes a second or two). */
export async function worldWithKeys(world: World = testWorld()): Promise<{ world: World; hostKeys: HostKeyPair[] }> {
  const hostKeys = await attachHostKeys(world);
  return { world, hostKeys };
}

/** A session origin on a host, as a transport would make it. */
export function testOrigin(host: Host, protocol: SessionOrigin['protocol'] = 'ssh'): SessionOrigin {
  return {
    session: randomUUID().slice(0, 12),
    host,
    protocol,
    src: { ip: '203.0.113.7', port: 51_234 },
    dst: { ip: '127.0.0.1', port: 2222 },
  };
}

/** The world's first host of a role (throws when the world has none). */
export function hostOf(world: World, role: Host['role']): Host {
  const host = world.hosts.find((h) => h.role === role);
  if (!host) throw new Error(`the test world has no ${role} host`);
  return host;
}
