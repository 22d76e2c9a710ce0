import { z } from 'zod';
import { ErrorSink, type ContentError, type Position } from '../content-error.js';
import { findRawHtml } from '../load/markdown-check.js';
import { checkSchema, parseYamlFile, type YamlFile } from '../load/yaml-file.js';
import { ksaRefProblem } from '../nice/ksa-ref.js';
import { niceCatalogue, type Lang, type NiceCatalogue } from '../nice/nice-catalogue.js';
import { ksaRefSchema } from '../schema/common.schema.js';
import { quizItemSchema, type QuizItem } from '../schema/quiz.schema.js';

/** CTFd's challenge.yml (ctfcli spec), the fields the import reads; the others (image, host, …) are ignored. */
const ctfdChallengeSchema = z.looseObject({
  name: z.string().trim().min(1),
  description: z.string().optional(),
  value: z.number().min(0).optional(),
  type: z.string().default('standard'),
  extra: z.looseObject({ initial: z.number().positive().optional() }).optional(),
  flags: z
    .array(
      z.union([
        z.string(),
        z.looseObject({ type: z.string().default('static'), content: z.string(), data: z.string().nullish() }),
      ]),
    )
    .optional(),
  hints: z.array(z.union([z.string(), z.looseObject({ content: z.string(), cost: z.number().optional() })])).optional(),
  tags: z.array(z.union([z.string(), z.looseObject({ value: z.string() })])).optional(),
  files: z.array(z.string()).optional(),
  choices: z.array(z.string().trim().min(1)).optional(),
  connection_info: z.string().nullish(),
});
type CtfdChallenge = z.infer<typeof ctfdChallengeSchema>;

export interface CtfdImportOptions {
  /** KSA references the item measures (CTFd has no KSA model); tags `nice:K0060_2` add to them. */
  ksa?: readonly string[];
  /** The item id; default `ctfd-<slug of the name>`. */
  id?: string;
  /** The language of the challenge's texts; default en. */
  lang?: Lang;
  /** The file name in errors; default challenge.yml. */
  file?: string;
  catalogue?: NiceCatalogue;
}

export interface CtfdImportResult {
  item: QuizItem | undefined;
  errors: ContentError[];
  /** What the conversion changed or left out (hints, files, case-insensitive matching…). */
  notes: string[];
}

interface Flag {
  type: string;
  content: string;
  caseInsensitive: boolean;
  index: number;
}

/** `* () choice` lines of the multiple-choice plugin's description. */
const CHOICE_LINE = /^\s*[*-]\s*\(\s*\)\s*(.+?)\s*$/;

/**
 * Converts a CTFd `challenge.yml` into a quiz item. standard/dynamic challenges become `flag` (one case-sensitive
 * static flag) or `short` (several static flags or case-insensitive ones); `multiple_choice` (choices from
 * `choices:` or the description's `* () …` lines) becomes `single`. Regex flags are refused: the format has no
 * pattern answers, and running an author's regular expression on every answer invites catastrophic backtracking.
 * Hints, files and connection info have no place in a quiz item and are left out (listed in `notes`).
 * @example importCtfdChallenge(readFileSync('challenge.yml', 'utf8'), { ksa: ['K0070_3'] }).item?.kind // 'flag'
 */
export function importCtfdChallenge(yamlText: string, options: CtfdImportOptions = {}): CtfdImportResult {
  const file = options.file ?? 'challenge.yml';
  const lang = options.lang ?? 'en';
  const sink = new ErrorSink();
  const notes: string[] = [];
  const fail = (): CtfdImportResult => ({ item: undefined, errors: sink.errors, notes });
  const yaml = parseYamlFile(file, yamlText, sink);
  const challenge = yaml && checkSchema(yaml, ctfdChallengeSchema, sink);
  if (!yaml || !challenge) return fail();

  const ksa = collectKsa(yaml, challenge, options, sink, notes);
  const points = challengePoints(yaml, challenge, sink, notes);
  const flags = (challenge.flags ?? []).map((f, index): Flag =>
    typeof f === 'string'
      ? { type: 'static', content: f, caseInsensitive: false, index }
      : { type: f.type, content: f.content, caseInsensitive: f.data === 'case_insensitive', index },
  );
  for (const flag of flags) {
    if (flag.type === 'regex')
      sink.add(
        'CTFD_REGEX_FLAG',
        file,
        'regex flags are not imported: give the accepted answers as static flags',
        yaml.locate(['flags', flag.index]),
      );
    else if (flag.type !== 'static')
      sink.add(
        'CTFD_UNSUPPORTED',
        file,
        `flag type ${flag.type} is not supported (static only)`,
        yaml.locate(['flags', flag.index]),
      );
  }
  if (flags.length === 0)
    sink.add('CTFD_NO_FLAG', file, 'the challenge has no flag, so there is no answer', yaml.locate([]));
  for (const left of ['hints', 'files'] as const) {
    const count = challenge[left]?.length ?? 0;
    if (count > 0) notes.push(`${left} left out (${String(count)}): a quiz item has no ${left}`);
  }
  if (challenge.connection_info) notes.push('connection_info left out');

  const id = options.id ?? `ctfd-${slug(challenge.name)}`;
  const base = { id, ksa, points };
  let item: unknown;
  if (challenge.type === 'standard' || challenge.type === 'dynamic') {
    const prompt = (challenge.description ?? '').trim() || challenge.name;
    checkHtml(prompt, yaml, sink);
    const [only, ...more] = flags;
    if (only && more.length === 0 && !only.caseInsensitive) {
      item = { ...base, kind: 'flag', prompt: { [lang]: prompt }, answer: only.content };
    } else {
      if (flags.some((f) => !f.caseInsensitive))
        notes.push('several static flags became a short answer, which matches ignoring case and width');
      item = { ...base, kind: 'short', prompt: { [lang]: prompt }, answer: flags.map((f) => f.content.trim()) };
    }
  } else if (challenge.type === 'multiple_choice') {
    item = multipleChoice(yaml, challenge, flags, base, lang, sink);
  } else {
    sink.add(
      'CTFD_UNSUPPORTED',
      file,
      `challenge type ${challenge.type} is not supported (standard, dynamic, multiple_choice)`,
      yaml.locate(['type']),
    );
  }
  if (sink.count > 0) return fail();

  const parsed = quizItemSchema.safeParse(item);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      sink.add('SCHEMA', file, `the converted item: ${issue.path.join('.')}: ${issue.message}`, { line: 1 });
    return fail();
  }
  return { item: parsed.data, errors: [], notes };
}

