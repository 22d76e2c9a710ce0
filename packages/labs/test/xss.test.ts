import { parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import { gradeXssDefence, xssObjectivesMet } from '../src/graders/xss.js';
import { whereMarkerRuns } from '../src/graders/xss-lab-pages.js';
import { labProcesses, type RunningLab } from './lab-process.js';

const startLab = labProcesses('xss');

interface Page {
  status: number;
  body: string;
  renderId: string;
}

function renderIdOf(body: string): string {
  return /<meta name="lab-render" content="([^"]+)">/.exec(body)?.[1] ?? '';
}

async function get(lab: RunningLab, path: string): Promise<Page> {
  const res = await lab.send({ method: 'GET', path });
  return { status: res.status, body: res.body, renderId: renderIdOf(res.body) };
}

const search = (lab: RunningLab, q: string) => get(lab, `/search?lang=en&q=${encodeURIComponent(q)}`);

/** Posts through the form; returns the new post's page path from the redirect. */
async function post(lab: RunningLab, name: string, body: string): Promise<string> {
  const res = await lab.send({
    method: 'POST',
    path: '/post?lang=en',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name, body }).toString(),
  });
  expect(res.status).toBe(303);
  return `/${String(res.headers.location)}`;
}

/** What lab-probe.js sends when alert() runs in the page with this render id. */
async function prove(lab: RunningLab, render: string, message = '1') {
  const res = await lab.send({
    method: 'POST',
    path: '/__xss',
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify({ render, kind: 'alert', message }),
  });
  return { status: res.status, ...(JSON.parse(res.body) as { counted: boolean; reason?: string; flag?: string }) };
}

/** Whether the page, parsed as a browser parses it, would run `alert(marker)`. */
const runsMarker = (body: string, marker: string) => whereMarkerRuns(parse(body), marker).length > 0;

