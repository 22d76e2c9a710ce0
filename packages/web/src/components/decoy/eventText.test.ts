import { describe, expect, it } from 'vitest';
import { eventOutcome, eventText, hitTechniques } from './eventText';

describe('eventText', () => {
  it('quotes what the attacker did, per kind', () => {
    expect(eventText({ kind: 'command', payload: { input: 'cat /etc/passwd' } })).toBe('cat /etc/passwd');
    expect(eventText({ kind: 'auth', payload: { username: 'root', password: 'admin', success: false } })).toBe(
      'root / admin',
    );
    expect(eventText({ kind: 'download', payload: { url: 'http://x/y.sh', path: '/tmp/y.sh' } })).toBe(
      'http://x/y.sh → /tmp/y.sh',
    );
    expect(eventText({ kind: 'connect', payload: { src: { ip: '203.0.113.7', port: 50000 } } })).toBe(
      '203.0.113.7:50000',
    );
    expect(eventText({ kind: 'pivot', payload: { target: { host: 'db01', port: 22 }, outcome: 'established' } })).toBe(
      'db01:22 established',
    );
    expect(eventText({ kind: 'mail', payload: { action: 'read', mailbox: 'INBOX', subject: '見積書' } })).toBe(
      'read · INBOX · 見積書',
    );
  });

  it('says nothing rather than throwing on a payload it does not expect', () => {
    expect(eventText({ kind: 'command', payload: { input: { nested: true } } })).toBe('');
    expect(eventText({ kind: 'whatever', payload: {} })).toBe('');
  });
});

describe('eventOutcome', () => {
  it('marks successful and failed sign-ins and failed downloads', () => {
    expect(eventOutcome({ kind: 'auth', payload: { success: true } })).toBe('success');
    expect(eventOutcome({ kind: 'auth', payload: { success: false } })).toBe('failure');
    expect(eventOutcome({ kind: 'download', payload: { failed: true } })).toBe('failure');
    expect(eventOutcome({ kind: 'command', payload: {} })).toBeNull();
  });
});

describe('hitTechniques', () => {
  it('lists each technique once', () => {
    const hit = (techniques: string[]) => ({ ruleId: 'r', category: 'c', techniques, evidence: { eventId: 'e' } });
    expect(hitTechniques([hit(['T1082']), hit(['T1082', 'T1016'])])).toEqual(['T1082', 'T1016']);
    expect(hitTechniques(undefined)).toEqual([]);
  });
});
