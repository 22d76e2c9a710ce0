import { cvssSeverity, type CvssScore } from './types.js';
import { parseCvssVector } from './vector.js';

// Metric weights from the CVSS 3.1 specification §7.4 (Table 16).
const AV: Record<string, number> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const AC: Record<string, number> = { L: 0.77, H: 0.44 };
const PR_UNCHANGED: Record<string, number> = { N: 0.85, L: 0.62, H: 0.27 };
const PR_CHANGED: Record<string, number> = { N: 0.85, L: 0.68, H: 0.5 };
const UI: Record<string, number> = { N: 0.85, R: 0.62 };
const CIA: Record<string, number> = { H: 0.56, L: 0.22, N: 0 };

/**
 * Rounds up to one decimal the way the CVSS 3.1 specification's Appendix A does, working on integers so that
 * floating-point noise (e.g. 4.000000000000001) does not push a score up by 0.1.
 */
export function roundUp31(input: number): number {
  const intInput = Math.round(input * 100000);
  if (intInput % 10000 === 0) return intInput / 100000;
  return (Math.floor(intInput / 10000) + 1) / 10;
}

const weight = (table: Record<string, number>, key: string | undefined): number => table[key ?? ''] ?? 0;

/**
 * Computes the CVSS 3.1 base score of a vector (specification §7.1). Temporal and environmental metrics in the
 * vector are validated but do not change the base score.
 * @throws CvssError when the vector is invalid.
 * @example scoreCvss31('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N').baseScore // 6.1
 */
export function scoreCvss31(vector: string): CvssScore {
  const m = parseCvssVector('3.1', vector);
  const changed = m.S === 'C';
  const iss = 1 - (1 - weight(CIA, m.C)) * (1 - weight(CIA, m.I)) * (1 - weight(CIA, m.A));
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const exploitability =
    8.22 * weight(AV, m.AV) * weight(AC, m.AC) * weight(changed ? PR_CHANGED : PR_UNCHANGED, m.PR) * weight(UI, m.UI);
  let baseScore = 0;
  if (impact > 0) {
    baseScore = changed
      ? roundUp31(Math.min(1.08 * (impact + exploitability), 10))
      : roundUp31(Math.min(impact + exploitability, 10));
  }
  return { version: '3.1', vector, baseScore, severity: cvssSeverity(baseScore) };
}
