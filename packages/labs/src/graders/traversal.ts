import type { FunctionCheckDefinition as CheckDefinition } from './checks.js';
import { exploitCheck, functionChecks, gradeResult } from './checks.js';
import { fileURLToPath } from 'node:url';
import type { GradeCheck, GradeResult, SendToLab } from './grader-types.js';
import { objectivesMet } from './objectives-met.js';
import { traversalExploitSet, type Probe } from './traversal-exploit-set.js';
import {
  EXPECTED_DOCUMENTS,
  downloadProblem,
  leakIn,
  listedDocuments,
  traversalLabClient,
  type TraversalLabClient,
} from './traversal-lab-pages.js';

/** The path-traversal lab's attack objectives, as in packages/labs/apps/traversal/lab.json. */
const ATTACK_OBJECTIVES = ['traversal-read', 'traversal-source'] as const;
export type TraversalAttackObjective = (typeof ATTACK_OBJECTIVES)[number];

/** Where the runner finds the lab's code unless told otherwise (`LabRunnerOptions.appsDir`). */
const DEFAULT_APP_DIR = fileURLToPath(new URL('../../apps/traversal', import.meta.url));

/**
 * Which attack objectives the lab's events (the parsed lines of events.jsonl) show as met.
 * @example traversalObjectivesMet([{ type: 'exploit', objective: 'traversal-read' }]) // → { 'traversal-read': true, 'traversal-source': false }
 */
export function traversalObjectivesMet(events: readonly unknown[]): Record<TraversalAttackObjective, boolean> {
  return objectivesMet(ATTACK_OBJECTIVES, events);
}

const shown = (s: string) => JSON.stringify(s);

/** Runs one probe; a string says what leaked, undefined means the lab held. */
async function runProbe(lab: TraversalLabClient, probe: Probe): Promise<string | undefined> {
  const res = probe.point === 'download' ? await lab.downloadRaw(probe.raw) : await lab.pageRaw(probe.raw);
  const leak = leakIn(res);
  return leak ? `${probe.point} ${shown(probe.raw)} (status ${res.status}): ${leak}` : undefined;
}

type FunctionCheckDefinition = CheckDefinition<TraversalLabClient>;

async function downloadsFine(lab: TraversalLabClient, files: string[]): Promise<string | undefined> {
  const problems: string[] = [];
  for (const doc of EXPECTED_DOCUMENTS.filter((d) => files.includes(d.file))) {
    const problem = downloadProblem(await lab.download(doc.file), doc);
    if (problem) problems.push(problem);
  }
  return problems.length === 0 ? undefined : problems.join(' | ');
}

async function templateShows(
  lab: TraversalLabClient,
  name: string,
  lang: 'ja' | 'en',
  phrase: string,
): Promise<string | undefined> {
  const res = await lab.page(name, lang);
  if (res.status !== 200) return `page ${name} (${lang}): status ${res.status}`;
  if (!res.body.includes(phrase)) return `page ${name} (${lang}) lacks ${shown(phrase)}`;
  return leakIn(res) ? `page ${name} (${lang}): ${leakIn(res)}` : undefined;
}

async function missingGives404(
  res: Awaited<ReturnType<TraversalLabClient['download']>>,
  what: string,
  message: string,
) {
  if (res.status !== 404) return `${what}: status ${res.status}, expected 404`;
  return res.body.includes(message) ? undefined : `${what}: the 404 page lacks ${shown(message)}`;
}

