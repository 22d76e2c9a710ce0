import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  attack,
  bearer,
  createWorld,
  event,
  P,
  postEvents,
  sensorSecret,
  startDecoyHub,
  type DecoyHub,
  type Headers,
} from '../src/modules/decoy/decoy.fixtures.js';
import { launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';

const SENSOR = 'tokyo-1';
const WORLD = 'shirasagi';

/** What the recorded terminal printed: a prompt, `id` and its answer (asciicast v2 event lines). */
const REPLAY_LINES = [
  [0.1, 'o', 'tanaka@web01:~$ '],
  [0.5, 'i', 'id\r'],
  [0.6, 'o', 'id\r\nuid=1000(tanaka) gid=1000(tanaka) groups=1000(tanaka)\r\n'],
  [0.7, 'o', 'tanaka@web01:~$ '],
]
  .map((line) => JSON.stringify(line))
  .join('\n');

/**
 * The decoy console end to end: a world and sessions reach the hub through the real sensor API (a decoy sensor
 * credential), the analysis classifies them, and Chromium shows the worlds list, the statistics charts, the
 * session timeline with ATT&CK chips, the replay, the live view, and the Japanese labels.
 */
describe('Decoy console in Chromium', () => {
  let d: DecoyHub;
  let browser: Browser;
  let base: string;
  let secret: string;
  let finishedId: string;
  let liveId: string;

  const inject = async (method: 'GET' | 'POST', url: string, headers: Headers, payload?: object) => {
    const response = await d.hub.app.inject({ method, url: `${P}${url}`, headers, payload });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.body ? response.json<Record<string, unknown>>() : {};
  };
  const sessionId = async (session: string) => {
    const list = await inject('GET', `/decoy/sessions?world=${WORLD}`, d.padmin);
    const found = (list.items as { id: string; session: string }[]).find((item) => item.session === session);
    if (!found) throw new Error(`no session ${session}`);
    return found.id;
  };

  beforeAll(async () => {
    d = await startDecoyHub('dconsole');
    await d.hub.app.listen({ port: 0, host: '127.0.0.1' });
    const address = d.hub.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();

    secret = await sensorSecret(d, SENSOR);
    await createWorld(d, WORLD, SENSOR);
    await inject('POST', `/decoy/worlds/${WORLD}/start`, d.padmin);
    const world = await inject('GET', `/decoy/worlds/${WORLD}`, d.padmin);
    await inject('POST', `/decoy/sensors/${SENSOR}/status`, bearer(secret), {
      sensorId: SENSOR,
      version: 'test',
      worlds: [
        {
          worldId: WORLD,
          revision: world.revision,
          resetGeneration: world.resetGeneration,
          state: 'running',
          listening: [{ service: 'ssh', host: '127.0.0.1', port: 2222 }],
          sessions: 1,
        },
      ],
      spooled: 0,
      dropped: 3,
    });

    // A finished session: brute force, discovery, a download; its recording is complete.
    const uploaded = await postEvents(d, bearer(secret), SENSOR, attack(SENSOR, WORLD, 'sess-done'));
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    await inject('POST', '/decoy/recordings', bearer(secret), {
      sensorId: SENSOR,
      chunks: [
        {
          world: WORLD,
          host: 'web01',
          session: 'sess-done',
          seq: 0,
          header: { version: 2, width: 80, height: 24 },
          lines: REPLAY_LINES,
          final: true,
        },
      ],
    });

    // A live session: signed in a moment ago, no disconnect, its recording still growing.
    const now = (offset: number) => new Date(Date.now() - 5_000 + offset * 1000).toISOString();
    const live = [
      { ...event(SENSOR, WORLD, 'sess-live', 0, { kind: 'connect' }), time: now(0) },
      {
        ...event(SENSOR, WORLD, 'sess-live', 1, {
          kind: 'auth',
          username: 'tanaka',
          password: 'Sakura2024!',
          success: true,
        }),
        time: now(1),
      },
    ];
    expect((await postEvents(d, bearer(secret), SENSOR, live)).statusCode).toBe(200);
    await inject('POST', '/decoy/recordings', bearer(secret), {
      sensorId: SENSOR,
      chunks: [
        {
          world: WORLD,
          host: 'web01',
          session: 'sess-live',
          seq: 0,
          header: { version: 2, width: 80, height: 24 },
          lines: JSON.stringify([0.2, 'o', 'tanaka@web01:~$ ']),
          final: false,
        },
      ],
    });
    await d.hub.services.decoyAnalysis.drain();
    finishedId = await sessionId('sess-done');
    liveId = await sessionId('sess-live');
  });
  afterAll(async () => {
    await browser?.close();
    await d?.hub.dispose();
  });
  // Errors thrown in the page (a refused WebAssembly compile is one: it never reaches the console) fail the test too.
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
  // one signed-in admin tab for the whole file: signing in costs a password hash check each time
  let admin: Promise<Page> | undefined;
  const adminPage = () => (admin ??= openPage('root@dconsole.example'));

  it('lists the world with its state, sensor and sessions, and shows its statistics as charts', async () => {
    const page = await adminPage();
    await page.getByTestId('nav-decoy').click();
    const row = page.getByTestId(`decoy-world-row-${WORLD}`);
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain(SENSOR);
    expect(text).toContain('Running');
    expect(text).toContain('ssh 127.0.0.1:2222');
    expect(text).toMatch(/1\s*\/\s*2/); // one live of two sessions
    expect(await page.getByTestId('decoy-world-new').count()).toBe(1);

    await row.getByRole('link').first().click();
    await page.getByTestId('decoy-world').waitFor();
    expect(await page.getByTestId('decoy-hosts').locator('tbody tr').count()).toBe(6);
    expect(await page.getByTestId('decoy-planted').locator('tbody tr').count()).toBeGreaterThan(0);
    // The sensor's last report, with the loss called out.
    const report = await page.getByTestId('decoy-sensor-report').textContent();
    expect(report).toContain('0 waiting to send, 3 dropped, 0 refused by the hub');
    expect(report).toContain('Events were lost');
    // live sessions first
    const sessions = page.getByTestId('decoy-sessions-table').locator('tbody tr');
    await expect.poll(() => sessions.count()).toBe(2);
    expect(await sessions.first().getAttribute('data-testid')).toBe('decoy-session-row-sess-live');

    await page.getByTestId('decoy-world-tab-stats').click();
    await page.getByTestId('decoy-stats').waitFor();
    expect(await page.getByTestId('decoy-kpi-sessions').textContent()).toContain('2');
    for (const chart of ['per-day', 'usernames', 'passwords', 'commands', 'techniques']) {
      await page.locator(`[data-testid="decoy-chart-${chart}"] canvas`).first().waitFor();
    }
    expect(await page.getByTestId('decoy-downloads').textContent()).toContain('http://198.51.100.4/x.sh');
  });

  it('shows a session’s timeline with technique chips and replays its recording', async () => {
    const page = await adminPage();
    await page.goto(`${base}/decoy/sessions/${finishedId}`);
    const timeline = page.getByTestId('decoy-timeline');
    await timeline.waitFor();
    expect(await timeline.textContent()).toContain('cat /etc/passwd');
    const chips = await page.getByTestId('decoy-event-techniques').allTextContents();
    const techniques = chips.join(' ');
    for (const id of ['T1082', 'T1087.001', 'T1105']) expect(techniques).toContain(id);
    const chip = page.getByTestId('decoy-timeline').locator('a', { hasText: 'T1105' }).first();
    expect(await chip.getAttribute('href')).toBe('https://attack.mitre.org/techniques/T1105/');
    expect(await page.getByTestId('decoy-session-summary').textContent()).toContain('203.0.113.9');

    const replay = page.getByTestId('decoy-replay');
    await replay.locator('.ap-player').waitFor();
    await replay.locator('.ap-player').click();
    await expect
      .poll(() => replay.locator('.ap-term').textContent(), { timeout: 15_000 })
      .toContain('uid=1000(tanaka)');
  });

  it('watches a live session as its recording grows, then shows the replay when it ends', async () => {
    const page = await adminPage();
    await page.goto(`${base}/decoy/sessions/${liveId}`);
    const terminal = page.getByTestId('decoy-live-terminal');
    await expect.poll(() => terminal.textContent()).toContain('tanaka@web01:~$');
    expect(await page.getByTestId('decoy-live').count()).toBeGreaterThan(0);

    const chunk = (seq: number, lines: string, final: boolean) =>
      inject('POST', '/decoy/recordings', bearer(secret), {
        sensorId: SENSOR,
        chunks: [{ world: WORLD, host: 'web01', session: 'sess-live', seq, lines, final }],
      });
    await chunk(1, JSON.stringify([1.0, 'o', 'hostname\r\nweb01\r\ntanaka@web01:~$ ']), false);
    await expect.poll(() => terminal.textContent()).toContain('web01\ntanaka@web01:~$');

    const ended = await postEvents(d, bearer(secret), SENSOR, [
      event(SENSOR, WORLD, 'sess-live', 9, { kind: 'disconnect', duration: 9 }),
    ]);
    expect(ended.statusCode).toBe(200);
    await chunk(2, JSON.stringify([2.0, 'o', 'logout\r\n']), true);
    await page.getByTestId('decoy-replay').locator('.ap-player').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('decoy-live-view').count()).toBe(0);
  });

  it('creates a world from the form, and shows the problems of a bad YAML next to it with their lines', async () => {
    const page = await adminPage();
    await page.goto(`${base}/decoy`);
    await page.getByTestId('decoy-world-new').click();
    await page.getByTestId('decoy-id').fill('ui-world');
    await page.getByTestId('decoy-sensor').fill('tokyo-2');
    await page.getByTestId('decoy-employees').fill('8');
    await page.getByTestId('decoy-hosts').fill('6');
    await page.getByTestId('decoy-seed-random').click();
    expect(await page.getByTestId('decoy-seed').inputValue()).toMatch(/^\d+$/);
    // a public address needs an explicit confirmation before anything is sent
    await page.getByTestId('decoy-binding-ssh-host').fill('0.0.0.0');
    await page.getByTestId('decoy-create').click();
    await page.getByTestId('decoy-allow-public').waitFor();
    expect(page.url()).toMatch(/\/decoy\/new$/);
    await page.getByTestId('decoy-binding-ssh-host').fill('127.0.0.1');
    await page.getByTestId('decoy-create').click();
    await page.waitForURL(/\/decoy\/ui-world$/);
    await page.getByTestId('decoy-world').waitFor();
    expect(await page.getByTestId('decoy-world-bindings').textContent()).toBe('ssh 127.0.0.1:2222');
    const created = await inject('GET', '/decoy/worlds/ui-world', d.padmin);
    expect(created.sensorId).toBe('tokyo-2');

    await page.goto(`${base}/decoy/new`);
    await page.getByTestId('decoy-id').fill('bad-world');
    await page.getByTestId('decoy-sensor').fill('tokyo-2');
    await page.getByTestId('decoy-mode-upload').check();
    await page.getByTestId('decoy-definition-text').fill('version: 1\norganisation:\n  name: 5\n');
    await page.getByTestId('decoy-create').click();
    const problems = page.getByTestId('decoy-definition-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toMatch(/Line \d+/);
    expect(page.url()).toMatch(/\/decoy\/new$/);
  });

  it('edits a world’s options and lends it to an organisation after a confirmation', async () => {
    const page = await adminPage();
    await page.goto(`${base}/decoy/ui-world`);
    await page.getByTestId('decoy-edit').click();
    await page.getByTestId('decoy-fetch-enabled').check();
    await page.getByTestId('decoy-edit-save').click();
    await page.getByText('Saved. The sensor restarts the world with the new revision.').waitFor();
    const edited = await inject('GET', '/decoy/worlds/ui-world', d.padmin);
    expect(edited).toMatchObject({ fetchEnabled: true, revision: 2 });

    await page.getByTestId('decoy-lend').click();
    await page.getByTestId('decoy-lend-org').selectOption({ value: d.orgB.id });
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('decoy-lend-submit').click();
    await expect
      .poll(async () => (await inject('GET', '/decoy/worlds/ui-world', d.padmin)).lentTo)
      .toMatchObject({
        id: d.orgB.id,
      });
    await expect.poll(() => page.getByTestId('decoy-world').textContent()).toContain('Lent to');
  });

  it('lists the decoy sessions of an automatic case on its case page', async () => {
    const page = await adminPage();
    await page.goto(`${base}/decoy/sessions/${finishedId}`);
    await page.getByTestId('decoy-case-link').click();
    const panel = page.getByTestId('case-decoy-sessions');
    await panel.waitFor();
    // both sessions came from the same address into the same world: one case
    expect(await panel.getByTestId('decoy-session-row-sess-done').count()).toBe(1);
    expect(await panel.getByTestId('decoy-session-row-sess-live').count()).toBe(1);
  });

  it('switches to Japanese and shows Japanese labels', async () => {
    const page = await adminPage();
    await page.goto(`${base}/decoy`);
    await page.getByTestId(`decoy-world-row-${WORLD}`).waitFor();
    await page.getByTestId('lang-switch').selectOption('ja');
    await expect.poll(() => page.getByTestId('nav-decoy').textContent()).toBe('デコイ環境');
    expect(await page.getByTestId('decoy-worlds-table').locator('thead').textContent()).toContain('センサー');
    expect(await page.getByTestId(`decoy-world-row-${WORLD}`).textContent()).toContain('稼働中');
    await page.goto(`${base}/decoy/sessions/${finishedId}`);
    await page.getByTestId('decoy-timeline').waitFor();
    expect(await page.getByTestId('decoy-timeline').textContent()).toContain('コマンド');
  });

  it('lets an analyst see the world but not manage it', async () => {
    const page = await openPage('ana@dconsole-a.example');
    await page.goto(`${base}/decoy/${WORLD}`);
    await page.getByTestId('decoy-world').waitFor();
    expect(await page.getByTestId('decoy-start').or(page.getByTestId('decoy-stop')).isDisabled()).toBe(true);
    expect(await page.getByTestId('decoy-world-actions').textContent()).toContain(
      'Only platform admins manage decoy worlds.',
    );
    expect(await page.getByTestId('decoy-planted').count()).toBe(0);
  });
});
