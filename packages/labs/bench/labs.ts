/**
 * Lab runner figures: cold start and reset times, then how many instances fit, with memory per instance.
 * Run: npx tsx packages/labs/bench/labs.ts [labId]   (default: the sqli app if present, else the probe fixture)
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_APPS_DIR, LabRunner, flagFor, gradeSqliDefence } from '../src/index.js';
import { residentKb } from '../src/runner/sandbox.js';

const FIXTURE_APPS_DIR = fileURLToPath(new URL('../test/fixtures', import.meta.url));
const TIMING_RUNS = 15;
const TARGET_INSTANCES = 60;

/** Proportional set size: shared pages (the node binary, common libraries) split between the processes using them. */
async function proportionalKb(pid: number): Promise<number> {
  try {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Pss:\s+(\d+)\s+kB/m.exec(rollup)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (n: number) => `${n.toFixed(0)} ms`;
const mib = (kb: number) => `${(kb / 1024).toFixed(1)} MiB`;

async function main(): Promise<void> {
  const labId = process.argv[2] ?? (existsSync(path.join(DEFAULT_APPS_DIR, 'sqli', 'server.mjs')) ? 'sqli' : 'probe');
  const appsDir = existsSync(path.join(DEFAULT_APPS_DIR, labId, 'lab.json')) ? DEFAULT_APPS_DIR : FIXTURE_APPS_DIR;
  const lab = JSON.parse(await readFile(path.join(appsDir, labId, 'lab.json'), 'utf8')) as { levels: string[] };
  const level = lab.levels[0]!;
  const key = randomBytes(32);
  const rootDir = await mkdtemp(path.join(os.tmpdir(), 'cynex-labs-bench-'));
  const runner = await LabRunner.create({
    rootDir,
    appsDir,
    limits: { maxInstances: TARGET_INSTANCES + 5 },
    startTimeoutMs: 30_000,
  });
  const start = (instanceId: string) =>
    runner.start({ instanceId, labId, level, flag: flagFor(key, `learner-${instanceId}`, labId, instanceId) });

  try {
    console.log(`lab ${labId} (level ${level}) from ${appsDir}`);
    console.log('isolation:', JSON.stringify(runner.capabilities()));
    console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`);

    const cold: number[] = [];
    for (let i = 0; i < TIMING_RUNS; i++) {
      const began = performance.now();
      await start(`cold-${i}`);
      cold.push(performance.now() - began);
      await runner.remove(`cold-${i}`);
    }
    console.log(
      `cold start (to healthy /healthz): p50 ${ms(percentile(cold, 50))}, p95 ${ms(percentile(cold, 95))} (target ≤ 2000 ms)`,
    );

    await start('reset');
    const resets: number[] = [];
    for (let i = 0; i < TIMING_RUNS; i++) {
      await runner.request('reset', { path: '/healthz' });
      const began = performance.now();
      await runner.reset('reset');
      resets.push(performance.now() - began);
    }
    await runner.remove('reset');
    console.log(`reset: p50 ${ms(percentile(resets, 50))}, p95 ${ms(percentile(resets, 95))} (target ≤ 1000 ms)`);

    if (labId === 'sqli') {
      // The defence grader against the fixed level, as a learner's "check my fix" runs it.
      await runner.start({
        instanceId: 'grade',
        labId,
        level: 'correct',
        flag: flagFor(key, 'grader', labId, 'grade'),
      });
      const grades: number[] = [];
      let checks = 0;
      for (let i = 0; i < 5; i++) {
        const began = performance.now();
        const result = await gradeSqliDefence(async (req) => {
          const res = await runner.request('grade', req);
          return { status: res.status, headers: res.headers, body: res.body.toString('utf8') };
        });
        grades.push(performance.now() - began);
        checks = result.checks.length;
      }
      await runner.remove('grade');
      console.log(
        `defence grading (${checks} checks: hidden exploits and functional tests): p50 ${ms(percentile(grades, 50))} ` +
          `per run, ${ms(percentile(grades, 50) / checks)} per check`,
      );
    }

    console.log(
      '\n| instances | total lab RSS | RSS per instance | PSS per instance | machine free memory | last start |',
    );
    console.log('|---:|---:|---:|---:|---:|---:|');
    const freeAtStart = os.freemem();
    let running = 0;
    for (let i = 0; i < TARGET_INSTANCES; i++) {
      const began = performance.now();
      try {
        await start(`cap-${i}`);
      } catch (err) {
        console.log(`start ${i + 1} failed: ${(err as Error).message}`);
        break;
      }
      const took = performance.now() - began;
      running++;
      // Let each lab settle (its first request) before measuring, as a learner's first page would.
      await runner.request(`cap-${i}`, { path: '/' }).catch(() => undefined);
      if (running === 1 || running % 10 === 0 || running === TARGET_INSTANCES) {
        const pids = runner.list().flatMap((x) => (x.state === 'running' && x.pid ? [x.pid] : []));
        const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
        const rss = sum(await Promise.all(pids.map(residentKb)));
        const pss = sum(await Promise.all(pids.map(proportionalKb)));
        const free = `${(os.freemem() / 2 ** 30).toFixed(2)} GiB`;
        console.log(
          `| ${running} | ${mib(rss)} | ${mib(rss / running)} | ${mib(pss / running)} | ${free} | ${ms(took)} |`,
        );
      }
    }
    console.log(
      `\n${running} instances running (target ≥ 50); free memory went from ${(freeAtStart / 2 ** 30).toFixed(2)} to ${(os.freemem() / 2 ** 30).toFixed(2)} GiB`,
    );
  } finally {
    await runner.close();
    await rm(rootDir, { recursive: true, force: true });
  }
}

await main();
