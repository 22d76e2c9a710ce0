import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ErrorSink, type ContentError } from '../content-error.js';
import { niceCatalogue, type NiceCatalogue } from '../nice/nice-catalogue.js';
import type { Course } from '../schema/course.schema.js';
import type { Assessment } from '../schema/quiz.schema.js';
import { checkPairs, parseAssessment, type ParsedAssessment } from './assessment-validator.js';
import type { ContentContext } from './content-checks.js';
import { parseCourse } from './course-validator.js';
import { CONTENT_LIMITS, decodeUtf8 } from './file-set.js';
import { listDir, readEntry, readModuleFolder } from './fs-reader.js';
import { validateModuleFiles, type LearningModule, type ModuleLoadResult } from './module-validator.js';

export interface LoadOptions {
  /**
   * Known lab ids (the folders packages/labs/apps/<id>, see {@link readLabIds}). Omitted: a module's `lab` is only
   * checked for its form.
   */
  labIds?: Iterable<string>;
  /** Known exercise ids (`(await listExercises()).map((e) => e.id)` of @cynex/labs). Omitted: form only. */
  exerciseIds?: Iterable<string>;
  /** Default: the NICE 2017 catalogue shipped with the package. */
  catalogue?: NiceCatalogue;
}

export interface ContentTree {
  modules: LearningModule[];
  assessments: Assessment[];
  courses: Course[];
  /** Every problem found; a module, assessment or course with errors is left out of the lists above. */
  errors: ContentError[];
}

export function contentContext(options: LoadOptions = {}): ContentContext {
  const ctx: ContentContext = { catalogue: options.catalogue ?? niceCatalogue() };
  if (options.labIds) ctx.labIds = new Set(options.labIds);
  if (options.exerciseIds) ctx.exerciseIds = new Set(options.exerciseIds);
  return ctx;
}

/**
 * Loads and validates the module in folder `dir`; errors name files as `<folder>/pages/…`.
 * @example const { module, errors } = await loadModule('content/modules/linux-basics', { labIds: ['sqli'] });
 */
export async function loadModule(dir: string, options: LoadOptions = {}): Promise<ModuleLoadResult> {
  const folderName = path.basename(path.resolve(dir));
  return loadModuleAt(dir, folderName, folderName, contentContext(options));
}

async function loadModuleAt(
  dir: string,
  folderName: string,
  displayRoot: string,
  ctx: ContentContext,
): Promise<ModuleLoadResult> {
  const sink = new ErrorSink();
  const files = await readModuleFolder(dir, displayRoot, sink);
  const result = validateModuleFiles(files, { displayRoot, folderName, context: ctx });
  const errors = [...sink.errors, ...result.errors];
  return { module: errors.length === 0 ? result.module : undefined, errors };
}

/**
 * Loads a content tree: modules/<id>/, assessments/<id>.yaml, courses/<id>.yaml (scenarios/ is not read here).
 * Errors do not throw; paths in them are relative to `dir`.
 */
export async function loadContentTree(dir: string, options: LoadOptions = {}): Promise<ContentTree> {
  const ctx = contentContext(options);
  const sink = new ErrorSink();
  const errors: ContentError[] = [];

  const modules = new Map<string, LearningModule>();
  const invalidModules = new Set<string>();
  for (const entry of await listDir(path.join(dir, 'modules'))) {
    const shown = `modules/${entry.name}`;
    if (!entry.isDirectory()) {
      sink.add(entry.isSymbolicLink() ? 'SYMLINK' : 'UNEXPECTED_FILE', shown, 'modules/ holds one folder per module');
      continue;
    }
    const result = await loadModuleAt(path.join(dir, 'modules', entry.name), entry.name, shown, ctx);
    errors.push(...result.errors);
    if (result.module) modules.set(result.module.id, result.module);
    else invalidModules.add(entry.name);
  }

  const parsed: ParsedAssessment[] = [];
  const invalidAssessments = new Set<string>();
  for (const { id, text } of await readYamlFolder(dir, 'assessments', sink)) {
    const assessment = parseAssessment(text, `assessments/${id}.yaml`, id, ctx, sink);
    if (assessment) parsed.push(assessment);
    else invalidAssessments.add(id);
  }
  for (const id of checkPairs(parsed, sink)) invalidAssessments.add(id);
  const assessments = new Map(
    parsed.filter((p) => !invalidAssessments.has(p.assessment.id)).map((p) => [p.assessment.id, p.assessment]),
  );

  const courses: Course[] = [];
  const refs = { modules, invalidModules, assessments, invalidAssessments };
  for (const { id, text } of await readYamlFolder(dir, 'courses', sink)) {
    const course = parseCourse(text, `courses/${id}.yaml`, id, refs, ctx, sink);
    if (course) courses.push(course);
  }

  return {
    modules: [...modules.values()],
    assessments: [...assessments.values()],
    courses,
    errors: [...errors, ...sink.errors],
  };
}

/** The `*.yaml` files of `<dir>/<folder>` as text, with size and encoding checked. */
async function readYamlFolder(dir: string, folder: string, sink: ErrorSink): Promise<{ id: string; text: string }[]> {
  const out: { id: string; text: string }[] = [];
  for (const entry of await listDir(path.join(dir, folder))) {
    const shown = `${folder}/${entry.name}`;
    const id = /^(.+)\.yaml$/.exec(entry.name)?.[1];
    if (!entry.isFile() || id === undefined) {
      sink.add(entry.isSymbolicLink() ? 'SYMLINK' : 'UNEXPECTED_FILE', shown, `${folder}/ holds <id>.yaml files only`);
      continue;
    }
    const file = await readEntry(path.join(dir, folder, entry.name));
    if (file.size > CONTENT_LIMITS.textFileBytes) {
      sink.add('FILE_TOO_LARGE', shown, `${String(file.size)} bytes; text files are at most 256 KiB`);
      continue;
    }
    const text = decodeUtf8(file.bytes);
    if (text === undefined) sink.add('NOT_UTF8', shown, 'not valid UTF-8 text');
    else out.push({ id, text });
  }
  return out;
}

/**
 * The lab ids of a labs apps folder (packages/labs/apps/<id>/lab.json, its `id`), read without importing
 * @cynex/labs so that the courseware package stays independent of the lab runner.
 */
export async function readLabIds(appsDir: string): Promise<string[]> {
  const ids: string[] = [];
  for (const entry of await readdir(appsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    try {
      const lab = JSON.parse(await readFile(path.join(appsDir, entry.name, 'lab.json'), 'utf8')) as { id?: unknown };
      if (typeof lab.id === 'string') ids.push(lab.id);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return ids.sort();
}
