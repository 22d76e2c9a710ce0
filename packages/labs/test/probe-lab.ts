import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabRunner, type LabRunnerOptions } from '../src/index.js';

/** The fixture apps dir: `probe` is a contract-following lab whose handler tries to escape on request. */
export const FIXTURE_APPS_DIR = fileURLToPath(new URL('./fixtures', import.meta.url));

export interface ProbeOutcome {
  ok: boolean;
  value?: string | null;
  code?: string | null;
  message?: string;
}

/** A runner on a fresh temp root; `cleanup` stops every lab and deletes the root. */
export async function probeRunner(
  options: Partial<LabRunnerOptions> = {},
): Promise<{ runner: LabRunner; rootDir: string; cleanup: () => Promise<void> }> {
  const rootDir = await mkdtemp(path.join(os.tmpdir(), 'cynex-labs-'));
  const runner = await LabRunner.create({ rootDir, appsDir: FIXTURE_APPS_DIR, ...options });
  return {
    runner,
    rootDir,
    cleanup: async () => {
      await runner.close();
      await rm(rootDir, { recursive: true, force: true });
    },
  };
}

/** Asks the probe's learner code to try one thing and returns what happened. */
export async function attempt(runner: LabRunner, instanceId: string, action: string): Promise<ProbeOutcome> {
  const res = await runner.request(instanceId, { path: `/try/${action}` });
  return JSON.parse(res.body.toString('utf8')) as ProbeOutcome;
}

export async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
