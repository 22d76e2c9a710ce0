import path from 'node:path';
import { SHIPPED_CONTENT_DIR, loadModule } from '@cynex/courseware';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { CoursewareService } from './courseware.service.js';
import { renderMarkdown } from './markdown.js';

const P = '/api/v1/courseware';
type Headers = Record<string, string>;
const LINUX = path.join(SHIPPED_CONTENT_DIR, 'modules', 'linux-basics');
const toFullWidthUpper = (text: string) =>
  [...text.toUpperCase()]
    .map((c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c))
    .join('');

describe(CoursewareService.name, { timeout: 60_000 }, () => {
  let hub: TestHub;
  const h = {} as Record<'learner' | 'instructor', Headers>;
  const get = (headers: Headers, url: string) => hub.app.inject({ url, headers });

  beforeAll(async () => {
    hub = await startTestHub();
    const org = (await hub.org('cw')).id;
    await hub.user('learner@cw.example', { memberships: [{ orgId: org, role: 'learner' }] });
    await hub.user('teach@cw.example', { memberships: [{ orgId: org, role: 'instructor' }] });
    h.learner = await hub.signIn('learner@cw.example');
    h.instructor = await hub.signIn('teach@cw.example');
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  it('lists the shipped modules and filters them by KSA, level, work role, topic, language and text', async () => {
    expect((await hub.app.inject({ url: `${P}/modules` })).statusCode).toBe(401);
    const all = await get(h.learner, `${P}/modules`);
    expect(all.statusCode, all.body).toBe(200);
    const ids = (r: { json: () => { items: { id: string }[] } }) => r.json().items.map((m) => m.id);
    expect(ids(all)).toEqual(expect.arrayContaining(['linux-basics', 'tcpip-basics', 'sqli-defence']));
    expect(ids(await get(h.learner, `${P}/modules?ksa=K0060`))).toContain('linux-basics');
    expect(ids(await get(h.learner, `${P}/modules?ksa=K0060_1`))).toContain('linux-basics');
    expect(ids(await get(h.learner, `${P}/modules?ksa=K0060_6`))).toEqual([]);
    const byLab = (await get(h.learner, `${P}/modules?q=${encodeURIComponent('SQL')}`)).json().items;
    expect(byLab.map((m: { lab: string | null }) => m.lab)).toContain('sqli');
    const level3 = (await get(h.learner, `${P}/modules?level=3`)).json().items as { acquired: string[] }[];
    expect(level3.length).toBeGreaterThan(0);
    for (const m of level3) expect(m.acquired.some((ref) => ref.endsWith('_3'))).toBe(true);
    expect((await get(h.learner, `${P}/modules?ksa=${encodeURIComponent('<x>')}`)).statusCode).toBe(400);
    expect((await get(h.learner, `${P}/modules/no-such`)).statusCode).toBe(404);
  });

  it('shows the prerequisite and acquired tables with NICE texts and level labels', async () => {
    const r = await get(h.learner, `${P}/modules/linux-basics?lang=ja`);
    expect(r.statusCode).toBe(200);
    const pre = r.json().prerequisiteTable.knowledge as {
      id: string;
      level: number;
      levelLabel: string;
      text: string;
    }[];
    expect(pre.find((k) => k.id === 'K0060')).toMatchObject({ level: 1, levelLabel: '記憶' });
    expect(pre.find((k) => k.id === 'K0060')!.text).toContain('operating systems');
    expect(r.json().pageList.length).toBeGreaterThanOrEqual(3);
  });

  it('never sends the instructor notes to a learner; instructors get them', async () => {
    const { module } = await loadModule(LINUX, {});
    const page = module!.pages[0]!;
    const notes = page.variants.ja!.instructor;
    const asLearner = await get(h.learner, `${P}/modules/linux-basics/pages/${page.id}?lang=ja`);
    expect(asLearner.statusCode, asLearner.body).toBe(200);
    expect(asLearner.json()).not.toHaveProperty('instructor');
    expect(asLearner.body).not.toContain(notes.goal.slice(0, 30));
    expect(asLearner.json().html).toContain('<h');
    const asInstructor = await get(h.instructor, `${P}/modules/linux-basics/pages/${page.id}?lang=ja`);
    expect(asInstructor.json().instructor).toEqual(notes);
    const english = await get(h.learner, `${P}/modules/linux-basics/pages/${page.id}?lang=en`);
    expect(english.json()).toMatchObject({ lang: 'en', prev: null, next: module!.pages[1]!.id });
  });

  it('checks quiz answers without ever sending them', async () => {
    const quiz = await get(h.learner, `${P}/modules/linux-basics/quiz?lang=en`);
    expect(quiz.statusCode).toBe(200);
    expect(quiz.body).not.toMatch(/"answer"|"explanation"/);
    const { module } = await loadModule(LINUX, {});
    // one accepted answer of a short item, typed in full-width capitals: still right
    const right = Object.fromEntries(
      module!.quiz.map((item) => [item.id, item.kind === 'short' ? toFullWidthUpper(item.answer[0]!) : item.answer]),
    );
    const checked = await hub.app.inject({
      method: 'POST',
      url: `${P}/modules/linux-basics/quiz/check?lang=en`,
      headers: h.learner,
      payload: { answers: right },
    });
    expect(checked.statusCode, checked.body).toBe(200);
    expect(checked.json().score).toBe(checked.json().max);
    const wrong = await hub.app.inject({
      method: 'POST',
      url: `${P}/modules/linux-basics/quiz/check`,
      headers: h.learner,
      payload: { answers: { [module!.quiz[0]!.id]: 'zz' } },
    });
    expect(wrong.json().results[0].correct).toBe(false);
    const unknown = await hub.app.inject({
      method: 'POST',
      url: `${P}/modules/linux-basics/quiz/check`,
      headers: h.learner,
      payload: { answers: { 'no-such': 'a' } },
    });
    expect(unknown.statusCode).toBe(400);
  });

  it("computes a course's coverage of a work role", async () => {
    const courses = await get(h.learner, `${P}/courses`);
    expect(courses.json().items.map((c: { id: string }) => c.id)).toContain('web-security');
    const r = await get(h.learner, `${P}/courses/web-security/coverage?workRole=PR-VAM-001&lang=ja`);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.workRole.id).toBe('PR-VAM-001');
    expect(body.covered.length + body.missing.length).toBeGreaterThan(0);
    expect(body.share).toBeCloseTo(body.covered.length / (body.covered.length + body.missing.length));
    expect((await get(h.learner, `${P}/courses/web-security/coverage?workRole=XX-NOPE-001`)).statusCode).toBe(400);
    expect((await get(h.learner, `${P}/work-roles`)).json().items.length).toBe(52);
  });
});

describe(renderMarkdown.name, () => {
  it('shows raw HTML as text, drops unsafe links and images from elsewhere, serves module assets', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n[x](javascript:alert(1)) [ok](https://example.org) ![a](https://evil.example/p.png) ![b](assets/fig.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |',
      { assetBase: '/api/v1/courseware/modules/m/assets/' },
    );
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('rel="noopener noreferrer"');
    expect(html).not.toContain('evil.example');
    expect(html).toContain('src="/api/v1/courseware/modules/m/assets/fig.png"');
    expect(html).toContain('<table>');
  });
});
