import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { collapseAlternatives, toProblems, type StixProblem } from './problems.js';
import { STIX_BUNDLE_SCHEMA, STIX_SCHEMA_BASE, STIX_SCHEMAS } from './schemas.js';

export type { StixProblem } from './problems.js';

/** At most this many problems are reported for one object (a bundle counts as one). */
export const MAX_STIX_PROBLEMS = 20;

/** The types whose schemas sit in `common/` rather than in `sdos/`, `sros/` or `observables/`. */
const COMMON_TYPES = ['bundle', 'extension-definition', 'language-content', 'marking-definition'];

const ENVELOPE_ID = `${STIX_SCHEMA_BASE}common/bundle-envelope.json`;

interface Validator {
  ajv: Ajv2020;
  /** STIX type → the `$id` of its schema. */
  schemaIds: ReadonlyMap<string, string>;
  /** Each `anyOf`/`oneOf` array of the schemas → its location, `<$id>#<JSON pointer>`. */
  combinators: WeakMap<object, string>;
}

let validator: Validator | undefined;

/**
 * Ajv with every official schema added by its `$id`, built on first use; each type's validator is compiled when
 * that type is first seen. `unicodeRegExp: false` because the official patterns use escapes such as `\-` that the
 * `u` flag rejects; `strict: false` because they carry `definitions` and `title`s beside `$ref`s;
 * `validateSchema: false` because the bundled schemas are fixed (a test checks them against draft 2020-12 once,
 * rather than every process at start-up). `verbose` gives each error its schema and data, which the readable
 * messages and the collapsing of `anyOf`/`oneOf` need.
 */
function getValidator(): Validator {
  if (validator !== undefined) return validator;
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: false,
    unicodeRegExp: false,
    validateSchema: false,
  });
  formats.default(ajv, ['uri', 'email']);
  ajv.addFormat('idn-hostname', IDN_HOSTNAME);
  const schemaIds = new Map<string, string>();
  const combinators = new WeakMap<object, string>();
  for (const schema of STIX_SCHEMAS) {
    ajv.addSchema(schema);
    indexCombinators(schema, `${schema.$id}#`, combinators);
    const [folder, file] = schema.$id.slice(STIX_SCHEMA_BASE.length).split('/');
    const type = file?.replace(/\.json$/, '') ?? '';
    if (folder !== 'common' || COMMON_TYPES.includes(type)) schemaIds.set(type, schema.$id);
  }
  // The bundle's own properties only: its objects are validated one by one, each against its type's schema.
  ajv.addSchema({
    ...STIX_BUNDLE_SCHEMA,
    $id: ENVELOPE_ID,
    properties: { ...STIX_BUNDLE_SCHEMA.properties, objects: { type: 'array', minItems: 1 } },
  });
  validator = { ajv, schemaIds, combinators };
  return validator;
}

/** A host name, internationalised: labels of letters, marks and digits (any script) and inner hyphens. */
const IDN_HOSTNAME =
  /^(?=.{1,253}\.?$)(?:[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]{0,61}[\p{L}\p{M}\p{N}])?\.)*[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]{0,61}[\p{L}\p{M}\p{N}])?\.?$/u;

function indexCombinators(node: unknown, location: string, index: WeakMap<object, string>): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => indexCombinators(item, `${location}/${i}`, index));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    const at = `${location}/${encodeURIComponent(key.replace(/~/g, '~0').replace(/\//g, '~1'))}`;
    if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) index.set(value, at);
    indexCombinators(value, at, index);
  }
}

function validateAgainst(schemaId: string, object: unknown): StixProblem[] {
  const { ajv, combinators } = getValidator();
  const validate = ajv.getSchema(schemaId) as ValidateFunction;
  if (validate(object)) return [];
  const validateBranch = (combinator: ErrorObject, branch: number): readonly ErrorObject[] | undefined => {
    const location = combinators.get(combinator.schema as object);
    const alternative = location === undefined ? undefined : ajv.getSchema(`${location}/${branch}`);
    if (alternative === undefined) return undefined;
    return alternative(combinator.data) ? [] : (alternative.errors ?? []);
  };
  return toProblems(collapseAlternatives(validate.errors ?? [], validateBranch), object);
}

