import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabRunner, flagFor, gradeSqliDefence, type SendToLab } from '../src/index.js';

/**
 * The SQL-injection lab run as learners get it: through the runner (its own process, network namespace, permission
 * model), attacked through the runner's proxy, fixed by replacing the learner's handler, and graded.
 */
describe('SQL-injection lab through the runner', () => {
  let runner: LabRunner;
  let rootDir: string;
  const key = randomBytes(32);
  const flag = flagFor(key, 'learner-1', 'sqli', 'sqli-runner-1');
  const send =
    (instanceId: string): SendToLab =>
    async (req) => {
      const res = await runner.request(instanceId, req);
      return { status: res.status, headers: res.headers, body: res.body.toString('utf8') };
    };

  beforeAll(async () => {
    rootDir = await mkdtemp(path.join(os.tmpdir(), 'cynex-sqli-runner-'));
    runner = await LabRunner.create({ rootDir });
  });
  afterAll(async () => {
    await runner?.close();
    await rm(rootDir, { recursive: true, force: true });
  });

  it('reveals the flag to a UNION attack at the vulnerable level, and passes the defence check once fixed', async () => {
    await runner.start({ instanceId: 'sqli-runner-1', labId: 'sqli', level: 'vulnerable', flag });
    const attack = await runner.request('sqli-runner-1', {
      path: `/search?q=${encodeURIComponent("zz' UNION SELECT username, password, 'x', 'x', 'x' FROM accounts --")}`,
    });
    expect(attack.status).toBe(200);
    expect(attack.body.toString('utf8')).toContain(flag);
    expect((await runner.events('sqli-runner-1')).map((e) => e.objective)).toContain('sqli-union');
    expect((await gradeSqliDefence(send('sqli-runner-1'))).passed).toBe(false);

    // The learner's fix: the correct level's handler, written in the browser editor.
    const fixed = await readFile(new URL('../apps/sqli/levels/correct/handler.mjs', import.meta.url), 'utf8');
    await runner.reset('sqli-runner-1', { files: { 'handler.mjs': fixed } });
    const again = await runner.request('sqli-runner-1', {
      path: `/search?q=${encodeURIComponent("zz' UNION SELECT username, password, 'x', 'x', 'x' FROM accounts --")}`,
    });
    expect(again.body.toString('utf8')).not.toContain(flag);
    const grade = await gradeSqliDefence(send('sqli-runner-1'));
    expect(grade.checks.filter((c) => !c.passed)).toEqual([]);
    expect(grade.passed).toBe(true);
  });
});
