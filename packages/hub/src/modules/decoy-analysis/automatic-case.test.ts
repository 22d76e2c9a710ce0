import { describe, expect, it } from 'vitest';
import { classifySession, decoyEventSchema, DECOY_EVENT_SCHEMA_VERSION, type DecoyEvent } from '@cynex/core';
import { automaticCaseTitle, behavioursOf, mergeFacts, plantedCredentialOf } from './automatic-case.js';

const event = (n: number, fields: Record<string, unknown>): DecoyEvent =>
  decoyEventSchema.parse({
    schemaVersion: DECOY_EVENT_SCHEMA_VERSION,
    id: `s1:${n}`,
    time: new Date(Date.UTC(2026, 0, 5, 10, 0, n)).toISOString(),
    sensorId: 'vm1',
    world: 'w',
    host: 'srv01',
    session: 's1',
    protocol: 'ssh',
    src: { ip: '203.0.113.7', port: 40000 },
    dst: { port: 22 },
    ...fields,
  });

describe('automatic cases', () => {
  it('titles a case by protocol, source and world, in English and Japanese', () => {
    expect(automaticCaseTitle('ssh', '203.0.113.7', { nameEn: 'Shirasagi Town Office', nameJa: '白鷺町役場' })).toEqual(
      {
        en: 'SSH intrusion from 203.0.113.7 into Shirasagi Town Office',
        ja: '203.0.113.7 から 白鷺町役場 への SSH 侵入',
      },
    );
    expect(automaticCaseTitle('telnet', '2001:db8::1', { nameEn: '', nameJa: '港工業' }).en).toBe(
      'Telnet intrusion from 2001:db8::1 into 港工業',
    );
  });

  it('quotes the command and names session and event in each behaviour, once per repeated command', () => {
    const events = [
      event(0, { kind: 'command', input: 'uname -a' }),
      event(1, { kind: 'command', input: 'uname -a' }),
      event(2, { kind: 'command', input: 'cat /etc/passwd\u001b[2J' }),
    ];
    const behaviours = behavioursOf('pk-1', classifySession(events));
    const uname = behaviours.filter((b) => b.techniqueIds.includes('T1082'));
    expect(uname).toHaveLength(1);
    expect(uname[0]!.notes).toBe('decoy session pk-1, event s1:0: `uname -a`');
    const passwd = behaviours.find((b) => b.techniqueIds.includes('T1087.001'))!;
    expect(passwd.notes).not.toContain('\u001b');
    expect(passwd.action.length).toBeGreaterThan(0);
    expect(passwd.actionJa.length).toBeGreaterThan(0);
  });

  it('merges facts to the furthest any session reached', () => {
    expect(mergeFacts([{ executed: true, c2: 'none' }, { c2: 'failed', secondStage: true }, {}])).toEqual({
      executed: true,
      c2: 'failed',
      secondStage: true,
    });
  });

  it('keeps the credential of a successful login only when the world planted it', () => {
    const planted = event(0, { kind: 'auth', username: 'tanaka', password: 'pw', success: true, planted: true });
    const guessed = event(1, { kind: 'auth', username: 'root', password: 'admin', success: true });
    expect(plantedCredentialOf([guessed, planted])).toEqual({ username: 'tanaka', password: 'pw' });
    expect(plantedCredentialOf([guessed])).toBeUndefined();
  });
});
