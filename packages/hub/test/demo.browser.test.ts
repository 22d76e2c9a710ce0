import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_INFECTED_HOST } from '../src/modules/demo/demo-darknet.js';
import { DEMO_PASSWORD } from '../src/modules/demo/demo-data.js';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';

const repo = path.resolve(import.meta.dirname, '../../..');

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * A newcomer's first start: `cynex serve --demo` (what `npm start -- --demo` runs after building) on an empty
 * PGlite data directory, then every darknet page of the console in Chromium, with screenshots in test-results/.
 */
describe('the demo in Chromium', () => {
  let hub: ChildProcess;
  let dataDir: string;
  let browser: Browser;
  let page: Page;
  let base: string;
  let output = '';

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cynex-demo-'));
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, CYNEX_LOG_LEVEL: 'info' };
    delete env.DATABASE_URL;
    hub = spawn(
      process.execPath,
      // The demo decoy world has its own end-to-end test (decoy-demo.test.ts); here it would only hold ports.
      [
        path.join(repo, 'packages/cli/bin/cynex.js'),
        'serve',
        '--demo',
        '--no-decoy-demo',
        '--port',
        String(port),
        '--data-dir',
        dataDir,
      ],
      { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    base = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const running = /cynex hub is running at (\S+)/.exec(output);
        if (running) resolve(running[1]!);
      };
      hub.stdout!.on('data', onData);
      hub.stderr!.on('data', onData);
      hub.once('exit', (code) => reject(new Error(`the hub exited (${code}) before it ran:\n${output}`)));
    });
    browser = await launchChromium();
    page = await (await newContext(browser, { locale: 'en-GB', viewport: { width: 1400, height: 1000 } })).newPage();
    // The member company's analyst: sees the darknet pages, and the alerts of their own organisation.
    await signInAt(page, base, 'member-analyst@demo.cynex.example', DEMO_PASSWORD);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (hub && hub.exitCode === null) {
      const exited = new Promise((resolve) => hub.once('exit', resolve));
      hub.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  afterEach(() => expect(takeCspViolations()).toEqual([]));

  it('says at start-up that the demo loaded a day of darknet data', () => {
    expect(output).toMatch(/demo data loaded, with a day of darknet observations/);
  });

  it('fills the darknet dashboard with the last day', async () => {
    await page.getByTestId('nav-telescope').click();
    await page.getByTestId('telescope-summary').waitFor();
    await expect
      .poll(() => page.getByTestId('telescope-summary').innerText())
      .toMatch(/Total packets\s*\d{2,}(\.\d)?k/);
    await page.locator('[data-testid="telescope-series"] canvas').first().waitFor();
    await page.locator('[data-testid="telescope-map"] canvas').first().waitFor();
    expect(await page.getByText('No darknet data for this period.').count()).toBe(0);
    await page.screenshot({ path: 'test-results/demo-dashboard.png', fullPage: true });
  });

  it('lists scans, DoS attacks and backscatter on the events page', async () => {
    await page.getByTestId('telescope-tab-events').click();
    await page.getByTestId('scan-table').waitFor();
    expect(await page.getByTestId('scan-table').locator('tbody tr').count()).toBeGreaterThanOrEqual(6);
    await page.screenshot({ path: 'test-results/demo-events.png', fullPage: true });
    await page.getByTestId('events-tab-dos').click();
    await page.getByTestId('dos-table').waitFor();
    expect(await page.getByTestId('dos-table').locator('tbody tr').count()).toBeGreaterThanOrEqual(3);
    await page.getByTestId('events-tab-backscatter').click();
    await page.getByTestId('backscatter-table').getByText('10.10.10.10').first().waitFor();
  });

  it("shows the member's alert about its infected host", async () => {
    await page.getByTestId('nav-alerts').click();
    await page.getByTestId('alert-item').filter({ hasText: DEMO_INFECTED_HOST }).first().waitFor();
    await page.screenshot({ path: 'test-results/demo-alerts.png', fullPage: true });
  });

  it("lists this quarter's demo report and opens it", async () => {
    await page.getByTestId('nav-telescope').click();
    await page.getByTestId('telescope-tab-reports').click();
    const row = page.getByTestId('report-row').filter({ hasText: '(demo)' });
    await row.waitFor();
    await page.screenshot({ path: 'test-results/demo-reports.png', fullPage: true });
    const [report] = await Promise.all([page.waitForEvent('popup'), row.getByTestId('report-html-ja').click()]);
    await report.waitForLoadState();
    expect(await report.locator('h1').first().innerText()).toMatch(/ダークネット観測レポート.*デモ/);
    await report.screenshot({ path: 'test-results/demo-report-ja.png', fullPage: true });
    await report.close();
  });
});
