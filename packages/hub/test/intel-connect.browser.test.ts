import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';
import { startTestHub, type TestHub } from './harness.js';

const TAXII = { accept: 'application/taxii+json;version=2.1' };

interface Collection {
  id: string;
  title: string;
  can_read: boolean;
  can_write: boolean;
}

/**
 * The "Connect a TIP / MISP" page: an analyst opens it from the threat-intelligence tabs and reads the TAXII
 * discovery URL, the API roots and collections the hub gives them (the same the hub answers a TAXII client),
 * builds a blocklist URL that answers with the session, copies a URL, and reads it all again in Japanese.
 */
describe('Connect a TIP / MISP page (Chromium)', () => {
  let hub: TestHub;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
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
  const pageErrors: string[] = [];
  afterEach(() => {
    expect(takeCspViolations()).toEqual([]);
    expect(pageErrors.splice(0)).toEqual([]);
  });

  it('lists the TAXII roots and collections, builds a blocklist URL and switches to Japanese', async () => {
    const org = await hub.org('connect-org');
    const partner = await hub.org('connect-partner');
    await hub.user('ana@connect-org.example', { memberships: [{ orgId: org.id, role: 'analyst' }] });
    const analyst = await hub.signIn('ana@connect-org.example');
    const group = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/sharing-groups',
      headers: analyst,
      payload: { name: 'Connect partners', orgIds: [partner.id] },
    });
    expect(group.statusCode, group.body).toBe(201);

    // what the hub answers a TAXII client with the same credentials
    const discovery = await hub.app.inject({ url: '/taxii2/', headers: { ...analyst, ...TAXII } });
    expect(discovery.statusCode, discovery.body).toBe(200);
    const roots = discovery.json<{ api_roots: string[] }>().api_roots;
    expect(roots).toEqual(['/taxii2/api/', '/taxii2/connect-org/']);
    const collections = new Map<string, Collection[]>();
    for (const root of roots) {
      const answer = await hub.app.inject({ url: `${root}collections/`, headers: { ...analyst, ...TAXII } });
      expect(answer.statusCode, answer.body).toBe(200);
      collections.set(root, answer.json<{ collections: Collection[] }>().collections);
    }
    expect(collections.get('/taxii2/api/')!.map((c) => c.title)).toEqual([
      'Community',
      'My organisation',
      'Sharing group Connect partners',
    ]);
    expect(collections.get('/taxii2/connect-org/')!.map((c) => c.title)).toEqual([
      'Organisation',
      'Sharing group Connect partners',
      'Community',
    ]);

    const context = await newContext(browser, { locale: 'en-GB' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signInAt(page, base, 'ana@connect-org.example');
    await page.getByTestId('nav-intel').click();
    await page.getByTestId('intel-objects').waitFor();
    await page.getByTestId('intel-tab-connect').click();
    await page.getByTestId('intel-connect').waitFor();
    expect(await page.getByTestId('intel-connect-title').textContent()).toBe('Connect a TIP / MISP');

    // TAXII: the discovery URL, both roots and every collection with its real id and rights
    expect(await page.getByTestId('connect-discovery-url').textContent()).toBe(`${base}/taxii2/`);
    for (const [root, expected] of collections) {
      const name = root.split('/')[2]!;
      const block = page.getByTestId(`connect-root-${name}`);
      await block.waitFor({ timeout: 15_000 });
      expect(await block.getByTestId(`connect-root-url-${name}`).textContent()).toBe(`${base}${root}`);
      const rows = block.locator('tbody tr');
      expect(await rows.count()).toBe(expected.length);
      for (const collection of expected) {
        const row = block.getByTestId(`connect-collection-${collection.id}`);
        expect(await row.getByTestId('connect-collection-title').textContent()).toBe(collection.title);
        expect(await row.getByTestId('connect-collection-id').textContent()).toBe(collection.id);
        expect(await row.getByTestId('connect-collection-read').textContent()).toBe(collection.can_read ? 'Yes' : 'No');
        expect(await row.getByTestId('connect-collection-write').textContent()).toBe(
          collection.can_write ? 'Yes' : 'No',
        );
        expect(await row.getByTestId(`connect-objects-url-${collection.id}`).textContent()).toBe(
          `${base}${root}collections/${collection.id}/objects/`,
        );
      }
    }
    expect(await page.getByTestId('connect-root-api').textContent()).toContain('Community root');
    expect(await page.getByTestId('connect-root-connect-org').textContent()).toContain(
      'Organisation root: connect-org',
    );

    // a copy button copies and says so
    await page.getByTestId('connect-discovery-url-copy').click();
    await expect.poll(() => page.getByTestId('connect-discovery-url-status').textContent()).toBe('Copied');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(`${base}/taxii2/`);

    // credentials, MISP feed and stream: URLs, and no token anywhere
    expect(await page.getByTestId('connect-tokens-link').getAttribute('href')).toBe('/tokens');
    expect(await page.getByTestId('connect-misp-url').textContent()).toBe(`${base}/api/v1/feeds/misp/`);
    expect(await page.getByTestId('connect-misp-header').textContent()).toBe('Authorization: Bearer <your API token>');
    expect(await page.getByTestId('connect-stream-url').textContent()).toBe(`${base}/api/v1/intel/stream`);
    expect(await page.getByTestId('connect-stream-curl').textContent()).toContain('curl -N -H');
    expect(await page.getByTestId('intel-connect').textContent()).not.toMatch(/cnx_/);

    // the blocklist URL builder
    const blocklistUrl = page.getByTestId('connect-blocklist-url');
    expect(await blocklistUrl.textContent()).toBe(`${base}/api/v1/feeds/blocklist.txt`);
    await page.getByTestId('connect-kind-sha256').check();
    await page.getByTestId('connect-kind-domain').check();
    const built = `${base}/api/v1/feeds/blocklist.txt?kind=domain,sha256`;
    expect(await blocklistUrl.textContent()).toBe(built);
    expect(await page.getByTestId('connect-blocklist-curl').textContent()).toBe(
      `curl -H "Authorization: Bearer $CYNEX_TOKEN" '${built}'`,
    );
    expect(await page.getByTestId('connect-blocklist-open').getAttribute('href')).toBe(built);
    const status = await page.evaluate(
      `fetch(${JSON.stringify(built)}, { credentials: 'same-origin' }).then((response) => response.status)`,
    );
    expect(status).toBe(200);
    await page.getByTestId('connect-format-csv').check();
    await page.getByTestId('connect-since').fill('2026-01-15');
    expect(await blocklistUrl.textContent()).toBe(
      `${base}/api/v1/feeds/blocklist.csv?kind=domain,sha256&since=2026-01-15T00:00:00Z`,
    );
    const csv = await page.evaluate(
      `fetch(${JSON.stringify(await blocklistUrl.textContent())}, { credentials: 'same-origin' }).then((r) => r.status)`,
    );
    expect(csv).toBe(200);

    // in Japanese
    await page.getByTestId('lang-switch').selectOption('ja');
    await expect.poll(() => page.getByTestId('intel-connect-title').textContent()).toBe('TIP / MISP との接続');
    expect(await page.getByTestId('intel-tab-connect').textContent()).toBe('接続設定');
    expect(await page.getByTestId('connect-root-api').textContent()).toContain('コミュニティルート');
    expect(await page.getByTestId('connect-misp').textContent()).toContain('MISP での設定手順');
    expect(await page.getByTestId('connect-misp-header').textContent()).toBe('Authorization: Bearer <API トークン>');
    expect(await page.getByTestId('connect-blocklist').textContent()).toContain('ドメイン名');
    await page.getByTestId('connect-misp-url-copy').click();
    await expect.poll(() => page.getByTestId('connect-misp-url-status').textContent()).toBe('コピーしました');
    await context.close();
  });
});
