import type { FunctionCheckDefinition as CheckDefinition } from './checks.js';
import { exploitCheck, functionChecks as runFunctionChecks, gradeResult } from './checks.js';
import { createHash } from 'node:crypto';
import type { GradeCheck, GradeResult, SendToLab } from './grader-types.js';
import { objectivesMet } from './objectives-met.js';
import { MARKER, SQLI_EXPLOIT_SET, type Probe } from './sqli-exploit-set.js';
import { sqliLabClient, type SearchView, type LookupView, type SqliLabClient } from './sqli-lab-pages.js';

/** The SQL-injection lab's objectives, as in packages/labs/apps/sqli/lab.json. */
const ATTACK_OBJECTIVES = ['sqli-union', 'sqli-blind'] as const;
export type SqliAttackObjective = (typeof ATTACK_OBJECTIVES)[number];

const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * The admin password of the lab instance whose flag is `flag`, derived exactly as the lab derives it
 * (apps/sqli/lib/directory-data.mjs), so the grader can check that signing in still works.
 * @example labAdminPassword('cynex{…}') // → 'k7mq2x9ra4tz'
 */
export function labAdminPassword(flag: string): string {
  const bytes = createHash('sha256').update(`cynex-lab-sqli\0admin\0${flag}`).digest();
  let password = '';
  for (let i = 0; i < 12; i += 1) password += PASSWORD_ALPHABET[bytes[i]! % PASSWORD_ALPHABET.length];
  return password;
}

/**
 * Which attack objectives the lab's events (the parsed lines of events.jsonl) show as met.
 * @example attackObjectivesMet([{ type: 'exploit', objective: 'sqli-union' }]) // → { 'sqli-union': true, 'sqli-blind': false }
 */
export function attackObjectivesMet(events: readonly unknown[]): Record<SqliAttackObjective, boolean> {
  return objectivesMet(ATTACK_OBJECTIVES, events);
}

/** A heavy-query probe fails when it takes this long and many times a plain search. */
const SLOW_MS = 250;
const SLOW_FACTOR = 20;

const searchSignature = (v: SearchView) => JSON.stringify([v.status, v.error, v.rows]);
const lookupSignature = (v: LookupView) => JSON.stringify([v.status, v.verdict]);
const shown = (s: string) => JSON.stringify(s);

interface ProbeContext {
  lab: SqliLabClient;
  plainSearchMs: number;
}

/** Runs one probe; a string says how the injection showed, undefined means the lab held. */
async function runProbe(probe: Probe, { lab, plainSearchMs }: ProbeContext): Promise<string | undefined> {
  switch (probe.kind) {
    case 'search-leak': {
      const view = await lab.search(probe.q);
      if (view.flag) return `search ${shown(probe.q)} showed secret data (the flag box appeared)`;
      if (view.rows.some((row) => row.some((cell) => cell.includes(MARKER)))) {
        return `search ${shown(probe.q)} showed what the injected SELECT computed`;
      }
      return undefined;
    }
    case 'search-pair': {
      const [yes, no] = [await lab.search(probe.yes), await lab.search(probe.no)];
      if (yes.flag || no.flag) return `search ${shown(probe.yes)} showed secret data (the flag box appeared)`;
      if (searchSignature(yes) !== searchSignature(no)) {
        return `search ${shown(probe.yes)} (${yes.rows.length} rows, status ${yes.status}) differs from ${shown(probe.no)} (${no.rows.length} rows, status ${no.status})`;
      }
      return undefined;
    }
    case 'lookup-pair': {
      const [yes, no] = [await lab.lookup(probe.yes), await lab.lookup(probe.no)];
      if (yes.verdict !== no.verdict || lookupSignature(yes) !== lookupSignature(no)) {
        return `lookup ${shown(probe.yes)} says ${yes.verdict}, ${shown(probe.no)} says ${no.verdict}`;
      }
      return undefined;
    }
    case 'search-error': {
      const view = await lab.search(probe.q);
      return view.status >= 500 || view.error
        ? `search ${shown(probe.q)} broke the query (status ${view.status})`
        : undefined;
    }
    case 'lookup-error': {
      const view = await lab.lookup(probe.id);
      return view.verdict === 'error' ? `lookup ${shown(probe.id)} broke the query (status ${view.status})` : undefined;
    }
    case 'search-slow': {
      // A hiccup of a busy machine can slow one request: only a probe that is slow twice counts.
      const timings: number[] = [];
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const started = performance.now();
        const view = await lab.search(probe.q);
        const ms = performance.now() - started;
        if (view.status >= 500 || view.error) return `search ${shown(probe.q)} broke the query (status ${view.status})`;
        if (ms <= SLOW_MS || ms <= plainSearchMs * SLOW_FACTOR) return undefined;
        timings.push(Math.round(ms));
      }
      return `search ${shown(probe.q)} took ${timings.join(' and ')} ms (a plain search ${Math.round(plainSearchMs)} ms)`;
    }
  }
}

/** Median time of a few plain searches, the yardstick for the heavy-query probes. */
async function plainSearchTime(lab: SqliLabClient): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const started = performance.now();
    await lab.search('Tanaka');
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[1]!;
}

type FunctionCheckDefinition = CheckDefinition<SqliLabClient>;

const names = (view: SearchView, column: number) => view.rows.map((row) => row[column] ?? '');

function expectNames(view: SearchView, column: number, expected: string[], exact: boolean): string | undefined {
  const found = names(view, column);
  if (view.status !== 200) return `status ${view.status}`;
  const missing = expected.filter((name) => !found.includes(name));
  if (missing.length > 0) return `missing ${missing.join(', ')} (found ${found.length} rows)`;
  if (exact && found.length !== expected.length)
    return `expected only ${expected.join(', ')}, found ${found.join(', ')}`;
  return undefined;
}

