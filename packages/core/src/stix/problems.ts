import type { ErrorObject } from 'ajv/dist/2020.js';

/**
 * One thing wrong with a STIX object: where, as a JSON path inside the object (`pattern`,
 * `kill_chain_phases[0].phase_name`, `hashes["SHA-256"]`, `""` for the object itself), and what, in words.
 * @example { path: 'created', message: 'must be an RFC 3339 timestamp in UTC, e.g. 2016-04-06T20:03:48.000Z' }
 */
export interface StixProblem {
  path: string;
  message: string;
}

/**
 * Re-validates one alternative of a failed `anyOf`/`oneOf` against the data it failed on; undefined when the
 * alternative cannot be located (then the combinator is reported as one problem).
 */
export type BranchValidator = (combinator: ErrorObject, branch: number) => readonly ErrorObject[] | undefined;

/**
 * Ajv's errors, with every failed `anyOf`/`oneOf` replaced by the errors of its most plausible alternative.
 *
 * With `allErrors`, Ajv reports every alternative's errors and then the combinator's own error; they are contiguous
 * and end at the combinator's error, but their `schemaPath`s restart inside each `$ref`d schema, so they cannot be
 * grouped by path. Instead each alternative is validated again on its own (`validateBranch`), which yields exactly
 * the errors Ajv reported for it, so that many errors are skipped and the chosen alternative's, collapsed in turn,
 * take their place.
 */
export function collapseAlternatives(errors: readonly ErrorObject[], validateBranch: BranchValidator): ErrorObject[] {
  const kept: ErrorObject[] = [];
  for (let i = errors.length - 1; i >= 0; i--) {
    const error = errors[i] as ErrorObject;
    const alternatives = isCombinator(error) ? branchesOf(error, validateBranch) : undefined;
    if (alternatives === undefined) {
      kept.push(error);
      continue;
    }
    i -= alternatives.reduce((sum, branch) => sum + branch.raw, 0);
    const chosen = chooseAlternative(
      error,
      alternatives.map((branch) => collapseAlternatives(branch.errors, validateBranch)),
    );
    kept.push(...chosen.reverse());
  }
  return kept.reverse();
}

function isCombinator(error: ErrorObject): boolean {
  return (error.keyword === 'anyOf' || error.keyword === 'oneOf') && Array.isArray(error.schema);
}

function branchesOf(
  error: ErrorObject,
  validateBranch: BranchValidator,
): { raw: number; errors: ErrorObject[] }[] | undefined {
  const branches: { raw: number; errors: ErrorObject[] }[] = [];
  for (let branch = 0; branch < (error.schema as unknown[]).length; branch++) {
    const found = validateBranch(error, branch);
    if (found === undefined) return undefined;
    const errors = found.map((inner) => ({ ...inner, instancePath: error.instancePath + inner.instancePath }));
    branches.push({ raw: errors.length, errors });
  }
  return branches;
}

/**
 * The errors of the alternative the author most likely meant: the one with the fewest "selector" mismatches (a
 * wrong type for the value itself, a value fixed by `enum`/`const`/a literal pattern, a `not`), then the fewest
 * errors, then the deepest ones (it matched more of the structure). Alternatives that only require properties are
 * reported as one problem naming them; a `oneOf` that matched several alternatives as one problem too.
 */
function chooseAlternative(combinator: ErrorObject, branches: ErrorObject[][]): ErrorObject[] {
  const required = requiredOnlyAlternatives(combinator.schema);
  if (required !== undefined) {
    const several = (combinator.params as { passingSchemas?: unknown }).passingSchemas != null;
    return [{ ...combinator, keyword: several ? 'x-exactly-one' : 'x-one-of', params: { alternatives: required } }];
  }
  const failing = branches.filter((branch) => branch.length > 0);
  if (failing.length < branches.length) return [severalMatch(combinator)];
  const wrongType = (error: ErrorObject): boolean =>
    error.keyword === 'type' && error.instancePath === combinator.instancePath;
  if (failing.every((branch) => branch.some(wrongType))) {
    const types = failing.flatMap((branch) =>
      branch
        .filter(wrongType)
        .map((error) => typesOf(error))
        .flat(),
    );
    return [{ ...combinator, keyword: 'type', params: { type: [...new Set(types)] } }];
  }
  const rank = (branch: ErrorObject[]): [number, number, number] => [
    branch.filter((error) => isSelector(error) || wrongType(error)).length,
    branch.length,
    -Math.max(...branch.map((error) => error.instancePath.split('/').length)),
  ];
  let best = failing[0] as ErrorObject[];
  for (const branch of failing.slice(1)) {
    const [a, b] = [rank(branch), rank(best)];
    if (a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])))) best = branch;
  }
  return [...best];
}

/**
 * A `oneOf` that more than one alternative matched: usually because the property that tells them apart is absent
 * (malware without `is_family`), so name it as required; otherwise say so as it is.
 */
