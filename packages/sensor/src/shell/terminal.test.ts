import { describe, expect, it } from 'vitest';
import { Random } from '../world/random.js';
import { testRuntime } from '../../test/runtime.js';
import { openTerminal } from './index.js';
import { shellOn, terminalFor } from './test-helpers.js';

describe(openTerminal.name, () => {
  it('prompts like the distribution, echoes keys, edits the line and writes CRLF', async () => {
    const rt = testRuntime();
    const options = shellOn(rt, 'web');
    const t = terminalFor(options);
    const host = options.origin.host.hostname;
    expect(t.screen).toBe(`[root@${host} ~]# `);
    expect(await t.type('echx')).toBe('echx');
    expect(await t.type('\x7fo hi\r')).toBe('\b \bo hi\r\nhi\r\n' + `[root@${host} ~]# `);
    await t.type('cd /etc\r');
    expect(t.screen.endsWith(`[root@${host} etc]# `)).toBe(true);
    expect(await t.type('some text\x03')).toBe(`some text^C\r\n[root@${host} etc]# `);
    expect(await t.type('abc\x15')).toContain(`\r\x1b[K[root@${host} etc]# `);
    expect(await t.type('\t')).toBe('');
    expect(await t.type('\x1b[A')).toContain('cd /etc');
    await t.type('\x15\x1b[A\x1b[A\x1b[B\r');
    expect(t.screen.endsWith(`[root@${host} etc]# `)).toBe(true);
  });

  it('emits one command event per line and keeps the session history after the world’s', async () => {
    const rt = testRuntime();
    const t = terminalFor(shellOn(rt, 'web'));
    await t.type('uname -a\r');
    await t.type('id\r');
    const commands = rt.emitted.filter((e) => e.kind === 'command').map((e) => e.kind === 'command' && e.input);
    expect(commands).toEqual(['uname -a', 'id']);
    const history = await t.type('history\r');
    const world = rt.world.hosts
      .find((h) => h.role === 'web')!
      .files.find((f) => f.path === '/root/.bash_history')!.content!;
    expect(history).toContain(world.split('\n')[0]);
    expect(history.indexOf(world.split('\n')[0]!)).toBeLessThan(history.indexOf('uname -a'));
    await t.type('history -c\r');
    expect(await t.type('history\r')).not.toContain('uname -a');
  });

  it('ends on exit with its status, and on Ctrl-D on an empty line', async () => {
    const a = terminalFor(shellOn(testRuntime(), 'web'));
    await a.type('exit 3\r');
    expect(a.exitCode).toBe(3);
    expect(a.screen).toContain('logout\r\n');
    const b = terminalFor(shellOn(testRuntime(), 'web'));
    await b.type('x\x04');
    expect(b.exitCode).toBeUndefined();
    await b.type('\x7f\x04');
    expect(b.exitCode).toBe(0);
  });

  it('asks sudo’s password without echo, refuses it three times and records each attempt', async () => {
    const rt = testRuntime();
    const user = rt.world.hosts.find((h) => h.role === 'web')!.accounts.find((a) => a.employee)!.username;
    const t = terminalFor(shellOn(rt, 'web', user));
    expect(await t.type('sudo id\r')).toContain(`[sudo] password for ${user}: `);
    expect(await t.type('hunter2\r')).toBe(`\r\nSorry, try again.\r\n[sudo] password for ${user}: `);
    await t.type('letmein\r');
    const last = await t.type('123456\r');
    expect(last).toContain('sudo: 3 incorrect password attempts\r\n');
    expect(t.screen).not.toContain('hunter2');
    const tried = rt.emitted.filter((e) => e.kind === 'other').map((e) => e.kind === 'other' && e.fields.password);
    expect(tried).toEqual(['hunter2', 'letmein', '123456']);
  }, 20_000);

  it('pivots over ssh with the credential planted in a file, and refuses a wrong password', async () => {
    const rt = testRuntime();
    const planted = rt.world.plantedCredentials.find(
      (c) => 'path' in c.foundIn && rt.world.hosts.find((h) => h.hostname === c.foundIn.host)?.os.family === 'linux',
    )!;
    const source = rt.world.hosts.find((h) => h.hostname === planted.foundIn.host)!;
    const options = { ...shellOn(rt, source.role), origin: { ...shellOn(rt, source.role).origin, host: source } };
    const t = terminalFor(options);
    const found = await t.type(
      `grep -rh ${planted.username} ${'path' in planted.foundIn ? planted.foundIn.path : ''} -A2\r`,
    );
    const password = /PASSWORD=(\S+)/.exec(found)?.[1] ?? planted.password;
    expect(found).toContain(planted.password);

    const target = planted.opens.host;
    expect(await t.type(`ssh ${planted.username}@${target}\r`)).toContain(
      'Are you sure you want to continue connecting (yes/no/[fingerprint])? ',
    );
    expect(await t.type('yes\r')).toContain(`${planted.username}@${target}'s password: `);
    expect(await t.type(`${password}\r`)).toContain(`[${planted.username}@${target} ~]$ `);
    expect(await t.type('hostname\r')).toContain(`${target}\r\n`);
    const back = await t.type('exit\r');
    expect(back).toContain(`logout\r\nConnection to ${target} closed.\r\n[root@${source.hostname} ~]# `);
    expect(rt.emitted).toContainEqual(
      expect.objectContaining({ kind: 'auth', host: target, username: planted.username, success: true, planted: true }),
    );
    expect(rt.emitted).toContainEqual(
      expect.objectContaining({
        kind: 'pivot',
        host: source.hostname,
        target: { host: target, port: 22 },
        outcome: 'established',
      }),
    );
    expect(rt.emitted).toContainEqual(expect.objectContaining({ kind: 'command', host: target, input: 'hostname' }));

    await t.type(`ssh ${planted.username}@${target}\r`);
    await t.type('wrong-1\r');
    await t.type('wrong-2\r');
    const refused = await t.type('wrong-3\r');
    expect(refused).toContain(
      `${planted.username}@${target}: Permission denied (publickey,gssapi-keyex,gssapi-with-mic,password).`,
    );
    expect(rt.emitted.filter((e) => e.kind === 'auth' && !e.success)).toHaveLength(3);
    expect(rt.emitted).toContainEqual(expect.objectContaining({ kind: 'pivot', outcome: 'refused' }));
  }, 30_000);

  it('survives random bytes and huge lines without throwing', async () => {
    const rt = testRuntime();
    const t = terminalFor(shellOn(rt, 'web'));
    const random = new Random(7);
    for (let i = 0; i < 200 && t.exitCode === undefined; i++) {
      const bytes = Buffer.alloc(random.int(1, 64));
      for (let j = 0; j < bytes.length; j++) bytes[j] = random.int(0, 255) === 4 ? 65 : random.int(0, 255);
      t.terminal.input(bytes);
    }
    t.terminal.input('\x15' + 'A'.repeat(200_000) + '\r');
    t.terminal.input(Buffer.from([0x1b, 0x5b]));
    t.terminal.input('\x15echo still here\r');
    await t.terminal.whenIdle();
    if (t.exitCode === undefined) expect(t.screen).toContain('still here\r\n');
    t.terminal.resize(120, 40);
    t.terminal.close();
    t.terminal.input('ignored after close\r');
  }, 30_000);
});
