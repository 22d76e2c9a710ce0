import { SHIPPED_CONTENT_DIR, loadScenarios, type Scenario } from '@cynex/courseware';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';
import { startTestHub, type TestHub } from './harness.js';

const P = '/api/v1';
const SCENARIO = 'ransomware-foothold';

/**
 * Team work in the console: the instructor makes a team, starts the scenario and releases its first inject; a team
 * member writes the report section by section and submits it (never seeing the instructor notes); the instructor
 * opens the grading queue, scores the report against the rubric with a comment; the learner sees score and comment.
 */
describe('Team reports in the console (Chromium)', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  let scenario: Scenario;
  const pageErrors: string[] = [];
  const watch = (page: Page) => page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const address = hub.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
    scenario = (await loadScenarios(SHIPPED_CONTENT_DIR)).scenarios.find((s) => s.id === SCENARIO)!;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });
  afterEach(() => {
    expect(takeCspViolations()).toEqual([]);
    expect(pageErrors.splice(0)).toEqual([]);
  });

  /** An organisation with an instructor and a learner, and a web-security cohort of the learner. */
  async function cohortWithLearner() {
    const org = await hub.org('teamwork');
    const learnerId = await hub.user('learner@teamwork.example', { memberships: [{ orgId: org.id, role: 'learner' }] });
    await hub.user('teach@teamwork.example', { memberships: [{ orgId: org.id, role: 'instructor' }] });
    const teacher = await hub.signIn('teach@teamwork.example');
    const created = await hub.app.inject({
      method: 'POST',
      url: `${P}/orgs/${org.id}/cohorts`,
      headers: teacher,
      payload: {
        courseId: 'web-security',
        name: 'Incident response, spring',
        startsAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 90 * 86_400_000).toISOString(),
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const cohortId = created.json<{ id: string }>().id;
    const added = await hub.app.inject({
      method: 'POST',
      url: `${P}/cohorts/${cohortId}/members`,
      headers: teacher,
      payload: { userId: learnerId, role: 'learner' },
    });
    expect(added.statusCode, added.body).toBe(201);
    return { cohortId, learnerId };
  }

  it('a team member submits the report; the instructor grades it against the rubric; the learner sees the result', async () => {
    const { cohortId, learnerId } = await cohortWithLearner();
    const teacherContext = await newContext(browser, { locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const teacherPage = await teacherContext.newPage();
    watch(teacherPage);
    await signInAt(teacherPage, base, 'teach@teamwork.example');

    // the instructor: a team of the learner, the scenario started, its first inject released
    await teacherPage.goto(`${base}/training/cohorts/${cohortId}`);
    const create = teacherPage.getByTestId('team-create');
    await create.getByTestId('team-name').fill('Blue team');
    await create.getByTestId(`team-member-${learnerId}`).check();
    await create.getByTestId('team-save').click();
    await teacherPage.getByText('Blue team').first().waitFor();
    await teacherPage.getByTestId('team-start-scenario').click();
    await teacherPage.getByRole('link', { name: scenario.title.en! }).click();
    await teacherPage.getByTestId('team-scenario-page').waitFor();
    expect(await teacherPage.getByTestId('inject-notes').count()).toBe(scenario.injects.length);
    await teacherPage.getByTestId('release-next').click();
    await teacherPage.locator(`[data-testid="inject-${scenario.injects[0]!.id}"][data-released="true"]`).waitFor();

    // the learner (in Japanese): the released inject only, no notes; the report written and submitted
    const learnerContext = await newContext(browser, { locale: 'ja-JP' });
    const learnerPage = await learnerContext.newPage();
    watch(learnerPage);
    await signInAt(learnerPage, base, 'learner@teamwork.example');
    await learnerPage.goto(`${base}/training/cohorts/${cohortId}`);
    expect(await learnerPage.getByTestId('my-team-name').textContent()).toBe('Blue team');
    const [scenarioResponse] = await Promise.all([
      learnerPage.waitForResponse((r) => r.url().includes(`/scenarios/${SCENARIO}?`)),
      learnerPage.getByTestId(`my-team-scenario-${SCENARIO}`).click(),
    ]);
    const body = await scenarioResponse.text();
    expect(body).not.toContain('instructorNotes');
    expect(body).not.toContain(scenario.injects[0]!.instructorNotes.ja!.slice(0, 20));
    await learnerPage.getByTestId('scenario-title').waitFor();
    expect(await learnerPage.getByTestId('scenario-title').textContent()).toBe(scenario.title.ja);
    expect(await learnerPage.getByTestId('scenario-injects').locator('> li').count()).toBe(1);
    expect(await learnerPage.getByTestId('inject-notes').count()).toBe(0);

    for (const section of scenario.report.sections) {
      await learnerPage.getByTestId(`report-section-${section.id}`).fill(`**${section.id}**: what we found.`);
    }
    await learnerPage.getByTestId('report-submit').click();
    await learnerPage.locator('[data-testid="submission-status"][data-status="submitted"]').waitFor();

    // the instructor: the grading queue, the report beside the rubric, points, a comment, graded
    await teacherPage.goto(`${base}/training/cohorts/${cohortId}`);
    await teacherPage.getByTestId('grading-queue-link').click();
    await teacherPage.getByTestId('grading-queue-page').waitFor();
    await teacherPage.getByTestId('queue-submissions').getByRole('link').first().click();
    await teacherPage.getByTestId('submission-review-page').waitFor();
    expect(await teacherPage.getByTestId('review-section-summary').innerHTML()).toContain('<strong>summary</strong>');
    const points = scenario.rubric.map((c, i) => (i === 0 ? c.points - 3 : c.points));
    for (const [i, criterion] of scenario.rubric.entries()) {
      await teacherPage.getByTestId(`score-${criterion.id}`).fill(String(points[i]));
    }
    await teacherPage.getByTestId('comment-body').fill('Good timeline; name the **evidence** for each step.');
    await teacherPage.getByTestId('comment-submit').click();
    await teacherPage.getByTestId('submission-comment').first().waitFor();
    await teacherPage.getByTestId('review-grade').click();
    const total = points.reduce((sum, p) => sum + p, 0);
    const max = scenario.rubric.reduce((sum, c) => sum + c.points, 0);
    await expect.poll(() => teacherPage.getByTestId('submission-score-total').textContent()).toBe(`${total} / ${max}`);
    await teacherContext.close();

    // the learner sees the score and the comment; the report can no longer be edited
    await learnerPage.reload();
    await learnerPage.locator('[data-testid="submission-status"][data-status="graded"]').waitFor();
    expect(await learnerPage.getByTestId('submission-score-total').textContent()).toBe(`${total} / ${max}`);
    expect(await learnerPage.getByTestId('submission-comment').first().innerHTML()).toContain(
      'name the <strong>evidence</strong> for each step.',
    );
    expect(await learnerPage.getByTestId('report-submit').count()).toBe(0);
    await learnerContext.close();
  });
});
