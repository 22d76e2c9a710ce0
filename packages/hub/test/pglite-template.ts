import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';

/**
 * A migrated PGlite data directory that test hubs start from: initdb alone takes three to five seconds in PGlite
 * and every test file starts at least one hub, so the suite makes it once (in vitest's global setup) and each
 * in-memory hub loads it in about one second. The file's name carries a hash of the migrations and of PGlite's
 * version, so a changed schema or an upgrade makes a new one and never reuses a stale one.
 */
const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** PGlite's installed version (its package.json is not exported, so found beside its entry point). */
async function pgliteVersion(): Promise<string> {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    const json = await fs.readFile(path.join(dir, 'package.json'), 'utf8').catch(() => undefined);
    const parsed = json ? (JSON.parse(json) as { name?: string; version?: string }) : undefined;
    if (parsed?.name === '@electric-sql/pglite' && parsed.version) return parsed.version;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the version of @electric-sql/pglite');
    dir = parent;
  }
}

async function templatePath(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(await pgliteVersion());
  const files = (await fs.readdir(migrationsFolder, { recursive: true })).sort();
  for (const file of files) {
    const full = path.join(migrationsFolder, file);
    if ((await fs.stat(full)).isFile()) hash.update(file).update(await fs.readFile(full));
  }
  return path.join(os.tmpdir(), `cynex-test-pglite-${hash.digest('hex').slice(0, 16)}.tar`);
}

/** Makes the template unless a current one exists; written to a temporary name and renamed, so readers never see half. */
export async function ensurePgliteTemplate(): Promise<void> {
  const file = await templatePath();
  if (
    await fs.stat(file).then(
      () => true,
      () => false,
    )
  )
    return;
  const client = new PGlite();
  try {
    await migrate(drizzle(client), { migrationsFolder });
    const dump = await client.dumpDataDir('none');
    const partial = `${file}.${process.pid}.partial`;
    await fs.writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await fs.rename(partial, file);
  } finally {
    await client.close();
  }
}

let loaded: Promise<Blob | undefined> | undefined;

/** The template for this test process, read once; undefined when global setup did not make one (a fresh initdb then). */
export function pgliteTemplate(): Promise<Blob | undefined> {
  loaded ??= templatePath()
    .then(
      async (file) => new Blob([await fs.readFile(file)]),
      () => undefined,
    )
    .catch(() => undefined);
  return loaded;
}
