import { ErrorSink, type ContentError } from '../content-error.js';
import type { Lang } from '../nice/nice-catalogue.js';
import { moduleMetaSchema, type ModuleMeta } from '../schema/module.schema.js';
import { quizFileSchema, type QuizItem } from '../schema/quiz.schema.js';
import { checkAsset } from './asset-check.js';
import {
  checkKsaRefs,
  checkLanguages,
  checkQuizItems,
  checkUnique,
  checkWorkRoles,
  type ContentContext,
} from './content-checks.js';
import { CONTENT_LIMITS, decodeUtf8, type FileSet } from './file-set.js';
import { parsePage, type PageVariant, type ParsedPage } from './page-file.js';
import { checkSchema, parseYamlFile, type YamlFile } from './yaml-file.js';

export type { PageVariant } from './page-file.js';

export interface ModulePage {
  /** `01-shell` */
  id: string;
  /** The KSAs the page gives (the same in every language). */
  acquired: readonly string[];
  variants: Partial<Record<Lang, PageVariant>>;
}

/** A module that passed every check. */
export interface LearningModule {
  id: string;
  meta: ModuleMeta;
  pages: readonly ModulePage[];
  quiz: readonly QuizItem[];
  /** The module's files as read, for export (module.yaml, pages, quiz.yaml, assets). */
  files: FileSet;
}

export interface ModuleLoadResult {
  /** undefined when the module has errors */
  module: LearningModule | undefined;
  errors: ContentError[];
}

export interface ValidateModuleOptions {
  /** Prefix of the paths in errors: `modules/linux-basics`. */
  displayRoot: string;
  /** The folder's name, which must equal the id; undefined for an archive holding the module at its root. */
  folderName?: string;
  context: ContentContext;
}

const PAGE_FILE = /^pages\/(\d{2}-[a-z0-9][a-z0-9-]*)\.([a-z]{2})\.md$/;
const ASSET_FILE = /^assets\/([A-Za-z0-9][A-Za-z0-9._-]{0,99})$/;
const isText = (path: string) => path === 'module.yaml' || path === 'quiz.yaml' || PAGE_FILE.test(path);

/** Validates a module given as files; shared by the folder loader and the zip import. */
export function validateModuleFiles(files: FileSet, options: ValidateModuleOptions): ModuleLoadResult {
  const sink = new ErrorSink();
  const show = (path: string) => `${options.displayRoot}/${path}`;
  const texts = new Map<string, string>();

  for (const [path, entry] of files) {
    const asset = ASSET_FILE.exec(path);
    if (asset?.[1]) {
      checkAsset(asset[1], show(path), entry, sink);
    } else if (!isText(path)) {
      sink.add(
        'UNEXPECTED_FILE',
        show(path),
        'not part of the module format (module.yaml, pages/, quiz.yaml, assets/)',
      );
    } else if (entry.size > CONTENT_LIMITS.textFileBytes) {
      sink.add('FILE_TOO_LARGE', show(path), `${String(entry.size)} bytes; text files are at most 256 KiB`);
    } else {
      const text = decodeUtf8(entry.bytes);
      if (text === undefined) sink.add('NOT_UTF8', show(path), 'not valid UTF-8 text');
      else texts.set(path, text);
    }
  }

  const metaText = texts.get('module.yaml');
  if (metaText === undefined) {
    if (!files.has('module.yaml')) sink.add('FILE_MISSING', show('module.yaml'), 'a module needs module.yaml');
    return { module: undefined, errors: sink.errors };
  }
  const metaYaml = parseYamlFile(show('module.yaml'), metaText, sink);
  const meta = metaYaml && checkSchema(metaYaml, moduleMetaSchema, sink);
  if (!metaYaml || !meta) {
    // without valid metadata the cross checks cannot run; still report what is wrong inside the other files
    checkFilesAlone(texts, options, sink);
    return { module: undefined, errors: sink.errors };
  }

  checkMeta(metaYaml, meta, options, sink);
  const pages = checkPages(metaYaml, meta, files, texts, options, sink);
  const quiz = checkQuiz(texts.get('quiz.yaml'), meta.languages, options, sink);

  if (sink.count > 0 || !pages) return { module: undefined, errors: sink.errors };
  return { module: { id: meta.id, meta, pages, quiz, files }, errors: [] };
}

function checkFilesAlone(texts: ReadonlyMap<string, string>, options: ValidateModuleOptions, sink: ErrorSink): void {
  for (const [path, text] of texts) {
    const lang = PAGE_FILE.exec(path)?.[2];
    if (lang === 'ja' || lang === 'en')
      parsePage(text, path, `${options.displayRoot}/${path}`, lang, options.context, sink);
  }
  checkQuiz(texts.get('quiz.yaml'), [], options, sink);
}

