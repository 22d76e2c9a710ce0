import type { LabCatalogueEntry } from './lab-runtime.js';
import { labScore } from './lab-score.js';
import type { LabsRepository } from './labs.repository.js';

type Results = Awaited<ReturnType<LabsRepository['resultsOfOrg']>>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** One row per learner and lab: instances, objectives met, hints seen, flag submissions, defence results, score. */
export function presentLabResults(orgId: string, results: Results, catalogue: readonly LabCatalogueEntry[]) {
  const rows = new Map<string, ReturnType<typeof emptyRow>>();
  function emptyRow(i: Results['instances'][number]) {
    return {
      userId: i.userId,
      email: i.email,
      displayName: i.displayName,
      labId: i.labId,
      instances: [] as {
        id: string;
        level: string;
        state: string;
        startedAt: string;
        stoppedAt: string | null;
        stopReason: string | null;
      }[],
      solves: [] as { objective: string; at: string }[],
      hints: [] as { hintId: string; penalty: number }[],
      score: null as ReturnType<typeof labScore> | null,
      flags: {
        correct: 0,
        wrong: 0,
        shared: [] as { fromUserId: string | null; fromEmail: string | null; at: string }[],
      },
      defence: {
        attempts: 0,
        last: null as { passed: boolean; passedChecks: number; totalChecks: number; at: string } | null,
        best: null as { passed: boolean; passedChecks: number; totalChecks: number; at: string } | null,
      },
    };
  }
  const rowOfInstance = new Map<string, ReturnType<typeof emptyRow>>();
  for (const i of results.instances) {
    const key = `${i.userId}\0${i.labId}`;
    const row = rows.get(key) ?? emptyRow(i);
    rows.set(key, row);
    rowOfInstance.set(i.id, row);
    row.instances.push({
      id: i.id,
      level: i.level,
      state: i.state,
      startedAt: i.startedAt.toISOString(),
      stoppedAt: iso(i.stoppedAt),
      stopReason: i.stopReason,
    });
  }
  for (const s of results.solves)
    rowOfInstance.get(s.instanceId)?.solves.push({ objective: s.objective, at: s.at.toISOString() });
  for (const s of results.submissions) {
    const row = rowOfInstance.get(s.instanceId);
    if (!row) continue;
    if (s.verdict === 'correct') row.flags.correct += 1;
    else if (s.verdict === 'wrong') row.flags.wrong += 1;
    else
      row.flags.shared.push({ fromUserId: s.sharedFromUserId, fromEmail: s.sharedFromEmail, at: s.at.toISOString() });
  }
  for (const d of results.defences) {
    const row = rowOfInstance.get(d.instanceId);
    if (!row) continue;
    const checks = d.checks as { passed?: boolean }[];
    const summary = {
      passed: d.passed,
      passedChecks: checks.filter((c) => c.passed === true).length,
      totalChecks: checks.length,
      at: d.at.toISOString(),
    };
    row.defence.attempts += 1;
    row.defence.last = summary;
    const best = row.defence.best;
    if (
      !best ||
      (summary.passed && !best.passed) ||
      (summary.passed === best.passed && summary.passedChecks > best.passedChecks)
    ) {
      row.defence.best = summary;
    }
  }
  for (const hint of results.hints) {
    const row = rowOfInstance.get(hint.instanceId);
    if (row && !row.hints.some((h) => h.hintId === hint.hintId))
      row.hints.push({ hintId: hint.hintId, penalty: hint.penalty });
  }
  for (const row of rows.values()) {
    const lab = catalogue.find((l) => l.id === row.labId);
    const penalties = row.hints.reduce((sum, h) => sum + h.penalty, 0);
    if (lab) row.score = labScore(lab, new Set(row.solves.map((s) => s.objective)), penalties);
  }
  return { orgId, items: [...rows.values()] };
}
