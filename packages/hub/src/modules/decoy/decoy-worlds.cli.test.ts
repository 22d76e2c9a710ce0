import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../config.js';
import { createHub } from '../../hub.js';

const run = promisify(execFile);
const cynex = fileURLToPath(new URL('../../../../cli/bin/cynex.js', import.meta.url));

/**
 * `cynex worlds` on a PGlite data directory, as an operator runs it on the hub's machine. (In-process on the
 * database like `cynex sensors`; the PostgreSQL pass covers the same service through the route tests.)
 */
describe('cynex worlds', () => {
  let dataDir: string;
  const env = () => {
    const { DATABASE_URL: _db, DATABASE_OWNER_URL: _owner, ...rest } = process.env;
    return rest;
  };
  const cli = async (...args: string[]) => {
    const { stdout } = await run('node', [cynex, 'worlds', ...args, '--data-dir', dataDir], {
      env: env(),
      timeout: 120_000,
    });
    return stdout.trim();
  };
  const fails = async (...args: string[]) => {
    try {
      await cli(...args);
    } catch (error) {
      return (error as { stderr: string }).stderr.trim();
    }
    throw new Error(`cynex worlds ${args.join(' ')} succeeded`);
  };

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cynex-worlds-cli-'));
    // Two organisations in the hub's PGlite directory (the CLI has no command for them; `demo load` takes long).
    const hub = await createHub(configFromEnv({}, { dataDir, logLevel: 'silent', port: 0 }));
    for (const slug of ['cli-owner', 'cli-borrower']) {
      await hub.services.orgs.ensure({
        slug,
        nameEn: `${slug} Inc.`,
        nameJa: slug,
        sector: 'industry',
        programmes: ['A'],
      });
    }
    await hub.close();
  });
  afterAll(async () => fs.rm(dataDir, { recursive: true, force: true }));

  it('creates and lends a world, and prints every problem of a world file', async () => {
    const created = await cli(
      'create',
      '--id',
      'cli-a',
      '--sensor',
      'vm-cli',
      '--generate',
      '--sector',
      'finance',
      '--lang',
      'en',
      '--employees',
      '6',
      '--hosts',
      '6',
      '--seed',
      '4',
      '--ssh',
      '127.0.0.1:2222',
      '--org',
      'cli-owner',
    );
    expect(created).toMatch(
      /^cli-a {2}generated {2}sensor vm-cli {2}stopped\/unknown {2}rev 1 {2}reset 0 {2}ssh=127\.0\.0\.1:2222 /,
    );
    expect(await cli('lend', 'cli-a', '--org', 'cli-borrower')).toContain('lent to cli-borrower Inc.');
    const file = path.join(dataDir, 'broken.yaml');
    await fs.writeFile(file, 'version: 1\nlang: xx\n');
    const broken = await fails('create', '--id', 'cli-c', '--sensor', 'vm-cli', '--file', file, '--org', 'cli-owner');
    expect(broken).toContain('cynex: the world definition is not valid: world.yaml:');
    expect(broken).toContain('definition.lang: line 2, column 7: expected ja or en');
  });
});
