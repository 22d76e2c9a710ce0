import { functionChecks, gradeResult, outcome } from './checks.js';
import { randomBytes } from 'node:crypto';
import type { GradeCheck, GradeResult, LocalizedText, SendToLab } from './grader-types.js';
import { objectivesMet } from './objectives-met.js';
import { XSS_EXPLOIT_SET, type ExploitCheckDefinition } from './xss-exploit-set.js';
import {
  attribute,
  bySlot,
  collapse,
  findAll,
  findElement,
  visibleText,
  whereMarkerRuns,
  xssLabClient,
  type PageView,
  type XssLabClient,
} from './xss-lab-pages.js';

/** The XSS lab's attack objectives, as in packages/labs/apps/xss/lab.json. */
const ATTACK_OBJECTIVES = ['xss-reflected', 'xss-stored'] as const;
export type XssAttackObjective = (typeof ATTACK_OBJECTIVES)[number];

/**
 * Which attack objectives the lab's events (the parsed lines of events.jsonl) show as met.
 * @example xssObjectivesMet([{ type: 'exploit', objective: 'xss-stored' }]) // → { 'xss-reflected': false, 'xss-stored': true }
 */
export function xssObjectivesMet(events: readonly unknown[]): Record<XssAttackObjective, boolean> {
  return objectivesMet(ATTACK_OBJECTIVES, events);
}

const shown = (s: string) => JSON.stringify(s);
const newMarker = () => `xss${randomBytes(5).toString('hex')}`;

/** A payload that went into a post, to look for once more on the board. */
interface Planted {
  check: string;
  payload: string;
  marker: string;
}

/** Runs one payload of a check; a string says where it would run, undefined means the lab showed it as text. */
async function runPayload(
  lab: XssLabClient,
  definition: ExploitCheckDefinition,
  template: string,
  planted: Planted[],
): Promise<string | undefined> {
  const marker = newMarker();
  const payload = template.replaceAll('{M}', marker);
  const runs = (page: PageView) => whereMarkerRuns(page.doc, marker).join(', ');
  if (definition.into !== 'name') {
    const found = runs(await lab.search(payload));
    if (found) return `searching ${shown(payload)}: the results page would run it (${found})`;
  }
  const created =
    definition.into === 'name' ? await lab.createPost(payload, 'test') : await lab.createPost('grader', payload);
  if (created.id === undefined) return undefined; // refused: nothing stored, nothing to run
  planted.push({ check: definition.id, payload, marker });
  const found = runs(await lab.post(created.id));
  return found ? `posting ${shown(payload)}: the post's page would run it (${found})` : undefined;
}

async function exploitChecks(lab: XssLabClient): Promise<GradeCheck[]> {
  const failures = new Map<string, string>();
  const planted: Planted[] = [];
  for (const definition of XSS_EXPLOIT_SET) {
    for (const template of definition.payloads) {
      const failure = await outcome(() => runPayload(lab, definition, template, planted));
      if (failure) {
        failures.set(definition.id, failure);
        break;
      }
    }
  }
  // The board shows every post at once: one look finds any payload that is text on its own page but not in the list.
  const board = await lab.board().catch(() => undefined);
  for (const { check, payload, marker } of planted) {
    const found = board ? whereMarkerRuns(board.doc, marker).join(', ') : '';
    if (found && !failures.has(check))
      failures.set(check, `posting ${shown(payload)}: the board would run it (${found})`);
  }
  return XSS_EXPLOIT_SET.map((definition) => {
    const failure = failures.get(definition.id);
    const where = definition.into === 'name' ? "in a post's name" : 'in the search and in a post';
    return {
      id: definition.id,
      kind: 'exploit',
      title: definition.title,
      passed: failure === undefined,
      detail: failure ?? `${definition.payloads.length} payloads ${where}: all shown as text`,
    };
  });
}

/** What a learner posts and searches for: Japanese, markup-like text, & and both quotes, all to be shown as typed. */
function samplePost() {
  const ref = newMarker();
  return {
    name: '山田 花子 <広報部> & "Team A"',
    body: `来週の "全体会議" は <3F 大会議室> & オンライン併用です。\nTom's memo: 1 < 2 && 3 > 2, <b>not bold</b>, &amp; stays as typed. (${ref})`,
    search: '<3F 大会議室> & "全体会議"',
  };
}

const SEEDED_NAMES = [
  '総務部 渡辺',
  'IT Dept. — Ken Sato',
  '人事部 鈴木',
  "Patrick O'Brien (International)",
  '営業部 田中',
];

interface FunctionCheckDefinition {
  id: string;
  title: LocalizedText;
  /** Returns what went wrong, or undefined. */
  run(
    lab: XssLabClient,
    sample: ReturnType<typeof samplePost>,
    state: { postId?: number },
  ): Promise<string | undefined>;
}

function missingText(text: string, expected: string[]): string | undefined {
  const missing = expected.filter((part) => !text.includes(collapse(part)));
  return missing.length === 0
    ? undefined
    : `${missing.map(shown).join(' and ')} not shown as typed; the page shows ${shown(text.slice(0, 300))}`;
}

