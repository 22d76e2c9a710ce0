import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineOf, testWorld } from '../../test/worlds.js';
import { formatWorldError, loadWorld, loadWorldFile, MAX_WORLD_BYTES } from './loader.js';
import { writeWorld } from './writer.js';

function broken(edit: (yaml: string) => string) {
  const yaml = edit(writeWorld(testWorld()));
  const result = loadWorld(yaml);
  if (result.ok) throw new Error('expected errors');
  return { yaml, errors: result.errors };
}

describe(loadWorld.name, () => {
  it('accepts a generated world', () => {
    expect(loadWorld(writeWorld(testWorld())).ok).toBe(true);
  });

  it('names the line, column and field of a value of the wrong type', () => {
    const { yaml, errors } = broken((y) => y.replace('port: 22\n', 'port: twenty-two\n'));
    const where = lineOf(yaml, 'twenty-two');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      ...where,
      path: 'hosts[0].services[0].port',
      message: 'expected a number from 1 to 65535',
    });
    expect(formatWorldError(errors[0]!)).toBe(
      `world.yaml:${where.line}:${where.column} hosts[0].services[0].port: expected a number from 1 to 65535`,
    );
  });

  it('points a missing field at the object that lacks it', () => {
    const { yaml, errors } = broken((y) => y.replace(/\n {4}hiredOn: [^\n]+/, ''));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'employees[0].hiredOn', line: lineOf(yaml, 'id: e001').line });
    expect(errors[0]!.message).toMatch(/^missing/);
  });

  it('reports an unknown host in a planted credential', () => {
    const world = testWorld();
    world.plantedCredentials[0]!.opens.host = 'nowhere-01';
    const edited = writeWorld(world);
    const result = loadWorld(edited);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.path, e.message, e.line])).toContainEqual([
      'plantedCredentials[0].opens.host',
      'unknown host "nowhere-01"',
      lineOf(edited, 'nowhere-01').line,
    ]);
  });

  it('reports a duplicate hostname at the second host', () => {
    const world = testWorld();
    const [first, second] = world.hosts;
    second!.hostname = first!.hostname;
    const result = loadWorld(writeWorld(world));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({
      path: 'hosts[1].hostname',
      message: 'duplicate hostname (also hosts[0])',
    });
    expect(result.errors[0]!.line).toBe(lineOf(writeWorld(world), `hostname: ${first!.hostname}`, 1).line);
  });

  it('refuses a duplicate key with its line', () => {
    const { yaml, errors } = broken((y) => y.replace('\nlang: ja\n', '\nlang: ja\nlang: en\n'));
    expect(errors[0]).toMatchObject({
      code: 'WORLD_YAML_SYNTAX',
      message: 'duplicate key',
      line: lineOf(yaml, 'lang: en').line,
      path: 'lang',
    });
  });

  it('refuses an alias bomb', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9)
          .fill(`*${'abcdefghi'[i - 1]}`)
          .join(',')}]`,
      );
    const result = loadWorld(levels.join('\n'));
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'WORLD_ALIAS_LIMIT' }] });
  });

  it('refuses an oversized file before parsing it', async () => {
    expect(loadWorld('#'.repeat(MAX_WORLD_BYTES + 1))).toMatchObject({
      ok: false,
      errors: [{ code: 'WORLD_TOO_LARGE' }],
    });
    const dir = mkdtempSync(join(tmpdir(), 'cynex-world-'));
    try {
      writeFileSync(join(dir, 'big.yaml'), Buffer.alloc(MAX_WORLD_BYTES + 1, 0x23));
      expect(await loadWorldFile(join(dir, 'big.yaml'))).toMatchObject({
        ok: false,
        errors: [{ code: 'WORLD_TOO_LARGE', file: 'big.yaml' }],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports every error, not just the first, and unknown fields by name', () => {
    const { errors } = broken((y) =>
      y
        .replace('port: 22\n', 'port: 70000\n')
        .replace('\nlang: ja\n', '\nlang: ja\ncolour: blue\n')
        .replace(/email: [^\n@]+@/, 'email: not-an-address '),
    );
    expect(errors.map((e) => e.path).sort()).toEqual(['colour', 'employees[0].email', 'hosts[0].services[0].port']);
    expect(errors.find((e) => e.path === 'colour')!.message).toBe('unknown field "colour"');
  });

  it('checks that a planted credential opens the account it names', () => {
    const world = testWorld();
    world.plantedCredentials[1]!.password = 'not-the-password';
    const result = loadWorld(writeWorld(world));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual([
      'plantedCredentials[1].password',
      'plantedCredentials[1].foundIn.path',
    ]);
  });
});
