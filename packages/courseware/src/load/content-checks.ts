import type { ErrorSink } from '../content-error.js';
import { ksaRefProblem } from '../nice/ksa-ref.js';
import type { Lang, NiceCatalogue } from '../nice/nice-catalogue.js';
import type { LocalizedText } from '../schema/common.schema.js';
import type { QuizItem } from '../schema/quiz.schema.js';
import type { YamlFile, YamlPath } from './yaml-file.js';
import { formatPath } from './yaml-file.js';

/** What the loader checks ids against. */
export interface ContentContext {
  catalogue: NiceCatalogue;
  /** Known lab ids (packages/labs/apps/<id>); undefined: lab ids are not checked. */
  labIds?: ReadonlySet<string>;
  /** Known exercise ids (@cynex/labs listExercises()); undefined: exercise ids are not checked. */
  exerciseIds?: ReadonlySet<string>;
}

/** Each reference of `refs` (at `path` in `yaml`) has level 1–6 and a NICE id of the catalogue. */
export function checkKsaRefs(
  yaml: YamlFile,
  path: YamlPath,
  refs: readonly string[],
  ctx: ContentContext,
  sink: ErrorSink,
): void {
  const field = String(path[path.length - 1] ?? '');
  refs.forEach((ref, i) => {
    const problem = ksaRefProblem(ref, ctx.catalogue);
    if (problem === 'BAD_KSA_LEVEL')
      sink.add(problem, yaml.file, `bad level in ${ref} in "${field}": levels are 1–6`, yaml.locate([...path, i]));
    else if (problem === 'UNKNOWN_KSA')
      sink.add(
        problem,
        yaml.file,
        `unknown NICE id ${ref.split('_')[0] ?? ref} in "${field}"`,
        yaml.locate([...path, i]),
      );
  });
  checkUnique(yaml, path, refs, sink);
}

export function checkWorkRoles(
  yaml: YamlFile,
  path: YamlPath,
  roles: readonly string[],
  ctx: ContentContext,
  sink: ErrorSink,
): void {
  roles.forEach((role, i) => {
    if (!ctx.catalogue.workRoles.has(role))
      sink.add('UNKNOWN_WORK_ROLE', yaml.file, `unknown NICE work role ${role}`, yaml.locate([...path, i]));
  });
  checkUnique(yaml, path, roles, sink);
}

/** Reports the second and later occurrence of each value. */
export function checkUnique(yaml: YamlFile, path: YamlPath, values: readonly string[], sink: ErrorSink): void {
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (seen.has(value))
      sink.add('DUPLICATE_ID', yaml.file, `duplicate ${value} in "${formatPath(path)}"`, yaml.locate([...path, i]));
    seen.add(value);
  });
}

export function checkLanguages(
  yaml: YamlFile,
  path: YamlPath,
  text: LocalizedText | undefined,
  langs: readonly Lang[],
  sink: ErrorSink,
): void {
  if (!text) return;
  for (const lang of langs) {
    if (text[lang] === undefined)
      sink.add('MISSING_LANGUAGE', yaml.file, `"${formatPath(path)}" has no ${lang} text`, yaml.locate(path));
  }
}

/** The checks a quiz or an assessment's items need beyond their schema. */
export function checkQuizItems(
  yaml: YamlFile,
  items: readonly QuizItem[],
  langs: readonly Lang[],
  ctx: ContentContext,
  sink: ErrorSink,
): void {
  checkUnique(
    yaml,
    ['items'],
    items.map((item) => item.id),
    sink,
  );
  items.forEach((item, i) => {
    const at = (...rest: PropertyKey[]): YamlPath => ['items', i, ...rest];
    checkKsaRefs(yaml, at('ksa'), item.ksa, ctx, sink);
    checkLanguages(yaml, at('prompt'), item.prompt, langs, sink);
    checkLanguages(yaml, at('explanation'), item.explanation, langs, sink);
    switch (item.kind) {
      case 'single':
      case 'multi': {
        const ids = item.options.map((o) => o.id);
        checkUnique(yaml, at('options'), ids, sink);
        item.options.forEach((o, j) => checkLanguages(yaml, at('options', j, 'text'), o.text, langs, sink));
        const answers = typeof item.answer === 'string' ? [item.answer] : item.answer;
        answers.forEach((answer, j) => {
          if (!ids.includes(answer)) {
            const where = typeof item.answer === 'string' ? at('answer') : at('answer', j);
            sink.add(
              'ANSWER_NOT_OPTION',
              yaml.file,
              `item ${item.id}: answer ${answer} is not among the options (${ids.join(', ')})`,
              yaml.locate(where),
            );
          }
        });
        if (item.kind === 'multi') checkUnique(yaml, at('answer'), item.answer, sink);
        break;
      }
      case 'short':
      case 'numeric':
      case 'flag':
        break;
    }
  });
}
