/// <reference types="vite/client" />
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { STIX_SCHEMAS } from './schemas.js';
import { MAX_STIX_PROBLEMS, validateStixBundle, validateStixObject } from './validate.js';

// The official examples, read where they lie (shared/data beside the repository) through Vite's glob import, which
// lists the folder so that a new example is tested without being named here.
const EXAMPLES_DIR = '../../../../../shared/data/stix/examples/';
const examples = import.meta.glob<unknown>('../../../../../shared/data/stix/examples/**/*.json', {
  eager: true,
  import: 'default',
});
const exampleNames = Object.keys(examples).map((file) => file.slice(EXAMPLES_DIR.length));
const schemaFiles = import.meta.glob<{ $id: string }>('../../data/stix/schemas/*/*.json', {
  eager: true,
  import: 'default',
});

const UUID = '8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
const TIME = '2016-04-06T20:03:48.000Z';

const indicator = (changes: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--${UUID}`,
  created: TIME,
  modified: TIME,
  name: 'C2 address',
  indicator_types: ['malicious-activity'],
  pattern: "[ipv4-addr:value = '198.51.100.3']",
  pattern_type: 'stix',
  valid_from: '2016-01-01T00:00:00Z',
  kill_chain_phases: [{ kill_chain_name: 'lockheed-martin-cyber-kill-chain', phase_name: 'command-and-control' }],
  ...changes,
});

const relationship = (changes: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'relationship',
  spec_version: '2.1',
  id: `relationship--${UUID}`,
  created: TIME,
  modified: TIME,
  relationship_type: 'indicates',
  source_ref: `indicator--${UUID}`,
  target_ref: `malware--${UUID}`,
  ...changes,
});

const without = (object: Record<string, unknown>, property: string): Record<string, unknown> =>
  Object.fromEntries(Object.entries(object).filter(([key]) => key !== property));

describe('the bundled OASIS schemas', () => {
  it('are every file of data/stix/schemas, each a valid JSON Schema draft 2020-12', () => {
    expect(STIX_SCHEMAS.map((schema) => schema.$id).sort()).toEqual(
      Object.values(schemaFiles)
        .map((schema) => schema.$id)
        .sort(),
    );
    expect(STIX_SCHEMAS).toHaveLength(57);
    const meta = new Ajv2020({ strict: false, validateSchema: false });
    for (const schema of STIX_SCHEMAS) expect(meta.validateSchema(schema), schema.$id).toBe(true);
  });
});

describe(validateStixObject.name, () => {
  it('finds every official example (the shared data is where the tests expect it)', () => {
    expect(exampleNames).toEqual(
      expect.arrayContaining([
        'indicator-for-c2-ip-address.json',
        'indicator-to-campaign-relationship.json',
        'indicators-for-C2-with-COA.json',
        'infrastructure.json',
        'interop-objectmarking-test.json',
        'malicious-email-indicator-with-attachment.json',
        'threat-reports/apt1.json',
        'threat-reports/poisonivy.json',
      ]),
    );
  });

  // Every official example is valid against the official schemas, so none is excused. interop-objectmarking-test
  // is a single campaign rather than a bundle; the others are bundles.
  it.each(exampleNames)('accepts the official example %s', (name) => {
    const example = examples[`${EXAMPLES_DIR}${name}`];
    expect(validateStixObject(example)).toEqual([]);
    if ((example as { type?: unknown }).type === 'bundle') {
      expect(validateStixBundle(example).filter((entry) => entry.problems.length > 0)).toEqual([]);
    }
  });

  it('accepts a complete indicator and 10,000 of them in a row (speed: see the comment on validateStixObject)', () => {
    expect(validateStixObject(indicator())).toEqual([]);
    let problems = 0;
    for (let i = 0; i < 10_000; i++) problems += validateStixObject(indicator({ name: `C2 ${i}` })).length;
    expect(problems).toBe(0);
  });

  it('reports a missing required property at its own path', () => {
    expect(validateStixObject(without(indicator(), 'pattern'))).toEqual([{ path: 'pattern', message: 'required' }]);
  });

  it('reports a malformed timestamp, and one without milliseconds where the specification wants them', () => {
    expect(validateStixObject(indicator({ created: 'yesterday' }))).toEqual([
      { path: 'created', message: 'must be an RFC 3339 timestamp in UTC, e.g. 2016-04-06T20:03:48.000Z' },
    ]);
    expect(validateStixObject(indicator({ modified: '2016-04-06T20:03:48Z' }))).toEqual([
      { path: 'modified', message: 'must be precise to the millisecond, e.g. 2016-04-06T20:03:48.000Z' },
    ]);
  });

  it('reports a relationship whose target is not an identifier, or is one it must not point at', () => {
    expect(validateStixObject(relationship({ target_ref: 'evil.example' }))).toEqual([
      { path: 'target_ref', message: 'must be a STIX identifier: <type>--<UUID>' },
    ]);
    expect(validateStixObject(relationship({ target_ref: `bundle--${UUID}` }))).toEqual([
      {
        path: 'target_ref',
        message: 'must not refer to a relationship, sighting, bundle, marking-definition or language-content',
      },
    ]);
  });

  it('reports problems inside nested objects by their full path', () => {
    expect(validateStixObject(indicator({ kill_chain_phases: [{ kill_chain_name: 'lockheed' }] }))).toEqual([
      { path: 'kill_chain_phases[0].phase_name', message: 'required' },
    ]);
    expect(
      validateStixObject(indicator({ kill_chain_phases: [{ kill_chain_name: 'lockheed', phase_name: 7 }] })),
    ).toEqual([{ path: 'kill_chain_phases[0].phase_name', message: 'must be a string' }]);
    const file = { type: 'file', spec_version: '2.1', id: `file--${UUID}`, name: 'a.exe', hashes: { 'SHA-256': 'zz' } };
    expect(validateStixObject(file)).toEqual([{ path: 'hashes["SHA-256"]', message: 'must match ^[a-fA-F0-9]{64}$' }]);
  });

  it('reports one type error for a wrong value, not every alternative a custom property could have been', () => {
    expect(validateStixObject(indicator({ pattern: [], description: null }))).toEqual([
      { path: 'description', message: 'must be a string' },
      { path: 'pattern', message: 'must be a string' },
    ]);
  });

  it('collapses oneOf/anyOf to the alternative that was meant', () => {
    const malware = { type: 'malware', spec_version: '2.1', id: `malware--${UUID}`, created: TIME, modified: TIME };
    expect(validateStixObject({ ...malware, name: 'Poison Ivy' })).toEqual([
      { path: 'is_family', message: 'required' },
    ]);
    expect(validateStixObject({ ...malware, is_family: true })).toEqual([{ path: 'name', message: 'required' }]);
    expect(
      validateStixObject(
        indicator({ external_references: [{ source_name: 'cve', external_id: 'CVE-1' }, { source_name: 'capec' }] }),
      ),
    ).toEqual([
      { path: 'external_references[0].external_id', message: 'must match ^CVE-\\d{4}-(0\\d{3}|[1-9]\\d{3,})$' },
      { path: 'external_references[1].external_id', message: 'required' },
    ]);
    const observed = {
      type: 'observed-data',
      spec_version: '2.1',
      id: `observed-data--${UUID}`,
      created: TIME,
      modified: TIME,
      first_observed: TIME,
      last_observed: TIME,
      number_observed: 1,
    };
    expect(validateStixObject(observed)).toEqual([{ path: '', message: 'requires one of: objects, object_refs' }]);
  });

  it('accepts the predefined TLP 1.0 marking definitions and refuses an altered one', () => {
    const white = {
      type: 'marking-definition',
      spec_version: '2.1',
      id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
      created: '2017-01-20T00:00:00.000Z',
      definition_type: 'tlp',
      name: 'TLP:WHITE',
      definition: { tlp: 'white' },
    };
    expect(validateStixObject(white)).toEqual([]);
    expect(validateStixObject({ ...white, definition: { tlp: 'green' } })).toEqual([
      { path: 'definition.tlp', message: 'must be "white"' },
    ]);
  });

  it('holds custom x- types to the common properties and refuses other unknown types', () => {
    const custom = { type: 'x-acme-sensor', spec_version: '2.1', id: `x-acme-sensor--${UUID}`, created: TIME };
    expect(validateStixObject({ ...custom, modified: TIME, x_acme_site: 'Tokyo' })).toEqual([]);
    expect(validateStixObject(custom)).toEqual([{ path: 'modified', message: 'required' }]);
    // A custom observable has no timestamps: the common observable properties apply.
    const observable = { type: 'x-acme-badge', spec_version: '2.1', id: `x-acme-badge--${UUID}`, x_badge: '42' };
    expect(validateStixObject(observable)).toEqual([]);
    expect(validateStixObject({ ...observable, id: 'x-acme-badge--nope' }).map((p) => p.path)).toEqual(['id']);
    expect(validateStixObject({ ...custom, type: 'acme-sensor' })).toEqual([
      { path: 'type', message: 'unknown STIX 2.1 type acme-sensor' },
    ]);
    expect(validateStixObject({ id: `x-acme-sensor--${UUID}` })).toEqual([{ path: 'type', message: 'required' }]);
    expect(validateStixObject('indicator')).toEqual([{ path: '', message: 'must be an object' }]);
  });

  it('refuses property names the specification does not allow', () => {
    expect(validateStixObject(indicator({ Pattern: 'x' }))).toEqual([
      { path: 'Pattern', message: 'not a valid property name (lowercase letters, digits and _, 3 to 250 characters)' },
    ]);
  });

  it(`reports at most ${MAX_STIX_PROBLEMS} problems`, () => {
    const names = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`Bad${i}`, i]));
    expect(validateStixObject(indicator(names))).toHaveLength(MAX_STIX_PROBLEMS);
  });

  it('checks a bundle and each of its objects, with paths from the bundle', () => {
    const bundle = { type: 'bundle', id: `bundle--${UUID}`, objects: [indicator(), without(indicator(), 'pattern')] };
    expect(validateStixObject(bundle)).toEqual([{ path: 'objects[1].pattern', message: 'required' }]);
  });
});

describe(validateStixBundle.name, () => {
  it('gives every object its index, id and problems', () => {
    const bundle = {
      type: 'bundle',
      id: `bundle--${UUID}`,
      objects: [indicator(), relationship({ target_ref: 'nothing' }), 42],
    };
    expect(validateStixBundle(bundle)).toEqual([
      { index: 0, id: `indicator--${UUID}`, problems: [] },
      {
        index: 1,
        id: `relationship--${UUID}`,
        problems: [{ path: 'target_ref', message: 'must be a STIX identifier: <type>--<UUID>' }],
      },
      { index: 2, problems: [{ path: '', message: 'must be an object' }] },
    ]);
  });

  it('puts problems of the bundle itself first, at index -1', () => {
    expect(validateStixBundle({ type: 'bundle', id: 'bundle-1', objects: [indicator()] })).toEqual([
      {
        index: -1,
        id: 'bundle-1',
        problems: [
          { path: 'id', message: 'must be a STIX identifier: <type>--<UUID>' },
          { path: 'id', message: 'must start with bundle--' },
        ],
      },
      { index: 0, id: `indicator--${UUID}`, problems: [] },
    ]);
    expect(validateStixBundle({ type: 'report', id: `bundle--${UUID}`, objects: {} })).toEqual([
      {
        index: -1,
        id: `bundle--${UUID}`,
        problems: [
          { path: 'type', message: 'must be "bundle"' },
          { path: 'objects', message: 'must be an array' },
        ],
      },
    ]);
    expect(validateStixBundle({ type: 'bundle', id: `bundle--${UUID}` })).toEqual([]);
  });
});
