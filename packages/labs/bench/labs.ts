/**
 * Lab and exercise figures. Per lab, through the real LabRunner: cold start and reset times, and the defence grader
 * against the level's own correct handler; then how many instances of a mix of labs fit, with memory per instance.
 * Per exercise: the first computation of its answer key, and the grading of one submission after it. Ends with
 * Markdown tables for the README. Prints figures; asserts nothing.
 * Run: npm run bench:labs [-- labId ...]   (default: sqli, cmdi, xss, csrf, traversal)
 *   BENCH_LABS_RUNS=20            cold starts, and resets, per lab
 *   BENCH_LABS_GRADE_RUNS=5       defence grading runs per lab
 *   BENCH_LABS_INSTANCES=60       instances started for the capacity part
 *   BENCH_LABS_MIX=sqli           labs those instances come from, in turn (default: the labs timed)
 *   BENCH_LABS_EXERCISE_RUNS=20   gradings of one submission per exercise
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  DEFAULT_APPS_DIR,
  LabRunner,
  exerciseAnswerKey,
  flagFor,
  gradeCmdiDefence,
  gradeCsrfDefence,
  gradeExercise,
  gradeSqliDefence,
  gradeTraversalDefence,
  gradeXssDefence,
  listExercises,
  loadExercise,
  type GradeResult,
  type SendToLab,
} from '../src/index.js';
import { residentKb } from '../src/runner/sandbox.js';
import {
  exerciseTable,
  fullMarksAnswers,
  gib,
  labTable,
  labsBenchConfig,
  mean,
  mib,
  ms,
  percentile,
  proportionalKb,
  size,
  sum,
  type ExerciseFigures,
  type LabFigures,
  type LabsBenchConfig,
} from './labs-bench-support.js';

type DefenceGrader = (send: SendToLab, instanceDir: string) => Promise<GradeResult>;

/**
 * Each lab's grader as the hub calls it for a learner's "check my fix", except that traversal is also given the
 * instance's directory (as its runner test does), so its probes by absolute path run too.
 */
const DEFENCE_GRADERS: Readonly<Record<string, DefenceGrader>> = {
  sqli: (send) => gradeSqliDefence(send),
  cmdi: (send) => gradeCmdiDefence(send),
  xss: (send) => gradeXssDefence(send),
  csrf: (send) => gradeCsrfDefence(send),
  traversal: (send, instanceDir) => gradeTraversalDefence(send, { instanceDir }),
};

interface Bench {
  runner: LabRunner;
  /** Where the runner makes instance directories, as the labs see it (symbolic links resolved). */
  instancesDir: string;
  key: Buffer;
  config: LabsBenchConfig;
}

const startLab = ({ runner, key }: Bench, instanceId: string, labId: string, level: string) =>
  runner.start({ instanceId, labId, level, flag: flagFor(key, `learner-${instanceId}`, labId, instanceId) });

const sendTo =
  (runner: LabRunner, instanceId: string): SendToLab =>
  async (req) => {
    const res = await runner.request(instanceId, req);
    return { status: res.status, headers: res.headers, body: res.body.toString('utf8') };
  };

async function firstLevel(labId: string): Promise<string> {
  const lab = JSON.parse(await readFile(path.join(DEFAULT_APPS_DIR, labId, 'lab.json'), 'utf8')) as {
    levels: string[];
  };
  return lab.levels[0]!;
}

/**
 * Answer keys first, while this process has analysed nothing: the cold figure is what a fresh hub pays on the first
 * grading of an exercise, less loading the modules (done before timing starts here, at start-up in the hub).
 */
async function benchExercises(config: LabsBenchConfig): Promise<ExerciseFigures[]> {
  const figures: ExerciseFigures[] = [];
  for (const summary of await listExercises()) {
    if (!summary.available) {
      console.log(`exercise ${summary.id}: data files missing, skipped`);
      continue;
    }
    const exercise = await loadExercise(summary.id);
    const began = performance.now();
    const key = await exerciseAnswerKey(exercise);
    const keyColdMs = performance.now() - began;
    const answers = fullMarksAnswers(key);
    const gradeMs: number[] = [];
    let fullMarks = true;
    for (let i = 0; i < config.exerciseRuns; i++) {
      const start = performance.now();
      const grade = await gradeExercise(exercise, answers);
      gradeMs.push(performance.now() - start);
      fullMarks &&= grade.points === grade.maxPoints;
    }
    const dataBytes = sum(exercise.files.map((f) => f.bytes));
    console.log(
      `exercise ${summary.id} (${summary.questions} questions, ${size(dataBytes)} of data): answer key ` +
        `${ms(keyColdMs)} the first time in this process; grading a full-marks submission p50 ` +
        `${ms(percentile(gradeMs, 50))}, p95 ${ms(percentile(gradeMs, 95))}${fullMarks ? '' : ' (NOT full marks)'}`,
    );
    figures.push({ exerciseId: summary.id, questions: summary.questions, dataBytes, keyColdMs, gradeMs, fullMarks });
  }
  return figures;
}

