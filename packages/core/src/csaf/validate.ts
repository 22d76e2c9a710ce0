import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { runMandatoryTests } from './mandatory.js';
import { CSAF_SCHEMA, CVSS_SCHEMAS } from './schemas.js';

/**
 * One thing wrong with a CSAF document: where (a JSON pointer, `/document/tracking/version`), what, and which
 * check found it: `schema` for the JSON schema, or the CSAF 2.0 mandatory test id (`6.1.16`).
 * @example { test: '6.1.1', path: '/vulnerabilities/0/product_status/fixed/0', message: 'Product ID "X" is not defined' }
 */
export interface CsafProblem {
  test: string;
  path: string;
  message: string;
}

export interface CsafValidation {
  valid: boolean;
  errors: CsafProblem[];
}

/** At most this many problems are reported for one document. */
export const MAX_CSAF_PROBLEMS = 100;

let compiled: ValidateFunction | undefined;

/**
 * The schema validator, compiled on first use. The FIRST schemas (draft-04/07) are added under the ids the CSAF
 * schema references, without their `$schema`, so Ajv's 2020-12 dialect reads their (compatible) keywords.
 * `strict: false` for their extra `license` and `definitions`; `unicodeRegExp: false` for patterns written for
 * non-`u` regular expressions.
 */
function schemaValidator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: false, unicodeRegExp: false, validateSchema: false });
  formats.default(ajv, ['uri', 'date-time', 'email']);
  for (const [id, schema] of Object.entries(CVSS_SCHEMAS)) {
    const { $schema: _dialect, $id: _id, id: _draft04Id, license: _licence, ...rest } = schema;
    ajv.addSchema({ ...rest, $id: id });
  }
  compiled = ajv.compile(CSAF_SCHEMA);
  return compiled;
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties')
    return `has the unknown property "${String(params.additionalProperty)}"`;
  if (error.keyword === 'enum')
    return `${error.message ?? 'is invalid'}: ${(params.allowedValues as unknown[]).join(', ')}`;
  return error.message ?? 'is invalid';
}

/**
 * Validates a CSAF 2.0 document against the official schema and, when it is schema-valid, the mandatory tests
 * of CSAF 2.0 §6.1 that cynex implements (see `CSAF_MANDATORY_TESTS`).
 * @example validateCsaf(JSON.parse(text)).errors // [{ test: 'schema', path: '/document', message: "must have required property 'title'" }]
 */
export function validateCsaf(doc: unknown): CsafValidation {
  const validate = schemaValidator();
  if (!validate(doc)) {
    const seen = new Set<string>();
    const errors: CsafProblem[] = [];
    for (const error of validate.errors ?? []) {
      // Failed anyOf/oneOf alternatives repeat each other; keep one line per place and message.
      const problem = { test: 'schema', path: error.instancePath, message: describe(error) };
      const key = `${problem.path}\n${problem.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      errors.push(problem);
      if (errors.length >= MAX_CSAF_PROBLEMS) break;
    }
    return { valid: false, errors };
  }
  const errors = runMandatoryTests(doc as CsafDocumentLike).slice(0, MAX_CSAF_PROBLEMS);
  return { valid: errors.length === 0, errors };
}

/** The loose shape the mandatory tests walk (the schema has already checked types). */
export type CsafDocumentLike = Record<string, unknown>;
