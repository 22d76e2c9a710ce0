import path from 'node:path';
import {
  SHIPPED_CONTENT_DIR,
  loadContentTree,
  loadModule,
  type Assessment,
  type LearningModule,
  type QuizItem,
} from '@cynex/courseware';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';
import { startTestHub, type TestHub } from './harness.js';

const P = '/api/v1';
const COURSE = 'web-security';
/** The two modules the learner reads through, and the one whose quiz they answer. */
const READ = ['web-basics', 'sqli-defence'] as const;

async function shippedModule(id: string): Promise<LearningModule> {
  const { module, errors } = await loadModule(path.join(SHIPPED_CONTENT_DIR, 'modules', id));
  if (!module) throw new Error(`the shipped module ${id} does not load: ${JSON.stringify(errors)}`);
  return module;
}

/** What to put into an item's controls: the answer key's answer, or (wrong) another option / nothing / a wrong text. */
function answerFor(item: QuizItem, right: boolean): string | string[] {
  switch (item.kind) {
    case 'single':
      return right ? item.answer : item.options.find((o) => o.id !== item.answer)!.id;
    case 'multi':
      return right ? [...item.answer] : [];
    case 'short':
      return right ? item.answer[0]! : 'certainly not this';
    case 'numeric':
      return String(right ? item.answer : item.answer + 1000 + (item.tolerance ?? 0));
    case 'flag':
      return right ? item.answer : 'certainly not this';
  }
}

/** Fills one assessment or quiz item in the console; `prefix` is the test-id prefix of its answer controls. */
async function fillItem(scope: Locator, prefix: string, item: QuizItem, answer: string | string[]) {
  if (item.kind === 'single' || item.kind === 'multi') {
    for (const id of Array.isArray(answer) ? answer : [answer]) {
      await scope.getByTestId(`${prefix}-${item.id}-${id}`).check();
    }
    return;
  }
  await scope.getByTestId(`${prefix}-${item.id}`).fill(String(answer));
}

/** Answers a cohort assessment in the console (the items whose index `right` accepts correctly) and submits it. */
async function takeAssessment(page: Page, kind: 'pre' | 'post', assessment: Assessment, right: (i: number) => boolean) {
  const form = page.getByTestId(`cohort-${kind}-form`);
  await form.waitFor();
  let score = 0;
  for (const [index, item] of assessment.items.entries()) {
    await fillItem(form, 'cohort-answer', item, answerFor(item, right(index)));
    if (right(index)) score += item.points;
  }
  // it can be taken only once: the console asks first
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByTestId(`cohort-${kind}-submit`).click();
  const shown = page.getByTestId(`cohort-${kind}-assessment`).getByTestId('cohort-score');
  await shown.waitFor();
  return { score, shown };
}

/** Pages through a module in the reader with ?cohort=, each page marked read, up to "back to the module". */
async function readModule(page: Page, module: LearningModule) {
  for (const [index, entry] of module.pages.entries()) {
    await page.locator(`[data-testid="cohort-page-read"][data-page="${entry.id}"]`).waitFor();
    if (index < module.pages.length - 1) await page.getByTestId('training-page-next').click();
  }
  expect(page.url()).toContain('cohort=');
}

/**
 * Cohorts in the console: a learner takes the pre-assessment, reads two modules' pages through the reader (each
 * counted for the cohort), answers a module quiz and takes the post-assessment; the instructor sees the learner's gain
 * as the report API gives it and the learner's skill profile as a radar chart. The learner never gets instructor notes.
 */
