import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cmdiObjectivesMet, gradeCmdiDefence, labConfigSecret } from '../src/graders/cmdi.js';
import { cmdiLabClient } from '../src/graders/cmdi-lab-pages.js';
import { APPS_DIR, labProcesses, type RunningLab } from './lab-process.js';

const startLab = labProcesses('cmdi');

const diagnose = (lab: RunningLab, host: string, tool = 'ping') => cmdiLabClient(lab.send).diagnose(tool, host);

async function terminal(lab: RunningLab, fields: Record<string, string>) {
  const res = await lab.send({
    method: 'POST',
    path: '/__shell',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, json: JSON.parse(res.body) as Record<string, unknown> };
}

const READ_CONFIG = '127.0.0.1 | cat /opt/minato/config.ini';

describe('the command-injection lab (network diagnostics)', () => {
  it('answers in Japanese by default and in English on request, with no external resources', async () => {
    const lab = await startLab('correct');
    const ja = await lab.send({ method: 'GET', path: '/' });
    expect(ja.body).toContain('ネットワーク診断');
    expect(ja.body).toContain('<label>ホスト名または IP アドレス<input name="host"');
    const en = await lab.send({
      method: 'GET',
      path: '/diagnose?host=127.0.0.1',
      headers: { 'accept-language': 'en' },
    });
    expect(en.body).toContain('Network diagnostics');
    expect(en.body).toContain('3 packets transmitted, 3 received');
    expect(ja.body + en.body).not.toMatch(/(src|href|action)="\//);
    expect(ja.body + en.body).not.toMatch(/(src|href)="https?:/);
  });

  it('at vulnerable, a command after ; runs as www-data, shows the flag and records cmdi-run', async () => {
    const lab = await startLab('vulnerable');
    const view = await diagnose(lab, '127.0.0.1; id');
    expect(view.status).toBe(200);
    expect(view.flag).toBe(true);
    expect(view.output).toContain('3 packets transmitted');
    expect(view.output).toContain('uid=33(www-data) gid=33(www-data) groups=33(www-data)');
    const events = await lab.events();
    expect(events).toEqual([
      expect.objectContaining({ type: 'exploit', objective: 'cmdi-run', detail: expect.stringContaining('id') }),
    ]);
    expect(cmdiObjectivesMet(events)).toEqual({ 'cmdi-run': true, 'cmdi-read': false });
  });

  it('at vulnerable, the config is read through a pipe: the secret shows and cmdi-read is recorded', async () => {
    const lab = await startLab('vulnerable');
    const view = await diagnose(lab, READ_CONFIG);
    expect(view.output).toContain(`password = ${labConfigSecret(lab.flag)}`);
    expect(cmdiObjectivesMet(await lab.events())).toEqual({ 'cmdi-run': true, 'cmdi-read': true });
  });

  it('at vulnerable, an injected sleep delays the answer (time-based blind)', async () => {
    const lab = await startLab('vulnerable');
    const started = performance.now();
    const view = await diagnose(lab, '127.0.0.1|sleep 2');
    expect(performance.now() - started).toBeGreaterThanOrEqual(1900);
    expect(view.output).toBe('(no output)');
    expect(cmdiObjectivesMet(await lab.events())['cmdi-run']).toBe(true);
  });

  it('the flag never shows for ordinary use of any tool', async () => {
    const lab = await startLab('vulnerable');
    for (const [tool, host] of [
      ['ping', 'fileserver.minato.local'],
      ['lookup', 'mail'],
      ['traceroute', 'printer-3f.minato.local'],
      ['ping', 'nosuchhost'],
    ]) {
      expect((await diagnose(lab, host!, tool)).flag).toBe(false);
    }
    expect(await lab.events()).toEqual([]);
  });

  it('at naive, ; and && are refused but |, $(…), backticks and a newline still run commands', async () => {
    const lab = await startLab('naive');
    for (const host of ['127.0.0.1; id', '127.0.0.1 && id']) {
      const refused = await diagnose(lab, host);
      expect(refused).toMatchObject({ status: 400, rejected: true, flag: false });
    }
    expect(await lab.events()).toEqual([]);
    for (const host of ['127.0.0.1 | id', '$(id)', '`id`', '127.0.0.1\nid', 'x || id']) {
      const view = await diagnose(lab, host);
      expect(view.flag, host).toBe(true);
      // $(id) becomes ping's host: its words show up in ping's complaint instead.
      expect(view.output, host).toMatch(/(uid|groups)=33\(www-data\)/);
    }
    expect((await diagnose(lab, READ_CONFIG)).output).toContain(labConfigSecret(lab.flag));
    expect(cmdiObjectivesMet(await lab.events())).toEqual({ 'cmdi-run': true, 'cmdi-read': true });
  });

  it('at correct, every payload is refused as a host name, and the tools still work', async () => {
    const lab = await startLab('correct');
    for (const host of ['127.0.0.1; id', READ_CONFIG, '$(id)', '`id`', '127.0.0.1\nid', '-c 1000 127.0.0.1']) {
      expect(await diagnose(lab, host)).toMatchObject({ status: 400, rejected: true, flag: false, output: '' });
    }
    expect((await diagnose(lab, '127.0.0.1', 'ping;id')).rejected).toBe(true);
    expect((await diagnose(lab, '::1')).output).toContain('PING ::1(::1) 56 data bytes');
    expect((await diagnose(lab, 'mail.minato.local', 'lookup')).output).toContain('Address: 10.0.1.25');
    const unknown = await diagnose(lab, 'nosuchhost.minato.local');
    expect(unknown).toMatchObject({
      status: 200,
      output: 'ping: nosuchhost.minato.local: Name or service not known\n',
    });
    expect(await lab.events()).toEqual([]);
  });

  it('turns away bad input with 4xx and keeps running', async () => {
    const lab = await startLab('vulnerable');
    const tooLong = await lab.send({ method: 'GET', path: `/diagnose?host=${'a'.repeat(501)}` });
    expect(tooLong.status).toBe(400);
    expect((await lab.send({ method: 'GET', path: `/diagnose?host=x&tool=${'p'.repeat(40)}` })).status).toBe(400);
    const odd = await lab.send({ method: 'GET', path: '/diagnose?host=%ff%00%fe%0d&tool=%ff' });
    expect(odd.status).toBeLessThan(500);
    const hostile = await diagnose(lab, `${'$('.repeat(30)}id${')'.repeat(30)}`);
    expect(hostile.output).toContain('Syntax error');
    const huge = await lab.send({ method: 'POST', path: '/__shell', body: 'line='.padEnd(20_000, 'a') });
    expect(huge.status).toBe(413);
    expect((await lab.send({ method: 'GET', path: '/nope' })).status).toBe(404);
    expect((await lab.send({ method: 'GET', path: '/healthz' })).body).toBe('ok');
  });
});

describe('the scratch terminal (POST /__shell)', () => {
  it('runs lines on learner-pc, keeping the cwd per session id', async () => {
    const lab = await startLab('vulnerable');
    const first = await terminal(lab, { sid: 'term-a', line: 'cd /tmp; hostname; id -un' });
    expect(first).toEqual({
      status: 200,
      json: { output: 'learner-pc\nlearner\n', exitCode: 0, cwd: '/tmp', prompt: 'learner@learner-pc:/tmp$ ' },
    });
    expect((await terminal(lab, { sid: 'term-a', line: 'pwd' })).json.output).toBe('/tmp\n');
    expect((await terminal(lab, { sid: 'term-b', line: 'pwd' })).json.output).toBe('/home/learner\n');
    expect((await terminal(lab, { sid: 'term-a', complete: 'cat /etc/hostn' })).json.line).toBe('cat /etc/hostname ');
  });

  it('never counts as an exploit and holds no secret', async () => {
    const lab = await startLab('vulnerable');
    const read = await terminal(lab, { sid: 'term-c', line: 'id; cat /opt/minato/config.ini' });
    expect(read.json.output).toBe(
      'uid=1000(learner) gid=1000(learner) groups=1000(learner)\ncat: /opt/minato/config.ini: No such file or directory\n',
    );
    expect(await lab.events()).toEqual([]);
  });

  it('rejects a bad session id, an over-long line and GET', async () => {
    const lab = await startLab('vulnerable');
    expect((await terminal(lab, { sid: '../x', line: 'id' })).status).toBe(400);
    expect((await terminal(lab, { sid: 'ok', line: 'a'.repeat(5000) })).status).toBe(400);
    expect((await lab.send({ method: 'GET', path: '/__shell?sid=ok' })).status).toBe(405);
  });
});

describe('the lab with a learner edit that does not load', () => {
  it('still starts and shows why on every check', async () => {
    const lab = await startLab('correct', {
      'handler.mjs': 'export function diagnose(shell, tool, host) {\n  return shell.run(\n',
    });
    const view = await diagnose(lab, '127.0.0.1');
    expect(view.status).toBe(500);
    expect((await lab.send({ method: 'GET', path: '/diagnose?host=127.0.0.1' })).body).toContain(
      'handler.mjs did not load',
    );
    expect((await gradeCmdiDefence(lab.send)).passed).toBe(false);
  });
});

describe(gradeCmdiDefence.name, () => {
  const ALL_EXPLOITS = [
    'separator-semicolon',
    'separator-and-or',
    'pipe',
    'newline',
    'command-substitution',
    'ifs-no-spaces',
    'quote-breakout',
    'time-based',
    'read-config',
    'tool-choice',
  ];
  // The tool choice goes through a fixed table at every level, so that check passes even at vulnerable; quote-breaking
  // payloads need a quoted host to break out of (see the next test); the naive filter stops only ; and &&, which the
  // semicolon check needs and the others do not.
  const UNQUOTED = ALL_EXPLOITS.filter((id) => id !== 'tool-choice' && id !== 'quote-breakout');
  it.each([
    ['vulnerable', UNQUOTED],
    ['naive', UNQUOTED.filter((id) => id !== 'separator-semicolon')],
    ['correct', []],
  ] as const)('at %s, the failing exploit checks are %j and every functional check passes', async (level, failing) => {
    const lab = await startLab(level);
    const started = performance.now();
    const result = await gradeCmdiDefence(lab.send);
    const failed = result.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.detail}`);
    const report = `grader at ${level}: ${failed.length} of ${result.checks.length} checks failed in ${Math.round(performance.now() - started)} ms\n  ${failed.join('\n  ')}`;
    expect(
      result.checks.filter((c) => !c.passed).map((c) => c.id),
      report,
    ).toEqual(failing);
    expect(result.passed, report).toBe(failing.length === 0);
    expect(result.checks.filter((c) => c.kind === 'function').length).toBe(8);
  });

  it('fails a fix that only puts the host in quotes', async () => {
    const vulnerable = await readFile(path.join(APPS_DIR, 'cmdi/levels/vulnerable/handler.mjs'), 'utf8');
    const singleQuoted = vulnerable.replace("command + ' ' + host", 'command + " \'" + host + "\'"');
    expect(singleQuoted).not.toBe(vulnerable);
    const single = await gradeCmdiDefence((await startLab('vulnerable', { 'handler.mjs': singleQuoted })).send);
    expect(single.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(['quote-breakout']);
    const doubleQuoted = vulnerable.replace("command + ' ' + host", "command + ' \"' + host + '\"'");
    const double = await gradeCmdiDefence((await startLab('vulnerable', { 'handler.mjs': doubleQuoted })).send);
    expect(double.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(
      expect.arrayContaining(['command-substitution', 'quote-breakout', 'time-based']),
    );
  });
});