/** Cold start to a healthy /healthz, then reset of a lab that has served a request, at the lab's first level. */
async function timeStarts(bench: Bench, labId: string): Promise<Pick<LabFigures, 'coldMs' | 'resetMs'>> {
  const { runner, config } = bench;
  const level = await firstLevel(labId);
  const coldMs: number[] = [];
  for (let i = 0; i < config.runs; i++) {
    const began = performance.now();
    await startLab(bench, `${labId}-cold-${i}`, labId, level);
    coldMs.push(performance.now() - began);
    await runner.remove(`${labId}-cold-${i}`);
  }
  const resetId = `${labId}-reset`;
  await startLab(bench, resetId, labId, level);
  const resetMs: number[] = [];
  for (let i = 0; i < config.runs; i++) {
    await runner.request(resetId, { path: '/healthz' });
    const began = performance.now();
    await runner.reset(resetId);
    resetMs.push(performance.now() - began);
  }
  await runner.remove(resetId);
  return { coldMs, resetMs };
}

/** The defence grader against an instance started at the correct level, as a learner's "check my fix" runs it. */
async function timeGrading(bench: Bench, labId: string): Promise<Pick<LabFigures, 'gradeMs' | 'checks' | 'passed'>> {
  const { runner, config } = bench;
  const grader = DEFENCE_GRADERS[labId]!;
  const instanceId = `${labId}-grade`;
  await startLab(bench, instanceId, labId, 'correct');
  const gradeMs: number[] = [];
  let checks = 0;
  let passed = true;
  try {
    for (let i = 0; i < config.gradeRuns; i++) {
      const began = performance.now();
      const result = await grader(sendTo(runner, instanceId), path.join(bench.instancesDir, instanceId));
      gradeMs.push(performance.now() - began);
      checks = result.checks.length;
      if (!result.passed) {
        passed = false;
        const failed = result.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.detail}`);
        console.log(`  ${labId}: the correct level FAILED grading run ${i + 1}: ${failed.join(' | ')}`);
      }
    }
  } finally {
    await runner.remove(instanceId);
  }
  return { gradeMs, checks, passed };
}

async function benchLab(bench: Bench, labId: string): Promise<LabFigures> {
  const { coldMs, resetMs } = await timeStarts(bench, labId);
  const { gradeMs, checks, passed } = await timeGrading(bench, labId);
  const grade = percentile(gradeMs, 50);
  console.log(
    `${labId}: cold start p50 ${ms(percentile(coldMs, 50))}, p95 ${ms(percentile(coldMs, 95))}; ` +
      `reset p50 ${ms(percentile(resetMs, 50))}, p95 ${ms(percentile(resetMs, 95))}; ` +
      `defence grading (${checks} checks) first ${ms(gradeMs[0]!)}, p50 ${ms(grade)}, ` +
      `${ms(grade / Math.max(1, checks))} per check${passed ? '' : ' (FAILED)'}`,
  );
  return { labId, coldMs, resetMs, gradeMs, checks, passed };
}

/** Memory of the running instances: totals, and the mean per instance of each lab. */
async function memoryNow(runner: LabRunner) {
  const running = runner.list().flatMap((x) => (x.state === 'running' && x.pid ? [{ ...x, pid: x.pid }] : []));
  const measured = await Promise.all(
    running.map(async (x) => ({ labId: x.labId, rssKb: await residentKb(x.pid), pssKb: await proportionalKb(x.pid) })),
  );
  const byLab = new Map<string, { instances: number; rssKb: number; pssKb: number }>();
  for (const labId of new Set(measured.map((m) => m.labId))) {
    const mine = measured.filter((m) => m.labId === labId);
    byLab.set(labId, {
      instances: mine.length,
      rssKb: mean(mine.map((m) => m.rssKb)),
      pssKb: mean(mine.map((m) => m.pssKb)),
    });
  }
  return { rssKb: sum(measured.map((m) => m.rssKb)), pssKb: sum(measured.map((m) => m.pssKb)), byLab };
}

/** Starts instances from the mix in turn until the target or the first refusal; returns memory with all running. */
async function benchCapacity(bench: Bench) {
  const { runner, config } = bench;
  console.log(`\ncapacity: up to ${config.instances} instances of ${config.mix.join(', ')} in turn, first level`);
  console.log('| instances | total lab RSS | RSS per instance | PSS per instance | machine free memory | last start |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  const freeAtStart = os.freemem();
  let running = 0;
  for (let i = 0; i < config.instances; i++) {
    const labId = config.mix[i % config.mix.length]!;
    const began = performance.now();
    try {
      await startLab(bench, `cap-${i}`, labId, await firstLevel(labId));
    } catch (err) {
      console.log(`start ${i + 1} (${labId}) failed: ${(err as Error).message}`);
      break;
    }
    const took = performance.now() - began;
    running++;
    // Let each lab settle (its first request) before measuring, as a learner's first page would.
    await runner.request(`cap-${i}`, { path: '/' }).catch(() => undefined);
    if (running === 1 || running % 10 === 0 || running === config.instances) {
      const { rssKb, pssKb } = await memoryNow(runner);
      console.log(
        `| ${running} | ${mib(rssKb)} | ${mib(rssKb / running)} | ${mib(pssKb / running)} | ${gib(os.freemem())} | ${ms(took)} |`,
      );
    }
  }
  const memory = await memoryNow(runner);
  console.log(
    `\n${running} instances running (target ≥ 50); free memory went from ${gib(freeAtStart)} to ${gib(os.freemem())}`,
  );
  return { running, freeAtStart, freeAtEnd: os.freemem(), ...memory };
}

async function main(): Promise<void> {
  const config = labsBenchConfig(process.argv.slice(2), process.env, Object.keys(DEFENCE_GRADERS));
  const began = performance.now();
  console.log(
    `machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; ${JSON.stringify(config)}`,
  );

  const exercises = await benchExercises(config);

  const rootDir = await mkdtemp(path.join(os.tmpdir(), 'cynex-labs-bench-'));
  const runner = await LabRunner.create({
    rootDir,
    limits: { maxInstances: config.instances + 5 },
    startTimeoutMs: 30_000,
  });
  const bench: Bench = { runner, instancesDir: await realpath(rootDir), key: randomBytes(32), config };
  try {
    console.log(`\nlabs from ${DEFAULT_APPS_DIR}`);
    console.log('isolation:', JSON.stringify(runner.capabilities()));
    const labs: LabFigures[] = [];
    for (const labId of config.labs) labs.push(await benchLab(bench, labId));

    const capacity = await benchCapacity(bench);
    for (const lab of labs) lab.memory = capacity.byLab.get(lab.labId);

    const each = Math.max(1, capacity.running);
    const mixed = config.mix.length > 1 ? `${config.mix.join(', ')} in turn` : `${config.mix[0]} only`;
    const seconds = ((performance.now() - began) / 1000).toFixed(0);
    console.log(
      `\nSummary (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ${seconds} s): ` +
        `${config.runs} cold starts and resets, ${config.gradeRuns} gradings per lab` +
        (config.runs < 20 ? ' (p95 of fewer than 20 is the slowest)' : ''),
    );
    console.log(['', ...labTable(labs, capacity.running)].join('\n'));
    console.log(
      `\n${capacity.running} instances (${mixed}) ran at once: ` +
        `${mib(capacity.rssKb)} RSS in all, ${mib(capacity.rssKb / each)} RSS / ` +
        `${mib(capacity.pssKb / each)} PSS each; machine free memory ${gib(capacity.freeAtStart)} → ` +
        `${gib(capacity.freeAtEnd)}.`,
    );
    console.log(['', ...exerciseTable(exercises)].join('\n'));
    console.log(
      '\nThe answer key is computed once per hub process and cached; "cold" is its first computation in this ' +
        'process, modules already loaded, before any lab ran.',
    );
  } finally {
    await runner.close();
    await rm(rootDir, { recursive: true, force: true });
  }
}

await main();
