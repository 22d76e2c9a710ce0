import { describe, expect, it } from 'vitest';
import { acquiredTable, courseCoverage, loadContentTree, niceCatalogue, prerequisiteTable } from '../src/index.js';
import { FIXTURE_EXERCISE_IDS, FIXTURE_LAB_IDS, fixtureTree, writeFixture } from './fixtures/content-fixture.js';

async function loadFixture() {
  const tree = await loadContentTree(await writeFixture(fixtureTree()), {
    labIds: FIXTURE_LAB_IDS,
    exerciseIds: FIXTURE_EXERCISE_IDS,
  });
  const [module] = tree.modules;
  const [course] = tree.courses;
  if (!module || !course) throw new Error(JSON.stringify(tree.errors));
  return { module, course, modules: tree.modules };
}

describe(prerequisiteTable.name, () => {
  it('groups the prerequisites into knowledge / skill / ability with NICE text and level label', async () => {
    const { module } = await loadFixture();
    expect(prerequisiteTable(module, 'ja')).toEqual({
      knowledge: [
        {
          id: 'K0060',
          kind: 'knowledge',
          level: 1,
          levelLabel: '記憶',
          text: 'Knowledge of operating systems.',
          pages: [],
        },
      ],
      skills: [expect.objectContaining({ id: 'S0046', level: 1, levelLabel: '記憶' })],
      abilities: [],
    });
  });
});

describe(acquiredTable.name, () => {
  it('lists each acquired KSA once at its highest level with the pages giving it', async () => {
    const { module } = await loadFixture();
    const table = acquiredTable(module, 'en');
    expect(table.knowledge.map((r) => [r.id, r.level, r.levelLabel, r.pages])).toEqual([
      ['K0001', 2, 'understand', ['01-layers']],
      ['K0058', 3, 'apply', ['02-capture']],
      ['K0221', 3, 'apply', ['01-layers', '02-capture']],
    ]);
    expect(table.skills.map((r) => r.id)).toEqual(['S0046']);
    expect(table.knowledge[2]?.text).toMatch(/^Knowledge of OSI model/);
  });
});

describe(courseCoverage.name, () => {
  it("computes which of the work role's KSAs the course gives, at which level, and which are missing", async () => {
    const { course, modules } = await loadFixture();
    const role = niceCatalogue().workRoles.get('PR-CDA-001');
    const coverage = courseCoverage(course, modules, 'PR-CDA-001');
    // S0046 is acquired too but is not one of the Cyber Defense Analyst's KSAs
    expect(coverage.covered).toEqual([
      { id: 'K0001', kind: 'knowledge', level: 2, modules: ['net-intro'] },
      { id: 'K0058', kind: 'knowledge', level: 3, modules: ['net-intro'] },
      { id: 'K0221', kind: 'knowledge', level: 3, modules: ['net-intro'] },
    ]);
    expect(coverage.missing).toHaveLength((role?.ksa.length ?? 0) - 3);
    expect(coverage.missing).not.toContain('K0001');
    expect(coverage.missing).toContain('K0060');
    expect(coverage.share).toBeCloseTo(3 / (role?.ksa.length ?? 1));
    expect(() => courseCoverage(course, modules, 'XX-YYY-000')).toThrow(/unknown NICE work role/);
  });
});