const FUNCTION_CHECKS: FunctionCheckDefinition[] = [
  {
    id: 'documents-listed',
    title: { en: 'The documents list shows every document', ja: '文書一覧にすべての文書が表示される' },
    run: async (lab) => {
      const res = await lab.documents();
      const listed = listedDocuments(res);
      const missing = EXPECTED_DOCUMENTS.map((d) => d.file).filter((file) => !listed.includes(file));
      if (res.status !== 200) return `status ${res.status}`;
      return missing.length === 0 ? undefined : `missing ${missing.join(', ')}`;
    },
  },
  {
    id: 'download-japanese-name',
    title: {
      en: 'A document with a Japanese file name (議事録-2026-11.txt) downloads intact',
      ja: '日本語のファイル名の文書（議事録-2026-11.txt）が正しくダウンロードできる',
    },
    run: (lab) => downloadsFine(lab, ['議事録-2026-11.txt']),
  },
  {
    id: 'download-text-and-csv',
    title: {
      en: 'The English minutes and the price list CSV download with their content type and bytes',
      ja: '英語版議事録と価格表 CSV が正しい Content-Type と内容でダウンロードできる',
    },
    run: (lab) => downloadsFine(lab, ['minutes-2026-11-en.txt', 'price-list-2026.csv']),
  },
  {
    id: 'download-pdf-and-image',
    title: {
      en: 'The PDF and the logo in the images/ subfolder download byte for byte',
      ja: 'PDF と images/ フォルダ内のロゴ画像がバイト単位で正しくダウンロードできる',
    },
    run: (lab) => downloadsFine(lab, ['safety-guide-2026.pdf', 'images/minato-logo.png']),
  },
  {
    id: 'templates-ja-en',
    title: {
      en: 'The guide and notice pages render in Japanese and in English',
      ja: 'ご利用案内とお知らせのページが日本語と英語で表示される',
    },
    run: async (lab) =>
      (await templateShows(lab, 'guide', 'ja', '社内文書ポータルの使い方')) ??
      (await templateShows(lab, 'guide', 'en', 'Using the document portal')) ??
      (await templateShows(lab, 'notice', 'ja', '議事録（11月分）を掲載しました')) ??
      (await templateShows(lab, 'notice', 'en', 'The sales meeting minutes for November are up')),
  },
  {
    id: 'missing-document-404',
    title: {
      en: 'A missing document gives 404 with a clear message',
      ja: '存在しない文書は 404 と分かりやすいメッセージになる',
    },
    run: async (lab) =>
      (await missingGives404(await lab.download('no-such-file.pdf'), 'no-such-file.pdf', 'was not found')) ??
      (await missingGives404(
        await lab.download('images/no-such-image.png'),
        'images/no-such-image.png',
        'was not found',
      )),
  },
  {
    id: 'missing-template-404',
    title: { en: 'A missing page gives 404', ja: '存在しないページは 404 になる' },
    run: async (lab) => missingGives404(await lab.page('no-such-page'), 'page no-such-page', 'was not found'),
  },
];

export interface TraversalGradeOptions {
  /**
   * The instance's directory as the lab sees it (LAB_DIR), for the probes by absolute path and from one tree to the
   * other. Without it those probes are left out.
   */
  instanceDir?: string;
  /** The lab's app directory; by default this package's apps/traversal, where the runner finds it too. */
  appDir?: string;
}

/**
 * Grades the learner's defence of the path-traversal lab: re-runs the hidden exploit set (dotdotpwn's encodings
 * among them) against both injection points and the functional set, one request at a time.
 * @example const result = await gradeTraversalDefence(send, { instanceDir: '/var/lib/cynex/labs/i1' });
 */
export async function gradeTraversalDefence(
  send: SendToLab,
  options: TraversalGradeOptions = {},
): Promise<GradeResult> {
  const lab = traversalLabClient(send);
  const checks: GradeCheck[] = [];
  const layout = { appDir: options.appDir ?? DEFAULT_APP_DIR, instanceDir: options.instanceDir };
  for (const definition of traversalExploitSet(layout)) {
    checks.push(
      await exploitCheck(
        definition,
        definition.probes,
        (probe) => runProbe(lab, probe),
        `${definition.probes.length} probes: nothing private and no source code served`,
      ),
    );
  }
  checks.push(...(await functionChecks(FUNCTION_CHECKS, lab)));
  return gradeResult(checks);
}
