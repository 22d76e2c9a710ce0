import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api';
import {
  countryItems,
  definitionProblems,
  durationParts,
  isLoopback,
  localName,
  periodStart,
  randomSeed,
  sessionDetailOf,
  topEntry,
  validAddress,
  validPort,
  validWorldId,
  worldState,
} from './decoyFormat';

describe('worldState', () => {
  it('reads a bare state and a state with its error', () => {
    expect(worldState({ state: 'running' })).toEqual({ state: 'running', error: '' });
    expect(worldState({ state: { state: 'failed', error: 'EADDRINUSE 127.0.0.1:2222' } })).toEqual({
      state: 'failed',
      error: 'EADDRINUSE 127.0.0.1:2222',
    });
    expect(worldState({ state: 'failed', error: 'bind' })).toEqual({ state: 'failed', error: 'bind' });
  });

  it('calls anything it does not know "unknown"', () => {
    expect(worldState({ state: 'exploded' as never })).toEqual({ state: 'unknown', error: '' });
  });
});

describe('localName', () => {
  it('picks the language and falls back to the other one', () => {
    expect(localName({ ja: '白鷺製作所', en: 'Shirasagi Works' }, 'ja')).toBe('白鷺製作所');
    expect(localName({ ja: '白鷺製作所', en: '' }, 'en')).toBe('白鷺製作所');
    expect(localName({ nameJa: '組織', nameEn: 'Org' }, 'en')).toBe('Org');
    expect(localName('plain', 'ja')).toBe('plain');
    expect(localName(null, 'ja')).toBe('');
  });
});

describe('binding checks', () => {
  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '192.0.2.10', '::', '128.0.0.1', '127.0.0.256'].some(isLoopback)).toBe(false);
  });

  it('accepts address literals and ports in range only', () => {
    expect(['127.0.0.1', '0.0.0.0', '::', '::1', '2001:db8::10', '::ffff:192.0.2.1'].every(validAddress)).toBe(true);
    expect(['localhost', '256.1.1.1', '1.2.3', 'a::b::c', ''].some(validAddress)).toBe(false);
    expect(['1', '2222', '65535'].every(validPort)).toBe(true);
    expect(['0', '65536', '22a', ''].some(validPort)).toBe(false);
  });

  it('takes slugs as world ids', () => {
    expect(validWorldId('shirasagi-7')).toBe(true);
    expect(validWorldId('shirasagi_7')).toBe(false);
    expect(validWorldId('Shirasagi')).toBe(false);
    expect(validWorldId('-x')).toBe(false);
  });
});

describe('randomSeed', () => {
  it('gives a positive 31-bit integer', () => {
    expect(randomSeed(() => 0)).toBe(1);
    expect(randomSeed(() => 0.999999999)).toBeLessThanOrEqual(2_147_483_647);
  });
});

describe('definitionProblems', () => {
  it('reads line and field from rows', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'bad world', {
      rows: [{ row: 12, column: 'hosts[0].os', message: 'expected one of linux, windows' }],
    });
    expect(definitionProblems(error)).toEqual([
      { line: 12, column: null, field: 'hosts[0].os', message: 'expected one of linux, windows' },
    ]);
  });

  it('reads "line:column field: message" from field messages', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'bad world', {
      fields: [{ path: 'definition', message: 'world.yaml:7:3 employees[2].email: not an e-mail address' }],
    });
    expect(definitionProblems(error)).toEqual([
      { line: 7, column: 3, field: 'employees[2].email', message: 'not an e-mail address' },
    ]);
  });

  it('names nothing for other errors', () => {
    expect(definitionProblems(new ApiError(403, 'FORBIDDEN', 'platform admins only'))).toEqual([]);
    expect(definitionProblems(undefined)).toEqual([]);
  });
});

describe('topEntry and countryItems', () => {
  it('finds the label and the count whatever the key is called', () => {
    expect(topEntry({ username: 'root', count: 41 })).toEqual({ label: 'root', count: 41 });
    expect(topEntry({ value: 'uname -a', count: 3 })).toEqual({ label: 'uname -a', count: 3 });
  });

  it('keeps two-letter country codes for the map', () => {
    expect(
      countryItems([
        { country: 'cn', sessions: 4, sources: 2 },
        { country: null, count: 1 },
      ]),
    ).toEqual([{ cc: 'CN', packets: 4, sources: 2 }]);
  });
});

describe('durationParts', () => {
  it('splits a duration, using now for a live session', () => {
    expect(durationParts('2026-01-01T00:00:00Z', '2026-01-01T01:02:03Z')).toEqual({ h: 1, m: 2, s: 3 });
    expect(durationParts('2026-01-01T00:00:00Z', null, Date.parse('2026-01-01T00:00:30Z'))).toEqual({
      h: 0,
      m: 0,
      s: 30,
    });
  });
});

describe('sessionDetailOf', () => {
  it('flattens a nested summary and keeps the events', () => {
    const detail = sessionDetailOf({
      session: { id: 'u1', session: 's-1', srcIp: '203.0.113.7', events: 3 },
      events: [{ time: 't', kind: 'command', payload: { input: 'id' } }],
      captures: [],
    });
    expect(detail.id).toBe('u1');
    expect(detail.session).toBe('s-1');
    expect(detail.srcIp).toBe('203.0.113.7');
    expect(detail.events).toHaveLength(1);
  });

  it('reads a flat answer as it is', () => {
    const detail = sessionDetailOf({ id: 'u2', session: 's-2', events: [], captures: [{ sha256: 'a', size: 1 }] });
    expect(detail.session).toBe('s-2');
    expect(detail.captures).toHaveLength(1);
  });
});

describe('definitionProblems with the hub’s own form', () => {
  it('reads "line N, column M: message" and the field path after "definition."', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'the world definition is not valid', {
      fields: [{ path: 'definition.hosts.0.os', message: 'line 12, column 5: expected linux or windows' }],
    });
    expect(definitionProblems(error)).toEqual([
      { line: 12, column: 5, field: 'hosts.0.os', message: 'expected linux or windows' },
    ]);
  });
});

describe('periodStart', () => {
  it('counts today as the last day of the period', () => {
    const now = Date.parse('2026-12-06T10:00:00Z');
    expect(periodStart('7', now)).toBe('2026-11-30');
    expect(periodStart('30', now)).toBe('2026-11-07');
    expect(periodStart('all', now)).toBeUndefined();
  });
});
