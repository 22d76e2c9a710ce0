import { mb, printTable, SensorProcess } from './sensor-process.js';
import { login, pool } from './ssh-client.js';

/**
 * (c) Soak: connect, authenticate, disconnect in a loop for N seconds against one fresh sensor process, sampling its
 * RSS and heap (after forced GC) every `every` seconds. Flat means the last quarter's RSS is within 10 % of the
 * second quarter's (the first quarter is warm-up).
 */
export async function soakBench(seconds: number, concurrency = 8): Promise<void> {
  const sensor = await SensorProcess.start();
  const every = Math.max(5, Math.round(seconds / 20));
  const samples: { t: number; rss: number; heap: number; logins: number }[] = [];
  const start = Date.now();
  let logins = 0;
  let failures = 0;
  let running = true;
  const loop = pool(Number.MAX_SAFE_INTEGER, concurrency, async () => {
    if (!running) throw new Error('stop');
    try {
      const c = await login(sensor.port, sensor.username, sensor.password, false);
      c.close();
      logins += 1;
    } catch {
      failures += 1;
    }
  }).catch(() => {});
  while (Date.now() - start < seconds * 1000) {
    await new Promise((r) => setTimeout(r, every * 1000));
    const s = await sensor.stats();
    samples.push({ t: Math.round((Date.now() - start) / 1000), rss: s.rss, heap: s.heapUsed, logins });
  }
  running = false;
  await loop;
  await new Promise((r) => setTimeout(r, 1_000));
  const final = await sensor.stats();
  await sensor.stop();
  const quarter = (q: number) => {
    const part = samples.filter((_, i) => Math.floor((i * 4) / samples.length) === q).map((s) => s.rss);
    return part.sort((a, b) => a - b)[Math.floor(part.length / 2)] ?? 0;
  };
  const growth = quarter(1) > 0 ? (quarter(3) - quarter(1)) / quarter(1) : 0;
  printTable(
    `Soak: connect/auth/disconnect for ${seconds} s (${concurrency} parallel)`,
    samples.map((s) => [
      `t=${String(s.t).padStart(4)} s`,
      `RSS ${mb(s.rss)} MB, heap ${mb(s.heap)} MB, logins ${s.logins}`,
    ]),
  );
  printTable('Soak summary', [
    ['logins', String(logins)],
    ['failed logins', String(failures)],
    ['logins per second', (logins / seconds).toFixed(0)],
    ['connect / disconnect events', `${final.counts['connect'] ?? 0} / ${final.counts['disconnect'] ?? 0}`],
    [
      'RSS median 2nd quarter → 4th quarter',
      `${mb(quarter(1))} MB → ${mb(quarter(3))} MB (${(growth * 100).toFixed(1)} %)`,
    ],
    ['flat (within 10 %)', Math.abs(growth) <= 0.1 ? 'yes' : 'no'],
  ]);
}
