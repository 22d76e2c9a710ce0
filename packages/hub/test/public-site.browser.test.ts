import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sensorToken } from '../src/modules/telescope/telescope.fixtures.js';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';
import { startTestHub, type TestHub } from './harness.js';
import { chartFigure, seedPublication } from './public-site-fixtures.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const captures = path.resolve(repo, '../shared/data/pcap');
const shots = path.join(repo, 'test-results', 'public-site');
const run = promisify(execFile);
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'mobile', width: 390, height: 844 },
] as const;

interface Layout {
  overflow: number;
  chart: { x: number; y: number; width: number; height: number } | null;
  column: { x: number; width: number } | null;
  navVisible: boolean;
}

/** What the page looks like: horizontal overflow, the chart's box against the main column, whether the nav shows. */
async function layoutOf(page: Page): Promise<Layout> {
  return {
    overflow: Number(
      await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
    ),
    chart: await page.locator('main figure svg').first().boundingBox(),
    column: await page.locator('main .wrap').boundingBox(),
    navVisible: await page.locator('header.site').isVisible(),
  };
}

/**
 * Checks one publication page in both languages at desktop and mobile widths (screenshots kept under
 * test-results/public-site), and in print.
 */
async function checkPage(browser: Browser, base: string, slug: string, titles: { ja: string; en: string }) {
  for (const lang of ['ja', 'en'] as const) {
    for (const viewport of VIEWPORTS) {
      const context = await newContext(browser, { viewport, locale: lang === 'ja' ? 'ja-JP' : 'en-GB' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const response = await page.goto(`${base}/p/${lang}/${slug}`);
      expect(response?.status()).toBe(200);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await page.locator('h1').textContent()).toBe(titles[lang]);
      const chart = page.locator('main figure svg').first();
      expect(await chart.isVisible()).toBe(true);
      const layout = await layoutOf(page);
      expect(layout.overflow, `${lang} ${viewport.name}: horizontal overflow`).toBeLessThanOrEqual(0);
      const { chart: box, column } = layout;
      expect(box!.width).toBeGreaterThan(viewport.width < 500 ? 250 : 400);
      expect(box!.height).toBeGreaterThan(100);
      expect(box!.x).toBeGreaterThanOrEqual(column!.x - 0.5);
      expect(box!.x + box!.width).toBeLessThanOrEqual(column!.x + column!.width + 0.5);
      expect(layout.navVisible).toBe(true);
      // The stylesheet applies: Japanese text gets its own line height.
      const lineHeight = Number(
        await page.evaluate(
          'parseFloat(getComputedStyle(document.body).lineHeight) / parseFloat(getComputedStyle(document.body).fontSize)',
        ),
      );
      expect(lineHeight).toBeCloseTo(lang === 'ja' ? 1.8 : 1.65, 1);
      const file = path.join(shots, `${slug}-${lang}-${viewport.name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      expect(fs.statSync(file).size).toBeGreaterThan(10_000);

      await page.emulateMedia({ media: 'print' });
      const printed = await layoutOf(page);
      expect(printed.navVisible).toBe(false);
      expect(await chart.isVisible()).toBe(true);
      expect(errors).toEqual([]);
      await context.close();
    }
  }
}

describe('public site in Chromium', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    fs.mkdirSync(shots, { recursive: true });
    hub = await startTestHub();
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const address = hub.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  afterEach(() => expect(takeCspViolations()).toEqual([]));

  it('lays out a publication with a chart in Japanese and English, on a desktop, a phone and paper', async () => {
    const org = await hub.org('site-browser');
    const titles = { ja: 'ダークネット観測 2026 年第 1 四半期', en: 'Darknet observations, 2026 Q1' };
    await seedPublication(hub, {
      slug: 'darknet-2026-q1',
      ownerOrgId: org.id,
      titleJa: titles.ja,
      titleEn: titles.en,
      summaryJa: '国内ダークネットで観測したパケットの推移',
      summaryEn: 'How the packets seen on the darknet changed',
      htmlJa: `<h2>概況</h2><p>${'観測されたパケット数は前期に比べて増加し、特に Telnet への走査が目立ちました。'.repeat(4)}</p>${chartFigure('日別パケット数')}<table><thead><tr><th>ポート</th><th>サービス</th><th>パケット</th><th>割合</th></tr></thead><tbody><tr><td>23/tcp</td><td>telnet</td><td>1,234,567,890</td><td>12.5%</td></tr></tbody></table>`,
      htmlEn: `<h2>Overview</h2><p>${'Packets seen rose on the previous quarter, with Telnet scans standing out. '.repeat(4)}</p>${chartFigure('Packets per day')}`,
      tags: ['darknet', 'iot'],
    });
    await checkPage(browser, base, 'darknet-2026-q1', titles);
  });

  it('takes a report with a live darknet chart from draft through review to the public pages and feeds', async () => {
    // Real darknet data: a spoofed SYN flood capture (28 April 2021), through the real ingest client.
    const token = await sensorToken(hub, 'site-sensors@platform.example');
    const { stderr } = await run(
      process.execPath,
      [
        path.join(repo, 'packages/cli/bin/cynex.js'),
        'telescope',
        'ingest',
        '--prefix',
        '0.0.0.0/0',
        '--sensor',
        'site-browser',
        '--no-geo',
        '--hub',
        base,
        '--token',
        token,
        path.join(captures, 'stopddos/pkt.TCP.synflood.spoofed.pcap'),
      ],
      { timeout: 60_000 },
    );
    expect(stderr).toContain('packets');

    const org = await hub.org('site-flow');
    const authorId = await hub.user('author@site-flow.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
    const reviewerId = await hub.user('reviewer@site-flow.example', {
      memberships: [{ orgId: org.id, role: 'analyst' }],
    });
    expect(authorId).not.toBe(reviewerId);
    const author = await hub.signIn('author@site-flow.example');
    const reviewer = await hub.signIn('reviewer@site-flow.example');
    const api = async (headers: Record<string, string>, method: 'POST' | 'GET', url: string, payload?: object) => {
      const r = await hub.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
      expect(r.statusCode, `${method} ${url}: ${r.body}`).toBeLessThan(300);
      return r.json<Record<string, unknown>>();
    };
    const directive = '{{chart:darknet-timeseries from=2021-04-27 to=2021-04-30}}';
    const titles = { ja: 'SYN フラッド観測速報', en: 'A SYN flood seen on the darknet' };
    const created = await api(author, 'POST', '/publications', {
      kind: 'report',
      slug: 'syn-flood-2021',
      titleJa: titles.ja,
      titleEn: titles.en,
      summaryJa: '2021 年 4 月 28 日の SYN フラッドの観測',
      summaryEn: 'The SYN flood of 28 April 2021',
      bodyJa: `## 観測の概要\n\n送信元を詐称した SYN フラッドを観測しました。\n\n${directive}\n`,
      bodyEn: `## What we saw\n\nA SYN flood with spoofed sources reached the darknet.\n\n${directive}\n`,
      tags: ['darknet', 'dos'],
      reviewerUserIds: [reviewerId],
      scope: 'public',
      marking: 'CLEAR',
    });
    const id = String(created.id);
    await api(author, 'POST', `/publications/${id}/submit`);
    await api(reviewer, 'POST', `/publications/${id}/reviews`, { decision: 'approved', comment: 'ok' });
    await api(author, 'POST', `/publications/${id}/publish`);

    await checkPage(browser, base, 'syn-flood-2021', titles);

    for (const lang of ['ja', 'en'] as const) {
      const rss = await fetch(`${base}/p/${lang}/feed.rss`);
      expect(rss.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
      const channel = xml.parse(await rss.text()).rss.channel;
      const items = [channel.item].flat() as { title: string; link: string }[];
      expect(items.find((i) => i.link.endsWith(`/p/${lang}/syn-flood-2021`))?.title).toBe(titles[lang]);

      const atom = await fetch(`${base}/p/${lang}/feed.atom`);
      expect(atom.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
      const entries = [xml.parse(await atom.text()).feed.entry].flat() as { id: string; title: { '#text': string } }[];
      expect(entries.find((e) => e.id.endsWith(`/p/${lang}/syn-flood-2021`))?.title['#text']).toBe(titles[lang]);
    }
  });

  it("puts a telescope report on the public site from the console's report list, and takes it off again", async () => {
    const org = await hub.org('site-reports');
    await hub.user('analyst@site-reports.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
    const headers = await hub.signIn('analyst@site-reports.example');
    const made = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/telescope/reports',
      headers,
      payload: { kind: 'quarterly', year: 2021, quarter: 2, scope: 'public', marking: 'CLEAR' },
    });
    expect(made.statusCode, made.body).toBe(201);
    const titleEn = made.json<{ titleEn: string }>().titleEn;
    const listed = async () => (await fetch(`${base}/p/en/`)).text().then((html) => html.includes(titleEn));
    expect(await listed()).toBe(false);

    const context = await newContext(browser, { viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    const page = await context.newPage();
    await signInAt(page, base, 'analyst@site-reports.example');
    await page.goto(`${base}/telescope/reports`);
    const row = page.getByTestId('report-row').filter({ hasText: titleEn });
    await row.getByTestId('report-publish').click();
    await row.getByTestId('report-public').waitFor();
    expect(await listed()).toBe(true);
    await row.getByTestId('report-publish').click();
    await row.getByTestId('report-public').waitFor({ state: 'detached' });
    expect(await listed()).toBe(false);
    await context.close();
  });
});
