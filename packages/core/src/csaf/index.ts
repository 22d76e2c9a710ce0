export { buildCsafAdvisory, type CsafAdvisoryInput, type CsafRevision } from './build.js';
export { CSAF_MANDATORY_TESTS, cvss31Properties } from './mandatory.js';
export { buildStixAdvisory, type StixAdvisoryInput } from './stix.js';
export { MAX_CSAF_PROBLEMS, validateCsaf, type CsafProblem, type CsafValidation } from './validate.js';
export { cweName } from './cwe.js';
