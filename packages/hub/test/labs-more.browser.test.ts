import { exerciseAnswerKey, loadExercise } from '@cynex/labs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';
import { startTestHub, type TestHub } from './harness.js';

/**
 * More of the labs in the console: a reflected XSS that really runs in the sandboxed lab view and shows up as met in
 * the learner's progress, a hint that costs points, the command-injection lab's terminal onto its emulated shell, and
 * the packet-capture exercise graded right and wrong, with the instructor's view of it.
 */
describe('Labs: XSS, hints, terminal and exercises in the console (Chromium)', { timeout: 300_000 }, () => {
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
    const org = await hub.org('labs-more');
    await hub.user('learner@labs-more.example', { memberships: [{ orgId: org.id, role: 'learner' }] });
    await hub.user('teach@labs-more.example', { memberships: [{ orgId: org.id, role: 'instructor' }] });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });
  afterEach(() => {
    expect(takeCspViolations()).toEqual([]);
    expect(pageErrors.splice(0)).toEqual([]);
  });

  const startLab = async (page: Page, labId: string) => {
    await page.goto(`${base}/labs/${labId}`);
    await page.getByTestId('lab-start').click();
    await page.locator('[data-testid="lab-instance-state"][data-state="running"]').waitFor({ timeout: 90_000 });
  };

  it('an XSS that runs in the lab view is met in the progress; a hint costs its penalty', async () => {
    const context = await newContext(browser, { locale: 'en-GB' });
    const page = await context.newPage();
    watch(page);
    await signInAt(page, base, 'learner@labs-more.example');
    await startLab(page, 'xss');
    expect(await page.getByTestId('lab-objective-xss-reflected').getAttribute('data-solved')).toBe('false');

    const [view] = await Promise.all([context.waitForEvent('page'), page.getByTestId('lab-open').click()]);
    watch(view);
    await view.waitForLoadState('load');
    await view.locator('input[name="q"]').first().fill('<img src=x onerror=alert(document.domain)>');
    await Promise.all([view.waitForURL(/search\?/), view.locator('input[name="q"]').first().press('Enter')]);
    // the script ran in the sandboxed page: the lab's probe reported it, and the lab counted it
    await view.locator('[data-proof-counted="true"]').waitFor({ timeout: 30_000 });
    expect(await view.locator('[data-lab-probe]').textContent()).toContain('A script ran: alert(');
    const learner = await hub.signIn('learner@labs-more.example');
    await expect
      .poll(
        async () => {
          const r = await hub.app.inject({ url: '/api/v1/labs/xss/progress', headers: learner });
          return r.json<{ solved: { objective: string }[] }>().solved.map((s) => s.objective);
        },
        { timeout: 30_000 },
      )
      .toEqual(['xss-reflected']);
    await view.reload();
    expect(await view.locator('[data-lab-flag]').textContent()).toMatch(/cynex\{[0-9a-f]{32}\}/);
    await view.close();

    await page.bringToFront();
    await page.reload();
    await page.locator('[data-testid="lab-objective-xss-reflected"][data-solved="true"]').waitFor();
    expect(await page.getByTestId('lab-score').getAttribute('data-total')).toBe('100');

    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain('10 points');
      void dialog.accept();
    });
    const hints = page.getByTestId('lab-hints').locator('li');
    const firstHint = (await hints.first().getAttribute('data-testid'))!.replace('lab-hint-', '');
    await page.getByTestId(`lab-hint-reveal-${firstHint}`).click();
    await page.locator(`[data-testid="lab-hint-${firstHint}"][data-revealed="true"]`).waitFor();
    expect((await page.getByTestId(`lab-hint-${firstHint}`).textContent())!.length).toBeGreaterThan(20);
    await expect.poll(() => page.getByTestId('lab-score').getAttribute('data-total')).toBe('90');
    await context.close();
  });

  it("the command-injection lab's terminal answers from its emulated shell", async () => {
    const context = await newContext(browser, { locale: 'en-GB' });
    const page = await context.newPage();
    watch(page);
    await signInAt(page, base, 'learner@labs-more.example');
    await startLab(page, 'cmdi');
    const terminal = page.getByTestId('lab-terminal').locator('.lab-terminal[data-ready="true"]');
    await terminal.waitFor();
    await terminal.click();
    await page.keyboard.type('echo hello-from-$(whoami); hostname');
    await page.keyboard.press('Enter');
    const rows = terminal.locator('.xterm-rows');
    await expect.poll(() => rows.textContent(), { timeout: 30_000 }).toContain('hello-from-learner');
    expect(await rows.textContent()).toContain('learner-pc');
    // nothing typed there is an exploit of the diagnostics page
    const learner = await hub.signIn('learner@labs-more.example');
    const progress = await hub.app.inject({ url: '/api/v1/labs/cmdi/progress', headers: learner });
    expect(progress.json<{ solved: unknown[] }>().solved).toEqual([]);
    await context.close();
  });

  it('grades the packet-capture exercise right and wrong; the instructor sees the attempt', async () => {
    const key = await exerciseAnswerKey(await loadExercise('pcap-synscan'));
    const scanners = key.scanners;
    const probed = key['ports-probed'];
    if (scanners?.kind !== 'set' || probed?.kind !== 'number') throw new Error('the exercise changed its questions');

    const context = await newContext(browser, { locale: 'en-GB' });
    const page = await context.newPage();
    watch(page);
    await signInAt(page, base, 'learner@labs-more.example');
    await page.goto(`${base}/labs`);
    await page.getByTestId('exercise-link-pcap-synscan').click();
    await page.getByTestId('exercise-form').waitFor();
    const download = page.getByTestId('exercise-file-synscan.pcapng');
    expect(await download.getAttribute('href')).toBe('/api/v1/exercises/pcap-synscan/files/synscan.pcapng');
    await page.getByTestId('answer-scanners').fill(scanners.values.join('\n'));
    await page.getByTestId('answer-ports-probed').fill(String(probed.value + 7));
    await page.getByTestId('exercise-submit').click();
    await page.getByTestId('exercise-score').waitFor();
    expect(await page.getByTestId('question-scanners').getAttribute('data-status')).toBe('correct');
    expect(await page.getByTestId('question-ports-probed').getAttribute('data-status')).toBe('wrong');
    expect(await page.getByTestId('grade-ports-probed').textContent()).toContain('Wrong');
    const points = Number(await page.getByTestId('exercise-score').getAttribute('data-points'));
    expect(points).toBeGreaterThan(0);
    await context.close();

    const teachContext = await newContext(browser, { locale: 'ja-JP' });
    const teach = await teachContext.newPage();
    watch(teach);
    await signInAt(teach, base, 'teach@labs-more.example');
    await teach.goto(`${base}/labs/results`);
    const row = teach.getByTestId('exercise-result-pcap-synscan');
    await row.waitFor();
    expect(await row.textContent()).toContain('learner@labs-more.example');
    expect(await row.textContent()).toContain('正解 1');
    await teachContext.close();
  });
});
