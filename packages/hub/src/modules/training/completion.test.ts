import { describe, expect, it } from 'vitest';
import { evaluateCompletion, type CompletionFacts } from './completion.js';

const facts = (over: Partial<CompletionFacts> = {}): CompletionFacts => ({
  pages: { read: 10, total: 10 },
  quizzes: { best: 6, max: 10 },
  labs: [{ labId: 'sqli', objectives: ['dump', 'fix'], met: ['dump', 'fix'] }],
  post: { exists: true, taken: true },
  ...over,
});
const rules = { pagesRead: 'all' as const, quizzesPassed: 0.6, lab: 'required' as const };

describe(evaluateCompletion.name, () => {
  it('is complete when every rule is met, and lists each rule with what was required and reached', () => {
    const result = evaluateCompletion(rules, facts());
    expect(result.complete).toBe(true);
    expect(result.rules).toEqual([
      { rule: 'pagesRead', required: 1, actual: 1, met: true },
      { rule: 'quizzesPassed', required: 0.6, actual: 0.6, met: true },
      { rule: 'labs', required: 1, actual: 1, met: true },
      { rule: 'postAssessment', required: 1, actual: 1, met: true },
    ]);
  });

  it("'all' pages means every page; a share means that share", () => {
    expect(evaluateCompletion(rules, facts({ pages: { read: 9, total: 10 } })).rules[0]).toMatchObject({
      actual: 0.9,
      met: false,
    });
    const share = evaluateCompletion({ ...rules, pagesRead: 0.8 }, facts({ pages: { read: 8, total: 10 } }));
    expect(share.rules[0]).toMatchObject({ required: 0.8, actual: 0.8, met: true });
  });

  it('counts quiz points over the possible points (a quiz never taken counts 0)', () => {
    const result = evaluateCompletion(rules, facts({ quizzes: { best: 5, max: 10 } }));
    expect(result.complete).toBe(false);
    expect(result.rules.find((r) => r.rule === 'quizzesPassed')).toMatchObject({ actual: 0.5, met: false });
  });

  it('requires every objective of every lab only when the course requires labs', () => {
    const half = facts({ labs: [{ labId: 'sqli', objectives: ['dump', 'fix'], met: ['dump'] }] });
    expect(evaluateCompletion(rules, half).rules.find((r) => r.rule === 'labs')).toMatchObject({
      actual: 0.5,
      met: false,
    });
    const optional = evaluateCompletion({ ...rules, lab: 'optional' }, half);
    expect(optional.complete).toBe(true);
    expect(optional.rules.map((r) => r.rule)).not.toContain('labs');
  });

  it('requires the post-assessment only when the course has one', () => {
    expect(evaluateCompletion(rules, facts({ post: { exists: true, taken: false } })).complete).toBe(false);
    const none = evaluateCompletion(rules, facts({ post: { exists: false, taken: false } }));
    expect(none.complete).toBe(true);
    expect(none.rules.map((r) => r.rule)).not.toContain('postAssessment');
  });
});
