import { kb, mb, printTable, SensorProcess } from './sensor-process.js';
import { login, pool } from './ssh-client.js';

/**
 * (a) Concurrent idle SSH sessions held by one fresh sensor process: N clients log in and open a shell, then sit.
 * Memory per session is the growth of the sensor's RSS and V8 heap (after forced GC) divided by N.
 */
export async function idleBench(sessions: number, shell = true): Promise<void> {
  const sensor = await SensorProcess.start();
  // Warm up code paths (one login) so the baseline includes compiled code, not per-session state.
  const warm = await login(sensor.port, sensor.username, sensor.password, true);
  warm.close();
  await new Promise((r) => setTimeout(r, 500));
  const before = await sensor.stats();
  const clients: { close(): void }[] = [];
  let failed = 0;
  const started = Date.now();
  await pool(sessions, 64, async () => {
    try {
      clients.push(await login(sensor.port, sensor.username, sensor.password, shell));
    } catch {
      failed += 1;
    }
  });
  const setupSeconds = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 2_000));
  const after = await sensor.stats();
  const held = clients.length;
  const rows: [string, string][] = [
    ['sessions requested', String(sessions)],
    [`sessions held (authenticated${shell ? ', shell open' : ', no channel'})`, String(held)],
    ['failed logins', String(failed)],
    ['setup time', `${setupSeconds.toFixed(1)} s (${(held / setupSeconds).toFixed(0)} logins/s)`],
    ['sensor RSS before / after', `${mb(before.rss)} MB / ${mb(after.rss)} MB`],
    ['sensor heap before / after', `${mb(before.heapUsed)} MB / ${mb(after.heapUsed)} MB`],
    ['RSS per idle session', `${kb((after.rss - before.rss) / Math.max(1, held))} KB`],
    ['heap per idle session', `${kb((after.heapUsed - before.heapUsed) / Math.max(1, held))} KB`],
    ['external per idle session', `${kb((after.external - before.external) / Math.max(1, held))} KB`],
    ['connect / auth events', `${after.counts['connect'] ?? 0} / ${after.counts['auth'] ?? 0}`],
  ];
  printTable(`Idle SSH sessions (${sessions} requested${shell ? '' : ', --no-shell'})`, rows);
  for (const c of clients) c.close();
  await sensor.stop();
}
