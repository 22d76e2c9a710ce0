import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newContext, signInAt } from './browser.js';
import {
  adminClient,
  cynex,
  eventually,
  freePort,
  scpUpload,
  sshInteractive,
  waitForPort,
  type ApiClient,
  type CynexProcess,
  type SshTarget,
} from './decoy-attack.js';
import { TEST_PASSWORD } from './harness.js';

interface SessionItem {
  id: string;
  username: string | null;
  live: boolean;
  commands: number;
  caseId: string | null;
  techniques: string[];
}

/**
 * Issue 7's first "done means", as a newcomer would do it: `cynex serve` with its demo decoy world, the real OpenSSH
 * client logs in with the account the start-up message names, runs commands, moves into a second host and uploads
 * with scp, while the platform admin watches the session live in Chromium, then its replay, and the observation case
 * the analysis opened with its behaviours, ATT&CK techniques and suggested level.
 */
describe('a real SSH attack on the demo decoy world, watched in Chromium', () => {
  let dataDir: string;
  let hub: CynexProcess;
  let api: ApiClient;
  let base: string;
  let entry: SshTarget;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cynex-decoy-attack-'));
    const [hubPort, ssh, telnet, http, imap, smtp] = (await Promise.all(Array.from({ length: 6 }, freePort))) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    hub = cynex([
      'serve',
      '--port',
      String(hubPort),
      '--data-dir',
      dataDir,
      '--decoy-ports',
      `ssh=${ssh},telnet=${telnet},http=${http},imap=${imap},smtp=${smtp}`,
    ]);
    const way = await hub.waitFor(/ssh -p (\d+) (\S+)@127\.0\.0\.1 +\(password (\S+)\)/, 180_000);
    entry = { port: Number(way[1]), username: way[2]!, password: way[3]! };
    expect(entry.port).toBe(ssh);
    base = `http://127.0.0.1:${hubPort}`;
    api = await adminClient(base, /http\S+\/accept\/\S+/.exec(hub.output())![0]);
    await waitForPort(ssh);
    browser = await launchChromium();
    page = await (await newContext(browser, { locale: 'en-GB', viewport: { width: 1400, height: 1000 } })).newPage();
    await signInAt(page, base, 'admin@localhost', TEST_PASSWORD);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows the live session, its replay, and the case the analysis opened', async () => {
    const world = await api.get<{ hosts: { hostname: string; role: string }[] }>('/api/v1/decoy/worlds/demo');
    const fileHost = world.hosts.find((h) => h.role === 'file')!.hostname;

    const attacker = sshInteractive(entry);
    await attacker.waitFor(/[$#] $/);
    attacker.type('uname -a');
    await attacker.waitFor(/Linux \S+ \d/);

    // The admin finds the running session and watches it.
    const live = await eventually('the live session at the hub', async () => {
      const { items } = await api.get<{ items: SessionItem[] }>('/api/v1/decoy/sessions?world=demo&live=true');
      return items.find((s) => s.username === entry.username && s.commands > 0);
    });
    await page.goto(`${base}/decoy/sessions/${live.id}`);
    const terminal = page.getByTestId('decoy-live-terminal');
    await expect.poll(() => terminal.textContent(), { timeout: 20_000 }).toContain('uname -a');

    attacker.type('cat /etc/passwd');
    await attacker.waitFor(/root:x:0:0/);
    await expect.poll(() => terminal.textContent(), { timeout: 20_000 }).toContain('root:x:0:0');

    // Into a second host of the world, with the same (reused) password.
    attacker.type(`ssh ${entry.username}@${fileHost}`);
    await attacker.waitFor(/\(yes\/no[^)]*\)\? $|password: $/);
    if (/\(yes\/no[^)]*\)\? $/.test(attacker.output())) {
      attacker.type('yes');
      await attacker.waitFor(/password: $/);
    }
    attacker.type(entry.password);
    await attacker.waitFor(new RegExp(`${fileHost}[^\\n]*[$#] $`));
    attacker.type('hostname');
    await attacker.waitFor(new RegExp(`\\n${fileHost}\\r?\\n`));
    attacker.type('exit');
    await attacker.waitFor(/Connection to \S+ closed/);
    attacker.type('exit');
    await attacker.closed;

    const upload = path.join(dataDir, 'tool.sh');
    await writeFile(upload, `#!/bin/sh\necho ${Math.random()}\n`);
    await scpUpload(entry, upload, '/tmp/tool.sh');

    // The session ended: the replay takes the live view's place, and the timeline shows the pivot.
    await page.getByTestId('decoy-replay').locator('.ap-player').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('decoy-live-view').count()).toBe(0);
    await page.reload();
    const timeline = page.getByTestId('decoy-timeline');
    await expect.poll(() => timeline.textContent(), { timeout: 30_000 }).toContain('T1021.004');
    await page.screenshot({ path: 'test-results/decoy-attack-session.png', fullPage: true });

    // The analysis filed it into a case with behaviours, techniques and a suggested level.
    const analysed = await eventually('the automatic case', async () => {
      const session = await api.get<SessionItem>(`/api/v1/decoy/sessions/${live.id}`);
      return session.caseId && session.techniques.includes('T1021.004') ? session : undefined;
    });
    expect(analysed.techniques).toEqual(expect.arrayContaining(['T1082', 'T1087.001', 'T1021.004']));
    const kase = await api.get<{
      case: { caseId: string; progressLevel: number; suggestedLevel: number | null };
      behaviours: unknown[];
      suggestion: { level: number };
    }>(`/api/v1/cases/${analysed.caseId}`);
    expect(kase.behaviours.length).toBeGreaterThan(0);
    // Hands-on discovery and lateral movement: past the rubric's first levels, and the case follows the suggestion.
    expect(kase.suggestion.level).toBeGreaterThanOrEqual(3);
    expect(kase.case.progressLevel).toBe(kase.suggestion.level);
    await page.goto(`${base}/cases/${analysed.caseId}`);
    await expect
      .poll(() => page.getByTestId('case-title').textContent(), { timeout: 20_000 })
      .toContain(kase.case.caseId);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('T1082');
    expect(text).toContain('T1021.004');
    // The case's decoy-sessions panel loads after the case itself.
    await expect.poll(() => page.locator('body').textContent(), { timeout: 20_000 }).toContain('Decoy sessions');
    await page.screenshot({ path: 'test-results/decoy-attack-case.png', fullPage: true });
  }, 300_000);
});