function collectKsa(
  yaml: YamlFile,
  challenge: CtfdChallenge,
  options: CtfdImportOptions,
  sink: ErrorSink,
  notes: string[],
): string[] {
  const catalogue = options.catalogue ?? niceCatalogue();
  const accept = (ref: string, where: string, at: Position): boolean => {
    if (!ksaRefSchema.safeParse(ref).success) {
      sink.add('SCHEMA', yaml.file, `${JSON.stringify(ref)} ${where} is not a KSA reference <ID>_<level>`, at);
      return false;
    }
    const problem = ksaRefProblem(ref, catalogue);
    if (problem === 'BAD_KSA_LEVEL') sink.add(problem, yaml.file, `bad level in ${ref} ${where}: levels are 1–6`, at);
    if (problem === 'UNKNOWN_KSA')
      sink.add(problem, yaml.file, `unknown NICE id ${ref.split('_')[0] ?? ref} ${where}`, at);
    return problem === undefined;
  };
  const ksa = (options.ksa ?? []).filter((ref) => accept(ref, 'in the ksa option', {}));
  const otherTags: string[] = [];
  (challenge.tags ?? []).forEach((tag, i) => {
    const value = (typeof tag === 'string' ? tag : tag.value).trim();
    const ref = /^nice:(.+)$/i.exec(value)?.[1];
    if (ref === undefined) otherTags.push(value);
    else if (accept(ref, 'in "tags"', yaml.locate(['tags', i]))) ksa.push(ref);
  });
  if (otherTags.length > 0) notes.push(`tags left out: ${otherTags.join(', ')}`);
  if (ksa.length === 0 && sink.count === 0)
    sink.add('SCHEMA', yaml.file, 'no KSA: pass { ksa: ["K0060_2"] } or tag the challenge nice:K0060_2', { line: 1 });
  return [...new Set(ksa)];
}

function challengePoints(yaml: YamlFile, challenge: CtfdChallenge, sink: ErrorSink, notes: string[]): number {
  const points = challenge.type === 'dynamic' ? (challenge.extra?.initial ?? challenge.value) : challenge.value;
  if (challenge.type === 'dynamic') notes.push('dynamic scoring became fixed points (the initial value)');
  if (points === undefined || points <= 0) {
    sink.add('SCHEMA', yaml.file, 'value: the challenge needs a value above 0 (its points)', yaml.locate(['value']));
    return 1;
  }
  return points;
}

function multipleChoice(
  yaml: YamlFile,
  challenge: CtfdChallenge,
  flags: readonly Flag[],
  base: { id: string; ksa: string[]; points: number },
  lang: Lang,
  sink: ErrorSink,
): unknown {
  const lines = (challenge.description ?? '').split('\n');
  const choices = challenge.choices ?? lines.flatMap((l) => CHOICE_LINE.exec(l)?.[1] ?? []);
  const prompt =
    lines
      .filter((l) => challenge.choices !== undefined || !CHOICE_LINE.test(l))
      .join('\n')
      .trim() || challenge.name;
  checkHtml(prompt, yaml, sink);
  if (choices.length < 2 || choices.length > 8) {
    sink.add(
      'SCHEMA',
      yaml.file,
      `a multiple-choice challenge needs 2–8 choices, found ${String(choices.length)}`,
      yaml.locate(['description']),
    );
    return undefined;
  }
  const options = choices.map((text, i) => ({ id: String.fromCharCode(97 + i), text: { [lang]: text } }));
  const correct = new Set<string>();
  for (const flag of flags) {
    const option = options.find((o) => o.text[lang] === flag.content.trim());
    if (option) correct.add(option.id);
    else
      sink.add(
        'ANSWER_NOT_OPTION',
        yaml.file,
        `flag ${JSON.stringify(flag.content)} is none of the choices`,
        yaml.locate(['flags', flag.index]),
      );
  }
  if (correct.size > 1)
    sink.add(
      'CTFD_UNSUPPORTED',
      yaml.file,
      'several choices are accepted; a single-choice item has one answer',
      yaml.locate(['flags']),
    );
  return { ...base, kind: 'single', prompt: { [lang]: prompt }, options, answer: [...correct][0] };
}

function checkHtml(markdown: string, yaml: YamlFile, sink: ErrorSink): void {
  const first = findRawHtml(markdown)[0];
  if (first)
    sink.add(
      'RAW_HTML',
      yaml.file,
      `raw HTML ${JSON.stringify(first.text)} in the description is not rendered`,
      yaml.locate(['description']),
    );
}

function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 58)
    .replace(/-+$/, '');
  return s === '' ? 'challenge' : s;
}
