import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';
import { startTestHub, type TestHub } from './harness.js';

const P = '/api/v1';
const DAY = 86_400_000;

/**
 * A cohort's announcements and progress meetings in the console: the instructor posts an announcement, adds
 * members by e-mail and holds a meeting with an action item for the learner; the learner (in Japanese) sees both and
 * ticks their item, which they alone of the learners may.
 */
describe('Cohort announcements and meetings in the console (Chromium)', { timeout: 300_000 }, () => {
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
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });
  afterEach(() => {
    expect(takeCspViolations()).toEqual([]);
    expect(pageErrors.splice(0)).toEqual([]);
  });

  it('the instructor posts and holds a meeting; the learner reads both and ticks their own action item', async () => {
    const org = await hub.org('activity-ui');
    const inOrg = (role: 'learner' | 'instructor') => ({ memberships: [{ orgId: org.id, role }] });
    const learnerId = await hub.user('learner@activity-ui.example', inOrg('learner'));
    await hub.user('teach@activity-ui.example', inOrg('instructor'));
    await hub.user('else@elsewhere.example');
    const teacher = await hub.signIn('teach@activity-ui.example');
    const created = await hub.app.inject({
      method: 'POST',
      url: `${P}/orgs/${org.id}/cohorts`,
      headers: teacher,
      payload: {
        courseId: 'web-security',
        name: 'Web security, winter',
        startsAt: new Date(Date.now() - DAY).toISOString(),
        endsAt: new Date(Date.now() + 30 * DAY).toISOString(),
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const cohortId = created.json<{ id: string }>().id;

    // the instructor: members by e-mail, an announcement, a meeting with the learner's action item
    {
      const context = await newContext(browser, { locale: 'en-US' });
      const page = await context.newPage();
      watch(page);
      await signInAt(page, base, 'teach@activity-ui.example');
      await page.goto(`${base}/training/cohorts/${cohortId}`);
      await page.getByTestId('cohort-add-emails-text').fill('learner@activity-ui.example\nelse@elsewhere.example\n');
      await page.getByTestId('cohort-add-emails-submit').click();
      const result = page.getByTestId('cohort-add-emails-result');
      await result.waitFor();
      expect(await result.locator('tr[data-outcome="added"]').textContent()).toContain('learner@activity-ui.example');
      expect(await result.locator('tr[data-outcome="not_found"]').textContent()).toContain('else@elsewhere.example');
      await page.getByTestId(`cohort-member-${learnerId}`).waitFor();

      await page.getByTestId('announcement-title').fill('Welcome');
      await page.getByTestId('announcement-body').fill('Read **module 1** first.');
      await page.getByTestId('announcement-submit').click();
      await page.getByTestId('announcement').waitFor();

      await page.getByTestId('meeting-new').click();
      await page.getByTestId('meeting-title').fill('Week 1 check-in');
      await page.getByTestId('meeting-notes').fill('- SQLi lab: done\n- XSS: next week');
      await page.getByTestId('meeting-add-item').click();
      await page.getByTestId('meeting-item-text').fill('Finish module 1');
      await page.getByTestId('meeting-item-owner').selectOption(learnerId);
      // the form is submitted from the keyboard
      await page.getByTestId('meeting-item-text').press('Enter');
      await page.getByTestId('meeting').waitFor();
      expect(await page.getByTestId('meeting-name').textContent()).toBe('Week 1 check-in');
      await page.getByTestId('activity-row').waitFor();
      await context.close();
    }

    // the learner, in Japanese: the announcement rendered from Markdown, the meeting, their item ticked
    {
      const context = await newContext(browser, { locale: 'ja-JP' });
      const page = await context.newPage();
      watch(page);
      await signInAt(page, base, 'learner@activity-ui.example');
      await page.goto(`${base}/training/cohorts/${cohortId}`);
      await page.locator('[data-testid="cohort-page"][data-role="learner"]').waitFor();
      const html = page.getByTestId('announcement-html');
      await html.waitFor();
      expect(await html.locator('strong').textContent()).toBe('module 1');
      expect(await page.getByTestId('cohort-announcements').locator('h2').textContent()).toContain('お知らせ');
      // learners neither post nor hold meetings, nor see the activity table
      expect(await page.getByTestId('announcement-form').count()).toBe(0);
      expect(await page.getByTestId('meeting-new').count()).toBe(0);
      expect(await page.getByTestId('cohort-activity').count()).toBe(0);

      const item = page.locator('[data-testid="meeting-item"][data-mine="true"]');
      await item.waitFor();
      expect(await item.textContent()).toContain('Finish module 1');
      const box = item.locator('input[type="checkbox"]');
      expect(await box.isChecked()).toBe(false);
      await box.check();
      await expect.poll(() => box.isChecked()).toBe(true);
      await page.reload();
      await page.locator('[data-testid="meeting-item"][data-mine="true"] input:checked').waitFor();
      await context.close();
    }

    const meetings = await hub.app.inject({ url: `${P}/cohorts/${cohortId}/meetings`, headers: teacher });
    expect(meetings.json().items[0].actionItems).toEqual([
      expect.objectContaining({ text: 'Finish module 1', ownerId: learnerId, done: true }),
    ]);
  });
});
