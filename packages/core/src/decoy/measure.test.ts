import { describe, expect, it } from 'vitest';
import { formatMeasurement, measureClassifier } from './measure.js';

describe(measureClassifier.name, () => {
  it('counts a prediction in an unlabelled session as a false positive', () => {
    const result = measureClassifier(
      new Map([
        ['a', ['T1082', 'T1105']],
        ['b', ['T1082']],
      ]),
      new Map([['a', ['T1082', 'T1083']]]),
    );
    expect(result.techniques).toEqual([
      expect.objectContaining({ technique: 'T1082', truePositives: 1, falsePositives: 1, precision: 0.5, recall: 1 }),
      expect.objectContaining({ technique: 'T1083', falseNegatives: 1, precision: null, recall: 0, support: 1 }),
      expect.objectContaining({ technique: 'T1105', falsePositives: 1, precision: 0, recall: null, support: 0 }),
    ]);
    expect(result.micro).toEqual({ precision: 1 / 3, recall: 1 / 2 });
    expect(formatMeasurement(result)).toContain('| micro average | 0.33 | 0.50 | 2 | 1 | 2 | 1 |');
  });
});
