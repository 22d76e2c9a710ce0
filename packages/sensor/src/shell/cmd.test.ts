import { describe, expect, it } from 'vitest';
import { testRuntime } from '../../test/runtime.js';
import { execCommand } from './index.js';
import { shellOn, terminalFor } from './test-helpers.js';

describe('cmd.exe', () => {
  const rt = testRuntime();
  const pc = shellOn(
    rt,
    'workstation',
    rt.world.hosts.find((h) => h.role === 'workstation')!.accounts.find((a) => a.employee)!.username,
  );
  const host = pc.origin.host;

  const table: [string, (string | RegExp)[], number][] = [
    [
      'systeminfo',
      [
        `Host Name:                 ${host.hostname.toUpperCase()}`,
        'OS Name:                   Microsoft Windows',
        'Network Card(s)',
        host.ip,
      ],
      0,
    ],
    ['ipconfig', ['Windows IP Configuration', `IPv4 Address. . . . . . . . . . . : ${host.ip}`], 0],
    ['ipconfig /all', ['Physical Address', 'DNS Servers', `Host Name . . . . . . . . . . . . : ${host.hostname}`], 0],
    ['net view', ['Server Name            Remark', 'The command completed successfully.'], 0],
    ['net user', [`User accounts for \\\\${host.hostname.toUpperCase()}`, 'Administrator'], 0],
    [`net user ${pc.username}`, [`User name                    ${pc.username}`, 'Local Group Memberships'], 0],
    ['net user nobody', ['The user name could not be found.'], 2],
    ['net localgroup', ['*Administrators', '*Users'], 0],
    ['net localgroup administrators', ['Alias name     administrators', 'Administrator'], 0],
    ['tasklist', ['Image Name                     PID Session Name', 'explorer.exe', 'lsass.exe'], 0],
    [
      'dir',
      [' Volume in drive C has no label.', `Directory of ${pc.fs.home}`, '<DIR>          Desktop', 'bytes free'],
      0,
    ],
    ['whoami', [`\\${pc.username.toLowerCase()}\r\n`], 0],
    ['whoami /all', ['USER INFORMATION', 'GROUP INFORMATION', 'PRIVILEGES INFORMATION'], 0],
    ['hostname', [`${host.hostname}\r\n`], 0],
    ['ver', ['Microsoft Windows [Version 10.0.'], 0],
    ['echo hello & echo world', ['hello\r\nworld\r\n'], 0],
    ['echo %USERNAME%', [`${pc.username}\r\n`], 0],
    ['set USERPROFILE', [`USERPROFILE=${pc.fs.home}`], 0],
    ['netstat -ano', ['Active Connections', 'LISTENING', '0.0.0.0:445'], 0],
    ['tasklist | findstr lsass', ['lsass.exe'], 0],
    ['type C:\\nope.txt', ['The system cannot find the file specified.'], 1],
    ['cd C:\\nope', ['The system cannot find the path specified.'], 1],
    [
      'uname -a',
      ["'uname' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n"],
      9009,
    ],
  ];

  it.each(table)('%s', async (line, fragments, exitCode) => {
    const result = await execCommand(pc, line);
    for (const fragment of fragments) expect(result.stdout).toMatch(fragment);
    expect(result.exitCode).toBe(exitCode);
  });

  it('prompts with the profile folder, types files from it and exits', async () => {
    const desk = rt.world.hosts.find((h) => h.files.some((f) => f.path.includes('\\Desktop\\')))!;
    const file = desk.files.find((f) => f.path.includes('\\Desktop\\'))!;
    const user = desk.accounts.find((a) => a.employee)!.username;
    const options = { ...shellOn(rt, 'workstation', user), origin: { ...pc.origin, host: desk } };
    const { createSessionFileSystem } = await import('./index.js');
    const t = terminalFor({ ...options, fs: createSessionFileSystem(rt, desk, user) });
    await t.terminal.whenIdle();
    expect(t.screen).toBe(`C:\\Users\\${user}>`);
    const out = await t.type('cd Desktop\rdir\r');
    expect(out).toContain(file.path.slice(file.path.lastIndexOf('\\') + 1));
    const typed = await t.type(`type "${file.path.slice(file.path.lastIndexOf('\\') + 1)}"\r`);
    expect(typed).toContain(file.content!.split('\n')[0]!.trim());
    expect(rt.emitted.some((e) => e.kind === 'file' && e.action === 'read' && e.path === file.path)).toBe(true);
    await t.type('exit\r');
    expect(t.exitCode).toBe(0);
  });
});