function severalMatch(combinator: ErrorObject): ErrorObject {
  const data = combinator.data as Record<string, unknown> | null;
  const told = (combinator.schema as { properties?: object }[]).flatMap((branch) =>
    Object.keys(branch.properties ?? {}),
  );
  const absent = typeof data === 'object' && data !== null ? told.find((key) => !(key in data)) : undefined;
  return absent === undefined
    ? combinator
    : { ...combinator, keyword: 'required', params: { missingProperty: absent } };
}

function isSelector(error: ErrorObject): boolean {
  const params = error.params as { allowedValues?: unknown[]; pattern?: string };
  switch (error.keyword) {
    case 'const':
    case 'not':
      return true;
    case 'enum':
      return params.allowedValues?.length === 1;
    case 'pattern':
      return /^\^[\w|()-]+\$$/.test(params.pattern ?? '');
    default:
      return false;
  }
}

/** For `oneOf: [{required: [a]}, {required: [b, c]}]`: ['a', 'b and c']; undefined for any other alternatives. */
function requiredOnlyAlternatives(schema: unknown): string[] | undefined {
  if (!Array.isArray(schema)) return undefined;
  const names: string[] = [];
  for (const alternative of schema as unknown[]) {
    if (typeof alternative !== 'object' || alternative === null) return undefined;
    const { required, ...rest } = alternative as { required?: unknown };
    if (!Array.isArray(required) || Object.keys(rest).some((key) => key !== 'description' && key !== 'title')) {
      return undefined;
    }
    names.push(required.join(' and '));
  }
  return names;
}

const typesOf = (error: ErrorObject): string[] => {
  const type = (error.params as { type?: string | string[] }).type ?? [];
  return Array.isArray(type) ? type : type.split(',');
};

/**
 * Ajv's errors (already collapsed) as problems with readable paths and messages, without repeats and without
 * messages another one at the same path makes moot: a wrong type moots the value's pattern, length and so on, and
 * the broader of two type errors (`must be a string` moots a custom property's "array, string, … or object"); a
 * malformed timestamp moots its missing milliseconds.
 */