function expectVerdict(view: LookupView, id: string, verdict: LookupView['verdict']): string | undefined {
  return view.verdict === verdict
    ? undefined
    : `employee ${id}: expected ${verdict}, got ${view.verdict} (status ${view.status})`;
}

function sqliFunctionChecks(adminPassword: string | undefined): FunctionCheckDefinition[] {
  const checks: FunctionCheckDefinition[] = [
    {
      id: 'search-kanji',
      title: {
        en: 'Searching 田中 finds both Tanakas and nobody else',
        ja: '「田中」で検索すると田中さん 2 名だけが見つかる',
      },
      run: async (lab) => expectNames(await lab.search('田中'), 0, ['田中 太郎', '田中 恵子'], true),
    },
    {
      id: 'search-romaji',
      title: { en: 'Searching "Tanaka" finds them by their romaji names', ja: '「Tanaka」でローマ字表記から見つかる' },
      run: async (lab) => expectNames(await lab.search('Tanaka'), 1, ['Taro Tanaka', 'Keiko Tanaka'], true),
    },
    {
      id: 'search-partial',
      title: { en: 'A partial name ("Suzu", "美咲") works', ja: '名前の一部（「Suzu」「美咲」）で見つかる' },
      run: async (lab) =>
        expectNames(await lab.search('Suzu'), 1, ['Hanako Suzuki'], true) ??
        expectNames(await lab.search('美咲'), 0, ['高橋 美咲'], true),
    },
    {
      id: 'search-empty',
      title: {
        en: 'An empty search lists everyone (at least the first page)',
        ja: '空欄で検索すると全員（少なくとも 1 ページ目）が表示される',
      },
      run: async (lab) => {
        const view = await lab.search('');
        return view.status === 200 && view.rows.length >= 10
          ? undefined
          : `${view.rows.length} rows, status ${view.status}`;
      },
    },
    {
      id: 'search-apostrophe',
      title: {
        en: "A name with an apostrophe (O'Brien) is found",
        ja: "アポストロフィを含む名前（O'Brien）が見つかる",
      },
      run: async (lab) => expectNames(await lab.search("O'Brien"), 1, ["Patrick O'Brien"], true),
    },
    {
      id: 'search-no-match',
      title: { en: 'A name nobody has finds nobody', ja: '該当者のいない名前では誰も表示されない' },
      run: async (lab) => {
        const view = await lab.search('Zzyzx');
        return view.status === 200 && view.rows.length === 0
          ? undefined
          : `${view.rows.length} rows, status ${view.status}`;
      },
    },
    {
      id: 'lookup-exists',
      title: {
        en: 'The employee lookup says registered numbers exist',
        ja: '社員番号照会で登録済みの番号が「登録されています」と表示される',
      },
      run: async (lab) =>
        expectVerdict(await lab.lookup('1'), '1', 'exists') ?? expectVerdict(await lab.lookup('20'), '20', 'exists'),
    },
    {
      id: 'lookup-not-found',
      title: {
        en: 'The employee lookup says unknown numbers are not found',
        ja: '社員番号照会で未登録の番号が「見つかりません」と表示される',
      },
      run: async (lab) =>
        expectVerdict(await lab.lookup('9999'), '9999', 'not-found') ??
        expectVerdict(await lab.lookup('0'), '0', 'not-found'),
    },
    {
      id: 'login-wrong-password',
      title: { en: 'Admin sign-in fails with a wrong password', ja: '誤ったパスワードでは管理者サインインに失敗する' },
      run: async (lab) => {
        const view = await lab.login('admin', 'wrong-password');
        return view.outcome === 'failed' && !view.flag ? undefined : `sign-in ${view.outcome} (status ${view.status})`;
      },
    },
  ];
  if (adminPassword !== undefined) {
    checks.push({
      id: 'login-right-password',
      title: { en: 'Admin sign-in works with the right password', ja: '正しいパスワードで管理者サインインできる' },
      run: async (lab) => {
        const view = await lab.login('admin', adminPassword);
        return view.outcome === 'ok' ? undefined : `sign-in ${view.outcome} (status ${view.status})`;
      },
    });
  }
  return checks;
}

export interface SqliGradeOptions {
  /**
   * The instance's admin password (`labAdminPassword(flag)`), to check that signing in still works. Signing in as
   * admin records an `sqli-blind` event in the instance, so grade a separate instance or ignore events while grading.
   * Without it that check is left out.
   */
  adminPassword?: string;
}

/**
 * Grades the learner's defence of the SQL-injection lab: re-runs the hidden exploit set (sqlmap's payloads among
 * them) and the functional set against a running instance, one request at a time.
 * @example const result = await gradeSqliDefence(runner.request, { adminPassword: labAdminPassword(flag) });
 */
export async function gradeSqliDefence(send: SendToLab, options: SqliGradeOptions = {}): Promise<GradeResult> {
  const lab = sqliLabClient(send);
  const checks: GradeCheck[] = [];
  // A lab that does not answer fails every check below with the reason; 0 keeps the yardstick defined.
  const plainSearchMs = await plainSearchTime(lab).catch(() => 0);
  for (const definition of SQLI_EXPLOIT_SET) {
    checks.push(
      await exploitCheck(
        definition,
        definition.probes,
        (probe) => runProbe(probe, { lab, plainSearchMs }),
        `${definition.probes.length} probes: no secret data, no true/false difference, no SQL error`,
      ),
    );
  }
  checks.push(...(await runFunctionChecks(sqliFunctionChecks(options.adminPassword), lab)));
  return gradeResult(checks);
}
