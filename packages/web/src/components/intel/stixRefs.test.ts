import { describe, expect, it } from 'vitest';
import { stixRefs, stixTypeOf } from './stixRefs';

const IDENTITY = 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff';
const INDICATOR = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
const MARKING = 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82';

describe(stixRefs.name, () => {
  it('finds *_ref values and *_refs items with their property paths, in document order', () => {
    const refs = stixRefs({
      type: 'report',
      id: 'report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3',
      created_by_ref: IDENTITY,
      object_refs: [INDICATOR, IDENTITY],
      object_marking_refs: [MARKING],
    });
    expect(refs).toEqual([
      { path: 'created_by_ref', id: IDENTITY },
      { path: 'object_refs[0]', id: INDICATOR },
      { path: 'object_refs[1]', id: IDENTITY },
      { path: 'object_marking_refs[0]', id: MARKING },
    ]);
  });

  it('looks inside granular markings and extensions', () => {
    const refs = stixRefs({
      granular_markings: [{ marking_ref: MARKING, selectors: ['name'] }],
      extensions: { 'x-thing': { owner_ref: IDENTITY } },
    });
    expect(refs).toEqual([
      { path: 'granular_markings[0].marking_ref', id: MARKING },
      { path: 'extensions.x-thing.owner_ref', id: IDENTITY },
    ]);
  });

  it('skips values that are not STIX ids and the object’s own id', () => {
    expect(
      stixRefs({ id: INDICATOR, created_by_ref: 'someone', object_refs: ['x', 3, null], sample_ref: { a: 1 } }),
    ).toEqual([]);
  });
});

describe(stixTypeOf.name, () => {
  it('takes the type from an id', () => {
    expect(stixTypeOf(INDICATOR)).toBe('indicator');
    expect(stixTypeOf('not an id')).toBe('');
  });
});
