import { zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportModuleZip, importModuleZip, loadModule, type LearningModule } from '../src/index.js';
import { FIXTURE_EXERCISE_IDS, FIXTURE_LAB_IDS, fixtureModuleFiles, writeFixture } from './fixtures/content-fixture.js';

const known = { labIds: FIXTURE_LAB_IDS, exerciseIds: FIXTURE_EXERCISE_IDS };
const MiB = 1024 * 1024;

async function fixtureModule(): Promise<LearningModule> {
  const files = Object.fromEntries(Object.entries(fixtureModuleFiles()).map(([p, c]) => [`net-intro/${p}`, c]));
  const { module, errors } = await loadModule(`${await writeFixture(files)}/net-intro`, known);
  if (!module) throw new Error(JSON.stringify(errors));
  return module;
}

function zipOf(files: Record<string, string | Uint8Array>): Uint8Array {
  const entries: Zippable = {};
  for (const [name, content] of Object.entries(files))
    entries[name] = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return zipSync(entries);
}

const codes = (bytes: Uint8Array) => importModuleZip(bytes, known).errors.map((e) => e.code);

describe(exportModuleZip.name, () => {
  it('round-trips: the imported module equals the exported one, and exporting again gives the same bytes', async () => {
    const module = await fixtureModule();
    const zip = exportModuleZip(module);
    const imported = importModuleZip(zip, known);
    expect(imported.errors).toEqual([]);
    expect(imported.module?.meta).toEqual(module.meta);
    expect(imported.module?.pages).toEqual(module.pages);
    expect(imported.module?.quiz).toEqual(module.quiz);
    expect(imported.module && exportModuleZip(imported.module)).toEqual(zip);
  });
});

describe(importModuleZip.name, () => {
  it('accepts a module at the root of the archive', async () => {
    const files = fixtureModuleFiles();
    const { module, errors } = importModuleZip(zipOf(files), known);
    expect(errors).toEqual([]);
    expect(module?.id).toBe('net-intro');
  });

  it('validates what it imports: errors name the archive, the file and the line', () => {
    const files = fixtureModuleFiles();
    files['quiz.yaml'] = String(files['quiz.yaml']).replace('answer: a\n', 'answer: z\n');
    const { module, errors } = importModuleZip(
      zipOf(Object.fromEntries(Object.entries(files).map(([p, c]) => [`net-intro/${p}`, c]))),
      known,
    );
    expect(module).toBeUndefined();
    expect(errors).toEqual([
      expect.objectContaining({ code: 'ANSWER_NOT_OPTION', file: 'module.zip/net-intro/quiz.yaml', line: 10 }),
    ]);
  });

  it('refuses path traversal and absolute names', () => {
    expect(codes(zipOf({ 'module.yaml': 'x', '../evil.md': 'x' }))).toEqual(['ZIP_UNSAFE_PATH']);
    expect(codes(zipOf({ 'm/pages/../../../etc/cron.d/x': 'x' }))).toEqual(['ZIP_UNSAFE_PATH']);
    expect(codes(zipOf({ '/etc/passwd': 'x' }))).toEqual(['ZIP_UNSAFE_PATH']);
    expect(codes(zipOf({ 'C:/windows/x': 'x' }))).toEqual(['ZIP_UNSAFE_PATH']);
    expect(importModuleZip(zipOf({ 'a\\..\\b': 'x' })).errors[0]?.message).toContain('backslash');
  });

  it('refuses symbolic links', () => {
    const zip = zipSync({
      'm/module.yaml': new TextEncoder().encode('id: m'),
      'm/pages/01-a.en.md': [new TextEncoder().encode('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }],
    });
    const { errors } = importModuleZip(zip);
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'ZIP_SYMLINK',
        file: 'module.zip:m/pages/01-a.en.md',
        message: 'refused: a symbolic link',
      }),
    ]);
  });

  it('refuses more than 500 entries', () => {
    const files = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`m/assets/${String(i)}.png`, 'x']));
    expect(importModuleZip(zipOf(files)).errors).toEqual([
      expect.objectContaining({ code: 'ZIP_TOO_MANY_ENTRIES', message: '501 entries; at most 500' }),
    ]);
  });

  it('refuses an entry over 2 MiB and over 20 MiB in all (zip bombs compress to little)', () => {
    const one = zipOf({ 'm/big.bin': new Uint8Array(2 * MiB + 1) });
    expect(one.length).toBeLessThan(10_000);
    expect(codes(one)).toEqual(['ZIP_ENTRY_TOO_LARGE']);
    const many = zipOf(
      Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`m/${String(i)}.bin`, new Uint8Array(2 * MiB)])),
    );
    expect(codes(many)).toEqual(['ZIP_TOO_LARGE']);
  });

  it('refuses an entry that inflates to more than the size it declares', () => {
    const zip = zipOf({ 'm/module.yaml': new Uint8Array(MiB) });
    // lower the declared uncompressed size in the central directory to 100 bytes
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const central = zip.findIndex((_, i) => i + 4 <= zip.length && view.getUint32(i, true) === 0x02014b50);
    view.setUint32(central + 24, 100, true);
    const { errors } = importModuleZip(zip);
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'ZIP_ENTRY_TOO_LARGE',
        message: 'inflates to more than the 100 bytes it declares',
      }),
    ]);
  });

  it('refuses text that is not UTF-8, and names that are not UTF-8', () => {
    const files = fixtureModuleFiles();
    files['pages/01-layers.en.md'] = new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0xc3, 0x28, 0x0a]);
    expect(importModuleZip(zipOf(files), known).errors).toEqual([
      expect.objectContaining({ code: 'NOT_UTF8', file: 'module.zip/pages/01-layers.en.md' }),
    ]);
    const zip = zipOf({ 'm/x.md': 'x' });
    const at = zip.findIndex((b, i) => b === 0x78 && zip[i + 1] === 0x2e && zip[i + 2] === 0x6d);
    for (let i = at; i >= 0; i = zip.indexOf(0x78, i + 1))
      if (zip[i + 1] === 0x2e && zip[i + 2] === 0x6d) zip[i] = 0xff;
    expect(codes(zip)).toEqual(['NOT_UTF8']);
  });

  it('refuses bytes that are not a zip archive', () => {
    expect(codes(new TextEncoder().encode('not a zip'))).toEqual(['ZIP_INVALID']);
  });
});
