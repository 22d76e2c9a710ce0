import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';
import { DEMO_INFECTED_HOST, DEMO_SENSOR } from './demo-darknet.js';
import { DEMO_PASSWORD } from './demo-data.js';
import { loadDemo, type DemoLoaded } from './demo.loader.js';

/** The demo as a newcomer meets it: signed in as a demo user, every darknet page has something to show. */
describe('demo load', () => {
  let hub: TestHub;
  let first: DemoLoaded;
  let member: Record<string, string>;
  let observer: Record<string, string>;
  const now = new Date();

  beforeAll(async () => {
    hub = await startTestHub();
    first = await loadDemo(hub.services, now);
    member = await hub.signIn('member-analyst@demo.cynex.example', DEMO_PASSWORD);
    observer = await hub.signIn('analyst@demo.cynex.example', DEMO_PASSWORD);
  }, 240_000);
  afterAll(() => hub.dispose());

  const get = async (url: string, headers: Record<string, string>) => {
    const response = await hub.app.inject({ method: 'GET', url, headers });
    expect(response.statusCode, url).toBe(200);
    return response.json();
  };

  it('loads the cases and a day of darknet traffic through the ingest path', async () => {
    expect(first.cases).toBe(18);
    expect(first.darknet).toMatchObject({ loaded: true });
    expect(first.darknet.batches).toBeGreaterThanOrEqual(24);
    expect(first.darknet.alerts).toBeGreaterThanOrEqual(1);
    const summary = await get('/api/v1/telescope/summary', observer);
    expect(summary.packets).toBeGreaterThan(100_000);
    expect(summary.miraiShare).toBeGreaterThan(0.1);
    expect(summary.sensors.map((s: { sensorId: string }) => s.sensorId)).toContain(DEMO_SENSOR);
    // Every 5-minute interval of the last day has traffic: the chart has no holes.
    const series = await get('/api/v1/telescope/series?granularity=5m', observer);
    const withPackets = series.items.filter((p: { packets: number }) => p.packets > 0);
    expect(withPackets.length).toBeGreaterThanOrEqual(280);
  });

  it('shows the real captures and the generated events on the events page', async () => {
    const scans = await get('/api/v1/telescope/events?kind=scan&limit=100', observer);
    const ports = scans.items.map((s: { port: number }) => s.port);
    for (const port of [445, 3389, 6379, 5900]) expect(ports).toContain(port);
    // nmap's SYN scan of 1,000 ports (synscan.pcapng) as a vertical scan from its source.
    expect(scans.items).toContainEqual(
      expect.objectContaining({ source: '172.16.0.8', scanKind: 'vertical', portCount: 1000 }),
    );
    const dos = await get('/api/v1/telescope/events?kind=dos&limit=100', observer);
    expect(dos.total).toBeGreaterThanOrEqual(3);
    const backscatter = await get('/api/v1/telescope/events?kind=backscatter&limit=100', observer);
    expect(backscatter.items).toContainEqual(expect.objectContaining({ victim: '10.10.10.10' }));
  });

  it("alerts the member organisation about its infected host, and nobody else's", async () => {
    const mine = await get('/api/v1/alerts', member);
    expect(mine.items).toContainEqual(expect.objectContaining({ host: DEMO_INFECTED_HOST }));
    const theirs = await get('/api/v1/alerts', observer);
    expect(theirs.items.map((a: { host: string }) => a.host)).not.toContain(DEMO_INFECTED_HOST);
  });

  it("generates this quarter's report, marked as demo", async () => {
    const reports = await get('/api/v1/telescope/reports', member);
    const quarter = Math.floor(now.getUTCMonth() / 3) + 1;
    const report = reports.items.find(
      (r: { kind: string; year: number; quarter: number }) =>
        r.kind === 'quarterly' && r.year === now.getUTCFullYear() && r.quarter === quarter,
    );
    expect(report?.titleEn).toMatch(/\(demo\)/);
    expect(report?.titleJa).toMatch(/デモ/);
  });

  it('adds nothing when loaded again', async () => {
    const before = await get('/api/v1/telescope/summary', observer);
    const again = await loadDemo(hub.services, now);
    expect(again.cases).toBe(0);
    expect(again.darknet.loaded).toBe(false);
    expect((await get('/api/v1/telescope/summary', observer)).packets).toBe(before.packets);
    expect((await get('/api/v1/telescope/reports', observer)).total).toBe(1);
  });
});
