/**
 * Measures the decoy classifier against the hand labels: precision, recall and support per ATT&CK technique,
 * with micro and macro averages, as the Markdown table in packages/core/README.md.
 *   npx tsx packages/core/scripts/measure-classifier.ts
 */
import {
  classifySession,
  formatMeasurement,
  fromCowrieLog,
  groupSessions,
  measureClassifier,
  sessionLabelsSchema,
} from '../src/index.js';
import { readCowrieLog, readPackageFile } from './cowrie-fixture.js';

export const LABELS_FILE = 'test-data/decoy/cowrie-2020-03-19.labels.json';

/** The classifier's techniques per session of a Cowrie log. */
export function predictSessions(logText: string): Map<string, string[]> {
  const { events, errors } = fromCowrieLog(logText);
  if (errors.length > 0) throw new Error(`unreadable Cowrie lines: ${errors.map((e) => e.line).join(', ')}`);
  return new Map([...groupSessions(events)].map(([session, list]) => [session, classifySession(list).techniques]));
}

/** The report the script prints: a line on what was measured, then the table. */
export function measurementReport(logText = readCowrieLog(), labelsText = readPackageFile(LABELS_FILE)): string {
  const labels = sessionLabelsSchema.parse(JSON.parse(labelsText));
  const predicted = predictSessions(logText);
  const measurement = measureClassifier(
    predicted,
    new Map(labels.sessions.map((entry) => [entry.session, entry.techniques])),
  );
  return `${measurement.sessions} sessions, ${labels.sessions.length} labelled\n\n${formatMeasurement(measurement)}`;
}

if (process.argv[1]?.endsWith('measure-classifier.ts')) console.log(measurementReport());
