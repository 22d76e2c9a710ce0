import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { sensorToken } from '../src/modules/telescope/telescope.fixtures.js';
import { CHROMIUM, launchChromium, newContext, signInAt, takeCspViolations } from './browser.js';
import { startTestHub, type TestHub } from './harness.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);
/** Short intervals, so that "within one interval" takes seconds here rather than NICTER's five minutes. */
const INTERVAL = 20;
const LATENESS = 2;
const SCAN_IDLE = 5;
const PORTS = [22, 23, 80];

interface Lab {
  scanner_ns: string;
  darknet_ns: string;
  clean_ns: string;
  capture_interface: string;
  dark_prefix: string;
  scanner: string;
  clean: string;
  host_from_scanner: string;
  host_from_clean: string;
}

/** Fails (never skips) with what to install when a tool of the lab is missing. */
async function requireTools(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('the live darknet test makes network namespaces: run it as root');
  for (const tool of ['ip', 'nmap', 'tcpdump', CHROMIUM]) {
    await run('sh', ['-c', `command -v ${tool}`]).catch(() => {
      throw new Error(`${tool} is missing: apt-get install iproute2 nmap tcpdump chromium`);
    });
  }
}

/** A Chromium that runs inside a network namespace: its connections come from that namespace's address. */
function chromiumIn(namespace: string, dir: string): string {
  const wrapper = path.join(dir, `chromium-${namespace}`);
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${namespace} ${CHROMIUM} "$@"\n`, { mode: 0o755 });
  return wrapper;
}

/** Resolves once `text` appears on the stream (tcpdump says "listening on" when it captures). */
function waitFor(child: ChildProcess, stream: 'stdout' | 'stderr', text: string, ms = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no "${text}" within ${ms} ms: ${seen}`)), ms);
    child[stream]!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/**
 * The darknet issue's "done means", live: nmap scans a darknet routed to a network namespace, tcpdump captures
 * it there and streams it into the real `cynex telescope ingest -`, which uploads to a listening hub. The console
 * shows the scan with the right source, ports and counts within one interval; the organisation that registered
 * the scanner's prefix gets the alert; the public self-check, opened in Chromium running in the scanner's
 * namespace, reports the scan, and from another namespace's address reports nothing.
 */
