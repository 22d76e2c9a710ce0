import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import { parseFragment } from 'parse5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { chartFigure, seedAdvisory, seedPublication, withdraw } from '../../../test/public-site-fixtures.js';
import { auditLog } from '../audit/audit.table.js';
import { PUBLIC_SITE_CSP } from './public-site.routes.js';

const BASE = 'https://cynex.example';
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

const JA_SENTENCE = '国内のダークネットで観測したパケット数は前期から増加しました。';
const EN_SENTENCE = 'Packets seen on the darknet rose on the previous quarter.';

describe('PublicSiteService (routes)', () => {
  let hub: TestHub;
  let orgId: string;
  const get = (url: string, headers: Record<string, string> = {}) => hub.app.inject({ method: 'GET', url, headers });
  /** The slugs an index or feed body links to. */
  const slugsIn = (body: string, lang: string) =>
    [...body.matchAll(new RegExp(`/p/${lang}/([a-z0-9-]+)(?=["<])`, 'g'))].map((m) => m[1]);

  beforeAll(async () => {
    hub = await startTestHub({ publicUrl: BASE });
    orgId = (await hub.org('site-a')).id;
  });

  afterAll(async () => {
    await hub?.dispose();
  });

  it('sends /p/ to the visitor’s language', async () => {
    const en = await get('/p/', { 'accept-language': 'fr-FR, en-GB;q=0.8, ja;q=0.5' });
    expect(en.statusCode).toBe(302);
    expect(en.headers.location).toBe('/p/en/');
    expect(en.headers.vary).toContain('Accept-Language');
    expect((await get('/p/', { 'accept-language': 'ja-JP,ja;q=0.9,en;q=0.8' })).headers.location).toBe('/p/ja/');
    expect((await get('/p')).headers.location).toBe('/p/ja/');
    const unknown = await get('/p/fr/');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('text/html');
  });

  it('lists only published public CLEAR publications, and a withdrawn one leaves the index, its page and the feeds', async () => {
    const shown = await seedPublication(hub, {
      slug: 'listed-one',
      ownerOrgId: orgId,
      titleJa: '公開レポート一',
      titleEn: 'Listed one',
      htmlJa: `<p>${JA_SENTENCE}</p>`,
      htmlEn: `<p>${EN_SENTENCE}</p>`,
    });
    await seedPublication(hub, {
      slug: 'community-green',
      ownerOrgId: orgId,
      titleEn: 'Members',
      htmlEn: '<p>x</p>',
      scope: 'community',
      marking: 'GREEN',
    });
    await seedPublication(hub, {
      slug: 'public-amber',
      ownerOrgId: orgId,
      titleEn: 'Amber',
      htmlEn: '<p>x</p>',
      marking: 'AMBER',
    });
    await seedPublication(hub, {
      slug: 'still-draft',
      ownerOrgId: orgId,
      titleEn: 'Draft',
      htmlEn: '<p>x</p>',
      status: 'draft',
    });
    await seedPublication(hub, {
      slug: 'gone-already',
      ownerOrgId: orgId,
      titleEn: 'Gone',
      htmlEn: '<p>x</p>',
      status: 'withdrawn',
    });

    for (const lang of ['ja', 'en']) {
      const index = await get(`/p/${lang}/`);
      expect(index.statusCode).toBe(200);
      expect(index.headers['content-security-policy']).toBe(PUBLIC_SITE_CSP);
      expect(slugsIn(index.body, lang)).toContain('listed-one');
      for (const hidden of ['community-green', 'public-amber', 'still-draft', 'gone-already']) {
        expect(index.body).not.toContain(hidden);
        const page = await get(`/p/${lang}/${hidden}`);
        expect(page.statusCode, hidden).toBe(404);
        expect(page.headers['content-type']).toContain('text/html');
        expect(page.body).toContain(lang === 'ja' ? 'ページが見つかりません' : 'Page not found');
      }
    }
    expect((await get('/p/ja/listed-one')).statusCode).toBe(200);
    expect((await get('/p/en/feed.rss')).body).toContain('/p/en/listed-one');
    // the PDF is rendered once per version (asked twice, the same bytes) and still goes with the withdrawal below
    const [first, again] = await Promise.all([get('/p/ja/listed-one.pdf'), get('/p/ja/listed-one.pdf')]);
    expect(first.statusCode).toBe(200);
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);

    await withdraw(hub, shown);
    expect((await get('/p/ja/')).body).not.toContain('listed-one');
    expect((await get('/p/ja/listed-one')).statusCode).toBe(404);
    expect((await get('/p/ja/listed-one.pdf')).statusCode).toBe(404);
    expect((await get('/p/en/feed.rss')).body).not.toContain('listed-one');
    expect((await get('/p/en/feed.atom')).body).not.toContain('listed-one');
  });

  it('filters by tag and searches the title, summary and body of the page’s language', async () => {
    await seedPublication(hub, {
      slug: 'mirai-wave',
      ownerOrgId: orgId,
      titleJa: 'Mirai 亜種の急増',
      titleEn: 'A wave of Mirai variants',
      summaryEn: 'Telnet scans doubled',
      htmlJa: '<p>telnet への走査が倍増</p>',
      htmlEn: '<p>Scans of 100% of telnet ports</p>',
      tags: ['iot', 'mirai'],
    });
    await seedPublication(hub, {
      slug: 'dns-note',
      ownerOrgId: orgId,
      titleEn: 'DNS amplification',
      htmlEn: '<p>dns</p>',
      tags: ['dns'],
    });

    const tagged = await get('/p/en/?tag=mirai');
    expect(slugsIn(tagged.body, 'en')).toEqual(['mirai-wave']);
    expect(tagged.body).toContain('Tagged “mirai”');
    expect(slugsIn((await get('/p/en/?q=DOUBLED')).body, 'en')).toEqual(['mirai-wave']);
    expect(slugsIn((await get('/p/ja/?q=' + encodeURIComponent('急増'))).body, 'ja')).toEqual(['mirai-wave']);
    // The Japanese search does not look at the English text; % is a character, not a wildcard.
    expect(slugsIn((await get('/p/ja/?q=doubled')).body, 'ja')).toEqual([]);
    expect(slugsIn((await get('/p/en/?q=' + encodeURIComponent('100%'))).body, 'en')).toEqual(['mirai-wave']);
    expect(slugsIn((await get('/p/en/?q=' + encodeURIComponent('%'))).body, 'en')).toEqual(['mirai-wave']);

    const long = await get(`/p/en/?q=${'a'.repeat(201)}`);
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('at most 200 characters');
    expect((await get('/p/en/?page=1001')).statusCode).toBe(400);
    expect((await get('/p/en/?page=2')).statusCode).toBe(200);
  });

  it('shows a publication with canonical, hreflang and OpenGraph links, and the other language with a notice when one is missing', async () => {
    await seedPublication(hub, {
      slug: 'q1-darknet',
      ownerOrgId: orgId,
      titleJa: '2026 年第 1 四半期の観測 <速報>',
      titleEn: 'Darknet in 2026 Q1 <preview>',
      summaryJa: '観測のまとめ',
      summaryEn: 'What the darknet saw',
      htmlJa: `<h2>概況</h2><p>${JA_SENTENCE}</p>${chartFigure('日別パケット数')}`,
      htmlEn: `<h2>Overview</h2><p>${EN_SENTENCE}</p>${chartFigure('Packets per day')}`,
      tags: ['darknet'],
      versions: 2,
    });
    await seedPublication(hub, {
      slug: 'ja-only',
      ownerOrgId: orgId,
      titleJa: '日本語だけの記事',
      htmlJa: `<p>${JA_SENTENCE}</p>`,
    });

    const ja = await get('/p/ja/q1-darknet');
    expect(ja.statusCode).toBe(200);
    expect(ja.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(ja.body).toMatch(/^<!doctype html>\n<html lang="ja">/);
    expect(ja.body).toContain('<h1>2026 年第 1 四半期の観測 &lt;速報&gt;</h1>');
    expect(ja.body).toContain(`<link rel="canonical" href="${BASE}/p/ja/q1-darknet">`);
    expect(ja.body).toContain(`<link rel="alternate" hreflang="en" href="${BASE}/p/en/q1-darknet">`);
    expect(ja.body).toContain('<meta property="og:type" content="article">');
    expect(ja.body).toContain(`<meta property="og:url" content="${BASE}/p/ja/q1-darknet">`);
    expect(ja.body).toContain('<meta property="og:locale" content="ja_JP">');
    expect(ja.body).toContain('<meta property="og:locale:alternate" content="en_US">');
    expect(ja.body).toContain(`type="application/rss+xml" title="CYNEX 公開情報 (RSS)" href="${BASE}/p/ja/feed.rss"`);
    expect(ja.body).toContain('第 2 版');
    expect(ja.body).toContain(JA_SENTENCE);
    expect(ja.body).toContain('<figcaption>日別パケット数</figcaption>');
    expect(ja.body).toContain('<a class="skip" href="#main">');
    for (const landmark of ['<header class="site">', '<main id="main"', '<footer class="site">'])
      expect(ja.body).toContain(landmark);
    expect(ja.body).not.toContain('translation');

    const en = await get('/p/en/q1-darknet');
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain(`<link rel="canonical" href="${BASE}/p/en/q1-darknet">`);
    expect(en.body).toContain('<meta property="og:title" content="Darknet in 2026 Q1 &lt;preview&gt;">');

    const missing = await get('/p/en/ja-only');
    expect(missing.statusCode).toBe(200);
    expect(missing.body).toContain('This article has no English version yet; the Japanese version is shown.');
    expect(missing.body).toContain(JA_SENTENCE);
    expect(missing.body).toContain('<article lang="ja">');

    const css = await get(/href="(\/p\/assets\/site\.css\?v=[0-9a-f]+)"/.exec(ja.body)![1]!);
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toContain('immutable');
    expect(css.body).toContain('@media print');
  });

  it('serves RSS 2.0 and Atom 1.0 per language that parse and name absolute links and dates', async () => {
    await seedPublication(hub, {
      slug: 'feed-both',
      ownerOrgId: orgId,
      titleJa: 'フィードの記事 & テスト',
      titleEn: 'Feed article & test',
      summaryJa: '要約 <b>',
      summaryEn: 'Summary <b>',
      htmlJa: '<p>本文</p>',
      htmlEn: '<p>body</p>',
      tags: ['feeds'],
      publishedAt: new Date('2026-04-01T00:00:00Z'),
    });
    await seedPublication(hub, {
      slug: 'feed-ja-only',
      ownerOrgId: orgId,
      titleJa: '日本語のみ',
      htmlJa: '<p>本文</p>',
    });

    const rss = await get('/p/en/feed.rss');
    expect(rss.statusCode).toBe(200);
    expect(rss.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    const channel = xml.parse(rss.body).rss.channel;
    expect(channel.title).toBe('CYNEX publications');
    expect(channel.link).toBe(`${BASE}/p/en/`);
    const items = asArray<Record<string, unknown>>(channel.item);
    const item = items.find((i) => i.link === `${BASE}/p/en/feed-both`)!;
    expect(item.title).toBe('Feed article & test');
    expect(item.description).toBe('Summary <b>');
    expect(item.pubDate).toBe('Wed, 01 Apr 2026 00:00:00 GMT');
    expect(items.map((i) => i.link)).not.toContain(`${BASE}/p/en/feed-ja-only`);
    expect(items.length).toBeLessThanOrEqual(50);

    const atom = await get('/p/ja/feed.atom');
    expect(atom.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const feed = xml.parse(atom.body).feed;
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe(`${BASE}/p/ja/feed.atom`);
    interface Entry {
      id: string;
      title: { '#text': string };
      link: { '@href': string };
      published: string;
      updated: string;
    }
    const entries = asArray<Entry>(feed.entry);
    const entry = entries.find((e) => e.id === `${BASE}/p/ja/feed-both`)!;
    expect(entry.title['#text']).toBe('フィードの記事 & テスト');
    expect(entry.link['@href']).toBe(`${BASE}/p/ja/feed-both`);
    expect(entry.published).toBe('2026-04-01T00:00:00.000Z');
    expect(entry.updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(entries.map((e) => e.id)).toContain(`${BASE}/p/ja/feed-ja-only`);
  });

  it('renders a publication as a PDF with its title, Japanese text and chart', async () => {
    await seedPublication(hub, {
      slug: 'pdf-report',
      ownerOrgId: orgId,
      titleJa: 'PDF 出力の確認レポート',
      titleEn: 'PDF check',
      htmlJa: `<h2>概況</h2><p>${JA_SENTENCE}</p><ul><li>項目その一</li></ul><table><thead><tr><th>ポート</th><th>割合</th></tr></thead><tbody><tr><td>23/tcp</td><td>12.5%</td></tr></tbody></table>${chartFigure('日別パケット数')}`,
      htmlEn: `<p>${EN_SENTENCE}</p>`,
    });
    const pdf = await get('/p/ja/pdf-report.pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'site-pdf-'));
    try {
      const file = path.join(dir, 'a.pdf');
      fs.writeFileSync(file, pdf.rawPayload);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      expect(text).toContain('PDF出力の確認レポート');
      expect(text).toContain(JA_SENTENCE.replace(/\s+/g, ''));
      expect(text).toContain('項目その一');
      expect(text).toContain('23/tcp');
      expect(text).toContain('日別パケット数');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets the report’s editors put a public CLEAR telescope report on the site, and take it off', async () => {
    const org = await hub.org('site-telescope');
    await hub.user('ana@site-telescope.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
    await hub.user('view@site-telescope.example', { memberships: [{ orgId: org.id, role: 'viewer' }] });
    const ana = await hub.signIn('ana@site-telescope.example');
    const viewer = await hub.signIn('view@site-telescope.example');
    const created = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/telescope/reports',
      headers: ana,
      payload: {
        kind: 'annual',
        year: 2024,
        titleJa: '2024 年 年次観測レポート',
        titleEn: 'Darknet annual report 2024',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    const post = (url: string, headers: Record<string, string> = ana) =>
      hub.app.inject({ method: 'POST', url, headers });

    const refused = await post(`/api/v1/telescope/reports/${id}/publish`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain('scope public and marked TLP:CLEAR');
    expect(refused.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['scope', 'marking']);

    const patched = await hub.app.inject({
      method: 'PATCH',
      url: `/api/v1/telescope/reports/${id}`,
      headers: ana,
      payload: { scope: 'public', marking: 'CLEAR' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await post(`/api/v1/telescope/reports/${id}/publish`, viewer)).statusCode).toBe(403);
    expect((await hub.app.inject({ method: 'POST', url: `/api/v1/telescope/reports/${id}/publish` })).statusCode).toBe(
      401,
    );
    expect((await get('/p/en/')).body).not.toContain('Darknet annual report 2024');

    const published = await post(`/api/v1/telescope/reports/${id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().publishedAt).toBeTruthy();
    const index = await get('/p/en/');
    expect(index.body).toContain('Darknet observation reports');
    expect(index.body).toContain('Darknet annual report 2024');
    const link = `/api/v1/telescope/reports/${id}/render?format=html&amp;lang=en`;
    expect(index.body).toContain(link);
    const report = await get(link.replace('&amp;', '&'));
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('Darknet annual report 2024');

    const audited = await hub.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.targetId, id));
    expect(audited.map((a) => a.action)).toContain('telescope_report.publish');

    expect((await post(`/api/v1/telescope/reports/${id}/unpublish`)).json().publishedAt).toBeNull();
    expect((await get('/p/en/')).body).not.toContain('Darknet annual report 2024');
    const unpublished = await hub.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.targetId, id));
    expect(unpublished.map((a) => a.action)).toContain('telescope_report.unpublish');
  });

  it('shows the latest version of a published advisory from its CSAF document, and serves the document', async () => {
    await seedAdvisory(hub, { reporterOrgId: orgId, trackingId: 'CYNEX-VU-2026-0001', versions: 2, lang: 'ja' });
    await seedAdvisory(hub, {
      reporterOrgId: orgId,
      trackingId: 'CYNEX-VU-2026-0002',
      versions: 1,
      lang: 'en',
      status: 'fix_available',
    });

    const page = await get('/p/en/advisories/CYNEX-VU-2026-0001');
    expect(page.statusCode).toBe(200);
    const body = page.body;
    expect(body).toContain('<html lang="en">');
    expect(body).toContain('ExampleCam DVR における認証回避の脆弱性');
    expect(body).toContain('The text of this advisory is in Japanese.');
    expect(body).toContain('CVE-2022-35733');
    expect(body).toContain('CWE-287: Improper Authentication');
    expect(body).toContain('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
    expect(body).toContain('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N');
    expect(body).toMatch(/<td>9\.8<\/td><td>CRITICAL<\/td>/);
    expect(body).toMatch(/<td>9\.3<\/td><td>CRITICAL<\/td>/);
    expect(body).toContain('<li>ExampleCam DVR 1.0</li>');
    expect(body).toContain('<li>ExampleCam DVR 1.1</li>');
    expect(body).toContain('バージョン 1.1 に更新してください。');
    expect(body).toContain('Hanako Yamada (CYNEX member lab)');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).not.toContain('<script');
    expect(body).not.toContain('href="javascript:');
    // The revision history: both versions, in a table.
    const history = /<h2 id="history">[^]*?<\/table>/.exec(body)![0];
    expect([...history.matchAll(/<tr><td>/g)]).toHaveLength(2);
    expect(history).toContain('修正版の追加');
    expect(body).toContain('href="/p/advisories/CYNEX-VU-2026-0001.json"');
    expect((await get('/p/ja/advisories/CYNEX-VU-2026-0001')).body).not.toContain('このアドバイザリの本文は');

    const json = await get('/p/advisories/CYNEX-VU-2026-0001.json');
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.json().document.tracking.version).toBe('2');

    // A case not yet published has no public advisory, whatever rows exist.
    expect((await get('/p/en/advisories/CYNEX-VU-2026-0002')).statusCode).toBe(404);
    expect((await get('/p/advisories/CYNEX-VU-2026-0002.json')).statusCode).toBe(404);
    expect((await get('/p/advisories/CYNEX-VU-2026-0001')).statusCode).toBe(404);

    const list = await get('/p/ja/advisories/');
    expect(list.body).toContain('/p/ja/advisories/CYNEX-VU-2026-0001');
    expect(list.body).not.toContain('CYNEX-VU-2026-0002');
    const index = await get('/p/ja/');
    expect(index.body).toContain('最新の脆弱性アドバイザリ');
    expect(index.body).toContain('/p/ja/advisories/CYNEX-VU-2026-0001');
  });

  it('emits well-formed pages whose headings do not skip levels', async () => {
    await seedPublication(hub, {
      slug: 'outline',
      ownerOrgId: orgId,
      titleEn: 'Outline',
      // (Markdown's "# A" renders as h1: on the page it sits below the title)
      htmlEn: '<h1>A</h1><p>a</p><h2>B</h2>',
    });
    for (const url of ['/p/en/', '/p/en/outline', '/p/en/advisories/']) {
      const body = (await get(url)).body;
      const levels = [...body.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
      expect(levels[0], url).toBe(1);
      levels.forEach((level, i) => {
        if (i > 0) expect(level - levels[i - 1]!, `${url}: h${levels[i - 1]} then h${level}`).toBeLessThanOrEqual(1);
      });
      expect(
        levels.filter((level) => level === 1),
        url,
      ).toHaveLength(1);
      expect(parseFragment(body).childNodes.length).toBeGreaterThan(0);
    }
  });
});
