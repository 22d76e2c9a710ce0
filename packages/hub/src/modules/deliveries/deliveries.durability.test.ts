import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshPostgres, testDatabaseRoles } from '../../../test/harness.js';
import { batch, source } from '../telescope/telescope.fixtures.js';
import { dedupReceiver } from './deliveries.fixtures.js';

const script = fileURLToPath(new URL('../../../test/hub-process.ts', import.meta.url));

interface Started {
  child: ChildProcess;
  url: string;
  token?: string;
}

/** Starts `test/hub-process.ts` with the given environment and waits for the line it prints once listening. */
async function startHubProcess(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = readline.createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the hub process ended (${code}): ${stderr}`)));
  });
  return { child, ...(JSON.parse(first) as { url: string; token?: string }) };
}

const killed = (child: ChildProcess, signal: NodeJS.Signals) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });

describe('a hub killed right after an upload', () => {
  let dataDir: string;
  let database: { env: Record<string, string>; drop: () => Promise<void> };
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cynex-durable-'));
    const pgBase = process.env.TEST_DATABASE_URL;
    if (pgBase) {
      const pg = await freshPostgres(pgBase);
      const env: Record<string, string> = { DATABASE_URL: pg.url };
      if (testDatabaseRoles() && pg.ownerUrl) env.DATABASE_OWNER_URL = pg.ownerUrl;
      database = { env, drop: pg.drop };
    } else {
      // PGlite on disk, in the data directory both runs share.
      database = { env: {}, drop: async () => {} };
    }
  });
  afterAll(async () => {
    await Promise.all(children.map((child) => killed(child, 'SIGKILL')));
    await database.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('delivers the alert after a restart', { timeout: 60_000 }, async () => {
    const receiver = await dedupReceiver();
    try {
      const env = { ...database.env, CYNEX_DATA_DIR: dataDir, CYNEX_EGRESS_ALLOW: '127.0.0.1' };
      // The first process sends nothing (its worker is off), so the job can only be in the database.
      const first = await startHubProcess({ ...env, CYNEX_JOBS_POLL_MS: '0', SEED_WEBHOOK_URL: receiver.url });
      children.push(first.child);
      const response = await fetch(`${first.url}/api/v1/telescope/batches`, {
        method: 'POST',
        headers: { authorization: `Bearer ${first.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(batch({ sources: [source('198.51.100.7', '2024-05-01T10:00:00Z')] })),
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { alerts: number }).alerts).toBe(1);
      await killed(first.child, 'SIGKILL');
      expect(first.child.signalCode).toBe('SIGKILL');
      expect(receiver.calls).toHaveLength(0);

      const second = await startHubProcess({ ...env, CYNEX_JOBS_POLL_MS: '50' });
      children.push(second.child);
      await vi.waitFor(() => expect(receiver.accepted.size).toBe(1), { timeout: 30_000, interval: 50 });
      const [delivery] = [...receiver.accepted.values()];
      expect(delivery!.body.alerts!.map((a) => a.host)).toEqual(['198.51.100.7']);
      await killed(second.child, 'SIGTERM');
      expect(receiver.calls).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });
});