const postItems = (page: PageView) => findAll(page.doc, (element) => attribute(element, 'data-post') !== undefined);
const itemText = (page: PageView, id: number) => {
  const item = postItems(page).find((element) => attribute(element, 'data-post') === String(id));
  return item ? visibleText(item) : undefined;
};

const FUNCTION_CHECKS: FunctionCheckDefinition[] = [
  {
    id: 'post-shows-literal',
    title: {
      en: 'A post with Japanese, <, &, and both quotes is stored and its page shows it exactly as typed',
      ja: '日本語・<・&・引用符を含む投稿が保存され、投稿のページに入力どおりに表示される',
    },
    async run(lab, sample, state) {
      const created = await lab.createPost(sample.name, sample.body);
      if (created.id === undefined) return `posting was refused (status ${created.status})`;
      state.postId = created.id;
      const page = await lab.post(created.id);
      const slot = findElement(page.doc, bySlot('post'));
      if (page.status !== 200 || !slot) return `the post's page answered ${page.status} without the post`;
      return missingText(visibleText(slot), [sample.name, sample.body]);
    },
  },
  {
    id: 'board-shows-literal',
    title: { en: 'The board lists that post exactly as typed', ja: '掲示板の一覧にその投稿が入力どおりに表示される' },
    async run(lab, sample, state) {
      if (state.postId === undefined) return 'the sample post was not created';
      const page = await lab.board();
      const text = itemText(page, state.postId);
      if (page.status !== 200 || text === undefined) return `the board (status ${page.status}) does not list the post`;
      return missingText(text, [sample.name, sample.body]);
    },
  },
  {
    id: 'search-shows-literal',
    title: {
      en: 'Searching for <, & and quotes finds the post; the heading and the search field show the words as typed',
      ja: '<・&・引用符を含む語で検索すると投稿が見つかり、見出しと検索欄に入力どおりに表示される',
    },
    async run(lab, sample, state) {
      if (state.postId === undefined) return 'the sample post was not created';
      const page = await lab.search(sample.search);
      if (page.status !== 200) return `the search answered ${page.status}`;
      const heading = findElement(page.doc, bySlot('search-heading'));
      const field = findElement(
        page.doc,
        (element) => element.tagName === 'input' && attribute(element, 'name') === 'q',
      );
      const value = field && attribute(field, 'value');
      if (value !== sample.search) return `the search field holds ${shown(value ?? '(no field)')}`;
      const headingProblem = missingText(heading ? visibleText(heading) : '', [sample.search]);
      if (headingProblem) return `heading: ${headingProblem}`;
      return itemText(page, state.postId) === undefined ? 'the post is not among the results' : undefined;
    },
  },
  {
    id: 'search-finds-seeded',
    title: {
      en: 'Searching 忘年会 or VPN finds the staff posts about them',
      ja: '「忘年会」や「VPN」で検索すると該当する社員の投稿が見つかる',
    },
    async run(lab) {
      for (const [q, expected] of [
        ['忘年会', '忘年会のお知らせ'],
        ['VPN', 'VPN certificates expire'],
      ] as const) {
        const page = await lab.search(q);
        const texts = postItems(page).map(visibleText);
        if (page.status !== 200 || !texts.some((text) => text.includes(expected))) {
          return `searching ${shown(q)} (status ${page.status}) found ${texts.length} posts, none saying ${shown(expected)}`;
        }
      }
      return undefined;
    },
  },
  {
    id: 'search-no-match',
    title: { en: 'A word nobody wrote finds no posts', ja: '誰も書いていない語では投稿が見つからない' },
    async run(lab) {
      const page = await lab.search('Zzyzx');
      const count = postItems(page).length;
      return page.status === 200 && count === 0 ? undefined : `${count} posts, status ${page.status}`;
    },
  },
  {
    id: 'seeded-listed',
    title: { en: "The staff's posts are still on the board", ja: '社員の既存の投稿が掲示板に残っている' },
    async run(lab) {
      const page = await lab.board();
      const slot = findElement(page.doc, bySlot('posts'));
      if (page.status !== 200 || !slot) return `the board answered ${page.status} without a list of posts`;
      return missingText(visibleText(slot), SEEDED_NAMES);
    },
  },
];

/**
 * Grades the learner's defence of the XSS lab: sends the hidden payload set (XSStrike and cheat-sheet style) to the
 * search and into posts, looks for script that would run in the pages' parse trees, then runs the functional set.
 * Posting leaves the payloads on the board (shown as text when the defence holds): grade a fresh instance or reset
 * it after.
 * @example const result = await gradeXssDefence(runner.request);
 */
export async function gradeXssDefence(send: SendToLab): Promise<GradeResult> {
  const lab = xssLabClient(send);
  const checks = await exploitChecks(lab);
  const sample = samplePost();
  const state: { postId?: number } = {};
  const withSample = FUNCTION_CHECKS.map((definition) => ({
    ...definition,
    run: (client: XssLabClient) => definition.run(client, sample, state),
  }));
  checks.push(...(await functionChecks(withSample, lab)));
  return gradeResult(checks);
}
