import { describe, expect, it } from 'vitest';
import { ksaLevelLabel, niceCatalogue, parseKsaRef } from '../src/index.js';

describe(niceCatalogue.name, () => {
  it('holds the NICE 2017 statements and the 52 work roles with their KSA ids', () => {
    const catalogue = niceCatalogue();
    expect(catalogue).toBe(niceCatalogue());
    expect([...catalogue.ksa.values()].filter((s) => s.kind === 'knowledge')).toHaveLength(594);
    expect([...catalogue.ksa.values()].filter((s) => s.kind === 'skill')).toHaveLength(368);
    expect([...catalogue.ksa.values()].filter((s) => s.kind === 'ability')).toHaveLength(176);
    expect(catalogue.ksa.get('K0060')?.text).toBe('Knowledge of operating systems.');
    expect(catalogue.workRoles.size).toBe(52);
    const role = catalogue.workRoles.get('PR-CDA-001');
    expect(role?.name).toBe('Cyber Defense Analyst');
    expect(role?.ksa.every((id) => catalogue.ksa.has(id))).toBe(true);
  });

  it('keeps ids a role links to but the 2017 lists lack apart, as withdrawn', () => {
    const withdrawn = [...niceCatalogue().workRoles.values()].flatMap((r) => r.withdrawn);
    expect([...new Set(withdrawn)].sort()).toEqual(['K0374', 'K0443', 'S0009', 'S0098']);
  });
});

describe(ksaLevelLabel.name, () => {
  it('labels the six cognitive levels in ja and en', () => {
    expect([1, 2, 3, 4, 5, 6].map((l) => ksaLevelLabel(l as 1, 'ja'))).toEqual([
      '記憶',
      '理解',
      '応用',
      '分析',
      '評価',
      '創造',
    ]);
    expect(ksaLevelLabel(4, 'en')).toBe('analyse');
  });
});

describe(parseKsaRef.name, () => {
  it('splits a reference into id and level and refuses levels outside 1–6', () => {
    expect(parseKsaRef('S0067_3')).toEqual({ id: 'S0067', level: 3 });
    expect(parseKsaRef('K0060_7')).toBeUndefined();
    expect(parseKsaRef('T0001_1')).toBeUndefined();
  });
});
