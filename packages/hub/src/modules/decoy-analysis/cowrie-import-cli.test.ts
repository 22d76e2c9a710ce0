import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../config.js';
import { createHub } from '../../hub.js';
import { importCowrie } from './cowrie-import.js';

/** The real Cowrie log, beside the checkout like the other shared data; the test fails when it is missing. */
const LOG = fileURLToPath(new URL('../../../../../../shared/data/cowrie/cowrie.json.2020-03-19', import.meta.url));
const CLI = fileURLToPath(new URL('../../../../cli/src/main.ts', import.meta.url));
const run = promisify(execFile);

describe(`${importCowrie.name} from the CLI`, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cynex-cowrie-cli-'));
  });
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('runs as `cynex import cowrie` on a data directory, with progress on stderr and a summary', async () => {
    const dataDir = path.join(dir, 'cli-data');
    const setup = await createHub(configFromEnv({}, { dataDir, logLevel: 'silent' }));
    await setup.services.orgs.ensure({
      slug: 'cli-owner',
      nameEn: 'CLI owner',
      nameJa: 'CLI 所有者',
      sector: 'industry',
      programmes: ['A'],
    });
    await setup.close();

    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', CLI, 'import', 'cowrie', '--org', 'cli-owner', '--data-dir', dataDir, LOG],
      { env: { ...process.env, DATABASE_URL: '' }, timeout: 120_000 },
    );
    expect(stdout).toMatch(/301 events \(0 already stored\), 0 bad lines, 68 sessions, \d+ cases/);
    expect(stderr).toContain('analysing the sessions');
  }, 150_000);
});
