import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ErrorSink } from '../content-error.js';
import { CONTENT_LIMITS, type FileEntry } from './file-set.js';

/** Files larger than this are not read at all; the validator reports their size. */
const READ_CAP = Math.max(CONTENT_LIMITS.assetBytes, CONTENT_LIMITS.textFileBytes);

/** Reads a file, or gives an empty entry of its size when it is larger than any file the format allows. */
export async function readEntry(file: string): Promise<FileEntry> {
  const info = await lstat(file);
  if (info.size > READ_CAP) return { size: info.size, bytes: new Uint8Array(0) };
  const bytes = new Uint8Array(await readFile(file));
  return { size: bytes.length, bytes };
}

/**
 * A module folder as a file set: module.yaml, quiz.yaml and pages/ and assets/ one level deep. Hidden files are
 * skipped; symbolic links and deeper folders are reported, never followed.
 */
export async function readModuleFolder(
  dir: string,
  displayRoot: string,
  sink: ErrorSink,
): Promise<Map<string, FileEntry>> {
  const files = new Map<string, FileEntry>();
  const walk = async (relative: string, depth: number): Promise<void> => {
    const entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      const shown = `${displayRoot}/${rel}`;
      if (entry.isSymbolicLink()) sink.add('SYMLINK', shown, 'symbolic links are not followed');
      else if (entry.isDirectory()) {
        if (depth === 0 && (entry.name === 'pages' || entry.name === 'assets')) await walk(rel, depth + 1);
        else sink.add('UNEXPECTED_FILE', shown, 'a module has only the folders pages/ and assets/');
      } else if (entry.isFile()) {
        if (files.size >= CONTENT_LIMITS.filesPerModule) {
          sink.add('UNEXPECTED_FILE', shown, `more than ${String(CONTENT_LIMITS.filesPerModule)} files in the module`);
          return;
        }
        files.set(rel, await readEntry(path.join(dir, rel)));
      } else sink.add('UNEXPECTED_FILE', shown, 'not a regular file');
    }
  };
  await walk('', 0);
  return files;
}

/** The names of the entries of `dir` (empty when it does not exist), hidden ones left out. */
export async function listDir(dir: string): Promise<import('node:fs').Dirent[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
