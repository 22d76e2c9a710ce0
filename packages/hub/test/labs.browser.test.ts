import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';
import { startTestHub, type TestHub } from './harness.js';

const UNION = "zz' UNION SELECT username, password, 'x', 'x', 'x' FROM accounts --";
const CORRECT_HANDLER = new URL('../../labs/apps/sqli/levels/correct/handler.mjs', import.meta.url);

const attributes = async (list: Locator, name: string) =>
  Promise.all((await list.all()).map((item) => item.getAttribute(name)));

/**
 * The console's labs: a learner starts the SQL injection lab, exploits it in the lab's own tab, submits the flag,
 * fixes the handler in the editor and passes the defence check; a second learner's copied flag is wrong to them and
 * shown to the instructor as shared; the lab page reads in Japanese.
 */
describe('Labs in the console (Chromium)', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  const pageErrors: string[] = [];
  const watch = (page: Page) => page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));

  beforeAll(async () => {
    hub = await startTestHub({ labsListen: { host: '127.0.0.1', port: 0 } });
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const address = hub.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });
  afterEach(() => {
    expect(takeCspViolations()).toEqual([]);
    expect(pageErrors.splice(0)).toEqual([]);
  });

  it('starts, exploits, flags, fixes and defends the SQL injection lab; the instructor sees shared flags', async () => {
    const org = await hub.org('labs-ui');
    await hub.user('l1@labs-ui.example', { memberships: [{ orgId: org.id, role: 'learner' }] });
    await hub.user('l2@labs-ui.example', { memberships: [{ orgId: org.id, role: 'learner' }] });
    await hub.user('teach@labs-ui.example', { memberships: [{ orgId: org.id, role: 'instructor' }] });

    // learner 1: the catalogue, then the lab
    const context = await newContext(browser, { locale: 'en-GB' });
    const page = await context.newPage();
    watch(page);
    await signInAt(page, base, 'l1@labs-ui.example');
    await page.getByTestId('nav-labs').click();
    await page.getByTestId('lab-card-sqli').waitFor();
    expect(await page.getByTestId('labs-title').textContent()).toBe('Hands-on labs');
    expect(await page.getByTestId('labs-results-link').count()).toBe(0);
    expect(await page.getByTestId('lab-state-sqli').textContent()).toContain('Not started');
    await page.getByTestId('lab-link-sqli').click();
    await page.getByTestId('lab-start').waitFor();
    expect(await page.getByTestId('lab-title').textContent()).toBe('SQL injection: the staff directory');
    expect(await page.getByTestId('lab-level').inputValue()).toBe('vulnerable');
    await page.getByTestId('lab-start').click();
    await page.locator('[data-testid="lab-instance-state"][data-state="running"]').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('lab-instance-level').textContent()).toBe('Vulnerable');

    // the lab opens in a tab of its own, on the labs' origin
    const [view] = await Promise.all([context.waitForEvent('page'), page.getByTestId('lab-open').click()]);
    watch(view);
    await view.waitForLoadState('load');
    const viewUrl = new URL(view.url());
    expect(viewUrl.origin).not.toBe(base);
    expect(viewUrl.pathname).toMatch(/^\/i\/[0-9a-f-]{36}\/$/);
    expect(viewUrl.searchParams.has('t')).toBe(false);
    await view.locator('a[href^="search"]').first().click();
    await view.locator('input[name="q"]').waitFor();
    await view.locator('input[name="q"]').fill(UNION);
    await Promise.all([view.waitForURL(/search\?/), view.locator('input[name="q"]').press('Enter')]);
    const flagText = await view.locator('[data-lab-flag] code').textContent({ timeout: 30_000 });
    const flag1 = /cynex\{[0-9a-f]{32}\}/.exec(flagText ?? '')?.[0];
    expect(flag1).toBeDefined();
    // a POST form (the sign-in) reaches the lab too: the view cookie goes with a form sent from the sandboxed page
    await view.locator('a[href^="login"]').first().click();
    await view.locator('input[name="username"]').fill('admin');
    await view.locator('input[name="password"]').fill('not-the-password');
    await Promise.all([view.waitForURL(/login\?/), view.locator('input[name="password"]').press('Enter')]);
    await view.locator('[data-login="failed"]').waitFor();
    await view.close();

    // the flag, in the console
    await page.bringToFront();
    await page.getByTestId('lab-flag-input').fill('cynex{nope}');
    await page.getByTestId('lab-flag-submit').click();
    await page.locator('[data-testid="lab-flag-verdict"][data-verdict="wrong"]').waitFor();
    await page.getByTestId('lab-flag-input').fill(flag1!);
    await page.getByTestId('lab-flag-submit').click();
    await page.locator('[data-testid="lab-flag-verdict"][data-verdict="correct"]').waitFor();
    expect(await page.getByTestId('lab-flag-verdict').textContent()).toContain('Correct');
    expect(await page.getByTestId('lab-flag-accepted').textContent()).toContain('Flag accepted');

    // the fix: the correct level's handler, saved (the lab restarts) and graded
    const handler = await readFile(CORRECT_HANDLER, 'utf8');
    const editor = page.getByTestId('lab-editor-text');
    await editor.waitFor();
    expect(await editor.inputValue()).toContain('export');
    await editor.fill(handler);
    await page.getByTestId('lab-editor-save').click();
    await page.getByTestId('lab-editor-saved').waitFor({ timeout: 90_000 });
    expect(await editor.inputValue()).toBe(handler);
    await page.getByTestId('lab-defence-run').click();
    const result = page.getByTestId('lab-defence-result');
    await result.waitFor({ timeout: 180_000 });
    expect(await result.getAttribute('data-passed')).toBe('true');
    const checks = page.getByTestId('lab-defence-checks').locator('tbody tr');
    expect(await checks.count()).toBeGreaterThan(3);
    const passedAttributes = await attributes(checks, 'data-passed');
    expect(new Set(passedAttributes)).toEqual(new Set(['true']));
    const kinds = await checks.locator('td:first-child').allTextContents();
    expect(new Set(kinds)).toEqual(new Set(['Attack', 'Function']));
    expect(await page.locator('[data-testid="lab-objective-sqli-defence"]').getAttribute('data-solved')).toBe('true');

    // in Japanese
    await page.getByTestId('lang-switch').selectOption('ja');
    await expect.poll(() => page.locator('#lab-instance-title').textContent()).toBe('あなたのインスタンス');
    expect(await page.getByTestId('lab-title').textContent()).toBe('SQL インジェクション: 社員名簿');
    expect(await page.getByTestId('lab-defence-run').textContent()).toBe('防御を確認');
    expect(await page.getByTestId('lab-open').textContent()).toBe('演習を開く');
    expect(await page.getByTestId('lab-instance-state').textContent()).toBe('実行中');
    expect(await page.getByTestId('lab-defence-checks').locator('th').first().textContent()).toBe('種類');
    await context.close();

    // learner 2 (through the API) submits learner 1's flag on their own instance
    const learner2 = await hub.signIn('l2@labs-ui.example');
    const started = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/labs/sqli/instances',
      headers: learner2,
      payload: { level: 'vulnerable' },
    });
    expect(started.statusCode, started.body).toBe(201);
    const submitted = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/lab-instances/${started.json<{ id: string }>().id}/flag`,
      headers: learner2,
      payload: { flag: flag1 },
    });
    expect(submitted.json()).toEqual({ verdict: 'wrong' });

    // the instructor's results
    const teachContext = await newContext(browser, { locale: 'en-GB' });
    const teach = await teachContext.newPage();
    watch(teach);
    await signInAt(teach, base, 'teach@labs-ui.example');
    await teach.getByTestId('nav-labs').click();
    await teach.getByTestId('labs-results-link').click();
    await teach.getByTestId('lab-results-table').waitFor();
    const rows = teach.getByTestId('lab-results-table').locator('tbody tr');
    expect(await rows.count()).toBe(2);
    const row1 = rows.filter({ hasText: 'l1@labs-ui.example' });
    const row2 = rows.filter({ hasText: 'l2@labs-ui.example' });
    expect(await attributes(row1.locator('[data-objective]'), 'data-objective')).toEqual(
      expect.arrayContaining(['sqli-union', 'sqli-defence']),
    );
    expect(await row1.getByTestId('lab-result-defence').getAttribute('data-passed')).toBe('true');
    expect(await row1.getByTestId('lab-result-defence').textContent()).toContain('Passed');
    expect(await row1.getByTestId('lab-result-flags').textContent()).toContain('1 correct');
    expect(await row1.getByTestId('lab-result-shared').count()).toBe(0);
    expect(await row2.getByTestId('lab-result-shared').textContent()).toContain('Flag shared from l1');
    expect(await row2.getByTestId('lab-result-solves').textContent()).toBe('None');
    await teachContext.close();
  });
});
