import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { batch, recent, sensorToken, source, upload } from '../src/modules/telescope/telescope.fixtures.js';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';
import { startTestHub, type TestHub } from './harness.js';

type Headers = Record<string, string>;
type FusionAnswer = { total: number; records: { recordType: string; recordId: string; label: string }[] };

/** The C2 address of A's case, also seen scanning the darknet. */
const C2 = '203.0.113.50';
const FAMILY = 'FusionRat';
/** The family's value node, as the index spells it (lower case) with its kind. */
const FAMILY_NODE = /^fusionrat · Malware family$/;
const OTHER_DOMAIN = 'drop.fusion-second.example';

/** Waits for a condition outside a test (set-up), where expect.poll is not available. */
async function until(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('the fusion index did not catch up in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Node colours of the graph (packages/web/src/components/fusion/fusionColours.ts): a case, any value. */
const CASE_COLOUR = [0xc2, 0x41, 0x0c] as const;
const VALUE_COLOUR = [0x94, 0xa3, 0xb8] as const;

/** The first number of a text such as "12 nodes · 14 links". */
const firstNumber = (text: string | null) => Number((text ?? '').replace(/[,，]/g, '').match(/\d+/)?.[0] ?? NaN);

/**
 * The fusion page end to end: an address named as C2 in an organisation-scoped case and seen scanning the darknet
 * shows both on one page and in the relationship graph, which grows when a node is expanded; another organisation
 * sees the darknet record and nothing of the case.
 */
describe('Fusion console in Chromium', () => {
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  let caseLabel: string;
  let secondCaseLabel: string;

  const createCase = async (headers: Headers, family: string, action: string) => {
    const created = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers,
      payload: {
        environmentCode: 'FU1',
        startDate: '2026-11-20',
        malwareFamily: family,
        scope: 'organisation',
        marking: 'AMBER',
        summaryEn: 'An implant beaconed to its C2 server.',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id, caseId } = created.json<{ id: string; caseId: string }>();
    const behaviour = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/behaviours`,
      headers,
      payload: {
        occurredAt: '2026-11-20T10:00:00Z',
        category: 'network_connection',
        action,
        techniqueIds: ['T1071.001'],
      },
    });
    expect(behaviour.statusCode, behaviour.body).toBe(201);
    return caseId;
  };

  /** Indexing follows writes without holding them up: wait until a lookup answers what the page will show. */
  const fusionOf = async (headers: Headers, q: string) => {
    const response = await hub.app.inject({ method: 'GET', url: '/api/v1/fusion', query: { q }, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<FusionAnswer>();
  };

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const address = hub.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
    const a = await hub.org('fusion-a');
    const c = await hub.org('fusion-c');
    await hub.user('ana@fusion-a.example', { memberships: [{ orgId: a.id, role: 'analyst' }] });
    await hub.user('kenji@fusion-a.example', { memberships: [{ orgId: a.id, role: 'analyst' }] });
    await hub.user('carl@fusion-c.example', { memberships: [{ orgId: c.id, role: 'analyst' }] });
    const analystA = await hub.signIn('ana@fusion-a.example');

    caseLabel = await createCase(analystA, FAMILY, `Beacon to C2 ${C2}:8443 every 60 s`);
    // a second case of the same family elsewhere: the graph reaches it only through the family
    secondCaseLabel = await createCase(
      analystA,
      FAMILY,
      `Downloaded a second stage from http://${OTHER_DOMAIN}/s2.bin`,
    );

    const token = await sensorToken(hub, 'sensors@fusion.example');
    const response = await upload(hub, token, batch({ sources: [source(C2, recent(30))] }));
    expect(response.statusCode, response.body).toBe(200);

    await until(async () => {
      const types = (await fusionOf(analystA, C2)).records.map((record) => record.recordType);
      return ['case', 'behaviour', 'stix', 'telescope_source'].every((type) => types.includes(type));
    });
    await until(async () => (await fusionOf(analystA, FAMILY)).total > 1);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });
  // Errors thrown in the page fail the test too.
  const pageErrors: string[] = [];
  afterEach(() => {
    expect(takeCspViolations()).toEqual([]);
    expect(pageErrors.splice(0)).toEqual([]);
  });

  const openPage = async (email: string, locale = 'en-GB'): Promise<Page> => {
    const page = await (await newContext(browser, { locale })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signInAt(page, base, email);
    return page;
  };
  /**
   * Where a node of one colour is drawn on the graph's canvas (viewport coordinates, the canvas scrolled into
   * view), once the force layout has settled: the middle of the first blob of that colour.
   */
  /** The parts of a browser canvas the pixel search uses (the hub's tests compile without the DOM library). */
  interface Canvas {
    width: number;
    height: number;
    clientWidth: number;
    getContext(kind: '2d'): {
      getImageData(
        x: number,
        y: number,
        w: number,
        h: number,
      ): { data: Uint8ClampedArray; width: number; height: number };
    } | null;
  }
  const nodeAt = async (page: Page, rgb: readonly [number, number, number]): Promise<[number, number]> => {
    const canvas = page.getByTestId('fusion-graph-chart').locator('canvas').first();
    await canvas.scrollIntoViewIfNeeded();
    const find = () =>
      canvas.evaluate((element: Canvas, colour) => {
        const context = element.getContext('2d');
        if (!context) return null;
        const { data, width, height } = context.getImageData(0, 0, element.width, element.height);
        const near = (i: number) => colour.every((c, k) => Math.abs(data[i + k]! - c) <= 6);
        let first: [number, number] | null = null;
        let sx = 0;
        let sy = 0;
        let n = 0;
        for (let y = 0; y < height; y += 1) {
          for (let x = 0; x < width; x += 1) {
            if (!near((y * width + x) * 4)) continue;
            first ??= [x, y];
            // the first pixel is the top of the circle: its body lies below it, within the node's size
            if (Math.abs(x - first[0]) > 9 || y - first[1] > 18) continue;
            sx += x;
            sy += y;
            n += 1;
          }
        }
        const scale = element.width / element.clientWidth;
        return n === 0 ? null : [sx / n / scale, sy / n / scale];
      }, rgb);
    let last: number[] | null = null;
    let still = 0;
    for (let attempt = 0; attempt < 75; attempt += 1) {
      const found = await find();
      still = found && last && Math.hypot(found[0]! - last[0]!, found[1]! - last[1]!) < 0.5 ? still + 1 : 0;
      if (found && still >= 3) {
        const box = (await canvas.boundingBox())!;
        return [box.x + found[0]!, box.y + found[1]!];
      }
      last = found;
      await page.waitForTimeout(200);
    }
    throw new Error(`no settled node of colour ${rgb.join(',')} on the graph`);
  };
  const rowsOf = (page: Page, type: string) =>
    page.locator(`[data-testid="fusion-table"] tbody tr[data-type="${type}"]`);
  const nodeCount = async (page: Page) => firstNumber(await page.getByTestId('fusion-graph-count').textContent());
  /** Picks a graph node in the keyboard-friendly node list by its text. */
  const pickNode = async (page: Page, text: string | RegExp) => {
    const option = page.getByTestId('fusion-graph-node').locator('option', { hasText: text }).first();
    const value = await option.getAttribute('value');
    expect(value).toBeTruthy();
    await page.getByTestId('fusion-graph-node').selectOption(value ?? '');
  };

  it('finds the case and the darknet source of an address, draws them and grows the graph on expanding', async () => {
    const page = await openPage('ana@fusion-a.example');
    await page.getByTestId('nav-fusion').click();
    await page.getByTestId('fusion-start').waitFor();
    // the box has the keyboard: type and press Enter
    expect(await page.evaluate("document.activeElement?.getAttribute('data-testid')")).toBe('fusion-q');
    await page.keyboard.type(C2);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/fusion\\?q=${C2.replaceAll('.', '\\.')}$`));

    await expect.poll(() => rowsOf(page, 'case').count()).toBe(1);
    expect(await rowsOf(page, 'case').textContent()).toContain(caseLabel);
    expect(await rowsOf(page, 'case').textContent()).toContain('TLP:AMBER');
    expect(await rowsOf(page, 'telescope_source').count()).toBe(1);
    expect(await rowsOf(page, 'telescope_source').textContent()).toContain('TLP:GREEN');
    // the case's derived indicator, with the case's marking
    expect(await rowsOf(page, 'stix').count()).toBeGreaterThan(0);
    expect(await rowsOf(page, 'stix').first().textContent()).toContain('TLP:AMBER');
    expect(await page.getByTestId('fusion-kind').textContent()).toContain('IP address');
    expect(await page.getByTestId('fusion-type-case').textContent()).toMatch(/Case\s*1/);
    expect(await page.getByTestId('fusion-type-telescope_source').textContent()).toContain('Darknet source');

    // the graph: a canvas, a legend by type and a node count
    await expect.poll(() => page.getByTestId('fusion-graph-chart').locator('canvas').count()).toBeGreaterThan(0);
    await page.getByTestId('fusion-legend-case').waitFor();
    await page.getByTestId('fusion-legend-telescope_source').waitFor();
    await expect.poll(() => nodeCount(page)).toBeGreaterThanOrEqual(3);
    const before = await nodeCount(page);

    // the graph shows one level per click: expanding the case (from its row) brings in the values it mentions
    expect(await page.getByTestId('fusion-graph-node').locator('option', { hasText: FAMILY_NODE }).count()).toBe(0);
    await rowsOf(page, 'case')
      .getByRole('button', { name: /Show the values of/ })
      .click();
    await expect.poll(() => nodeCount(page)).toBeGreaterThan(before);
    await expect
      .poll(() => page.getByTestId('fusion-graph-node').locator('option', { hasText: FAMILY_NODE }).count())
      .toBe(1);
    expect(await rowsOf(page, 'case').getByRole('button').isDisabled()).toBe(true);
    // expanding the family (a value of the case) brings in the family's other case
    let grown = await nodeCount(page);
    await pickNode(page, FAMILY_NODE);
    await page.getByTestId('fusion-graph-expand').click();
    await expect.poll(() => nodeCount(page)).toBeGreaterThan(grown);
    await expect
      .poll(() => page.getByTestId('fusion-graph-node').locator('option', { hasText: secondCaseLabel }).count())
      .toBeGreaterThan(0);
    // and expanding that case brings in its own values
    grown = await nodeCount(page);
    await pickNode(page, new RegExp(`^${secondCaseLabel}: ${FAMILY} · Case$`));
    await page.getByTestId('fusion-graph-expand').click();
    await expect.poll(() => nodeCount(page)).toBeGreaterThan(grown);
    await expect
      .poll(() => page.getByTestId('fusion-graph-node').locator('option', { hasText: OTHER_DOMAIN }).count())
      .toBeGreaterThan(0);

    // a value of the graph becomes the new search; the back button returns to the address
    await pickNode(page, FAMILY_NODE);
    await page.getByTestId('fusion-graph-search').click();
    await page.waitForURL(/q=fusionrat&kind=family$/);
    await expect.poll(() => page.getByTestId('fusion-table').locator('tbody tr[data-type="case"]').count()).toBe(2);
    expect(await page.getByTestId('fusion-q').inputValue()).toBe('fusionrat');
    expect(await page.getByTestId('fusion-kind').textContent()).toContain('Malware family');
    await page.goBack();
    await page.waitForURL(new RegExp(`q=${C2.replaceAll('.', '\\.')}`));
    await expect.poll(() => page.getByTestId('fusion-q').inputValue()).toBe(C2);
    await expect.poll(() => rowsOf(page, 'telescope_source').count()).toBe(1);

    // the record type filter applies to the table and the graph
    await page.getByTestId('fusion-type-telescope_source').click();
    await page.waitForURL(/types=telescope_source/);
    await expect.poll(() => rowsOf(page, 'case').count()).toBe(0);
    expect(await rowsOf(page, 'telescope_source').count()).toBe(1);
    await expect.poll(() => page.getByTestId('fusion-legend-case').count()).toBe(0);
    // the other types stay offered, with their counts
    expect(await page.getByTestId('fusion-type-case').getAttribute('aria-pressed')).toBe('false');
    expect(await page.getByTestId('fusion-type-case').textContent()).toMatch(/Case\s*1/);
    await page.getByTestId('fusion-type-all').click();
    await expect.poll(() => rowsOf(page, 'case').count()).toBe(1);

    // so does the time range: nothing was seen after 2030
    await page.getByTestId('fusion-from').fill('2030-01-01T00:00');
    await page.waitForURL(/from=2030-01-01T00%3A00/);
    await expect.poll(() => page.getByTestId('fusion-empty').textContent()).toBe('No record matches these filters.');
    expect(await page.getByTestId('fusion-graph').count()).toBe(0);
    await page.getByTestId('fusion-clear-filters').click();
    await expect.poll(() => rowsOf(page, 'case').count()).toBe(1);

    await expect.poll(() => page.getByTestId('fusion-graph-chart').locator('canvas').count()).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/fusion.png', fullPage: true });

    // the case's row links to the case
    await rowsOf(page, 'case').getByRole('link', { name: caseLabel }).click();
    await page.waitForURL(/\/cases\//);
    await expect.poll(() => page.getByTestId('case-title').textContent()).toBe(caseLabel);
  });

  it('expands a node clicked on the canvas and searches for a value double-clicked there', async () => {
    const page = await openPage('ana@fusion-a.example');
    await page.goto(`${base}/fusion?q=${C2}`);
    await expect.poll(() => page.getByTestId('fusion-graph-chart').locator('canvas').count()).toBeGreaterThan(0);
    await expect.poll(() => nodeCount(page)).toBeGreaterThanOrEqual(3);
    const before = await nodeCount(page);

    await page.mouse.click(...(await nodeAt(page, CASE_COLOUR)));
    await expect.poll(() => nodeCount(page)).toBeGreaterThan(before);
    await expect
      .poll(() => page.getByTestId('fusion-graph-node').locator('option', { hasText: FAMILY_NODE }).count())
      .toBe(1);
    // the clicked case is selected in the node list, for the keyboard
    expect(await page.getByTestId('fusion-graph-node').locator('option:checked').textContent()).toContain(caseLabel);

    // On a loaded machine the layout may still drift between finding a node and the double click, or the chart may
    // take the two clicks apart: find the node again and retry, as a person would.
    const searchedElsewhere = () => {
      const url = new URL(page.url());
      return url.searchParams.get('q') !== C2 && url.searchParams.has('kind');
    };
    for (let attempt = 0; attempt < 4 && !searchedElsewhere(); attempt += 1) {
      await page.mouse.dblclick(...(await nodeAt(page, VALUE_COLOUR)));
      await page.waitForURL(searchedElsewhere, { timeout: 10_000 }).catch(() => undefined);
    }
    expect(searchedElsewhere()).toBe(true);
    await expect.poll(() => rowsOf(page, 'case').count()).toBeGreaterThan(0);
  });

  it('says when nothing mentions a value', async () => {
    const page = await openPage('ana@fusion-a.example');
    await page.goto(`${base}/fusion?q=198.51.100.254`);
    await expect
      .poll(() => page.getByTestId('fusion-empty').textContent())
      .toBe('No record you may see mentions 198.51.100.254.');
    expect(await page.getByTestId('fusion-graph').count()).toBe(0);
  });

  it('shows another organisation the darknet source but nothing of the organisation-scoped case', async () => {
    const page = await openPage('carl@fusion-c.example');
    await page.goto(`${base}/fusion?q=${C2}`);
    await expect.poll(() => rowsOf(page, 'telescope_source').count()).toBe(1);
    expect(await rowsOf(page, 'case').count()).toBe(0);
    expect(await rowsOf(page, 'behaviour').count()).toBe(0);
    // nor through the indicator derived from it
    expect(await rowsOf(page, 'stix').count()).toBe(0);
    expect(await page.getByTestId('fusion-type-case').count()).toBe(0);
    await expect.poll(() => page.getByTestId('fusion-graph-chart').locator('canvas').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('fusion-legend-case').count()).toBe(0);
    const options = await page.getByTestId('fusion-graph-node').locator('option').allTextContents();
    expect(options.join('\n')).not.toContain(caseLabel);
    expect(await page.content()).not.toContain(caseLabel);
    expect((await page.content()).toLowerCase()).not.toContain(FAMILY.toLowerCase());
  });

  it('notifies an organisation watching the address once, with the case, the darknet source and the indicator', async () => {
    const page = await openPage('ana@fusion-a.example');
    await page.getByTestId('nav-watchlist').click();
    await page.getByTestId('watchlist-kind').selectOption('address');
    await page.getByTestId('watchlist-values').fill(C2);
    await page.getByTestId('watchlist-submit').click();
    await expect.poll(() => page.getByTestId('watchlist-entry').count()).toBe(1);
    expect(await page.getByTestId('watchlist-entry').textContent()).toContain(C2);

    // A pass of the matcher (every hub runs one every few seconds) turns the indexed rows into the alert.
    const alertItems = page.getByTestId('alert-item');
    await page.getByTestId('nav-alerts').click();
    await expect
      .poll(
        async () => {
          await hub.services.watchlistMatcher.run();
          await page.reload();
          await page.getByTestId('alerts-list').waitFor();
          return alertItems.count();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(1);
    const alert = alertItems.first();
    expect(await alert.locator('.alert-host').textContent()).toBe(C2);
    expect(await alert.textContent()).toContain('Watchlist');
    const evidence = alert.getByTestId('alert-watchlist-evidence');
    await expect.poll(() => evidence.textContent()).toContain(caseLabel);
    const evidenceText = (await evidence.textContent()) ?? '';
    expect(evidenceText).toContain('Darknet source');
    expect(evidenceText).toContain('STIX object');

    // The same value again the same day (a new behaviour re-indexes the case, more passes): no second alert.
    const analystA = await hub.signIn('ana@fusion-a.example');
    const cases = await hub.app.inject({ url: '/api/v1/cases', headers: analystA });
    const { id } = cases.json<{ items: { id: string; caseId: string }[] }>().items.find((c) => c.caseId === caseLabel)!;
    const again = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/behaviours`,
      headers: analystA,
      payload: { occurredAt: '2026-11-21T10:00:00Z', category: 'network_connection', action: `Beacon again to ${C2}` },
    });
    expect(again.statusCode, again.body).toBe(201);
    for (let pass = 0; pass < 3; pass += 1) await hub.services.watchlistMatcher.run();
    await page.reload();
    await page.getByTestId('alerts-list').waitFor();
    await expect.poll(() => alertItems.count()).toBe(1);
    const alerts = await hub.app.inject({ url: '/api/v1/alerts', headers: analystA });
    expect(alerts.statusCode, alerts.body).toBe(200);
    expect(alerts.json<{ items: { host: string }[] }>().items.filter((a) => a.host === C2)).toHaveLength(1);
  });

  it('switches to Japanese and shows Japanese labels', async () => {
    const page = await openPage('kenji@fusion-a.example');
    await page.goto(`${base}/fusion?q=${C2}`);
    await expect.poll(() => rowsOf(page, 'case').count()).toBe(1);
    await page.getByTestId('lang-switch').selectOption('ja');
    await expect.poll(() => page.getByTestId('nav-fusion').textContent()).toBe('横断検索');
    expect(await page.getByTestId('fusion-title').textContent()).toContain('横断検索');
    expect(await page.getByTestId('fusion-kind').textContent()).toContain('IP アドレス・プレフィックス');
    expect(await page.getByTestId('fusion-type-case').textContent()).toContain('事例');
    expect(await page.getByTestId('fusion-type-telescope_source').textContent()).toContain('ダークネット送信元');
    expect(await page.getByTestId('fusion-table').locator('thead').textContent()).toContain('一致した値');
    expect(await page.getByTestId('fusion-graph').locator('h2').textContent()).toBe('関係グラフ');
    await expect
      .poll(() => page.getByTestId('fusion-graph-count').textContent())
      .toMatch(/^ノード \d+ 個・リンク \d+ 本$/);
    expect(await page.getByTestId('fusion-graph-legend').textContent()).toContain('検索した値');
  });
});
