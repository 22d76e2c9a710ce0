import { ErrorSink } from '../content-error.js';
import { checkPairs, parseAssessment, type ParsedAssessment } from '../load/assessment-validator.js';
import { contentContext, type ContentTree } from '../load/content-loader.js';
import { parseCourse } from '../load/course-validator.js';
import { CONTENT_LIMITS, decodeUtf8, type FileEntry } from '../load/file-set.js';
import { validateModuleFiles, type LearningModule } from '../load/module-validator.js';
import type { Course } from '../schema/course.schema.js';
import { importModuleZip, type ImportZipOptions } from './module-zip.js';
import { readZip } from './zip-reader.js';

const TREE_FOLDERS = new Set(['modules', 'assessments', 'courses']);

const hidden = (name: string) => name.split('/').some((s) => s.startsWith('.') || s === '__MACOSX');

/**
 * Reads a courseware package from an untrusted zip archive: either a content tree (`modules/<id>/…`,
 * `assessments/<id>.yaml`, `courses/<id>.yaml`, at the root or in one top folder) or one module as made by
 * {@link exportModuleZip}. Everything is validated as {@link loadContentTree} does; errors name the file in the
 * archive and the line. A package is usable only when `errors` is empty.
 * @example const { modules, errors } = importPackageZip(bytes, { archiveName: 'intro.zip' });
 */
export function importPackageZip(bytes: Uint8Array, options: ImportZipOptions = {}): ContentTree {
  const sink = new ErrorSink();
  const archive = options.archiveName ?? 'package.zip';
  const entries = readZip(bytes, archive, sink);
  if (!entries) return { modules: [], assessments: [], courses: [], errors: sink.errors };

  const visible = [...entries].filter(([name]) => !hidden(name));
  const firstSegment = (name: string) => name.split('/')[0] ?? '';
  const tops = new Set(visible.map(([name]) => (name.includes('/') ? firstSegment(name) : '')));
  const rootIsTree = visible.some(([name]) => TREE_FOLDERS.has(firstSegment(name)));
  const top = !rootIsTree && tops.size === 1 && !tops.has('') ? [...tops][0] : undefined;
  const files = new Map<string, Uint8Array>(
    visible.map(([name, data]) => [top === undefined ? name : name.slice(top.length + 1), data]),
  );
  const isTree = [...files.keys()].some((name) => TREE_FOLDERS.has(firstSegment(name)) && name.includes('/'));
  if (!isTree) {
    const result = importModuleZip(bytes, options);
    return {
      modules: result.module ? [result.module] : [],
      assessments: [],
      courses: [],
      errors: result.errors,
    };
  }
  return readTree(files, top === undefined ? archive : `${archive}/${top}`, options, sink);
}

function readTree(
  files: ReadonlyMap<string, Uint8Array>,
  root: string,
  options: ImportZipOptions,
  sink: ErrorSink,
): ContentTree {
  const ctx = contentContext(options);
  const moduleFiles = new Map<string, Map<string, FileEntry>>();
  const yaml = { assessments: [] as { id: string; text: string }[], courses: [] as { id: string; text: string }[] };

  for (const [name, data] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const shown = `${root}/${name}`;
    const [folder, second, ...rest] = name.split('/');
    if (folder === 'modules' && second !== undefined && rest.length > 0) {
      const set = moduleFiles.get(second) ?? new Map<string, FileEntry>();
      set.set(rest.join('/'), { size: data.length, bytes: data });
      moduleFiles.set(second, set);
    } else if ((folder === 'assessments' || folder === 'courses') && second !== undefined && rest.length === 0) {
      const id = /^(.+)\.yaml$/.exec(second)?.[1];
      const text = data.length > CONTENT_LIMITS.textFileBytes ? undefined : decodeUtf8(data);
      if (id === undefined) sink.add('UNEXPECTED_FILE', shown, `${folder}/ holds <id>.yaml files only`);
      else if (data.length > CONTENT_LIMITS.textFileBytes)
        sink.add('FILE_TOO_LARGE', shown, `${String(data.length)} bytes; text files are at most 256 KiB`);
      else if (text === undefined) sink.add('NOT_UTF8', shown, 'not valid UTF-8 text');
      else yaml[folder].push({ id, text });
    } else {
      sink.add('UNEXPECTED_FILE', shown, 'a package holds modules/<id>/, assessments/<id>.yaml and courses/<id>.yaml');
    }
  }

  const modules = new Map<string, LearningModule>();
  const invalidModules = new Set<string>();
  const errors = [];
  for (const [folderName, set] of moduleFiles) {
    const result = validateModuleFiles(set, { displayRoot: `${root}/modules/${folderName}`, folderName, context: ctx });
    errors.push(...result.errors);
    if (result.module) modules.set(result.module.id, result.module);
    else invalidModules.add(folderName);
  }

  const parsed: ParsedAssessment[] = [];
  const invalidAssessments = new Set<string>();
  for (const { id, text } of yaml.assessments) {
    const assessment = parseAssessment(text, `${root}/assessments/${id}.yaml`, id, ctx, sink);
    if (assessment) parsed.push(assessment);
    else invalidAssessments.add(id);
  }
  for (const id of checkPairs(parsed, sink)) invalidAssessments.add(id);
  const assessments = new Map(
    parsed.filter((p) => !invalidAssessments.has(p.assessment.id)).map((p) => [p.assessment.id, p.assessment]),
  );

  const courses: Course[] = [];
  const refs = { modules, invalidModules, assessments, invalidAssessments };
  for (const { id, text } of yaml.courses) {
    const course = parseCourse(text, `${root}/courses/${id}.yaml`, id, refs, ctx, sink);
    if (course) courses.push(course);
  }
  return {
    modules: [...modules.values()],
    assessments: [...assessments.values()],
    courses,
    errors: [...errors, ...sink.errors],
  };
}