describe('live darknet: nmap → tcpdump → cynex telescope ingest → console, alert and self-check', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cynex-live-'));
  const capture = path.join(dir, 'darknet.pcap');
  let lab: Lab;
  let hub: TestHub;
  let port: number;
  let tcpdump: ChildProcess;
  let ingest: ChildProcess;
  let ingestLog = '';
  let consoleBrowser: Browser;
  let orgId: string;
  let scanEndedAt = 0;

  beforeAll(async () => {
    await requireTools();
    const { stdout } = await run('bash', [path.join(repo, 'scripts/darknet-lab.sh'), 'up']);
    lab = Object.fromEntries(
      stdout
        .trim()
        .split('\n')
        .map((line) => line.split('=')),
    ) as Lab;

    hub = await startTestHub();
    await hub.app.listen({ port: 0, host: '0.0.0.0' });
    const address = hub.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    port = address.port;

    const org = await hub.org('scanner-owner');
    orgId = org.id;
    await hub.user('admin@scanner-owner.example', { memberships: [{ orgId, role: 'org_admin' }] });
    const bystander = await hub.org('bystander');
    await hub.user('ana@bystander.example', { memberships: [{ orgId: bystander.id, role: 'analyst' }] });
    const admin = await hub.signIn('admin@scanner-owner.example');
    const prefix = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/prefixes`,
      headers: admin,
      payload: { cidr: '203.0.113.0/24', note: 'lab scanner' },
    });
    expect(prefix.statusCode, prefix.body).toBe(201);
    await hub.approvePrefix(prefix.json().id);
    const token = await sensorToken(hub);

    ingest = spawn(
      process.execPath,
      [
        path.join(repo, 'packages/cli/bin/cynex.js'),
        'telescope',
        'ingest',
        '-',
        '--prefix',
        lab.dark_prefix,
        '--sensor',
        'live-lab',
        '--hub',
        `http://127.0.0.1:${port}`,
        '--token',
        token,
        '--interval',
        String(INTERVAL),
        '--lateness',
        String(LATENESS),
        '--scan-idle',
        String(SCAN_IDLE),
        '--no-geo',
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    ingest.stderr!.on('data', (chunk: Buffer) => (ingestLog += chunk.toString()));
    tcpdump = spawn(
      'ip',
      [
        'netns',
        'exec',
        lab.darknet_ns,
        'tcpdump',
        '-i',
        lab.capture_interface,
        '-U',
        '-n',
        '-w',
        '-',
        `dst net ${lab.dark_prefix}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // The stream goes to the ingest, and a copy to a file that tcpdump -r counts afterwards.
    const copy = createWriteStream(capture);
    tcpdump.stdout!.on('data', (chunk: Buffer) => {
      copy.write(chunk);
      ingest.stdin!.write(chunk);
    });
    tcpdump.stdout!.on('end', () => {
      copy.end();
      ingest.stdin!.end();
    });
    await waitFor(tcpdump, 'stderr', 'listening on');

    consoleBrowser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    // tcpdump stops, its stream ends, the ingest sends what is left and exits while the hub still listens.
    tcpdump?.kill('SIGINT');
    if (ingest && ingest.exitCode === null) {
      const exited = new Promise((resolve) => ingest.once('exit', resolve));
      const timer = setTimeout(() => ingest.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await consoleBrowser?.close();
    await hub?.dispose();
    await run('bash', [path.join(repo, 'scripts/darknet-lab.sh'), 'down']).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => expect(takeCspViolations()).toEqual([]));

  it('shows the nmap scan in the console with its source, ports and counts within one interval', async () => {
    const nmap = await run('ip', [
      'netns',
      'exec',
      lab.scanner_ns,
      'nmap',
      '-sS',
      '-Pn',
      '-n',
      '--max-retries',
      '0',
      '--min-rate',
      '2000',
      '-p',
      PORTS.join(','),
      lab.dark_prefix,
    ]);
    scanEndedAt = Date.now();
    expect(nmap.stdout).toContain('256 IP addresses');

    const page = await (await newContext(consoleBrowser, { locale: 'en-GB' })).newPage();
    await signInAt(page, `http://127.0.0.1:${port}`, 'admin@scanner-owner.example');

    // The source page, reloaded until the interval that holds the scan has closed and arrived.
    const deadline = scanEndedAt + (INTERVAL + LATENESS + 8) * 1000;
    let shown = false;
    while (!shown && Date.now() < deadline) {
      await page.goto(`http://127.0.0.1:${port}/telescope/sources/${lab.scanner}`);
      await page.getByTestId('source-profile').or(page.getByTestId('source-not-found')).waitFor();
      shown = await page.getByTestId('source-profile').isVisible();
      if (!shown) await page.waitForTimeout(1000);
    }
    const latency = (Date.now() - scanEndedAt) / 1000;
    expect(shown, `not in the console ${latency.toFixed(1)} s after the scan; ingest said:\n${ingestLog}`).toBe(true);
    expect(latency).toBeLessThanOrEqual(INTERVAL + LATENESS + 8);
    process.stdout.write(`live darknet: the console showed the scan ${latency.toFixed(1)} s after nmap ended\n`);

    // What tcpdump itself recorded: every probe, per destination port.
    const { stdout: lines } = await run('tcpdump', ['-n', '-r', capture], { maxBuffer: 64 << 20 });
    const probes = lines.trim().split('\n');
    const perPort = PORTS.map(
      (p) => probes.filter((l) => l.includes(`> 198.18.77.`) && l.includes(`.${p}: Flags [S]`)).length,
    );
    expect(probes.every((l) => l.includes(`IP ${lab.scanner}.`))).toBe(true);
    expect(perPort).toEqual([256, 256, 256]);

    const profile = page.getByTestId('source-profile');
    const text = (await profile.textContent()) ?? '';
    expect(text).toContain(probes.length.toLocaleString('en-GB'));
    for (const p of PORTS) expect(text).toContain(`tcp/${p}`);
    expect(text).toContain('256');
    await page.screenshot({ path: 'test-results/live-source.png', fullPage: true });

    // The scans themselves: one per port, 256 darknet addresses each, once the scanner has been idle 5 s.
    await expect
      .poll(
        async () => {
          await page.goto(`http://127.0.0.1:${port}/telescope/events?source=${lab.scanner}`);
          await page.getByTestId('events-total').waitFor();
          return page.getByTestId('scan-table').locator('tbody tr').count();
        },
        { timeout: (SCAN_IDLE + INTERVAL) * 1000, interval: 1000 },
      )
      .toBe(3);
    const rows = await page.getByTestId('scan-table').locator('tbody tr').allTextContents();
    for (const p of PORTS) {
      const row = rows.find((r) => r.includes(`tcp/${p}`));
      expect(row, `a scan of port ${p}`).toContain(lab.scanner);
      expect(row).toContain(String(perPort[PORTS.indexOf(p)]));
    }
    await page.context().close();
  });

  it('alerts the organisation that registered the scanning prefix, and nobody else', async () => {
    const owner = await hub.signIn('admin@scanner-owner.example');
    const alerts = await hub.app.inject({ method: 'GET', url: '/api/v1/alerts', headers: owner });
    expect(alerts.statusCode, alerts.body).toBe(200);
    const items = alerts.json().items as { host: string; orgId: string }[];
    expect(items.map((a) => a.host)).toContain(lab.scanner);
    const bystander = await hub.signIn('ana@bystander.example');
    const none = await hub.app.inject({ method: 'GET', url: '/api/v1/alerts', headers: bystander });
    expect(none.json().items).toEqual([]);

    const page = await (await newContext(consoleBrowser, { locale: 'ja-JP' })).newPage();
    await signInAt(page, `http://127.0.0.1:${port}`, 'admin@scanner-owner.example');
    await page.goto(`http://127.0.0.1:${port}/alerts`);
    await expect.poll(() => page.getByTestId('alert-item').first().textContent()).toContain(lab.scanner);
    await page.screenshot({ path: 'test-results/live-alert.png', fullPage: true });
    await page.context().close();
  });

  it('self-check in Chromium from the scanner’s own address reports the scan; from another address, nothing', async () => {
    const fromScanner = await launchChromium(chromiumIn(lab.scanner_ns, dir));
    try {
      const page = await (await newContext(fromScanner, { locale: 'ja-JP' })).newPage();
      await page.goto(`http://${lab.host_from_scanner}:${port}/self-check`);
      await expect
        .poll(() => page.getByTestId('selfcheck-result').getAttribute('data-state'), { timeout: 15_000 })
        .toBe('seen');
      expect(await page.getByTestId('selfcheck-address').textContent()).toBe(lab.scanner);
      const darknet = (await page.getByTestId('selfcheck-darknet').textContent()) ?? '';
      for (const p of PORTS) expect(darknet).toContain(String(p));
      await page.screenshot({ path: 'test-results/live-self-check-seen.png', fullPage: true });
    } finally {
      await fromScanner.close();
    }

    const fromClean = await launchChromium(chromiumIn(lab.clean_ns, dir));
    try {
      const page = await (await newContext(fromClean, { locale: 'en-GB' })).newPage();
      await page.goto(`http://${lab.host_from_clean}:${port}/self-check`);
      await expect
        .poll(() => page.getByTestId('selfcheck-result').getAttribute('data-state'), { timeout: 15_000 })
        .toBe('clear');
      expect(await page.getByTestId('selfcheck-address').textContent()).toBe(lab.clean);
      expect(await page.content()).not.toContain(lab.scanner);
    } finally {
      await fromClean.close();
    }
  });
});
