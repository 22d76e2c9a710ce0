import path from 'node:path';
import { SHIPPED_CONTENT_DIR, loadModule } from '@cynex/courseware';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';
import { startTestHub, type TestHub } from './harness.js';

const MODULE = 'linux-basics';
const PAGE_1 = '01-shell-and-files';
const PAGE_2 = '02-users-and-permissions';

/** The instructor goal of a shipped page, in both languages, as its page files give it. */
async function instructorGoals(moduleId: string, pageId: string): Promise<{ ja: string; en: string }> {
  const { module, errors } = await loadModule(path.join(SHIPPED_CONTENT_DIR, 'modules', moduleId));
  if (!module) throw new Error(`the shipped module ${moduleId} does not load: ${JSON.stringify(errors)}`);
  const page = module.pages.find((p) => p.id === pageId);
  const ja = page?.variants.ja?.instructor.goal;
  const en = page?.variants.en?.instructor.goal;
  if (!ja || !en) throw new Error(`${moduleId}/${pageId} lost its instructor goals`);
  return { ja, en };
}

/**
 * Training in the console: a learner finds a module by a KSA, reads its prerequisite table, pages through the reader
 * and switches the text's language, and never receives the instructor notes (neither on screen nor in the API); an
 * instructor sees them beside the same page; a course shows how much of a NICE work role it covers.
 */
