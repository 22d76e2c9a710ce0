import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHIPPED_CONTENT_DIR, formatContentError, loadScenarios } from '../src/index.js';

const shippedText = () => readFile(path.join(SHIPPED_CONTENT_DIR, 'scenarios', 'ransomware-foothold.yaml'), 'utf8');

/** A content folder holding one scenario file with this name and text. */
async function folderWith(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cynex-scenario-'));
  await mkdir(path.join(dir, 'scenarios'));
  await writeFile(path.join(dir, 'scenarios', name), text);
  return dir;
}

describe(loadScenarios.name, () => {
  it('loads the shipped scenario: injects in order with notes, report sections and the rubric', async () => {
    const { scenarios, errors } = await loadScenarios(SHIPPED_CONTENT_DIR);
    expect(errors.map(formatContentError)).toEqual([]);
    const [scenario] = scenarios;
    expect(scenario?.id).toBe('ransomware-foothold');
    expect(scenario?.injects.length).toBeGreaterThan(3);
    expect(scenario?.injects.every((i) => i.instructorNotes.ja && i.instructorNotes.en)).toBe(true);
    expect(scenario?.report.sections.map((s) => s.id)).toContain('summary');
    expect(scenario?.rubric.every((c) => c.points > 0)).toBe(true);
  });

  it('refuses an unknown field with its line, and a file whose id is not its name', async () => {
    const text = await shippedText();
    const unknown = await loadScenarios(await folderWith('ransomware-foothold.yaml', `${text}\nsecret: 1\n`));
    expect(unknown.scenarios).toEqual([]);
    expect(unknown.errors.map(formatContentError)).toEqual([
      `scenarios/ransomware-foothold.yaml:${text.split('\n').length + 1}:1: unknown field "secret"`,
    ]);
    const renamed = await loadScenarios(await folderWith('other.yaml', text));
    expect(renamed.scenarios).toEqual([]);
    expect(renamed.errors.map((e) => e.code)).toEqual(['ID_MISMATCH']);
  });

  it('refuses injects out of time order', async () => {
    const text = (await shippedText()).replace(/^ {4}at: 15$/m, '    at: 0');
    const { scenarios, errors } = await loadScenarios(await folderWith('ransomware-foothold.yaml', text));
    expect(scenarios).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual(['injects: injects are in time order (at strictly increasing)']);
  });
});
