import { describe, expect, it } from 'vitest';
import { readCowrieLog, readPackageFile } from '../../scripts/cowrie-fixture.js';
import { LABELS_FILE, measurementReport, predictSessions } from '../../scripts/measure-classifier.js';
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

/** Parses the script's Markdown table into rows of cells. */
const tableRows = (report: string): string[][] =>
  report
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Technique') && !line.startsWith('| ---'))
    .map((line) => line.slice(2, -2).split(' | '));

describe('measure-classifier.ts on the labelled Cowrie sessions', () => {
  it('prints figures equal to a recomputation from the labels and the classifier', () => {
    const labels = (
      JSON.parse(readPackageFile(LABELS_FILE)) as { sessions: { session: string; techniques: string[] }[] }
    ).sessions;
    const predicted = predictSessions(readCowrieLog());
    const want = new Map(labels.map((entry) => [entry.session, new Set(entry.techniques)]));
    const techniques = new Set([...labels.flatMap((l) => l.techniques), ...[...predicted.values()].flat()]);
    const expected = [...techniques].sort().map((technique) => {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      for (const session of new Set([...predicted.keys(), ...want.keys()])) {
        const labelled = want.get(session)?.has(technique) ?? false;
        const found = predicted.get(session)?.includes(technique) ?? false;
        if (labelled && found) tp++;
        else if (found) fp++;
        else if (labelled) fn++;
      }
      const f = (a: number, b: number) => (b === 0 ? '–' : (a / b).toFixed(2));
      return [technique, f(tp, tp + fp), f(tp, tp + fn), String(tp + fn), String(tp), String(fp), String(fn)];
    });
    const rows = tableRows(measurementReport());
    expect(rows.slice(0, -2)).toEqual(expected);
    const micro = rows.find((row) => row[0] === 'micro average');
    expect(micro?.[1]).toMatch(/^\d\.\d\d$/);
    expect(micro?.[2]).toMatch(/^\d\.\d\d$/);
    expect(rows.at(-1)?.[0]).toBe('macro average');
  });

  it('is the table published in packages/core/README.md', () => {
    expect(readPackageFile('README.md')).toContain(measurementReport());
  });

  it('labels only sessions of the log, with techniques in the catalogue', () => {
    const predicted = predictSessions(readCowrieLog());
    const labels = (JSON.parse(readPackageFile(LABELS_FILE)) as { sessions: { session: string }[] }).sessions;
    for (const { session } of labels) expect(predicted.has(session)).toBe(true);
  });
});
