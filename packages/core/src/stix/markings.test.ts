import { describe, expect, it } from 'vitest';
import { TLP_MARKING_IDS } from '../tlp.js';
import { strictestTlp, TLP1_MARKING_IDS, tlpOfMarkingId, tlpOfObject } from './markings.js';

describe(tlpOfMarkingId.name, () => {
  it('reads the STIX 2.1 TLP 1.0 markings as TLP 2.0 labels, WHITE as CLEAR', () => {
    expect(tlpOfMarkingId('marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9')).toBe('CLEAR');
    expect(tlpOfMarkingId('marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da')).toBe('GREEN');
    expect(tlpOfMarkingId('marking-definition--f88d31f6-486f-44da-b317-01333bde0b82')).toBe('AMBER');
    expect(tlpOfMarkingId('marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed')).toBe('RED');
  });

  it('reads the TLP 2.0 markings, AMBER+STRICT included, and nothing else', () => {
    expect(tlpOfMarkingId(TLP_MARKING_IDS.CLEAR)).toBe('CLEAR');
    expect(tlpOfMarkingId('marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003')).toBe('AMBER+STRICT');
    expect(tlpOfMarkingId('marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ec')).toBeUndefined();
  });
});

describe(strictestTlp.name, () => {
  it('orders CLEAR < GREEN < AMBER < AMBER+STRICT < RED', () => {
    expect(strictestTlp(['GREEN', 'AMBER+STRICT', 'AMBER', 'CLEAR'])).toBe('AMBER+STRICT');
    expect(strictestTlp(['RED', 'AMBER+STRICT'])).toBe('RED');
    expect(strictestTlp([])).toBeUndefined();
  });
});

describe(tlpOfObject.name, () => {
  it('takes the strictest TLP marking of an object, mixing TLP 1.0 and 2.0', () => {
    const object = {
      type: 'indicator',
      object_marking_refs: [TLP1_MARKING_IDS.AMBER, 'marking-definition--1b3f2e26-407d-48c7-9eca-b8e91df99dc9'],
    };
    expect(tlpOfObject(object)).toBe('AMBER');
    expect(tlpOfObject({ object_marking_refs: [TLP_MARKING_IDS.GREEN, TLP1_MARKING_IDS.RED] })).toBe('RED');
    expect(tlpOfObject({ object_marking_refs: [TLP1_MARKING_IDS.WHITE] })).toBe('CLEAR');
  });

  it('falls back when the object has no TLP marking, or gives undefined', () => {
    expect(tlpOfObject({ type: 'indicator' })).toBeUndefined();
    expect(tlpOfObject({ type: 'indicator' }, 'AMBER')).toBe('AMBER');
    expect(tlpOfObject({ object_marking_refs: ['marking-definition--x', 7] }, 'GREEN')).toBe('GREEN');
    expect(tlpOfObject({ object_marking_refs: 'not a list' })).toBeUndefined();
    expect(tlpOfObject(null, 'RED')).toBe('RED');
  });
});
