import { describe, expect, it } from 'vitest';
import { DECOY_LIMITS, decoyEventBatchSchema, decoyEventSchema } from './events.js';
import { decoyEvent } from './test-events.js';

describe('decoyEventSchema', () => {
  it('accepts every kind of action the issue lists', () => {
    const kinds = [
      decoyEvent({ kind: 'connect' }),
      decoyEvent({ kind: 'auth', username: 'root', password: 'admin', success: true, planted: true }),
      decoyEvent({ kind: 'command', input: 'uname -a', outputSize: 120 }),
      decoyEvent({ kind: 'file', action: 'read', path: '/home/a/passwords.txt', sha256: 'a'.repeat(64) }),
      decoyEvent({ kind: 'download', url: 'http://203.0.113.9/x.sh', sha256: 'b'.repeat(64) }),
      decoyEvent({ kind: 'mail', action: 'searched', mailbox: 'INBOX', query: 'invoice' }),
      decoyEvent({ kind: 'http', method: 'GET', url: '/admin', status: 404 }),
      decoyEvent({ kind: 'pivot', target: { host: '10.0.0.6', port: 22 } }),
      decoyEvent({ kind: 'disconnect', duration: 3.5 }),
      decoyEvent({ kind: 'other', eventid: 'cowrie.session.params', fields: { arch: 'linux-x64-lsb' } }),
    ];
    expect(kinds.map((event) => event.kind)).toEqual([
      'connect',
      'auth',
      'command',
      'file',
      'download',
      'mail',
      'http',
      'pivot',
      'disconnect',
      'other',
    ]);
    expect(kinds[1]).toMatchObject({ method: 'password' });
    expect(kinds[7]).toMatchObject({ outcome: 'attempted' });
  });

  it('rejects a command longer than the limit, a bad hash and another schema version', () => {
    const event = decoyEvent({ kind: 'command', input: 'id' });
    expect(decoyEventSchema.safeParse({ ...event, input: 'x'.repeat(DECOY_LIMITS.commandLength + 1) }).success).toBe(
      false,
    );
    expect(
      decoyEventSchema.safeParse({ ...event, kind: 'file', action: 'read', path: '/x', sha256: 'XYZ' }).success,
    ).toBe(false);
    expect(decoyEventSchema.safeParse({ ...event, schemaVersion: 2 }).success).toBe(false);
    expect(decoyEventSchema.safeParse({ ...event, src: { ip: 'not-an-ip', port: 1 } }).success).toBe(false);
  });
});

describe('decoyEventBatchSchema', () => {
  it('takes up to the limit, and refuses duplicate ids and other sensors', () => {
    const one = decoyEvent({ kind: 'connect' });
    expect(decoyEventBatchSchema.safeParse({ sensorId: 'sensor-1', events: [one] }).success).toBe(true);
    const duplicate = decoyEventBatchSchema.safeParse({ sensorId: 'sensor-1', events: [one, one] });
    expect(duplicate.error?.issues[0]?.message).toContain('duplicate id');
    expect(decoyEventBatchSchema.safeParse({ sensorId: 'other', events: [one] }).success).toBe(false);
    const many = Array.from({ length: DECOY_LIMITS.batchEvents + 1 }, (_, n) => ({ ...one, id: `s1:${n}` }));
    expect(decoyEventBatchSchema.safeParse({ sensorId: 'sensor-1', events: many }).success).toBe(false);
  });
});
