import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabRunner, flagFor, type SendToLab } from '../src/index.js';
import { csrfObjectivesMet, gradeCsrfDefence } from '../src/graders/csrf.js';
import { VICTIM, csrfLabClient } from '../src/graders/csrf-lab-pages.js';

/**
 * The CSRF lab run as learners get it: through the runner (its own process, network namespace, permission model),
 * attacked through the runner's proxy with a page in the attacker's web space, fixed by replacing the learner's
 * handler, and graded.
 */
describe('CSRF lab through the runner', () => {
  let runner: LabRunner;
  let rootDir: string;
  const key = randomBytes(32);
  const flag = flagFor(key, 'learner-1', 'csrf', 'csrf-runner-1');
  const send =
    (instanceId: string): SendToLab =>
    async (req) => {
      const res = await runner.request(instanceId, req);
      return { status: res.status, headers: res.headers, body: res.body.toString('utf8') };
    };
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const attackerPage = `<form method="post" action="http://points.minato-shoji.example/transfer">
<input type="hidden" name="to" value="t.tanaka"><input type="hidden" name="amount" value="20000"></form>
<form method="post" action="http://points.minato-shoji.example/settings"><input name="email" value="x@attacker.example"></form>
<script>document.forms[0].submit()</script>`;

  /** Signs in as the learner, saves the attacker page and reports it; the report page's HTML. */
  async function attack(instanceId: string): Promise<string> {
    const { session } = await csrfLabClient(send(instanceId)).signIn(VICTIM.user, VICTIM.password);
    expect(session).toBeDefined();
    const saved = await runner.request(instanceId, {
      method: 'POST',
      path: '/attacker',
      headers: form,
      body: new URLSearchParams({ html: attackerPage }).toString(),
    });
    expect(saved.status).toBe(200);
    const reported = await runner.request(instanceId, {
      method: 'POST',
      path: '/report?lang=en',
      headers: { ...form, cookie: `shop_sid=${session}` },
      body: new URLSearchParams({ url: 'http://attacker.example/', message: 'please look' }).toString(),
    });
    expect(reported.status).toBe(200);
    return reported.body.toString('utf8');
  }

  beforeAll(async () => {
    rootDir = await mkdtemp(path.join(os.tmpdir(), 'cynex-csrf-runner-'));
    runner = await LabRunner.create({ rootDir });
  });
  afterAll(async () => {
    await runner?.close();
    await rm(rootDir, { recursive: true, force: true });
  });

  it('reveals the flag to a forged form at the vulnerable level, and passes the defence check once fixed', async () => {
    await runner.start({ instanceId: 'csrf-runner-1', labId: 'csrf', level: 'vulnerable', flag });
    expect(await attack('csrf-runner-1')).toContain(flag);
    expect(csrfObjectivesMet(await runner.events('csrf-runner-1'))).toEqual({
      'csrf-transfer': true,
      'csrf-email': true,
    });
    expect((await gradeCsrfDefence(send('csrf-runner-1'))).passed).toBe(false);

    // The learner's fix: the correct level's handler, written in the browser editor.
    const fixed = await readFile(new URL('../apps/csrf/levels/correct/handler.mjs', import.meta.url), 'utf8');
    await runner.reset('csrf-runner-1', { files: { 'handler.mjs': fixed } });
    expect(await attack('csrf-runner-1')).not.toContain(flag);
    const grade = await gradeCsrfDefence(send('csrf-runner-1'));
    expect(grade.checks.filter((c) => !c.passed)).toEqual([]);
    expect(grade.passed).toBe(true);
  });
});