function checkMeta(yaml: YamlFile, meta: ModuleMeta, options: ValidateModuleOptions, sink: ErrorSink): void {
  const ctx = options.context;
  if (options.folderName !== undefined && meta.id !== options.folderName)
    sink.add(
      'ID_MISMATCH',
      yaml.file,
      `id ${meta.id} differs from the folder name ${options.folderName}`,
      yaml.locate(['id']),
    );
  checkUnique(yaml, ['languages'], meta.languages, sink);
  checkLanguages(yaml, ['title'], meta.title, meta.languages, sink);
  checkLanguages(yaml, ['summary'], meta.summary, meta.languages, sink);
  checkWorkRoles(yaml, ['workRoles'], meta.workRoles, ctx, sink);
  checkUnique(yaml, ['topics'], meta.topics, sink);
  checkKsaRefs(yaml, ['prerequisites'], meta.prerequisites, ctx, sink);
  checkUnique(yaml, ['pages'], meta.pages, sink);
  if (meta.pages.length > CONTENT_LIMITS.pagesPerModule)
    sink.add('TOO_MANY_PAGES', yaml.file, `${String(meta.pages.length)} pages; at most 200`, yaml.locate(['pages']));
  if (meta.lab !== undefined && ctx.labIds && !ctx.labIds.has(meta.lab))
    sink.add(
      'UNKNOWN_LAB',
      yaml.file,
      `unknown lab ${meta.lab} (known: ${[...ctx.labIds].join(', ')})`,
      yaml.locate(['lab']),
    );
  if (meta.exercise !== undefined && ctx.exerciseIds && !ctx.exerciseIds.has(meta.exercise))
    sink.add(
      'UNKNOWN_EXERCISE',
      yaml.file,
      `unknown exercise ${meta.exercise} (known: ${[...ctx.exerciseIds].join(', ')})`,
      yaml.locate(['exercise']),
    );
}

function checkPages(
  metaYaml: YamlFile,
  meta: ModuleMeta,
  files: FileSet,
  texts: ReadonlyMap<string, string>,
  options: ValidateModuleOptions,
  sink: ErrorSink,
): ModulePage[] | undefined {
  const show = (path: string) => `${options.displayRoot}/${path}`;
  const listed = new Set(meta.pages);
  const languages = new Set<string>(meta.languages);
  for (const path of files.keys()) {
    const match = PAGE_FILE.exec(path);
    if (match?.[1] && match[2] && (!listed.has(match[1]) || !languages.has(match[2])))
      sink.add(
        'PAGE_NOT_LISTED',
        show(path),
        listed.has(match[1])
          ? `language ${match[2]} is not among the module's languages (${meta.languages.join(', ')})`
          : `page ${match[1]} is not listed in module.yaml "pages"`,
      );
  }

  const pages: ModulePage[] = [];
  let complete = true;
  meta.pages.forEach((id, index) => {
    const parsed: ParsedPage[] = [];
    for (const lang of meta.languages) {
      const path = `pages/${id}.${lang}.md`;
      const text = texts.get(path);
      if (text === undefined) {
        if (!files.has(path))
          sink.add(
            'PAGE_MISSING',
            metaYaml.file,
            `page ${id} has no ${lang} file (${path})`,
            metaYaml.locate(['pages', index]),
          );
        complete = false;
        continue;
      }
      const page = parsePage(text, path, show(path), lang, options.context, sink);
      if (page) parsed.push(page);
      else complete = false;
    }
    checkAcquiredAgree(parsed, show, sink);
    for (const page of parsed) checkImages(page, files, sink);
    const first = parsed[0];
    if (first) {
      const variants: Partial<Record<Lang, PageVariant>> = {};
      for (const p of parsed) variants[p.variant.lang] = p.variant;
      pages.push({ id, acquired: first.variant.acquired, variants });
    }
  });
  return complete ? pages : undefined;
}

/** A page gives the same KSAs in each of its languages. */
function checkAcquiredAgree(parsed: readonly ParsedPage[], show: (p: string) => string, sink: ErrorSink): void {
  const [first, ...rest] = parsed;
  if (!first) return;
  const reference = new Set(first.variant.acquired);
  for (const other of rest) {
    const mine = new Set(other.variant.acquired);
    const missing = [...reference].filter((k) => !mine.has(k));
    const extra = [...mine].filter((k) => !reference.has(k));
    if (missing.length === 0 && extra.length === 0) continue;
    const parts = [
      missing.length > 0 ? `lacks ${missing.join(', ')}` : '',
      extra.length > 0 ? `adds ${extra.join(', ')}` : '',
    ].filter(Boolean);
    sink.add(
      'ACQUIRED_MISMATCH',
      other.yaml.file,
      `"acquired" differs from ${show(first.variant.path)}: ${parts.join('; ')}`,
      other.yaml.locate(['acquired']),
    );
  }
}

function checkImages(page: ParsedPage, files: FileSet, sink: ErrorSink): void {
  for (const image of page.images) {
    const at = { line: image.line, column: image.column };
    if (!/^assets\/[^/]+$/.test(image.target))
      sink.add('IMAGE_NOT_ASSET', page.yaml.file, `image ${image.target} is not assets/<file> of the module`, at);
    else if (!files.has(image.target))
      sink.add('ASSET_MISSING', page.yaml.file, `image ${image.target} is not in the module`, at);
  }
}

function checkQuiz(
  text: string | undefined,
  langs: readonly Lang[],
  options: ValidateModuleOptions,
  sink: ErrorSink,
): QuizItem[] {
  if (text === undefined) return [];
  const yaml = parseYamlFile(`${options.displayRoot}/quiz.yaml`, text, sink);
  const quiz = yaml && checkSchema(yaml, quizFileSchema, sink);
  if (!yaml || !quiz) return [];
  checkQuizItems(yaml, quiz.items, langs, options.context, sink);
  return quiz.items;
}
