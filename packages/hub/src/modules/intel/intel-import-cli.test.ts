import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../config.js';
import { createHub } from '../../hub.js';

const APT1 = fileURLToPath(
  new URL('../../../../../../shared/data/stix/examples/threat-reports/apt1.json', import.meta.url),
);
const CLI = fileURLToPath(new URL('../../../../cli/src/main.ts', import.meta.url));
const run = promisify(execFile);

describe('cynex intel import', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cynex-intel-cli-'));
  });
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('imports a bundle file into an organisation, names every invalid object, and fails on a broken file', async () => {
    const dataDir = path.join(dir, 'data');
    const setup = await createHub(configFromEnv({}, { dataDir, logLevel: 'silent' }));
    await setup.services.orgs.ensure({
      slug: 'intel-owner',
      nameEn: 'Intel owner',
      nameJa: 'インテル所有者',
      sector: 'industry',
      programmes: ['A'],
    });
    await setup.close();
    const apt1 = JSON.parse(await fs.readFile(APT1, 'utf8')) as { objects: { id: string; type: string }[] };
    // A copy with one broken indicator (no pattern) and a file cut in the middle.
    const broken = structuredClone(apt1);
    const victim = broken.objects.findIndex((o) => o.type === 'indicator');
    delete (broken.objects[victim] as { pattern?: string }).pattern;
    const brokenFile = path.join(dir, 'broken.json');
    await fs.writeFile(brokenFile, JSON.stringify(broken));
    const cutFile = path.join(dir, 'cut.json');
    await fs.writeFile(cutFile, JSON.stringify(apt1).slice(0, 5_000));

    const cli = (file: string) =>
      run(
        process.execPath,
        [
          '--import',
          'tsx',
          CLI,
          'intel',
          'import',
          '--org',
          'intel-owner',
          '--tlp',
          'GREEN',
          '--data-dir',
          dataDir,
          file,
        ],
        { env: { ...process.env, DATABASE_URL: '' }, timeout: 120_000 },
      );
    const first = await cli(APT1);
    expect(first.stdout).toContain(
      `complete, ${apt1.objects.length} objects, ${apt1.objects.length} stored, 0 already held, 0 invalid`,
    );
    const second = await cli(brokenFile);
    expect(second.stdout).toContain(`0 stored, ${apt1.objects.length - 1} already held, 1 invalid`);
    expect(second.stderr).toContain(`objects[${victim}] ${apt1.objects[victim]!.id} pattern: required`);
    const cut = await cli(cutFile).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(cut.code).toBe(1);
    expect(cut.stdout).toMatch(/failed, .*not valid JSON/);
  }, 200_000);
});
