import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_APPS_DIR, LabRunner, type LabRunnerLogger } from '@cynex/labs';
import { z } from 'zod';

const text = z.object({ en: z.string(), ja: z.string() });
const labJson = z.object({
  id: z.string(),
  title: text,
  summary: text,
  levels: z.array(z.string()).min(1),
  editable: z.array(z.string()),
  objectives: z
    .array(
      z.object({
        id: z.string(),
        kind: z.enum(['attack', 'defence']),
        title: text,
        /** What meeting the objective scores; attacks 100 and defences 150 unless the lab says otherwise. */
        points: z.number().int().min(0).max(1000).optional(),
      }),
    )
    .default([]),
  /** Hints from gentle to nearly the answer; revealing one costs its penalty in points. */
  hints: z
    .array(z.object({ id: z.string().regex(/^[a-z0-9-]{1,40}$/), penalty: z.number().int().min(0).max(1000), text }))
    .default([]),
  /** The lab offers a scratch shell (an emulated one, in the lab) for the console's terminal. */
  terminal: z.boolean().default(false),
});
/** A lab as the catalogue lists it (its `lab.json`). */
export type LabCatalogueEntry = z.infer<typeof labJson>;

export interface LabRuntimeOptions {
  /** The hub's data directory: instances live in `<dataDir>/labs`, the flag key in `<dataDir>/secrets`. */
  dataDir: string;
  /** The HMAC key of flags from the configuration (hex); else the key file. */
  flagKeyHex?: string | undefined;
  maxInstances: number;
  appsDir?: string;
  logger?: LabRunnerLogger | undefined;
}

const KEY_BYTES = 32;

/**
 * The labs' outside systems: one `LabRunner` per hub process (made on first use, closed with the hub), the lab
 * applications' `lab.json` files, the instance directories and the flag key. The key is never logged or sent.
 */
export class LabRuntime {
  private runnerPromise: Promise<LabRunner> | undefined;
  private keyPromise: Promise<Buffer> | undefined;
  private cataloguePromise: Promise<LabCatalogueEntry[]> | undefined;
  private readonly appsDir: string;
  private readonly rootDir: string;

  constructor(private readonly options: LabRuntimeOptions) {
    this.appsDir = options.appsDir ?? DEFAULT_APPS_DIR;
    this.rootDir = path.join(options.dataDir, 'labs');
  }

  get maxInstances(): number {
    return this.options.maxInstances;
  }

  runner(): Promise<LabRunner> {
    this.runnerPromise ??= this.createRunner().catch((error: unknown) => {
      // A failed start (e.g. an unwritable data directory) is tried again by the next request.
      this.runnerPromise = undefined;
      throw error;
    });
    return this.runnerPromise;
  }

  private async createRunner(): Promise<LabRunner> {
    await allowTraversal(this.options.dataDir);
    return LabRunner.create({
      rootDir: this.rootDir,
      appsDir: this.appsDir,
      limits: { maxInstances: this.options.maxInstances },
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    });
  }

  /** The runner when one was made already (reads that need no process do not start one). */
  async existingRunner(): Promise<LabRunner | undefined> {
    return this.runnerPromise?.catch(() => undefined);
  }

  async close(): Promise<void> {
    const runner = await this.existingRunner();
    this.runnerPromise = undefined;
    await runner?.close();
  }

  /** The 32-byte HMAC key of flags: CYNEX_LAB_FLAG_KEY, else `<dataDir>/secrets/lab-flag.key` (made 0600). */
  flagKey(): Promise<Buffer> {
    this.keyPromise ??= this.options.flagKeyHex
      ? Promise.resolve(Buffer.from(this.options.flagKeyHex, 'hex'))
      : keyFile(path.join(this.options.dataDir, 'secrets', 'lab-flag.key'));
    return this.keyPromise;
  }

  catalogue(): Promise<LabCatalogueEntry[]> {
    this.cataloguePromise ??= readCatalogue(this.appsDir);
    return this.cataloguePromise;
  }

  async lab(labId: string): Promise<LabCatalogueEntry | undefined> {
    return (await this.catalogue()).find((lab) => lab.id === labId);
  }

  /** Where an instance's files live. */
  instanceDir(instanceId: string): string {
    return path.join(this.rootDir, instanceId);
  }

  /** The learner's current editable files of an instance ('' for one not written yet). */
  async instanceFiles(instanceId: string, editable: readonly string[]): Promise<Record<string, string>> {
    const files: Record<string, string> = {};
    for (const file of editable) {
      files[file] = await readFile(path.join(this.rootDir, instanceId, file), 'utf8').catch(() => '');
    }
    return files;
  }
}

async function readCatalogue(appsDir: string): Promise<LabCatalogueEntry[]> {
  const labs: LabCatalogueEntry[] = [];
  for (const entry of (await readdir(appsDir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const raw = await readFile(path.join(appsDir, entry.name, 'lab.json'), 'utf8').catch(() => undefined);
    if (raw === undefined) continue;
    const parsed = labJson.safeParse(JSON.parse(raw));
    if (parsed.success && parsed.data.id === entry.name) labs.push(parsed.data);
  }
  return labs;
}

/**
 * Run as root, the runner gives each lab its own uid, which must be able to pass through the data directory to reach
 * `<dataDir>/labs/<instance>`: others get the search bit only (no listing), and every file there keeps its own mode.
 */
async function allowTraversal(dataDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  await mkdir(dataDir, { recursive: true });
  const { mode } = await stat(dataDir);
  if ((mode & 0o001) === 0) await chmod(dataDir, (mode & 0o7777) | 0o001);
}

async function keyFile(file: string): Promise<Buffer> {
  const existing = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing) {
    if (existing.length !== KEY_BYTES) throw new Error(`${file} must hold exactly ${KEY_BYTES} bytes`);
    return existing;
  }
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  try {
    await writeFile(file, key, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    // Another hub process made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return keyFile(file);
    throw error;
  }
}
