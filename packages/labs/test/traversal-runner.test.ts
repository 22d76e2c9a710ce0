import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabRunner, flagFor, type SendToLab } from '../src/index.js';
import { gradeTraversalDefence, traversalObjectivesMet } from '../src/graders/traversal.js';

/**
 * The path-traversal lab run as learners get it: through the runner (its own process, network namespace, permission
 * model), attacked through the runner's proxy, fixed by replacing the learner's handler, and graded.
 */
describe('path-traversal lab through the runner', () => {
  let runner: LabRunner;
  let rootDir: string;
  const key = randomBytes(32);
  const flag = flagFor(key, 'learner-1', 'traversal', 'traversal-runner-1');
  const send =
    (instanceId: string): SendToLab =>
    async (req) => {
      const res = await runner.request(instanceId, req);
      return { status: res.status, headers: res.headers, body: res.body.toString('utf8') };
    };
  const body = async (instanceId: string, pathAndQuery: string) =>
    (await runner.request(instanceId, { path: pathAndQuery })).body.toString('utf8');

  beforeAll(async () => {
    rootDir = await mkdtemp(path.join(os.tmpdir(), 'cynex-traversal-runner-'));
    runner = await LabRunner.create({ rootDir });
  });
  afterAll(async () => {
    await runner?.close();
    await rm(rootDir, { recursive: true, force: true });
  });

  it('reveals the flag to ../ in a download at the vulnerable level, and passes the defence check once fixed', async () => {
    await runner.start({ instanceId: 'traversal-runner-1', labId: 'traversal', level: 'vulnerable', flag });
    const attack = await runner.request('traversal-runner-1', { path: '/download?file=../../private/config.ini' });
    expect(attack.status).toBe(200);
    expect(attack.body.toString('utf8')).toContain(flag);
    expect(await body('traversal-runner-1', '/page?name=../../server.mjs')).toContain(flag);
    expect(traversalObjectivesMet(await runner.events('traversal-runner-1'))).toEqual({
      'traversal-read': true,
      'traversal-source': true,
    });
    // The runner gives the lab its real instance path: the absolute-path probes aim at it.
    const instanceDir = path.join(await realpath(rootDir), 'traversal-runner-1');
    expect((await gradeTraversalDefence(send('traversal-runner-1'), { instanceDir })).passed).toBe(false);

    // The learner's fix: the correct level's handler, written in the browser editor.
    const fixed = await readFile(new URL('../apps/traversal/levels/correct/handler.mjs', import.meta.url), 'utf8');
    await runner.reset('traversal-runner-1', { files: { 'handler.mjs': fixed } });
    expect(await body('traversal-runner-1', '/download?file=../../private/config.ini')).not.toContain(flag);
    const grade = await gradeTraversalDefence(send('traversal-runner-1'), { instanceDir });
    expect(grade.checks.filter((c) => !c.passed)).toEqual([]);
    expect(grade.passed).toBe(true);
    expect(await runner.events('traversal-runner-1')).toEqual([]);
  });
});
