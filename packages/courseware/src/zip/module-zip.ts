import { zipSync, type Zippable } from 'fflate';
import { ErrorSink } from '../content-error.js';
import { contentContext, type LoadOptions } from '../load/content-loader.js';
import type { FileEntry } from '../load/file-set.js';
import { validateModuleFiles, type LearningModule, type ModuleLoadResult } from '../load/module-validator.js';
import { readZip } from './zip-reader.js';

/** A fixed time stamp, so that exporting the same module twice gives the same bytes. */
const EPOCH = new Date(2000, 0, 1);

/**
 * The module as a zip archive with its files under `<id>/` (module.yaml, pages/, quiz.yaml, assets/).
 * @example writeFileSync('linux-basics.zip', exportModuleZip(module));
 */
export function exportModuleZip(module: LearningModule): Uint8Array {
  const entries: Zippable = {};
  for (const [path, entry] of [...module.files].sort(([a], [b]) => a.localeCompare(b))) {
    // images are compressed already
    const level = path.startsWith('assets/') && !path.endsWith('.svg') ? 0 : 6;
    entries[`${module.id}/${path}`] = [entry.bytes, { level, mtime: EPOCH }];
  }
  return zipSync(entries);
}

export interface ImportZipOptions extends LoadOptions {
  /** The archive's name in errors, default `module.zip`. */
  archiveName?: string;
}

/**
 * Reads a module from an untrusted zip archive (as made by {@link exportModuleZip}: the module at the root or in one
 * top folder) and validates it like {@link loadModule}. Hostile archives are refused with an error, never thrown.
 */
export function importModuleZip(bytes: Uint8Array, options: ImportZipOptions = {}): ModuleLoadResult {
  const sink = new ErrorSink();
  const archive = options.archiveName ?? 'module.zip';
  const entries = readZip(bytes, archive, sink);
  if (!entries) return { module: undefined, errors: sink.errors };

  // hidden files and macOS resource forks are not content
  const visible = [...entries].filter(([name]) => !name.split('/').some((s) => s.startsWith('.') || s === '__MACOSX'));
  const tops = new Set(visible.map(([name]) => (name.includes('/') ? name.slice(0, name.indexOf('/')) : '')));
  const top = tops.size === 1 && !tops.has('') && !entries.has('module.yaml') ? [...tops][0] : undefined;

  const files = new Map<string, FileEntry>();
  for (const [name, data] of visible) {
    const path = top === undefined ? name : name.slice(top.length + 1);
    files.set(path, { size: data.length, bytes: data });
  }
  if (!files.has('module.yaml')) {
    sink.add('FILE_MISSING', archive, 'no module.yaml at the root of the archive or of its one top folder');
    return { module: undefined, errors: sink.errors };
  }
  const displayRoot = top === undefined ? archive : `${archive}/${top}`;
  const options_ = { displayRoot, context: contentContext(options), ...(top === undefined ? {} : { folderName: top }) };
  return validateModuleFiles(files, options_);
}
