import { z } from 'zod';

/** Hand labels for sessions: the ground truth the classifier is measured against. */
export const sessionLabelsSchema = z.object({
  sessions: z
    .array(z.object({ session: z.string().min(1).max(128), techniques: z.array(z.string().max(16)).max(100) }))
    .max(100_000),
});
export type SessionLabels = z.infer<typeof sessionLabelsSchema>;

export interface TechniqueScore {
  technique: string;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** Null when the classifier never predicted the technique. */
  precision: number | null;
  /** Null when no session is labelled with the technique. */
  recall: number | null;
  /** Sessions labelled with the technique. */
  support: number;
}

export interface ClassifierMeasurement {
  sessions: number;
  techniques: TechniqueScore[];
  micro: { precision: number | null; recall: number | null };
  /** Mean over techniques; a technique whose precision or recall is undefined counts as 0. */
  macro: { precision: number; recall: number };
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

/**
 * Precision, recall and support per technique over sessions. Every session in `predicted` or `labels` counts;
 * a session that has no label has the empty set of techniques, so a prediction there is a false positive.
 * @example measureClassifier(new Map([['s', ['T1082']]]), new Map([['s', ['T1082']]])).micro.recall // 1
 */
export function measureClassifier(
  predicted: ReadonlyMap<string, readonly string[]>,
  labels: ReadonlyMap<string, readonly string[]>,
): ClassifierMeasurement {
  const sessions = new Set([...predicted.keys(), ...labels.keys()]);
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const count = (technique: string) => {
    let entry = counts.get(technique);
    if (!entry) counts.set(technique, (entry = { tp: 0, fp: 0, fn: 0 }));
    return entry;
  };
  for (const session of sessions) {
    const want = new Set(labels.get(session) ?? []);
    const got = new Set(predicted.get(session) ?? []);
    for (const technique of got) count(technique)[want.has(technique) ? 'tp' : 'fp']++;
    for (const technique of want) if (!got.has(technique)) count(technique).fn++;
  }
  const techniques = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([technique, { tp, fp, fn }]) => ({
      technique,
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
      precision: ratio(tp, tp + fp),
      recall: ratio(tp, tp + fn),
      support: tp + fn,
    }));
  const sum = (key: 'truePositives' | 'falsePositives' | 'falseNegatives') =>
    techniques.reduce((total, score) => total + score[key], 0);
  const mean = (values: (number | null)[]) =>
    values.length === 0 ? 0 : values.reduce<number>((total, value) => total + (value ?? 0), 0) / values.length;
  return {
    sessions: sessions.size,
    techniques,
    micro: {
      precision: ratio(sum('truePositives'), sum('truePositives') + sum('falsePositives')),
      recall: ratio(sum('truePositives'), sum('truePositives') + sum('falseNegatives')),
    },
    macro: { precision: mean(techniques.map((t) => t.precision)), recall: mean(techniques.map((t) => t.recall)) },
  };
}

const figure = (value: number | null): string => (value === null ? '–' : value.toFixed(2));

/**
 * The measurement as a Markdown table: one row per technique, then micro and macro averages.
 * @example formatMeasurement(measurement).split('\n')[0] // '| Technique | Precision | Recall | Support | TP | FP | FN |'
 */
export function formatMeasurement(measurement: ClassifierMeasurement): string {
  const rows = measurement.techniques.map(
    (t) =>
      `| ${t.technique} | ${figure(t.precision)} | ${figure(t.recall)} | ${t.support} | ${t.truePositives} | ${t.falsePositives} | ${t.falseNegatives} |`,
  );
  const total = (key: 'truePositives' | 'falsePositives' | 'falseNegatives') =>
    measurement.techniques.reduce((sum, t) => sum + t[key], 0);
  const support = measurement.techniques.reduce((sum, t) => sum + t.support, 0);
  return [
    '| Technique | Precision | Recall | Support | TP | FP | FN |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    `| micro average | ${figure(measurement.micro.precision)} | ${figure(measurement.micro.recall)} | ${support} | ${total('truePositives')} | ${total('falsePositives')} | ${total('falseNegatives')} |`,
    `| macro average | ${figure(measurement.macro.precision)} | ${figure(measurement.macro.recall)} | ${support} | | | |`,
  ].join('\n');
}
