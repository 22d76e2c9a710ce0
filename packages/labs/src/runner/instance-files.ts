import { chmod, chown, lstat, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LabDefinition } from './lab-catalog.js';
import { assertSafeRelativePath } from './lab-catalog.js';
import { LabRunnerError } from './lab-runner-error.js';

/** A learner's edited file is source code typed in a browser editor: 256 KiB is far more than any handler. */
export const MAX_EDITABLE_FILE_BYTES = 256 * 1024;

export type EditableFiles = Record<string, string>;

/** Checks that only the lab's editable files are given, each within the size limit. */
export function checkEditableFiles(lab: LabDefinition, files: EditableFiles): void {
  for (const [file, content] of Object.entries(files)) {
    assertSafeRelativePath(file);
    if (!lab.editable.includes(file)) {
      throw new LabRunnerError('LAB_FILE_NOT_EDITABLE', `${file} is not editable in lab ${lab.id}`);
    }
    if (typeof content !== 'string' || Buffer.byteLength(content) > MAX_EDITABLE_FILE_BYTES) {
      throw new LabRunnerError('LAB_FILE_TOO_LARGE', `${file} is over ${MAX_EDITABLE_FILE_BYTES} bytes`);
    }
  }
}

/** The level's original editable files, from `<appDir>/levels/<level>/`. */
export async function levelFiles(lab: LabDefinition, level: string): Promise<EditableFiles> {
  const files: EditableFiles = {};
  for (const file of lab.editable) {
    files[file] = await readFile(path.join(lab.appDir, 'levels', level, file), 'utf8');
  }
  return files;
}

/** The editable files as they are now in the instance directory (missing ones are left out). */
export async function currentFiles(lab: LabDefinition, instanceDir: string): Promise<EditableFiles> {
  const files: EditableFiles = {};
  for (const file of lab.editable) {
    try {
      files[file] = await readFile(path.join(instanceDir, file), 'utf8');
    } catch {
      // a learner cannot delete a file through the editor; a missing one is restored from the level at start
    }
  }
  return files;
}

/**
 * Empties the instance directory and writes the editable files into it: every start and reset begins from these
 * files and nothing else (the app's data is rebuilt at start). The directory belongs to the instance's uid.
 */
export async function resetInstanceDir(instanceDir: string, files: EditableFiles, owner?: number): Promise<void> {
  await rm(instanceDir, { recursive: true, force: true });
  await mkdir(instanceDir, { recursive: true, mode: 0o700 });
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(instanceDir, file);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await writeFile(target, content, { mode: 0o600 });
  }
  if (owner !== undefined) await chownTree(instanceDir, owner);
}

/** Gives the tree to a uid (the lab's at start, root's again at stop so no later lab uid owns stale files). */
export async function chownTree(dir: string, uid: number): Promise<void> {
  await chown(dir, uid, uid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(full, uid);
    else await chown(full, uid, uid).catch(() => undefined);
  }
}

/** Makes the instances' root traversable by lab uids without letting them list the other instances. */
export async function prepareRootDir(rootDir: string, labUids: boolean): Promise<void> {
  await mkdir(rootDir, { recursive: true });
  if (labUids) await chmod(rootDir, 0o711);
}

/**
 * Bytes used under a directory (files only, symlinks not followed). Visiting is bounded: a directory with more than
 * `maxEntries` entries counts as infinitely large, since a lab making that many files is itself filling the disk.
 */
export async function directoryBytes(dir: string, maxEntries = 10_000): Promise<number> {
  let total = 0;
  let visited = 0;
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (++visited > maxEntries) return;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) total += (await lstat(full).catch(() => ({ size: 0 }))).size;
    }
  };
  await walk(dir);
  return visited > maxEntries ? Number.POSITIVE_INFINITY : total;
}
