/**
 * What the labs bench needs besides the runner: its settings (read once from the environment and the command line),
 * the statistics and units it prints, a full-marks submission built from an answer key, and the summary tables.
 */
import { readFile } from 'node:fs/promises';
import type { AnswerKey, ExerciseAnswers } from '../src/index.js';

export interface LabsBenchConfig {
  /** Labs whose start, reset and grading are timed, in this order. */
  labs: string[];
  /** Cold starts, and resets, per lab. */
  runs: number;
  /** Defence grading runs per lab, at the correct level. */
  gradeRuns: number;
  /** Instances started for the capacity part. */
  instances: number;
  /** Labs the capacity instances are started from, in turn. */
  mix: string[];
  /** Gradings of one submission per exercise, after its answer key is computed. */
  exerciseRuns: number;
}

/** Defaults sized for a run of about a minute and a half on a 2-core machine; 20 runs keep p95 off the slowest. */
const DEFAULTS = { runs: 20, gradeRuns: 5, instances: 60, exerciseRuns: 20 };

function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 10_000) {
    throw new Error(`${name} must be a whole number from 1 to 10000, not ${JSON.stringify(raw.slice(0, 40))}`);
  }
  return value;
}

function labList(what: string, ids: string[], known: readonly string[]): string[] {
  const unknown = ids.find((id) => !known.includes(id));
  if (unknown !== undefined) {
    throw new Error(`${what}: no lab ${JSON.stringify(unknown.slice(0, 40))} (known: ${known.join(', ')})`);
  }
  return ids;
}

/**
 * The bench's settings: lab ids on the command line (default all `known`), counts from BENCH_LABS_* variables.
 * @example labsBenchConfig(['sqli'], { BENCH_LABS_RUNS: '5' }, ['sqli', 'xss']).runs // 5
 */
export function labsBenchConfig(args: string[], env: NodeJS.ProcessEnv, known: readonly string[]): LabsBenchConfig {
  const labs = labList('command line', args.length > 0 ? args : [...known], known);
  const mixRaw = env.BENCH_LABS_MIX?.trim();
  const mix = mixRaw ? labList('BENCH_LABS_MIX', mixRaw.split(/\s*,\s*/), known) : labs;
  return {
    labs,
    runs: count(env, 'BENCH_LABS_RUNS', DEFAULTS.runs),
    gradeRuns: count(env, 'BENCH_LABS_GRADE_RUNS', DEFAULTS.gradeRuns),
    instances: count(env, 'BENCH_LABS_INSTANCES', DEFAULTS.instances),
    mix,
    exerciseRuns: count(env, 'BENCH_LABS_EXERCISE_RUNS', DEFAULTS.exerciseRuns),
  };
}

/** Proportional set size: shared pages (the node binary, common libraries) split between the processes using them. */
export async function proportionalKb(pid: number): Promise<number> {
  try {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Pss:\s+(\d+)\s+kB/m.exec(rollup)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Nearest-rank percentile: with fewer than 20 values, p95 is the slowest. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
export const mean = (values: number[]) => (values.length === 0 ? 0 : sum(values) / values.length);

/** Milliseconds, with decimals only where whole ones would hide the figure. */
export const ms = (n: number) => `${n < 10 ? n.toFixed(n < 1 ? 2 : 1) : n.toFixed(0)} ms`;
export const mib = (kb: number) => `${(kb / 1024).toFixed(1)} MiB`;
export const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;
export const size = (bytes: number) => (bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(0)} KiB` : mib(bytes / 1024));

/**
 * The submission a learner who got everything right would send, built from the computed key: grading it walks every
 * question's comparison, and full marks show the bench graded what it meant to.
 */
export function fullMarksAnswers(key: AnswerKey): ExerciseAnswers {
  const answers: ExerciseAnswers = {};
  for (const [questionId, truth] of Object.entries(key)) {
    switch (truth.kind) {
      case 'single':
        answers[questionId] = truth.option;
        break;
      case 'multi':
        answers[questionId] = truth.options;
        break;
      case 'text':
      case 'number':
        answers[questionId] = truth.value;
        break;
      case 'set':
        answers[questionId] = truth.values;
        break;
    }
  }
  return answers;
}

export interface LabFigures {
  labId: string;
  coldMs: number[];
  resetMs: number[];
  gradeMs: number[];
  checks: number;
  /** Whether every grading run of the correct level passed; false means the figure is not a clean run. */
  passed: boolean;
  /** Mean RSS and PSS of this lab's instances in the capacity part, when it had any. */
  memory?: { instances: number; rssKb: number; pssKb: number };
}

export interface ExerciseFigures {
  exerciseId: string;
  questions: number;
  dataBytes: number;
  keyColdMs: number;
  gradeMs: number[];
  fullMarks: boolean;
}

const pair = (values: number[]) => `${percentile(values, 50).toFixed(0)} / ${percentile(values, 95).toFixed(0)} ms`;

/** The per-lab summary as a Markdown table, ready for the README. */
export function labTable(rows: LabFigures[], running: number): string[] {
  const lines = [
    `| lab | cold start p50 / p95 | reset p50 / p95 | defence grading (correct) first / p50 | checks | per check (p50) | RSS / PSS per instance (${running} running) |`,
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const grade = percentile(row.gradeMs, 50);
    const memory = row.memory ? `${mib(row.memory.rssKb)} / ${mib(row.memory.pssKb)}` : '–';
    const failed = row.passed ? '' : ' (failed)';
    lines.push(
      `| ${row.labId} | ${pair(row.coldMs)} | ${pair(row.resetMs)} | ${row.gradeMs[0]!.toFixed(0)} / ${ms(grade)}${failed} | ${row.checks} | ` +
        `${ms(grade / Math.max(1, row.checks))} | ${memory} |`,
    );
  }
  return lines;
}

/** The per-exercise summary as a Markdown table, ready for the README. */
export function exerciseTable(rows: ExerciseFigures[]): string[] {
  const lines = [
    '| exercise | questions | data | answer key, first time (cold) | grading one submission p50 / p95 |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const marks = row.fullMarks ? '' : ' (not full marks)';
    lines.push(
      `| ${row.exerciseId} | ${row.questions} | ${size(row.dataBytes)} | ${ms(row.keyColdMs)} | ` +
        `${ms(percentile(row.gradeMs, 50))} / ${ms(percentile(row.gradeMs, 95))}${marks} |`,
    );
  }
  return lines;
}
