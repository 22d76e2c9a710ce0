import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { worldCommand } from './world-command.js';

// The CLI as a user runs it (vitest's global setup builds it first).
const cynex = fileURLToPath(new URL('../../../cli/bin/cynex.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [cynex, ...args], { encoding: 'utf8' });

describe(worldCommand.name, () => {
  it('generates a world with host keys through `cynex world generate`, and `world validate` accepts it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cynex-world-cli-'));
    try {
      const gen = run(
        'world',
        'generate',
        '--sector',
        'university',
        '--lang',
        'en',
        '--employees',
        '15',
        '--hosts',
        '8',
        '--seed',
        '42',
        '--out',
        dir,
        '--date',
        '2025-06-10',
      );
      expect(gen.stderr).toBe('');
      expect(gen.status).toBe(0);
      expect(gen.stdout).toMatch(/planted credential chain:\n {2}1\. .+\n {2}2\. .+\n {2}3\. .+\n {2}4\. /);
      const file = join(dir, 'world.yaml');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const keyFile = /privateKeyFile: (keys\/[^/]+\/ssh_host_ed25519_key)/.exec(readFileSync(file, 'utf8'))![1]!;
      const key = readFileSync(join(dir, keyFile), 'utf8');
      expect(key).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
      const ok = run('world', 'validate', file);
      expect(ok.status).toBe(0);
      expect(ok.stdout).toMatch(/^valid: .*15 employees, 8 hosts, 4 planted credentials/);

      writeFileSync(
        file,
        readFileSync(file, 'utf8')
          .replace('port: 22\n', 'port: 0\n')
          .replace(/\n {4}hiredOn: [^\n]+/, ''),
      );
      const bad = run('world', 'validate', file);
      expect(bad.status).toBe(2);
      const lines = bad.stderr.trim().split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(/^world\.yaml:\d+:\d+ employees\[0\]\.hiredOn: missing/);
      expect(lines[1]).toMatch(
        /^world\.yaml:\d+:\d+ hosts\[0\]\.services\[0\]\.port: expected a number from 1 to 65535$/,
      );
      expect(lines[2]).toBe('2 errors');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad options with exit code 2 and says which', async () => {
    const errors: string[] = [];
    const code = await worldCommand(['generate', '--sector', 'farming', '--hosts', '3', '--seed', 'x'], {
      out: () => undefined,
      err: (l) => errors.push(l),
    });
    expect(code).toBe(2);
    expect(errors).toEqual([
      '--sector: expected one of manufacturing, government, university, finance',
      '--hosts: expected an integer from 6 to 200',
      '--seed: expected an integer from 0 to 4294967295',
    ]);
  });
});