/**
 * Validates one STIX 2.1 object against the official OASIS JSON schema of its `type`. Custom `x-` types are held
 * to the common properties only (`common/core.json`, or `common/cyber-observable-core.json` for a custom
 * observable, one without `created`); other types the specification does not define are refused.
 * A bundle is checked as a bundle and each of its objects against its own type, paths starting `objects[i]`.
 * Returns no problems for a valid object, otherwise at most {@link MAX_STIX_PROBLEMS}.
 *
 * Speed, measured on the 2-core development machine (Node 20): 10,000 valid indicators in 85–150 ms once warm
 * (9–15 µs each; the first, cold pass 200–260 ms), 10,000 invalid ones (two problems each) in 125–225 ms, after a
 * one-off set-up of 150–230 ms on the first call (adding the schemas, compiling the first type's validator).
 * @example validateStixObject({ type: 'indicator', ... }) // [{ path: 'pattern', message: 'required' }]
 */
export function validateStixObject(object: unknown): StixProblem[] {
  return validateObject(object).slice(0, MAX_STIX_PROBLEMS);
}

function validateObject(object: unknown): StixProblem[] {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    return [{ path: '', message: 'must be an object' }];
  }
  const type = (object as { type?: unknown }).type;
  if (type === undefined) return [{ path: 'type', message: 'required' }];
  if (typeof type !== 'string') return [{ path: 'type', message: 'must be a string' }];
  if (type === 'bundle') return validateBundleObject(object);
  // A custom object with `created` is an SDO; without, a custom observable (which has no timestamps of its own).
  const custom = 'created' in object ? 'common/core.json' : 'common/cyber-observable-core.json';
  const schemaId = type.startsWith('x-') ? `${STIX_SCHEMA_BASE}${custom}` : getValidator().schemaIds.get(type);
  if (schemaId === undefined) return [{ path: 'type', message: `unknown STIX 2.1 type ${type}` }];
  return validateAgainst(schemaId, object);
}

function validateBundleObject(bundle: object): StixProblem[] {
  const problems = validateAgainst(ENVELOPE_ID, bundle);
  const objects = (bundle as { objects?: unknown }).objects;
  if (!Array.isArray(objects)) return problems;
  for (let index = 0; index < objects.length && problems.length < MAX_STIX_PROBLEMS; index++) {
    for (const problem of validateObject(objects[index])) {
      problems.push({ path: insidePath(`objects[${index}]`, problem.path), message: problem.message });
    }
  }
  return problems;
}

function insidePath(prefix: string, path: string): string {
  if (path === '') return prefix;
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}

/** The problems of one object of a bundle, with its place in `objects` and its `id` when it has a string one. */
export interface StixBundleEntry {
  index: number;
  id?: string;
  problems: StixProblem[];
}

/**
 * Validates a bundle object by object: one entry for every element of `objects`, in order, with its problems
 * (empty when valid). Problems of the bundle itself (not a bundle, no `objects` array, a bad `id`) come first, in an
 * entry with index -1, which is present only when there are such problems. A bundle without `objects` (allowed)
 * gives no entries.
 * @example validateStixBundle(bundle).filter((entry) => entry.problems.length > 0)
 */
export function validateStixBundle(bundle: unknown): StixBundleEntry[] {
  const entries: StixBundleEntry[] = [];
  const own =
    typeof bundle === 'object' && bundle !== null && !Array.isArray(bundle)
      ? validateAgainst(ENVELOPE_ID, bundle)
      : [{ path: '', message: 'must be an object' }];
  const objects = (bundle as { objects?: unknown } | null)?.objects;
  if (own.length > 0) entries.push({ index: -1, ...idOf(bundle), problems: own.slice(0, MAX_STIX_PROBLEMS) });
  if (!Array.isArray(objects)) return entries;
  objects.forEach((object: unknown, index) => {
    entries.push({ index, ...idOf(object), problems: validateStixObject(object) });
  });
  return entries;
}

function idOf(object: unknown): { id?: string } {
  const id = (object as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' ? { id } : {};
}
