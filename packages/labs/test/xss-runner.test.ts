import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabRunner, flagFor, type SendToLab } from '../src/index.js';
import { gradeXssDefence, xssObjectivesMet } from '../src/graders/xss.js';

/**
 * The XSS lab run as learners get it: through the runner (its own process, network namespace, permission model),
 * attacked through the runner's proxy (the report lab-probe.js sends included), fixed by replacing the learner's
 * render.mjs, and graded.
 */
describe('XSS lab through the runner', () => {
  let runner: LabRunner;
  let rootDir: string;
  const key = randomBytes(32);
  const flag = flagFor(key, 'learner-1', 'xss', 'xss-runner-1');
  const send =
    (instanceId: string): SendToLab =>
    async (req) => {
      const res = await runner.request(instanceId, req);
      return { status: res.status, headers: res.headers, body: res.body.toString('utf8') };
    };
  const PAYLOAD = `/search?lang=en&q=${encodeURIComponent('<img src=x onerror=alert(1)>')}`;
  const renderIdOf = (body: string) => /<meta name="lab-render" content="([^"]+)">/.exec(body)?.[1] ?? '';
  /** What lab-probe.js sends when alert(1) runs in the page. */
  const prove = async (renderId: string) => {
    const res = await runner.request('xss-runner-1', {
      method: 'POST',
      path: '/__xss',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ render: renderId, kind: 'alert', message: '1' }),
    });
    return JSON.parse(res.body.toString('utf8')) as { counted: boolean };
  };

  beforeAll(async () => {
    rootDir = await mkdtemp(path.join(os.tmpdir(), 'cynex-xss-runner-'));
    runner = await LabRunner.create({ rootDir });
  });
  afterAll(async () => {
    await runner?.close();
    await rm(rootDir, { recursive: true, force: true });
  });

  it('records a reflected XSS at the vulnerable level and shows the flag, and passes the defence check once fixed', async () => {
    await runner.start({ instanceId: 'xss-runner-1', labId: 'xss', level: 'vulnerable', flag });
    const attack = await runner.request('xss-runner-1', { path: PAYLOAD });
    expect(attack.status).toBe(200);
    expect(attack.body.toString('utf8')).toContain('<img src=x onerror=alert(1)>');
    expect(await prove(renderIdOf(attack.body.toString('utf8')))).toMatchObject({ counted: true });
    expect(xssObjectivesMet(await runner.events('xss-runner-1'))['xss-reflected']).toBe(true);
    const next = await runner.request('xss-runner-1', { path: '/' });
    expect(next.body.toString('utf8')).toContain(flag);
    expect((await gradeXssDefence(send('xss-runner-1'))).passed).toBe(false);

    // The learner's fix: the correct level's render.mjs, written in the browser editor.
    const fixed = await readFile(new URL('../apps/xss/levels/correct/render.mjs', import.meta.url), 'utf8');
    await runner.reset('xss-runner-1', { files: { 'render.mjs': fixed } });
    const again = await runner.request('xss-runner-1', { path: PAYLOAD });
    const body = again.body.toString('utf8');
    expect(body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(body).not.toContain(flag);
    expect(await prove(renderIdOf(body))).toMatchObject({ counted: false });
    expect(await runner.events('xss-runner-1')).toEqual([]);
    const grade = await gradeXssDefence(send('xss-runner-1'));
    expect(grade.checks.filter((c) => !c.passed)).toEqual([]);
    expect(grade.passed).toBe(true);
  });
});
