import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';
import { completeWebSecurity } from './certificate-fixtures.js';
import { startTestHub, type TestHub } from './harness.js';

const P = '/api/v1';
const COURSE_TITLE = {
  ja: 'Web アプリケーションセキュリティ: 攻撃を知り、正しく直す',
  en: 'Web application security: know the attack, make the right fix',
};

/** The same code with one data character changed: its check character no longer matches. */
function altered(code: string): string {
  const i = 7;
  return code.slice(0, i) + (code[i] === '7' ? '8' : '7') + code.slice(i + 1);
}

/**
 * The public verification page: anyone (not signed in) opens /verify/<code> from a certificate's QR code, or types the
 * code into /verify, and sees whether it is valid, for whom and for which course; a mistyped code is "not valid".
 */
describe('Certificate verification in the console (Chromium)', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  let code: string;
  let cohortId: string;
  const pageErrors: string[] = [];
  const watch = (page: Page) => page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const address = hub.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();

    const org = await hub.org('verify');
    const learnerId = await hub.user('hanako@verify.example', { memberships: [{ orgId: org.id, role: 'learner' }] });
    await hub.user('teach@verify.example', { memberships: [{ orgId: org.id, role: 'instructor' }] });
    const teacher = await hub.signIn('teach@verify.example');
    const learner = await hub.signIn('hanako@verify.example');
    const created = await hub.app.inject({
      method: 'POST',
      url: `${P}/orgs/${org.id}/cohorts`,
      headers: teacher,
      payload: {
        courseId: 'web-security',
        name: 'Verify cohort',
        startsAt: new Date(Date.now() - 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      },
    });
    cohortId = created.json<{ id: string }>().id;
    const beginnerId = await hub.user('taro@verify.example', { memberships: [{ orgId: org.id, role: 'learner' }] });
    for (const userId of [learnerId, beginnerId]) {
      await hub.app.inject({
        method: 'POST',
        url: `${P}/cohorts/${cohortId}/members`,
        headers: teacher,
        payload: { userId, role: 'learner' },
      });
    }
    await completeWebSecurity(hub, cohortId, { headers: learner, userId: learnerId, orgId: org.id });
    const issued = await hub.app.inject({
      method: 'POST',
      url: `${P}/cohorts/${cohortId}/certificates`,
      headers: teacher,
      payload: { userId: learnerId },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    code = issued.json<{ code: string }>().code;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });
  afterEach(() => {
    expect(takeCspViolations()).toEqual([]);
    expect(pageErrors.splice(0)).toEqual([]);
  });

  for (const lang of ['ja', 'en'] as const) {
    it(`shows a real certificate as valid and an altered code as not valid (${lang})`, async () => {
      const context = await newContext(browser, { locale: lang === 'ja' ? 'ja-JP' : 'en-GB' });
      const page = await context.newPage();
      watch(page);

      // From the QR code: the page with the code in its path, without signing in.
      await page.goto(`${base}/verify/${encodeURIComponent(code)}`);
      const result = page.getByTestId('verify-result');
      await result.waitFor();
      expect(await result.getAttribute('data-state')).toBe('valid');
      expect(await page.getByTestId('verify-learner').textContent()).toBe('hanako');
      expect(await page.getByTestId('verify-course').textContent()).toBe(COURSE_TITLE[lang]);
      expect(await result.textContent()).toContain(lang === 'ja' ? '有効' : 'Valid');
      expect(await page.getByTestId('verify-title').textContent()).toBe(
        lang === 'ja' ? '修了証の検証' : 'Verify a certificate',
      );

      // Typed on /verify with one character wrong: not valid, and why.
      await page.goto(`${base}/verify`);
      await page.getByTestId('verify-code').fill(altered(code));
      await page.getByTestId('verify-submit').click();
      await page.locator('[data-testid="verify-result"][data-state="typo"]').waitFor();
      const typo = await page.getByTestId('verify-result').textContent();
      expect(typo).toContain(lang === 'ja' ? '無効' : 'Not valid');
      expect(typo).toContain(lang === 'ja' ? '入力ミス' : 'typo');
      expect(await page.getByTestId('verify-learner').count()).toBe(0);

      // Typed correctly (lower case, spaces instead of hyphens): valid again.
      await page.getByTestId('verify-code').fill(code.toLowerCase().replaceAll('-', ' '));
      await page.getByTestId('verify-submit').click();
      await page.locator('[data-testid="verify-result"][data-state="valid"]').waitFor();
      expect(await page.getByTestId('verify-learner').textContent()).toBe('hanako');
      await context.close();
    });
  }

  it('shows a learner their certificate with its PDFs, and one not yet complete the rules still open', async () => {
    const context = await newContext(browser, { locale: 'en-GB' });
    const page = await context.newPage();
    watch(page);
    await signInAt(page, base, 'hanako@verify.example');
    await page.goto(`${base}/training/cohorts/${cohortId}`);
    await page.getByTestId('certificate-code').waitFor();
    expect(await page.getByTestId('certificate-code').textContent()).toBe(code);
    expect(await page.getByTestId('certificate-pdf-ja').getAttribute('href')).toMatch(/\/pdf\?lang=ja$/);
    const pdf = await page.request.get(`${base}${await page.getByTestId('certificate-pdf-en').getAttribute('href')}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await context.close();

    const other = await newContext(browser, { locale: 'ja-JP' });
    const beginner = await other.newPage();
    watch(beginner);
    await signInAt(beginner, base, 'taro@verify.example');
    await beginner.goto(`${base}/training/cohorts/${cohortId}`);
    await beginner.getByTestId('completion-rules').waitFor();
    expect(await beginner.getByTestId('completion-rule-pagesRead').getAttribute('data-met')).toBe('false');
    expect(await beginner.getByTestId('completion-rule-pagesRead').textContent()).toContain('ページの既読');
    expect(await beginner.getByTestId('certificate-claim').isDisabled()).toBe(true);
    await other.close();
  });

  it('lets the instructor revoke it with a reason, which the public page then shows', async () => {
    const context = await newContext(browser, { locale: 'en-GB' });
    const page = await context.newPage();
    watch(page);
    await signInAt(page, base, 'teach@verify.example');
    await page.goto(`${base}/training/cohorts/${cohortId}`);
    const table = page.getByTestId('cohort-certificates');
    await table.getByRole('button', { name: 'Revoke' }).click();
    const form = page.getByTestId('revoke-form');
    // Escape closes the form without revoking; the button opens it again
    await form.getByRole('textbox').press('Escape');
    expect(await form.count()).toBe(0);
    await table.getByRole('button', { name: 'Revoke' }).click();
    await form.getByRole('textbox').fill('Issued to the wrong cohort');
    await form.getByRole('textbox').press('Enter');
    await table.getByText(/^Revoked on /).waitFor();
    expect(await form.count()).toBe(0);

    await page.goto(`${base}/verify/${encodeURIComponent(code)}`);
    await page.locator('[data-testid="verify-result"][data-state="revoked"]').waitFor();
    expect(await page.getByTestId('verify-result').textContent()).toContain('Issued to the wrong cohort');
    await context.close();
  });
});