describe('Cohorts in the console (Chromium)', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  let pre: Assessment;
  let post: Assessment;
  const pageErrors: string[] = [];
  const watch = (page: Page) => page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const address = hub.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
    const tree = await loadContentTree(SHIPPED_CONTENT_DIR);
    pre = tree.assessments.find((a) => a.id === 'web-security-pre')!;
    post = tree.assessments.find((a) => a.id === 'web-security-post')!;
  }, 120_000);

  /** An organisation with a learner and an instructor; the instructor makes a web-security cohort of the two. */
  async function cohortOfTwo() {
    const org = await hub.org('cohorts');
    const learnerId = await hub.user('learner@cohorts.example', { memberships: [{ orgId: org.id, role: 'learner' }] });
    const teacherId = await hub.user('teach@cohorts.example', { memberships: [{ orgId: org.id, role: 'instructor' }] });
    const teacher = await hub.signIn('teach@cohorts.example');
    const created = await hub.app.inject({
      method: 'POST',
      url: `${P}/orgs/${org.id}/cohorts`,
      headers: teacher,
      payload: {
        courseId: COURSE,
        name: 'Web security, spring',
        // (open now: learners' work is refused outside a cohort's dates)
        startsAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 90 * 86_400_000).toISOString(),
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const cohortId = created.json<{ id: string }>().id;
    for (const [userId, role] of [
      [learnerId, 'learner'],
      [teacherId, 'instructor'],
    ] as const) {
      const added = await hub.app.inject({
        method: 'POST',
        url: `${P}/cohorts/${cohortId}/members`,
        headers: teacher,
        payload: { userId, role },
      });
      expect(added.statusCode, added.body).toBe(201);
    }
    return { cohortId, learnerId };
  }

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });
  afterEach(() => {
    expect(takeCspViolations()).toEqual([]);
    expect(pageErrors.splice(0)).toEqual([]);
  });

  it('a learner takes the course and its assessments; the instructor sees the gain and the skill profile', async () => {
    const { cohortId, learnerId } = await cohortOfTwo();
    // the learner: pre-assessment, two modules read through the reader, a module quiz, post-assessment
    {
      const modules = await Promise.all(READ.map(shippedModule));
      const goal = modules[0]!.pages[0]!.variants.ja?.instructor.goal;
      if (!goal) throw new Error('the first page lost its instructor goal');

      const context = await newContext(browser, { locale: 'ja-JP' });
      const page = await context.newPage();
      watch(page);
      await signInAt(page, base, 'learner@cohorts.example');
      await page.goto(`${base}/training`);
      await page.getByTestId(`cohort-link-${cohortId}`).click();
      await page.locator('[data-testid="cohort-page"][data-role="learner"]').waitFor();
      expect(await page.getByTestId('cohort-name').textContent()).toBe('Web security, spring');
      // a learner sees neither the members list nor the report
      expect(await page.getByTestId('cohort-members').count()).toBe(0);
      expect(await page.getByTestId('cohort-report').count()).toBe(0);
      // the post-assessment opens once the pre-assessment is taken
      expect(await page.getByTestId('cohort-post-assessment').count()).toBe(0);

      const preRight = (index: number) => index % 2 === 0;
      const preTaken = await takeAssessment(page, 'pre', pre, preRight);
      expect(preTaken.score).toBeLessThan(pre.items.reduce((sum, i) => sum + i.points, 0));
      expect(Number(await preTaken.shown.getAttribute('data-score'))).toBe(preTaken.score);
      expect(await page.getByTestId('cohort-pre-submit').count()).toBe(0);

      // the first module through the reader; its first page's response carries no instructor notes
      const [first] = modules;
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().includes(`/courseware/modules/${first!.id}/pages/${first!.pages[0]!.id}`)),
        page.getByTestId(`cohort-page-link-${first!.id}-${first!.pages[0]!.id}`).click(),
      ]);
      const body = await response.text();
      expect(Object.keys(JSON.parse(body) as Record<string, unknown>)).not.toContain('instructor');
      expect(body).not.toContain(goal);
      await readModule(page, first!);
      expect(await page.getByTestId('training-instructor-notes').count()).toBe(0);

      // the module's quiz, on the module page
      await page.getByTestId('training-page-finish').click();
      const quizItem = first!.quiz[0]!;
      await fillItem(page.getByTestId('training-quiz'), 'training-quiz-answer', quizItem, answerFor(quizItem, true));
      await page.getByTestId('training-quiz-check').click();
      await page.locator(`[data-testid="training-quiz-item-${quizItem.id}"][data-correct="true"]`).waitFor();

      const second = modules[1]!;
      await page.goto(`${base}/training/cohorts/${cohortId}`);
      await page.getByTestId(`cohort-page-link-${second.id}-${second.pages[0]!.id}`).click();
      await readModule(page, second);

      await page.getByTestId('training-reader-cohort').click();
      const pagesRead = modules.reduce((sum, m) => sum + m.pages.length, 0);
      await page.locator(`[data-testid="cohort-pages-read"][data-read="${pagesRead}"]`).waitFor();
      expect(await page.getByTestId(`cohort-module-${first!.id}`).getAttribute('data-read')).toBe(
        String(first!.pages.length),
      );

      const postTaken = await takeAssessment(page, 'post', post, () => true);
      expect(Number(await postTaken.shown.getAttribute('data-score'))).toBe(postTaken.score);
      expect(Number(await postTaken.shown.getAttribute('data-max'))).toBe(postTaken.score);
      expect(await postTaken.shown.textContent()).toContain(`${postTaken.score} / ${postTaken.score}`);
      await context.close();
    }

    // the instructor: the learner's gain as the report API gives it, then the skill profile's radar
    {
      const teacher = await hub.signIn('teach@cohorts.example');
      const reported = await hub.app.inject({ url: `${P}/cohorts/${cohortId}/report`, headers: teacher });
      expect(reported.statusCode, reported.body).toBe(200);
      const report = reported.json<{
        learners: { userId: string; gain: number | null; completion: { rules: { met: boolean }[] } }[];
        cohort: { meanGain: number | null };
      }>();
      const gain = report.learners.find((l) => l.userId === learnerId)?.gain;
      if (gain === null || gain === undefined) throw new Error('the report has no gain for the learner');
      expect(gain).toBeGreaterThan(0);

      const context = await newContext(browser, { locale: 'en-GB', viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      watch(page);
      await signInAt(page, base, 'teach@cohorts.example');
      await page.goto(`${base}/training`);
      await page.getByTestId('cohort-create').waitFor();
      await page.getByTestId(`cohort-link-${cohortId}`).click();
      await page.getByTestId(`cohort-member-${learnerId}`).waitFor();
      const shown = page.getByTestId(`cohort-report-gain-${learnerId}`);
      await shown.waitFor();
      expect(Number(await shown.getAttribute('data-gain'))).toBeCloseTo(gain, 9);
      expect(await shown.textContent()).toBe(
        new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(gain),
      );
      // two modules read of six, labs not done: not complete, with as many open rules as the report says
      const unmet = report.learners.find((l) => l.userId === learnerId)!.completion.rules.filter((r) => !r.met).length;
      expect(unmet).toBeGreaterThan(0);
      const completion = page.getByTestId(`cohort-report-complete-${learnerId}`);
      expect(await completion.getAttribute('data-complete')).toBe('false');
      expect(await completion.textContent()).toBe(`${unmet} ${unmet === 1 ? 'rule' : 'rules'} not met`);
      expect(Number(await page.getByTestId('cohort-mean-gain').getAttribute('data-gain'))).toBeCloseTo(
        report.cohort.meanGain!,
        9,
      );
      expect(await page.getByTestId('cohort-report-csv').getAttribute('href')).toBe(
        `/api/v1/cohorts/${cohortId}/report?format=csv`,
      );

      await page.getByTestId(`cohort-report-learner-${learnerId}`).click();
      const radar = page.getByTestId('cohort-skill-radar');
      await radar.waitFor();
      await radar.locator('canvas, svg').first().waitFor();
      expect(Number(await radar.getAttribute('data-axes'))).toBeGreaterThanOrEqual(3);
      expect(await page.getByTestId('cohort-skill-ksa').locator('tbody tr').count()).toBeGreaterThan(0);

      // and a new cohort from the Training page's form
      await page.goto(`${base}/training`);
      await page.getByTestId('cohort-create-course').selectOption(COURSE);
      await page.getByTestId('cohort-create-name').fill('Web security, autumn');
      await page.getByTestId('cohort-create-starts').fill('2026-10-01T09:00');
      await page.getByTestId('cohort-create-ends').fill('2026-12-20T18:00');
      await page.getByTestId('cohort-create-submit').click();
      await page.waitForURL(/\/training\/cohorts\/[0-9a-f-]{36}$/);
      await expect.poll(() => page.getByTestId('cohort-name').textContent()).toBe('Web security, autumn');
      expect(page.url()).not.toContain(cohortId);
      await context.close();
    }
  });
});
