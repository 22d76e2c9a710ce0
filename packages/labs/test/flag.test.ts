import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkFlag, flagFor, whoseFlag } from '../src/index.js';

const owner = { learnerId: 'learner-1', labId: 'sqli', instanceId: 'inst-1' };

describe(flagFor.name, () => {
  it('is cynex{…} with 32 hex digits, stable for the same key and ids', () => {
    const key = randomBytes(32);
    const flag = flagFor(key, 'learner-1', 'sqli', 'inst-1');
    expect(flag).toMatch(/^cynex\{[0-9a-f]{32}\}$/);
    expect(flagFor(key, 'learner-1', 'sqli', 'inst-1')).toBe(flag);
  });

  it('differs per learner, lab, instance and key', () => {
    const key = randomBytes(32);
    const flags = new Set([
      flagFor(key, 'learner-1', 'sqli', 'inst-1'),
      flagFor(key, 'learner-2', 'sqli', 'inst-1'),
      flagFor(key, 'learner-1', 'xss', 'inst-1'),
      flagFor(key, 'learner-1', 'sqli', 'inst-2'),
      flagFor(randomBytes(32), 'learner-1', 'sqli', 'inst-1'),
    ]);
    expect(flags.size).toBe(5);
  });

  it('matches the HMAC-SHA256 of "learner\\0lab\\0instance"', async () => {
    const { createHmac } = await import('node:crypto');
    const key = Buffer.from('k');
    const mac = createHmac('sha256', key).update('a\0b\0c').digest('hex').slice(0, 32);
    expect(flagFor(key, 'a', 'b', 'c')).toBe(`cynex{${mac}}`);
  });

  it('refuses ids holding a NUL, which would blur the separator', () => {
    expect(() => flagFor(randomBytes(32), 'a\0b', 'c', 'd')).toThrow(TypeError);
  });
});

describe(checkFlag.name, () => {
  it('accepts the learner own flag, also with surrounding spaces', () => {
    const key = randomBytes(32);
    const flag = flagFor(key, owner.learnerId, owner.labId, owner.instanceId);
    expect(checkFlag(key, flag, owner)).toBe('valid');
    expect(checkFlag(key, ` ${flag}\n`, owner)).toBe('valid');
  });

  it('rejects another learner flag, a truncated flag, garbage and oversized input', () => {
    const key = randomBytes(32);
    const other = flagFor(key, 'learner-2', owner.labId, owner.instanceId);
    const own = flagFor(key, owner.learnerId, owner.labId, owner.instanceId);
    expect(checkFlag(key, other, owner)).toBe('invalid');
    expect(checkFlag(key, own.slice(0, -2) + '}', owner)).toBe('invalid');
    expect(checkFlag(key, 'cynex{}', owner)).toBe('invalid');
    expect(checkFlag(key, own + 'x'.repeat(10_000), owner)).toBe('invalid');
  });
});

describe(whoseFlag.name, () => {
  it('names the learner whose flag was copied, and nobody for an unknown flag', () => {
    const key = randomBytes(32);
    const candidates = [
      { learnerId: 'learner-2', labId: 'sqli', instanceId: 'inst-2', name: 'Hanako' },
      { learnerId: 'learner-3', labId: 'sqli', instanceId: 'inst-3', name: 'Taro' },
    ];
    const copied = flagFor(key, 'learner-3', 'sqli', 'inst-3');
    expect(whoseFlag(key, copied, candidates)?.name).toBe('Taro');
    expect(whoseFlag(key, 'cynex{00000000000000000000000000000000}', candidates)).toBeUndefined();
  });
});
