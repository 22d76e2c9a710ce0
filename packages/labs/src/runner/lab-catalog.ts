import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LabRunnerError } from './lab-runner-error.js';

/** The parts of a lab's `lab.json` the runner relies on (the contract in docs: briefs/labs-contract.md). */
export interface LabDefinition {
  id: string;
  levels: string[];
  editable: string[];
  appDir: string;
  /** The modules every lab app may import (`<appsDir>/_shared`): read-only for the lab, and never a lab itself. */
  sharedDir: string;
}

/**
 * Where the lab apps keep what they all share. Not a lab: it has no lab.json and its name fails `assertSafeId` (an
 * id cannot start with `_`), so neither `loadLab` nor a catalogue that lists folders with a lab.json takes it for one.
 */
export const SHARED_APP_DIR = '_shared';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const MAX_LAB_JSON_BYTES = 256 * 1024;

/** Ids end up in paths, cgroup names and socket paths: only a short, safe alphabet is accepted. */
export function assertSafeId(kind: string, id: string): void {
  if (!ID_PATTERN.test(id)) {
    throw new LabRunnerError('LAB_INVALID_ID', `${kind} must match ${ID_PATTERN.source}: ${JSON.stringify(id)}`);
  }
}

/** An editable file is a relative path inside the instance directory (`handler.mjs`, `views/page.html`). */
export function assertSafeRelativePath(file: string): void {
  const normal = path.posix.normalize(file);
  if (
    normal !== file ||
    path.posix.isAbsolute(file) ||
    file.split('/').some((p) => p === '..' || p === '.' || p === '')
  ) {
    throw new LabRunnerError('LAB_FILE_NOT_EDITABLE', `not a plain relative path: ${JSON.stringify(file)}`);
  }
}

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

/** Reads and checks `<appsDir>/<labId>/lab.json`; an unknown lab is a clear error, not a crash. */
export async function loadLab(appsDir: string, labId: string): Promise<LabDefinition> {
  assertSafeId('labId', labId);
  const appDir = path.join(appsDir, labId);
  let raw: string;
  try {
    raw = await readFile(path.join(appDir, 'lab.json'), 'utf8');
  } catch {
    throw new LabRunnerError('LAB_UNKNOWN', `no lab ${JSON.stringify(labId)} in ${appsDir}`);
  }
  if (raw.length > MAX_LAB_JSON_BYTES) throw new LabRunnerError('LAB_UNKNOWN', `${labId}/lab.json is too large`);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new LabRunnerError('LAB_UNKNOWN', `${labId}/lab.json is not JSON: ${(err as Error).message}`);
  }
  const record = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const levels = stringArray(record.levels);
  const editable = stringArray(record.editable);
  if (record.id !== labId || !levels || levels.length === 0 || !editable) {
    throw new LabRunnerError('LAB_UNKNOWN', `${labId}/lab.json needs "id": "${labId}", "levels" and "editable"`);
  }
  editable.forEach(assertSafeRelativePath);
  return { id: labId, levels, editable, appDir, sharedDir: path.join(appsDir, SHARED_APP_DIR) };
}

export function assertLevel(lab: LabDefinition, level: string): void {
  if (!lab.levels.includes(level)) {
    throw new LabRunnerError(
      'LAB_LEVEL_UNKNOWN',
      `lab ${lab.id} has no level ${JSON.stringify(level)} (levels: ${lab.levels.join(', ')})`,
    );
  }
}
