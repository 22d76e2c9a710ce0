/**
 * Reads the files the decoy tests and the measuring script need. Kept out of `src/` so core's domain code stays
 * free of I/O; the Cowrie log is GPL-3.0 test data and is read where it lies, never copied into the repository.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const packageDir = new URL('..', import.meta.url);

/** The real Cowrie log used as test data; `CYNEX_COWRIE_LOG` points elsewhere. */
export const COWRIE_LOG_PATH =
  process.env.CYNEX_COWRIE_LOG ??
  fileURLToPath(new URL('../../../shared/data/cowrie/cowrie.json.2020-03-19', packageDir));
export const readCowrieLog = (): string => readFileSync(COWRIE_LOG_PATH, 'utf8');

/** A file of this package, by path relative to `packages/core/`. */
export const readPackageFile = (path: string): string => readFileSync(new URL(path, packageDir), 'utf8');
