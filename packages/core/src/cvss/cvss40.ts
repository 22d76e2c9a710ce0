import aeCvss from 'ae-cvss-calculator';
import { CVSS40_BASE_METRICS } from './metrics.js';
import { cvssSeverity, CvssError, type CvssScore } from './types.js';
import { parseCvssVector } from './vector.js';

/**
 * Computes the CVSS 4.0 base score (CVSS-B) of a vector: its base metrics only, as the CSAF/FIRST JSON field
 * `baseScore` means. Threat, environmental and supplemental metrics are validated but not scored.
 *
 * Validation is ours (clear messages, strict order per the specification); the macrovector lookup and
 * interpolation come from `ae-cvss-calculator` (Apache-2.0, {metæffekt}), which implements FIRST's reference
 * calculator algorithm.
 * @throws CvssError when the vector is invalid.
 * @example scoreCvss40('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N').baseScore // 9.3
 */
export function scoreCvss40(vector: string): CvssScore {
  const m = parseCvssVector('4.0', vector);
  const base = `CVSS:4.0/${CVSS40_BASE_METRICS.map((x) => `${x.key}:${m[x.key]}`).join('/')}`;
  let score: number;
  try {
    score = new aeCvss.Cvss4P0(base).calculateScores().overall;
  } catch (e) {
    throw new CvssError(`The vector could not be scored: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Number.isFinite(score) || score < 0 || score > 10) throw new CvssError('The vector could not be scored');
  const baseScore = Math.round(score * 10) / 10;
  return { version: '4.0', vector, baseScore, severity: cvssSeverity(baseScore) };
}
