import { startSshService } from '../src/services/ssh/index.js';
import type { EventDraft, SessionRecorder } from '../src/services/contracts.js';
import { sshRuntime, sshWorld } from '../test/ssh-harness.js';

/**
 * The sensor side of a benchmark, run in its own fresh process (`fork` from bench/index.ts) so its memory is
 * measured alone. Events are counted, not kept (the real runtime spools them to disk), and recordings are dropped,
 * so the memory figure is the transport's and the sessions'. Talks to the parent over IPC:
 * → { type: 'ready', port, username, password }; ← { type: 'stats' } → { type: 'stats', rss, heapUsed, counts }.
 */

interface Config {
  failureDelayMs: { min: number; max: number };
}

const config = JSON.parse(process.argv[2] ?? '{}') as Partial<Config>;
const fixture = await sshWorld();
const runtime = sshRuntime(fixture, {
  limits: {
    maxConnections: 100_000,
    maxSessionsPerSource: 100_000,
    maxConnectionsPerSourcePerMinute: 10_000_000,
    authTimeoutSeconds: 600,
  },
});
const counts: Record<string, number> = {};
runtime.events = {
  emit(event: EventDraft) {
    counts[event.kind] = (counts[event.kind] ?? 0) + 1;
    if (event.kind === 'auth')
      counts[event.success ? 'auth_ok' : 'auth_failed'] = (counts[event.success ? 'auth_ok' : 'auth_failed'] ?? 0) + 1;
  },
  durable: () => Promise.resolve(),
};
runtime.recorder = (): SessionRecorder => ({ record() {}, resize() {}, close() {} });

const service = await startSshService({
  runtime,
  binding: { host: '127.0.0.1', port: 0 },
  failureDelayMs: config.failureDelayMs ?? { min: 0, max: 0 },
});

const gc = (globalThis as { gc?: () => void }).gc;
process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') {
    gc?.();
    gc?.();
    const memory = process.memoryUsage();
    process.send?.({
      type: 'stats',
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      external: memory.external,
      counts: { ...counts },
    });
  } else if (message.type === 'stop') {
    void service.close().then(() => process.exit(0));
  }
});
process.send?.({ type: 'ready', port: service.address.port, username: fixture.username, password: fixture.password });
