import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { TEST_PASSWORD } from './harness.js';

/** Debian's Chromium (browser downloads fail here). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless on a closed network: no background connections, no sandbox (CI runs as root). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium (or a wrapper that starts it, e.g. inside a network namespace). */
export function launchChromium(executablePath = CHROMIUM): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

const CSP_MESSAGE = /Content[- ]Security[- ]Policy/i;
const cspViolations: string[] = [];

/**
 * A browser context whose Content-Security-Policy violations are recorded: Chromium reports them on the console,
 * where a user would see them, and a page that breaks the policy is missing something (a style, a script, an image).
 */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.on('console', (message) => {
    if (message.type() === 'error' && CSP_MESSAGE.test(message.text()))
      cspViolations.push(`${message.location().url}: ${message.text()}`);
  });
  return context;
}

/** The violations recorded since the last call; every browser test file expects none after each test. */
export function takeCspViolations(): string[] {
  return cspViolations.splice(0);
}

/** Signs in through the console's form and waits for the dashboard. */
export async function signInAt(page: Page, base: string, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto(`${base}/signin`);
  await page.getByTestId('signin-email').fill(email);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('dashboard-title').waitFor();
}
