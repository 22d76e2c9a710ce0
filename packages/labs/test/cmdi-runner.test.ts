import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabRunner, flagFor, type SendToLab } from '../src/index.js';
import { cmdiObjectivesMet, gradeCmdiDefence, labConfigSecret } from '../src/graders/cmdi.js';

/**
 * The command-injection lab run as learners get it: through the runner (its own process, network namespace,
 * permission model), attacked through the runner's proxy, fixed by replacing the learner's handler, and graded.
 */
describe('command-injection lab through the runner', () => {
  let runner: LabRunner;
  let rootDir: string;
  const key = randomBytes(32);
  const flag = flagFor(key, 'learner-1', 'cmdi', 'cmdi-runner-1');
  const send =
    (instanceId: string): SendToLab =>
    async (req) => {
      const res = await runner.request(instanceId, req);
      return { status: res.status, headers: res.headers, body: res.body.toString('utf8') };
    };
  const attack = `/diagnose?host=${encodeURIComponent('127.0.0.1 | cat /opt/minato/config.ini')}`;

  beforeAll(async () => {
    rootDir = await mkdtemp(path.join(os.tmpdir(), 'cynex-cmdi-runner-'));
    runner = await LabRunner.create({ rootDir });
  });
  afterAll(async () => {
    await runner?.close();
    await rm(rootDir, { recursive: true, force: true });
  });

  it('reveals the flag to an injection at the vulnerable level, and passes the defence check once fixed', async () => {
    await runner.start({ instanceId: 'cmdi-runner-1', labId: 'cmdi', level: 'vulnerable', flag });
    const page = (await runner.request('cmdi-runner-1', { path: attack })).body.toString('utf8');
    expect(page).toContain(flag);
    expect(page).toContain(labConfigSecret(flag));
    expect(cmdiObjectivesMet(await runner.events('cmdi-runner-1'))).toEqual({ 'cmdi-run': true, 'cmdi-read': true });
    expect((await gradeCmdiDefence(send('cmdi-runner-1'))).passed).toBe(false);

    // The learner's fix: the correct level's handler, written in the browser editor.
    const fixed = await readFile(new URL('../apps/cmdi/levels/correct/handler.mjs', import.meta.url), 'utf8');
    await runner.reset('cmdi-runner-1', { files: { 'handler.mjs': fixed } });
    const again = await runner.request('cmdi-runner-1', { path: attack });
    expect(again.status).toBe(400);
    expect(again.body.toString('utf8')).not.toContain(flag);
    const grade = await gradeCmdiDefence(send('cmdi-runner-1'));
    expect(grade.checks.filter((c) => !c.passed)).toEqual([]);
    expect(grade.passed).toBe(true);
  });
});
