/** The CVSS versions cynex scores. */
export type CvssVersion = '3.1' | '4.0';

/** Qualitative severity rating (CVSS 3.1 §5, CVSS 4.0 §6). */
export type CvssSeverity = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** A scored vector: the vector as given, its base score and the severity of that score. */
export interface CvssScore {
  version: CvssVersion;
  vector: string;
  baseScore: number;
  severity: CvssSeverity;
}

/**
 * A vector that is not valid for its version; the message says what is wrong (unknown metric, bad value,
 * missing or repeated metric, wrong order or prefix), in English.
 * @example try { scoreCvss31('CVSS:3.1/AV:X') } catch (e) { if (e instanceof CvssError) console.log(e.message) }
 */
export class CvssError extends Error {
  override readonly name = 'CvssError';
}

/** A metric of a calculator, with names in both console languages. */
export interface CvssMetric {
  key: string;
  name: { en: string; ja: string };
  values: { key: string; name: { en: string; ja: string } }[];
  required: boolean;
}

/** Longest vector accepted (CSAF's cvss_v3 schema allows far longer, but no valid vector is near this). */
export const CVSS_MAX_VECTOR_LENGTH = 255;

/**
 * The qualitative rating of a score: 0 NONE, 0.1–3.9 LOW, 4.0–6.9 MEDIUM, 7.0–8.9 HIGH, 9.0–10.0 CRITICAL.
 * @example cvssSeverity(6.1) // 'MEDIUM'
 */
export function cvssSeverity(score: number): CvssSeverity {
  if (score === 0) return 'NONE';
  if (score < 4) return 'LOW';
  if (score < 7) return 'MEDIUM';
  if (score < 9) return 'HIGH';
  return 'CRITICAL';
}