describe('Training (courseware) in the console (Chromium)', { timeout: 180_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  const pageErrors: string[] = [];
  const watch = (page: Page) => page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const address = hub.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
    const org = await hub.org('training');
    await hub.user('learner@training.example', { memberships: [{ orgId: org.id, role: 'learner' }] });
    await hub.user('teach@training.example', { memberships: [{ orgId: org.id, role: 'instructor' }] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });
  afterEach(() => {
    expect(takeCspViolations()).toEqual([]);
    expect(pageErrors.splice(0)).toEqual([]);
  });

  it('a learner filters by KSA, reads the tables and pages, and never gets the instructor notes', async () => {
    const goals = await instructorGoals(MODULE, PAGE_2);
    const learner = await hub.signIn('learner@training.example');
    const expected = await hub.app.inject({ url: '/api/v1/courseware/modules?ksa=K0060', headers: learner });
    expect(expected.statusCode, expected.body).toBe(200);
    const withK0060 = expected.json<{ items: { id: string }[] }>().items.map((m) => m.id);
    expect(withK0060).toContain(MODULE);

    const context = await newContext(browser, { locale: 'ja-JP' });
    const page = await context.newPage();
    watch(page);
    await signInAt(page, base, 'learner@training.example');
    await page.getByTestId('nav-training').click();
    await page.getByTestId(`training-module-card-${MODULE}`).waitFor();
    await page.getByTestId('training-filter-ksa').fill('K0060');
    await page.waitForURL(/[?&]ksa=K0060(&|$)/);
    const cards = page.locator('[data-testid^="training-module-card-"]');
    await expect
      .poll(async () => (await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).sort())
      .toEqual(withK0060.map((id) => `training-module-card-${id}`).sort());

    // the filter is a history entry: back shows the whole catalogue again, forward the filtered one
    await page.goBack();
    await expect.poll(() => page.getByTestId('training-filter-ksa').inputValue()).toBe('');
    await page.goForward();
    await expect.poll(() => page.getByTestId('training-filter-ksa').inputValue()).toBe('K0060');

    await page.getByTestId(`training-module-link-${MODULE}`).click();
    const prerequisite = page.getByTestId('training-prerequisites').getByTestId('training-ksa-K0060');
    await prerequisite.waitFor();
    expect(await prerequisite.getAttribute('data-ksa')).toBe('K0060_1');
    expect(await prerequisite.textContent()).toContain('K0060_1');
    expect(await prerequisite.textContent()).toContain('記憶');
    // the NICE statement opens from the keyboard
    await prerequisite.locator('summary').focus();
    await page.keyboard.press('Enter');
    await prerequisite.locator('.ksa-text').waitFor({ state: 'visible' });

    // the quiz: octal 750 for rwxr-x--- is right, and the item says so with its explanation
    await page.getByTestId('training-quiz-answer-q2').fill('750');
    await page.getByTestId('training-quiz-check').click();
    await page.locator('[data-testid="training-quiz-item-q2"][data-correct="true"]').waitFor();
    expect(await page.getByTestId('training-quiz-result-q2').textContent()).toContain('750');

    await page.getByTestId(`training-page-link-${PAGE_1}`).click();
    const reader = page.getByTestId('training-reader');
    await page.locator(`[data-testid="training-reader"][data-page="${PAGE_1}"][data-lang="ja"]`).waitFor();
    expect(await page.getByTestId('training-page-position').textContent()).toBe('3 ページ中 1 ページ目');
    expect(await page.getByTestId('training-page-html').locator('h1').first().textContent()).toBe(
      'シェルとファイル操作',
    );
    expect(await page.getByTestId('training-breadcrumbs').textContent()).toContain('Linux の基礎');

    await page.getByTestId('training-page-next').click();
    await page.locator(`[data-testid="training-reader"][data-page="${PAGE_2}"][data-lang="ja"]`).waitFor();
    expect(await page.getByTestId('training-page-position').textContent()).toBe('3 ページ中 2 ページ目');
    expect(await page.getByTestId('training-page-acquired').textContent()).toContain('S0067_3');

    await page.getByTestId('training-content-lang-en').click();
    await page.locator(`[data-testid="training-reader"][data-page="${PAGE_2}"][data-lang="en"]`).waitFor();
    expect(await page.getByTestId('training-page-title').textContent()).toBe('Users and permissions');
    expect(await page.getByTestId('training-content-lang-en').getAttribute('aria-pressed')).toBe('true');
    // the console's own language stays Japanese
    expect(await page.getByTestId('training-page-position').textContent()).toBe('3 ページ中 2 ページ目');
    expect(await reader.textContent()).not.toContain(goals.en);
    expect(await page.getByTestId('training-instructor-notes').count()).toBe(0);

    for (const lang of ['ja', 'en']) {
      const response = await hub.app.inject({
        url: `/api/v1/courseware/modules/${MODULE}/pages/${PAGE_2}?lang=${lang}`,
        headers: learner,
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(Object.keys(response.json<Record<string, unknown>>())).not.toContain('instructor');
      expect(response.body).not.toContain(goals.ja);
      expect(response.body).not.toContain(goals.en);
    }
    await context.close();
  });

  it('an instructor sees the instructor notes beside the same page', async () => {
    const goals = await instructorGoals(MODULE, PAGE_2);
    const context = await newContext(browser, { locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    watch(page);
    await signInAt(page, base, 'teach@training.example');
    await page.goto(`${base}/training/modules/${MODULE}/pages/${PAGE_2}`);
    const notes = page.getByTestId('training-instructor-notes');
    await notes.waitFor();
    expect(await page.getByTestId('training-reader').getAttribute('data-lang')).toBe('en');
    expect(await notes.textContent()).toContain('Instructor notes');
    expect(await page.getByTestId('training-instructor-goal').textContent()).toBe(goals.en);
    const text = await page.getByTestId('training-page-html').boundingBox();
    const aside = await notes.boundingBox();
    if (!text || !aside) throw new Error('the text or the notes are not shown');
    expect(aside.x).toBeGreaterThanOrEqual(text.x + text.width);

    await page.getByTestId('training-content-lang-ja').click();
    await page.locator('[data-testid="training-reader"][data-lang="ja"]').waitFor();
    await expect.poll(() => page.getByTestId('training-instructor-goal').textContent()).toBe(goals.ja);
    await context.close();
  });

  it('the course page shows its modules and its coverage of PR-VAM-001', async () => {
    const learner = await hub.signIn('learner@training.example');
    const expected = await hub.app.inject({
      url: '/api/v1/courseware/courses/web-security/coverage?workRole=PR-VAM-001&lang=en',
      headers: learner,
    });
    expect(expected.statusCode, expected.body).toBe(200);
    const coverage = expected.json<{ covered: unknown[]; missing: unknown[]; share: number }>();

    const context = await newContext(browser, { locale: 'en-GB' });
    const page = await context.newPage();
    watch(page);
    await signInAt(page, base, 'learner@training.example');
    await page.goto(`${base}/training`);
    await page.getByTestId('training-course-link-web-security').click();
    await page.getByTestId('training-course-page').waitFor();
    await page.getByTestId('training-course-module-sqli-defence').waitFor();
    expect(await page.getByTestId('training-coverage-workrole').inputValue()).toBe('PR-VAM-001');
    const share = page.getByTestId('training-coverage-share');
    await share.waitFor();
    expect(Number(await share.getAttribute('data-share'))).toBeCloseTo(coverage.share, 6);
    const total = coverage.covered.length + coverage.missing.length;
    expect(await share.textContent()).toMatch(new RegExp(`^${coverage.covered.length} of ${total} KSAs \\(\\d`));
    expect(await page.getByTestId('training-coverage-covered').locator('tbody tr').count()).toBe(
      coverage.covered.length,
    );
    await context.close();
  });
});
