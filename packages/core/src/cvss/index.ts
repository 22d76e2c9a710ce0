export { scoreCvss31 } from './cvss31.js';
export { scoreCvss40 } from './cvss40.js';
export { CVSS31_BASE_METRICS, CVSS40_BASE_METRICS } from './metrics.js';
export { CVSS_MAX_VECTOR_LENGTH, CvssError, cvssSeverity } from './types.js';
export type { CvssMetric, CvssScore, CvssSeverity, CvssVersion } from './types.js';
export { buildCvssVector, parseCvssVector } from './vector.js';