export function toProblems(errors: readonly ErrorObject[], data: unknown): StixProblem[] {
  const fewestTypesAt = new Map<string, number>();
  for (const error of errors.filter((candidate) => candidate.keyword === 'type')) {
    const types = typesOf(error).length;
    fewestTypesAt.set(error.instancePath, Math.min(types, fewestTypesAt.get(error.instancePath) ?? types));
  }
  const malformedTimestampAt = new Set(
    errors.filter((error) => schemaTitle(error) === 'timestamp').map((error) => error.instancePath),
  );
  const problems: StixProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'if') continue; // the errors of its `then` say what is wrong
    const fewestTypes = fewestTypesAt.get(error.instancePath);
    if (fewestTypes !== undefined && VALUE_KEYWORDS.has(error.keyword)) continue;
    if (error.keyword === 'type' && typesOf(error).length > (fewestTypes ?? 0)) continue;
    if (schemaTitle(error) === 'timestamp_millis' && malformedTimestampAt.has(error.instancePath)) continue;
    for (const problem of describe(error, data)) {
      const key = `${problem.path}\u0000${problem.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

/** What a value of the wrong type cannot meaningfully be checked for. */
const VALUE_KEYWORDS = new Set([
  'enum',
  'const',
  'pattern',
  'format',
  'not',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
]);

const schemaTitle = (error: ErrorObject): unknown => (error.parentSchema as { title?: unknown } | undefined)?.title;

function describe(error: ErrorObject, data: unknown): StixProblem[] {
  const at = pathOf(error.instancePath, data);
  const params = error.params as Record<string, unknown>;
  const problem = (message: string, path = at): StixProblem[] => [{ path, message }];
  switch (error.keyword) {
    case 'required':
      return problem('required', childPath(at, String(params.missingProperty)));
    case 'dependentRequired':
      return problem(
        `required when ${String(params.property)} is present`,
        childPath(at, String(params.missingProperty)),
      );
    case 'additionalProperties':
      return problem(
        schemaTitle(error) === 'properties'
          ? 'not a valid property name (lowercase letters, digits and _, 3 to 250 characters)'
          : 'not allowed',
        childPath(at, String(params.additionalProperty)),
      );
    case 'type':
      return problem(
        `must be ${oxford(
          typesOf(error).map((type) => TYPE_NAMES[type] ?? type),
          'or',
        )}`,
      );
    case 'enum': {
      const values = (params.allowedValues as unknown[]).map((value) => JSON.stringify(value));
      return problem(values.length === 1 ? `must be ${values[0]}` : `must be one of: ${shortList(values)}`);
    }
    case 'const':
      return problem(`must be ${JSON.stringify(params.allowedValue)}`);
    case 'pattern':
      return problem(patternMessage(String(params.pattern), schemaTitle(error)));
    case 'format':
      return problem(`must be a valid ${FORMAT_NAMES[String(params.format)] ?? String(params.format)}`);
    case 'not':
      return notProblems(error, at);
    case 'minItems':
    case 'maxItems':
      return problem(`must have at ${error.keyword === 'minItems' ? 'least' : 'most'} ${count(params.limit, 'item')}`);
    case 'minProperties':
    case 'maxProperties':
      return problem(
        `must have at ${error.keyword === 'minProperties' ? 'least' : 'most'} ${count(params.limit, 'property', 'properties')}`,
      );
    case 'minLength':
    case 'maxLength':
      return problem(
        `must be at ${error.keyword === 'minLength' ? 'least' : 'most'} ${count(params.limit, 'character')}`,
      );
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return problem(`must be ${String(params.comparison)} ${String(params.limit)}`);
    case 'uniqueItems':
      return problem(`must not repeat items (items ${String(params.j)} and ${String(params.i)} are the same)`);
    case 'x-one-of':
      return problem(`requires one of: ${shortList(params.alternatives as string[])}`);
    case 'x-exactly-one':
      return problem(`must have exactly one of: ${shortList(params.alternatives as string[])}`);
    case 'oneOf':
      return problem(
        Array.isArray(params.passingSchemas)
          ? 'matches more than one of the alternatives the specification allows here; exactly one must match'
          : 'matches none of the alternatives the specification allows here',
      );
    case 'anyOf':
      return problem('matches none of the alternatives the specification allows here');
    default:
      return problem(error.message ?? 'invalid');
  }
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  array: 'an array',
  object: 'an object',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  null: 'null',
};

const FORMAT_NAMES: Readonly<Record<string, string>> = {
  uri: 'URI',
  email: 'email address',
  'idn-hostname': 'host name',
};

function patternMessage(pattern: string, title: unknown): string {
  if (title === 'timestamp') return 'must be an RFC 3339 timestamp in UTC, e.g. 2016-04-06T20:03:48.000Z';
  if (title === 'timestamp_millis') return 'must be precise to the millisecond, e.g. 2016-04-06T20:03:48.000Z';
  if (title === 'identifier') return 'must be a STIX identifier: <type>--<UUID>';
  const prefix = /^\^([a-z0-9-]+--)$/.exec(pattern);
  if (prefix) return `must start with ${prefix[1]}`;
  const words = literals(pattern);
  if (words) return `must be ${oxford(words, 'or')}`;
  return `must match ${pattern}`;
}

/** `^((cve)|(capec))$` → ['cve', 'capec']; undefined for a pattern that is not a list of plain words. */
function literals(pattern: string | undefined): string[] | undefined {
  const body = /^\^(.*)\$$/.exec(pattern ?? '')?.[1];
  const words = body?.replace(/[()]/g, '').split('|');
  return words?.every((word) => /^[\w-]+$/.test(word)) ? words : undefined;
}

/** `not` says what must not be there; Ajv only says "must NOT be valid", so say what the forbidden schema holds. */
function notProblems(error: ErrorObject, at: string): StixProblem[] {
  const forbidden = error.schema as { pattern?: string; enum?: unknown[]; anyOf?: { required?: string[] }[] };
  const refersTo = /^\^\(([a-z|-]+)\)--\.\+\$$/.exec(forbidden.pattern ?? '');
  if (refersTo) return [{ path: at, message: `must not refer to a ${oxford(refersTo[1]!.split('|'), 'or')}` }];
  const words = literals(forbidden.pattern);
  if (words) return [{ path: at, message: `must not be ${oxford(words, 'or')}` }];
  if (forbidden.pattern !== undefined) return [{ path: at, message: `must not match ${forbidden.pattern}` }];
  if (forbidden.enum !== undefined) {
    return [{ path: at, message: `must not be ${shortList(forbidden.enum.map((value) => JSON.stringify(value)))}` }];
  }
  const names = forbidden.anyOf?.flatMap((alternative) => alternative.required ?? []) ?? [];
  const present = names.filter((name) => typeof error.data === 'object' && error.data !== null && name in error.data);
  if (present.length > 0) return present.map((name) => ({ path: childPath(at, name), message: 'not allowed here' }));
  return [{ path: at, message: 'is not allowed here' }];
}

/** `/kill_chain_phases/0/phase_name` → `kill_chain_phases[0].phase_name`, looking at the data to tell indices. */
export function pathOf(pointer: string, data: unknown): string {
  let path = '';
  let node = data;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path = Array.isArray(node) ? `${path}[${segment}]` : childPath(path, segment);
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return path;
}

/** `a.b` + `c` → `a.b.c`; a key that is not an identifier goes in brackets: `hashes["SHA-256"]`. */
export function childPath(path: string, key: string): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

function count(limit: unknown, one: string, many = `${one}s`): string {
  return `${String(limit)} ${limit === 1 ? one : many}`;
}

function oxford(words: readonly string[], conjunction: string): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1] ?? ''}`;
}

function shortList(values: readonly string[], max = 10): string {
  return values.length <= max ? values.join(', ') : `${values.slice(0, max).join(', ')}, … (${values.length} in all)`;
}
