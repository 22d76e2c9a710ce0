import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sessionLabelsSchema } from '@cynex/core';
import { LABELS, measure } from '../../../bench/decoy-classifier.js';

const DOC = fileURLToPath(new URL('../../../../../docs/decoy-classifier.md', import.meta.url));
const tableOf = (text: string): string =>
  text
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .join('\n');

describe('decoy classifier figures', () => {
  it('publishes in docs/decoy-classifier.md the table the script prints on the real Cowrie log', () => {
    const { report, measurement, labelled } = measure();
    expect(tableOf(fs.readFileSync(DOC, 'utf8'))).toBe(tableOf(report));
    expect(labelled).toBeGreaterThanOrEqual(40);
    expect(measurement.sessions).toBe(68);
  });

  it('labels every session of the log, each technique an ATT&CK id', () => {
    const labels = sessionLabelsSchema.parse(JSON.parse(fs.readFileSync(LABELS, 'utf8')));
    expect(new Set(labels.sessions.map((s) => s.session)).size).toBe(labels.sessions.length);
    for (const { techniques } of labels.sessions) for (const id of techniques) expect(id).toMatch(/^T\d{4}(\.\d{3})?$/);
  });
});
