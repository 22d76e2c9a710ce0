/**
 * The decoy classifier's precision and recall per ATT&CK technique on the real Cowrie log, against the hand labels
 * in decoy-labels.json (how they were made: docs/decoy-classifier.md).
 *   npx tsx packages/hub/bench/decoy-classifier.ts
 * The log is read beside the checkout (../shared/data/cowrie/), like the other shared data; it is not shipped.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  classifySession,
  formatMeasurement,
  fromCowrieLog,
  groupSessions,
  measureClassifier,
  sessionLabelsSchema,
  type ClassifierMeasurement,
} from '@cynex/core';

export const COWRIE_LOG = fileURLToPath(
  new URL('../../../../shared/data/cowrie/cowrie.json.2020-03-19', import.meta.url),
);
export const LABELS = fileURLToPath(new URL('./decoy-labels.json', import.meta.url));

/** The classifier's techniques for every session of a Cowrie log. */
export function predict(logText: string): Map<string, string[]> {
  const { events, errors } = fromCowrieLog(logText);
  if (errors.length > 0) throw new Error(`unreadable Cowrie lines: ${errors.map((e) => e.line).join(', ')}`);
  return new Map([...groupSessions(events)].map(([session, list]) => [session, classifySession(list).techniques]));
}

export function measure(
  logText = fs.readFileSync(COWRIE_LOG, 'utf8'),
  labelsText = fs.readFileSync(LABELS, 'utf8'),
): { measurement: ClassifierMeasurement; labelled: number; report: string } {
  const labels = sessionLabelsSchema.parse(JSON.parse(labelsText));
  const measurement = measureClassifier(
    predict(logText),
    new Map(labels.sessions.map((entry) => [entry.session, entry.techniques])),
  );
  const report = `${measurement.sessions} sessions, ${labels.sessions.length} labelled\n\n${formatMeasurement(measurement)}`;
  return { measurement, labelled: labels.sessions.length, report };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  console.log(measure().report);
}
