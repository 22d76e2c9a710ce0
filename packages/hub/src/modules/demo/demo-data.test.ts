import {
  behaviourCreateSchema,
  BEHAVIOUR_CATEGORY_KEYS,
  CASE_ID_PATTERN,
  caseCreateSchema,
  sharingProblems,
  suggestProgressLevel,
  unknownTechniqueIds,
} from '@cynex/core';
import { describe, expect, it } from 'vitest';
import {
  DEMO_CASE_BEHAVIOURS,
  DEMO_CASES,
  DEMO_ORGS,
  DEMO_USERS,
  NANOCORE_BEHAVIOURS,
  NANOCORE_CASE_ID,
} from './demo-data.js';

describe('demo data', () => {
  it('has the 18 CL12 cases with unique ids in NICT style', () => {
    expect(DEMO_CASES).toHaveLength(18);
    const ids = DEMO_CASES.map((c) => c.caseId);
    expect(new Set(ids).size).toBe(18);
    for (const id of ids) expect(id).toMatch(CASE_ID_PATTERN);
    expect(ids).toContain(NANOCORE_CASE_ID);
    expect(DEMO_CASES.every((c) => c.environmentCode === 'CL12' && c.environmentKind === 'decoy')).toBe(true);
  });

  it('keeps the first case id date apart from its start date, as published', () => {
    const first = DEMO_CASES.find((c) => c.caseId === '220810_CL12_001');
    expect(first?.startDate).toBe('2022-09-20');
  });

  it('validates every case against the case schema, with a sharing that fits its marking', () => {
    for (const demoCase of DEMO_CASES) {
      const parsed = caseCreateSchema.safeParse(demoCase);
      expect(parsed.success, `${demoCase.caseId}: ${parsed.error?.message ?? ''}`).toBe(true);
      expect(sharingProblems(demoCase), demoCase.caseId).toEqual([]);
    }
    const nanocore = DEMO_CASES.find((c) => c.caseId === NANOCORE_CASE_ID);
    expect(nanocore).toMatchObject({ marking: 'GREEN', scope: 'community' });
  });

  it('validates every NanoCore behaviour, with known categories and technique ids', () => {
    for (const behaviour of NANOCORE_BEHAVIOURS) {
      const parsed = behaviourCreateSchema.safeParse(behaviour);
      expect(parsed.success, `${behaviour.action}: ${parsed.error?.message ?? ''}`).toBe(true);
      expect(BEHAVIOUR_CATEGORY_KEYS).toContain(behaviour.category);
      expect(unknownTechniqueIds(behaviour.techniqueIds), behaviour.action).toEqual([]);
    }
    const days = new Set(NANOCORE_BEHAVIOURS.map((b) => b.occurredAt.slice(0, 10)));
    expect([...days].sort()).toEqual(['2022-09-07', '2022-09-08']);
    const times = NANOCORE_BEHAVIOURS.map((b) => Date.parse(b.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('gives each case the level the rubric suggests from its facts and behaviours', () => {
    for (const demoCase of DEMO_CASES) {
      const behaviours = DEMO_CASE_BEHAVIOURS[demoCase.caseId] ?? [];
      const suggestion = suggestProgressLevel(demoCase.facts, behaviours);
      expect(suggestion.level, demoCase.caseId).toBe(demoCase.progressLevel);
    }
  });

  it('gives the Japanese console its own environment name, level reasons and behaviour notes', () => {
    const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
    for (const demoCase of DEMO_CASES) {
      expect(demoCase.environmentNameJa, demoCase.caseId).toMatch(japanese);
      expect(demoCase.progressLevelReasonJa, demoCase.caseId).toMatch(japanese);
    }
    for (const behaviour of NANOCORE_BEHAVIOURS) {
      expect(behaviour.actionJa, behaviour.action).toMatch(japanese);
      expect(behaviour.notesJa, behaviour.action).toMatch(japanese);
    }
  });

  it('names behaviour categories in the level reasons rather than their keys', () => {
    const reasons = suggestProgressLevel({}, NANOCORE_BEHAVIOURS).reasons;
    expect(reasons.map((r) => r.ja)).toContain('行動「権限昇格」（T1105）');
    expect(reasons.map((r) => r.en)).toContain('behaviour "Privilege escalation" (T1105)');
    expect(JSON.stringify(reasons)).not.toMatch(/privilege_escalation|other_malware/);
  });

  it('maps the discovery commands to their ATT&CK techniques', () => {
    const techniquesOf = (command: string) =>
      NANOCORE_BEHAVIOURS.find((b) => b.category === 'command' && b.action.includes(`\`${command}\``))?.techniqueIds;
    expect(techniquesOf('systeminfo')).toEqual(['T1082']);
    expect(techniquesOf('ipconfig')).toEqual(['T1016']);
    expect(techniquesOf('net view')).toEqual(['T1135']);
  });

  it('has two organisations and demo users that belong to them', () => {
    expect(DEMO_ORGS).toHaveLength(2);
    const slugs = DEMO_ORGS.map((o) => o.slug);
    for (const user of DEMO_USERS) {
      expect(slugs).toContain(user.orgSlug);
      expect(user.email).toMatch(/@demo\.cynex\.example$/);
    }
    expect(new Set(DEMO_USERS.map((u) => u.email)).size).toBe(DEMO_USERS.length);
  });
});