describe('the XSS lab (message board)', () => {
  it('answers in Japanese by default and in English on request, with the probe inline and first, and no external resources', async () => {
    const lab = await startLab('correct');
    const ja = await lab.send({ method: 'GET', path: '/' });
    expect(ja.status).toBe(200);
    expect(ja.body).toContain('社内掲示板');
    expect(ja.body).toContain('忘年会のお知らせ');
    expect(ja.body).toMatch(/<meta name="lab-render" content="[\w-]{22}">\n<script>\/\/ The lab's probe/);
    expect(ja.body).toContain("['alert', 'confirm', 'prompt', 'print']");
    expect(ja.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
    const en = await lab.send({ method: 'GET', path: '/search', headers: { 'accept-language': 'en-US,en;q=0.8' } });
    expect(en.body).toContain('Search posts');
    expect(ja.body + en.body).not.toMatch(/(src|href|action)="(https?:|\/)/);
    const probe = await lab.send({ method: 'GET', path: '/lab-probe.js' });
    expect(probe.headers['content-type']).toMatch(/^text\/javascript/);
    expect(probe.body).toContain("['alert', 'confirm', 'prompt', 'print']");
  });

  it('at vulnerable, alert() from a search reports itself, records xss-reflected and the next page shows the flag', async () => {
    const lab = await startLab('vulnerable');
    const page = await search(lab, '<img src=x onerror=alert(1)>');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h2>Results for “<img src=x onerror=alert(1)>”</h2>');
    expect(page.body).not.toContain(lab.flag);
    const proof = await prove(lab, page.renderId);
    expect(proof).toMatchObject({ status: 200, counted: true, flag: lab.flag });
    const events = await lab.events();
    expect(events).toEqual([
      expect.objectContaining({
        type: 'exploit',
        objective: 'xss-reflected',
        detail: expect.stringContaining('img[onerror]'),
      }),
    ]);
    expect(xssObjectivesMet(events)).toEqual({ 'xss-reflected': true, 'xss-stored': false });
    expect((await get(lab, '/')).body).toContain(lab.flag);
    // The same page reporting again records nothing new.
    await prove(lab, page.renderId);
    expect(await lab.events()).toHaveLength(1);
  });

  it('at vulnerable, a post with <svg onload> records xss-stored from its page and from the board', async () => {
    const lab = await startLab('vulnerable');
    const postPath = await post(lab, 'Mallory', 'Hello <svg onload=alert(document.domain)>');
    const postPage = await get(lab, postPath);
    expect(postPage.body).toContain('<svg onload=alert(document.domain)>');
    const board = await get(lab, '/');
    expect((await prove(lab, postPage.renderId)).counted).toBe(true);
    expect((await prove(lab, board.renderId)).counted).toBe(true);
    const events = await lab.events();
    expect(events.map((e) => e.objective)).toEqual(['xss-stored', 'xss-stored']);
    expect(events[0]!.detail).toContain('the post page');
    expect(events[1]!.detail).toContain('the board page');
    expect(xssObjectivesMet(events)).toEqual({ 'xss-reflected': false, 'xss-stored': true });
    expect((await get(lab, '/search?lang=en')).body).toContain(lab.flag);
  });

  it('counts no report from a page that showed every input as text, an unknown render id, or a malformed report', async () => {
    const lab = await startLab('vulnerable');
    const clean = await search(lab, '忘年会');
    expect(await prove(lab, clean.renderId)).toMatchObject({ counted: false, reason: expect.stringContaining('text') });
    // HTML that cannot run script is not XSS either.
    expect((await prove(lab, (await search(lab, '<b>bold</b>')).renderId)).counted).toBe(false);
    expect((await prove(lab, 'AAAAAAAAAAAAAAAAAAAAAA')).counted).toBe(false);
    for (const body of ['', '{', 'render=x', '{"render":1}', `{"render":"${clean.renderId}","kind":"eval"}`]) {
      const res = await lab.send({ method: 'POST', path: '/__xss', body });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ counted: false });
    }
    expect(await lab.events()).toEqual([]);
    expect((await get(lab, '/')).body).not.toContain(lab.flag);
  });

  it('at naive, <script> is stripped, but <img onerror>, <scr<script>ipt> and an attribute breakout still run', async () => {
    const lab = await startLab('naive');
    const stripped = await search(lab, "<script>alert('xssplain1')</script>");
    expect(runsMarker(stripped.body, 'xssplain1')).toBe(false);
    expect((await prove(lab, stripped.renderId)).counted).toBe(false);
    expect(await lab.events()).toEqual([]);

    for (const payload of [
      "<img src=x onerror=alert('xssbypass')>",
      "<scr<script>ipt>alert('xssbypass')</scr</script>ipt>",
      "\"><svg onload=alert('xssbypass')>",
    ]) {
      const page = await search(lab, payload);
      expect(runsMarker(page.body, 'xssbypass'), payload).toBe(true);
      expect((await prove(lab, page.renderId)).counted, payload).toBe(true);
    }
    const stored = await get(
      lab,
      await post(lab, 'Mallory', "<SCRIPT>alert('x')</SCRIPT><details open ontoggle=alert(1)>"),
    );
    expect((await prove(lab, stored.renderId)).counted).toBe(true);
    expect(xssObjectivesMet(await lab.events())).toEqual({ 'xss-reflected': true, 'xss-stored': true });
  });

  it('at correct, every payload shows as text, nothing counts and the board still works', async () => {
    const lab = await startLab('correct');
    const payloads = [
      "<img src=x onerror=alert('xssfixed1')>",
      "<scr<script>ipt>alert('xssfixed1')</scr</script>ipt>",
      "\"><svg onload=alert('xssfixed1')>",
      "' autofocus onfocus=alert('xssfixed1') x='",
    ];
    for (const payload of payloads) {
      const page = await search(lab, payload);
      expect(page.status).toBe(200);
      expect(runsMarker(page.body, 'xssfixed1')).toBe(false);
      expect((await prove(lab, page.renderId)).counted).toBe(false);
      const stored = await get(lab, await post(lab, 'Mallory', payload));
      expect(runsMarker(stored.body, 'xssfixed1')).toBe(false);
      expect((await prove(lab, stored.renderId)).counted).toBe(false);
    }
    const board = await get(lab, '/');
    expect(board.body).toContain('&lt;img src=x onerror=alert(&#39;xssfixed1&#39;)&gt;');
    expect((await prove(lab, board.renderId)).counted).toBe(false);
    expect(await lab.events()).toEqual([]);
    expect(board.body).not.toContain(lab.flag);
  });
});

describe('the XSS lab with bad input', () => {
  it('answers 400 or 413 to oversized, malformed and odd input and keeps running', async () => {
    const lab = await startLab('vulnerable');
    expect((await search(lab, 'x'.repeat(201))).status).toBe(400);
    expect((await get(lab, '/post?id=abc')).status).toBe(400);
    expect((await get(lab, '/post?id=1234567890')).status).toBe(400);
    expect((await get(lab, '/post?id=99999')).status).toBe(404);
    expect((await get(lab, '/nowhere')).status).toBe(404);
    expect((await get(lab, '/search?q=%ff%fe%00%c3%28')).status).toBe(200);
    const form = (body: string) =>
      lab.send({
        method: 'POST',
        path: '/post',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    expect((await form('name=&body=hello')).status).toBe(400);
    expect((await form(`name=${'n'.repeat(61)}&body=hello`)).status).toBe(400);
    expect((await form('name=a&body=%00zero')).status).toBe(400);
    expect((await form(`name=a&body=${'b'.repeat(17 * 1024)}`)).status).toBe(413);
    expect((await lab.send({ method: 'POST', path: '/__xss', body: 'x'.repeat(5000) })).status).toBe(413);
    expect((await lab.send({ method: 'POST', path: '/' })).status).toBe(405);
    expect((await get(lab, '/healthz')).status).toBe(200);
    expect((await get(lab, '/')).body).toContain('忘年会のお知らせ');
    expect(await lab.events()).toEqual([]);
  });

  it('still starts with a render.mjs that does not load, and shows why', async () => {
    const lab = await startLab('correct', {
      'render.mjs': 'export function postItem(post) {\n  return `<p>${post.name\n',
    });
    const board = await get(lab, '/?lang=en');
    expect(board.status).toBe(500);
    expect(board.body).toContain('render.mjs did not load');
    expect((await gradeXssDefence(lab.send)).passed).toBe(false);
  });
});

describe(gradeXssDefence.name, () => {
  // Raw interpolation also loses what people type (<b>…</b> turns bold, &amp; becomes &, a quote ends the search
  // field's value): those functional checks fail wherever the output is not escaped.
  const unescaped = ['post-shows-literal', 'board-shows-literal', 'search-shows-literal'];
  it.each([
    ['vulnerable', false, unescaped],
    ['naive', false, unescaped],
    ['correct', true, []],
  ] as const)('at %s the defence passes: %s; failing functional checks: %j', async (level, passes, brokenFunctions) => {
    const lab = await startLab(level);
    const started = performance.now();
    const result = await gradeXssDefence(lab.send);
    const ms = Math.round(performance.now() - started);
    const failed = result.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.detail}`);
    const report = `grader at ${level} (${ms} ms): ${failed.length} of ${result.checks.length} checks failed\n  ${failed.join('\n  ')}`;
    expect(result.passed, report).toBe(passes);
    const functionChecks = result.checks.filter((c) => c.kind === 'function');
    expect(functionChecks.filter((c) => !c.passed).map((c) => c.id)).toEqual(brokenFunctions);
    const failingExploits = result.checks.filter((c) => c.kind === 'exploit' && !c.passed).map((c) => c.id);
    if (level === 'vulnerable') expect(failingExploits).toHaveLength(11);
    if (level === 'naive') {
      expect(failingExploits).toEqual(
        expect.arrayContaining(['nested-script', 'img-onerror', 'svg-onload', 'attribute-breakout', 'post-name']),
      );
      expect(failingExploits).not.toContain('script-tag');
    }
    if (level === 'correct') expect(result.checks.every((c) => c.passed)).toBe(true);
  });
});
