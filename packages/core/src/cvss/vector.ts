import {
  CVSS31_BASE_METRICS,
  CVSS31_OPTIONAL_METRICS,
  CVSS40_BASE_METRICS,
  CVSS40_OPTIONAL_METRICS,
} from './metrics.js';
import { CVSS_MAX_VECTOR_LENGTH, CvssError, type CvssVersion } from './types.js';

interface Grammar {
  /** Every metric in specification order with its allowed values and whether it is mandatory. */
  metrics: { key: string; values: string[]; required: boolean }[];
  /** CVSS 4.0 requires the specification order; CVSS 3.1 allows any order (3.1 specification §6). */
  ordered: boolean;
}

const grammar = (base: typeof CVSS31_BASE_METRICS, optional: [string, string[]][], ordered: boolean): Grammar => ({
  metrics: [
    ...base.map((m) => ({ key: m.key, values: m.values.map((x) => x.key), required: true })),
    ...optional.map(([key, values]) => ({ key, values, required: false })),
  ],
  ordered,
});

const GRAMMARS: Record<CvssVersion, Grammar> = {
  '3.1': grammar(CVSS31_BASE_METRICS, CVSS31_OPTIONAL_METRICS, false),
  '4.0': grammar(CVSS40_BASE_METRICS, CVSS40_OPTIONAL_METRICS, true),
};

/**
 * Parses a vector string into its metrics, checking the prefix, that every metric is known and given once with
 * a known value, that all base metrics are there and (CVSS 4.0) that the order is the specification's.
 * @throws CvssError saying what is wrong.
 * @example parseCvssVector('3.1', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N').AV // 'N'
 */
export function parseCvssVector(version: CvssVersion, vector: string): Record<string, string> {
  if (typeof vector !== 'string') throw new CvssError('The vector must be a string');
  if (vector.length > CVSS_MAX_VECTOR_LENGTH) {
    throw new CvssError(`The vector is longer than ${CVSS_MAX_VECTOR_LENGTH} characters`);
  }
  const prefix = `CVSS:${version}/`;
  if (!vector.startsWith(prefix)) throw new CvssError(`The vector must start with "${prefix}"`);
  const g = GRAMMARS[version];
  const values: Record<string, string> = {};
  let lastIndex = -1;
  for (const part of vector.slice(prefix.length).split('/')) {
    const colon = part.indexOf(':');
    if (colon <= 0) throw new CvssError(`"${part}" is not a metric:value pair`);
    const key = part.slice(0, colon);
    const value = part.slice(colon + 1);
    const index = g.metrics.findIndex((m) => m.key === key);
    const metric = g.metrics[index];
    if (!metric) throw new CvssError(`Unknown metric "${key}" for CVSS ${version}`);
    if (key in values) throw new CvssError(`Metric ${key} is given more than once`);
    if (!metric.values.includes(value)) {
      throw new CvssError(`Metric ${key} has the invalid value "${value}" (allowed: ${metric.values.join(', ')})`);
    }
    if (g.ordered && index < lastIndex) {
      throw new CvssError(`Metric ${key} is out of order: CVSS ${version} metrics must follow the specification order`);
    }
    lastIndex = index;
    values[key] = value;
  }
  const missing = g.metrics.filter((m) => m.required && !(m.key in values)).map((m) => m.key);
  if (missing.length > 0)
    throw new CvssError(`Missing base metric${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  return values;
}

/**
 * Builds the vector string from metric values, in specification order; optional metrics that are absent or
 * "X" (not defined) are left out. The result is validated.
 * @throws CvssError when a base metric is missing or a value unknown.
 * @example buildCvssVector('3.1', { AV: 'N', AC: 'L', PR: 'N', UI: 'N', S: 'U', C: 'H', I: 'N', A: 'N' })
 *   // 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'
 */
export function buildCvssVector(version: CvssVersion, values: Record<string, string>): string {
  const g = GRAMMARS[version];
  for (const key of Object.keys(values)) {
    if (!g.metrics.some((m) => m.key === key)) throw new CvssError(`Unknown metric "${key}" for CVSS ${version}`);
  }
  const parts: string[] = [];
  for (const m of g.metrics) {
    const value = values[m.key];
    if (value === undefined || value === '' || (!m.required && value === 'X')) continue;
    parts.push(`${m.key}:${value}`);
  }
  const vector = `CVSS:${version}/${parts.join('/')}`;
  parseCvssVector(version, vector);
  return vector;
}
