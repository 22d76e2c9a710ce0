import { describe, expect, it } from 'vitest';
import { testRuntime } from '../../test/runtime.js';
import { findHost } from '../world/accounts.js';
import { execCommand, LINUX_COMMANDS } from './index.js';
import { execIn, shellOn } from './test-helpers.js';

describe('LINUX_COMMANDS', () => {
  it('names at least 80 commands, including every one the issue lists', () => {
    expect(LINUX_COMMANDS.length).toBeGreaterThanOrEqual(80);
    for (const name of [
      'ls',
      'cd',
      'cat',
      'pwd',
      'whoami',
      'id',
      'uname',
      'hostname',
      'ps',
      'w',
      'last',
      'uptime',
      'df',
      'free',
      'ifconfig',
      'ip',
      'netstat',
      'ss',
      'history',
      'env',
      'echo',
      'grep',
      'head',
      'tail',
      'find',
      'chmod',
      'mkdir',
      'rm',
      'cp',
      'mv',
      'touch',
      'tar',
      'base64',
      'sudo',
      'passwd',
      'crontab',
      'wget',
      'curl',
      'tftp',
      'ssh',
      'exit',
    ])
      expect(LINUX_COMMANDS).toContain(name);
  });
});

describe(execCommand.name, () => {
  const rt = testRuntime();
  const web = shellOn(rt, 'web');
  const host = web.origin.host;
  const os = host.os.family === 'linux' ? host.os : undefined;

  // [command line, fragments the output must contain, exit code]
  const table: [string, (string | RegExp)[], number][] = [
    ['whoami', ['root\n'], 0],
    ['pwd', ['/root\n'], 0],
    ['id', ['uid=0(root) gid=0(root)'], 0],
    ['uname -a', [`Linux ${host.hostname} ${os!.kernel.release}`, 'x86_64', 'GNU/Linux'], 0],
    ['uname -r', [os!.kernel.release], 0],
    ['hostname', [`${host.hostname}\n`], 0],
    ['cat /etc/hostname', [`${host.hostname}\n`], 0],
    ['cat /etc/os-release', [os!.prettyName], 0],
    [
      'ls -la /root',
      [
        /^total \d+\n/,
        /drwx------ +\d+ root +root +4096 \w{3} [ \d]\d [ \d]\d:\d\d \.\n/m,
        /-rw-r--r-- +1 root +root +\d+ .* \.bashrc\n/,
      ],
      0,
    ],
    ['ls /nonexistent', ["ls: cannot access '/nonexistent': No such file or directory"], 2],
    ['cat /etc/passwd', ['root:x:0:0:root:/root:/bin/bash', 's.higuchi:x:'], 0],
    ['cat /etc/nope', ['cat: /etc/nope: No such file or directory'], 1],
    ['cat /proc/cpuinfo', ['model name\t: Intel(R) Xeon(R)'], 0],
    ['ps aux', ['USER         PID %CPU %MEM', '/usr/sbin/sshd', 'nginx: master process', '-bash'], 0],
    ['w', ['load average:', 'USER     TTY      FROM', '203.0.113.7'], 0],
    ['last', ['still logged in', 'wtmp begins'], 0],
    ['uptime', [/up \d+ days?, +\d+:\d\d, +1 user, +load average: [\d.]+, [\d.]+, [\d.]+/], 0],
    ['df -h', ['Filesystem', 'Mounted on', ' /\n'], 0],
    ['free -m', ['Mem:', 'Swap:'], 0],
    ['ifconfig', [`inet ${host.ip}  netmask 255.255.255.0`], 0],
    ['ip a', [`inet ${host.ip}/24`], 0],
    ['netstat -tlnp', ['0.0.0.0:22 ', '0.0.0.0:80 ', 'LISTEN'], 0],
    ['ss -tln', ['LISTEN', '0.0.0.0:443'], 0],
    ['env', ['HOME=/root', 'USER=root', 'SSH_CLIENT=203.0.113.7 51234 2222'], 0],
    ['echo hello   world', ['hello world\n'], 0],
    ['echo -n x', ['x'], 0],
    ['printf "%s-%d\\n" a 5', ['a-5\n'], 0],
    ['grep -c root /etc/passwd', [/^\d+\n$/], 0],
    ['grep nosuchthing /etc/passwd', [], 1],
    ['head -n 1 /etc/passwd', ['root:x:0:0:root:/root:/bin/bash\n'], 0],
    ['tail -1 /etc/hostname', [`${host.hostname}\n`], 0],
    ['wc -l /etc/hostname', ['1 /etc/hostname\n'], 0],
    ['find /var/www -name .env', ['/var/www/seisan/.env\n'], 0],
    ['echo aGVsbG8= | base64 -d', ['hello'], 0],
    ['echo hi | md5sum', ['764efa883dda1e11db47671c4a3bbd9e  -\n'], 0],
    ['echo hi | sha256sum', ['98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be4  -\n'], 0],
    ['printf "b\\na\\nb\\n" | sort | uniq -c', ['      1 a\n      2 b\n'], 0],
    ['echo a:b:c | cut -d: -f2', ['b\n'], 0],
    ["echo 'one two' | awk '{print $2}'", ['two\n'], 0],
    ['echo foo | sed s/o/0/g', ['f00\n'], 0],
    ['echo abc | tr a-c A-C | rev', ['CBA\n'], 0],
    ['seq 3 | xargs echo', ['1 2 3\n'], 0],
    ['yes | head -n 2', ['y\ny\n'], 0],
    ['which ls', ['/usr/bin/ls\n'], 0],
    ['type cd', ['cd is a shell builtin'], 0],
    ['lscpu', ['Architecture:', 'x86_64'], 0],
    ['nproc', [/^\d+\n$/], 0],
    ['arch', ['x86_64\n'], 0],
    ['top -bn1', ['top - ', 'Tasks:', 'MiB Mem'], 0],
    ['systemctl status sshd', ['● sshd.service', 'active (running)'], 0],
    ['systemctl status nosuch', ['Unit nosuch.service could not be found.'], 4],
    ['getent passwd root', ['root:x:0:0'], 0],
    ['groups', ['root\n'], 0],
    ['date +%Y', ['2025\n'], 0],
    ['mount', ['on / type'], 0],
    ['dmesg', ['Linux version'], 0],
    ['crontab -l', ['no crontab for root'], 1],
    ['stat /etc/hostname', ['File: /etc/hostname', 'Access: (0644/-rw-r--r--)'], 0],
    ['file /etc/hostname', ['/etc/hostname: ASCII text'], 0],
    ['dirname /a/b/c; basename /a/b/c', ['/a/b\nc\n'], 0],
    ['lsattr /etc/hostname', ['--------------e------- /etc/hostname'], 0],
    ['perl -e 1', ['bash: line 1: perl: command not found'], 127],
    ['python3 -c 1', ['python3: command not found'], 127],
    ['nosuchcommand', ['bash: line 1: nosuchcommand: command not found'], 127],
    ['scp /etc/passwd x@203.0.113.9:/tmp', ['Could not resolve hostname'], 255],
    ['ssh nosuchhost', ['ssh: Could not resolve hostname nosuchhost: Name or service not known'], 255],
    ['false', [], 1],
    ['true', [], 0],
    ['echo $((', ['syntax error'], 2],
  ];

  it.each(table)('%s', async (line, fragments, exitCode) => {
    const result = await execCommand(web, line);
    const output = result.stdout + result.stderr;
    for (const fragment of fragments) expect(output).toMatch(fragment);
    expect(result.exitCode).toBe(exitCode);
  });

  it('emits one command event per line with the origin, output size and failure', async () => {
    const run = testRuntime();
    const options = shellOn(run, 'web');
    await execCommand(options, 'uname -a; nosuch');
    const commands = run.emitted.filter((e) => e.kind === 'command');
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({
      kind: 'command',
      input: 'uname -a; nosuch',
      failed: true,
      session: options.origin.session,
      host: options.origin.host.hostname,
      protocol: 'ssh',
      src: { ip: '203.0.113.7', port: 51_234 },
      dst: { port: 2222 },
    });
    expect((commands[0] as { outputSize: number }).outputSize).toBeGreaterThan(40);
  });

  it('records reads of interesting files and every write with its SHA-256', async () => {
    const run = testRuntime();
    const options = shellOn(run, 'web');
    await execCommand(options, 'cat /etc/shadow > /tmp/s');
    const files = run.emitted.filter((e) => e.kind === 'file');
    expect(files.map((e) => [e.kind === 'file' && e.action, e.kind === 'file' && e.path])).toEqual([
      ['read', '/etc/shadow'],
      ['written', '/tmp/s'],
    ]);
    expect(files[1]).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: expect.any(Number) });
  });
});

describe('pipes, redirection, lists, variables, quoting and globbing', () => {
  it('behaves as bash does', async () => {
    const run = execIn(shellOn(testRuntime(), 'web'));
    expect((await run('echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f')).stdout).toBe('one\ntwo\n');
    expect((await run('cat < /tmp/f | wc -l')).stdout).toBe('2\n');
    expect((await run('cat /nope 2> /tmp/err; cat /tmp/err')).stdout).toBe('cat: /nope: No such file or directory\n');
    expect((await run('cat /nope 2>&1 | tr a-z A-Z')).stdout).toBe('CAT: /NOPE: NO SUCH FILE OR DIRECTORY\n');
    expect((await run('cat /nope > /dev/null 2>&1; echo $?')).stdout).toBe('1\n');
    expect((await run('false && echo no || echo yes; true && echo and')).stdout).toBe('yes\nand\n');
    expect((await run('export GREETING="hi there"; echo "$GREETING" ${GREETING} \'$GREETING\'')).stdout).toBe(
      'hi there hi there $GREETING\n',
    );
    expect((await run('X=1; unset X; echo "[$X]"')).stdout).toBe('[]\n');
    expect((await run('echo a\\ b "c  d"')).stdout).toBe('a b c  d\n');
    expect((await run('echo $(echo nested) `hostname`')).stdout).toMatch(/^nested \S+\n$/);
    expect((await run('cd /etc && ls host*')).stdout).toBe('hostname\nhosts\n');
    expect((await run('ls /etc/host?')).stdout).toBe('/etc/hosts\n');
    expect((await run('ls /etc/[h]ostname')).stdout).toBe('/etc/hostname\n');
    expect((await run('echo /nomatch*')).stdout).toBe('/nomatch*\n');
    expect((await run('cd /tmp; cd /etc; cd -; pwd')).stdout).toBe('/tmp\n/tmp\n');
    expect((await run('cd ~; pwd; echo ~/x')).stdout).toBe('/root\n/root/x\n');
    expect((await run('alias hi="echo hello"; hi you')).stdout).toBe('hello you\n');
    expect(
      (
        await run(
          'mkdir -p /tmp/a/b && touch /tmp/a/b/c && cp -r /tmp/a /tmp/z && mv /tmp/z/b/c /tmp/z/d && rm -r /tmp/a && ls /tmp/z',
        )
      ).stdout,
    ).toBe('b\nd\n');
    expect(
      (
        await run(
          'echo "#!/bin/sh" > /tmp/s.sh; echo "echo from script" >> /tmp/s.sh; chmod +x /tmp/s.sh; /tmp/s.sh; sh -c "echo inline"',
        )
      ).stdout,
    ).toBe('from script\ninline\n');
  });

  it('rejects abuse without throwing: huge lines, long pipelines, deep substitution, endless output', async () => {
    const run = execIn(shellOn(testRuntime(), 'web'));
    expect((await run('echo ' + 'a'.repeat(70_000))).exitCode).toBe(2);
    expect((await run(Array(40).fill('cat').join(' | '))).stderr).toMatch(/syntax error/);
    const deep = (await run('echo $(echo $(echo $(echo $(echo $(echo deep)))))')).stdout;
    expect(deep.length).toBeLessThan(20);
    const flood = await run('yes');
    expect(flood.stdout.length).toBeLessThanOrEqual(1024 * 1024);
    expect((await run('cat /etc/passwd /etc/passwd /etc/passwd | head -1')).exitCode).toBe(0);
    expect((await run("echo 'unterminated")).stderr).toMatch(/syntax error|unexpected/);
  });
});

describe('consistency', () => {
  it('shows the same hostname in hostname, uname -a, /etc/hostname and the prompt host', async () => {
    const rt = testRuntime();
    for (const role of ['web', 'file', 'mail'] as const) {
      const run = execIn(shellOn(rt, role));
      const name = (await run('hostname')).stdout.trim();
      expect(findHost(rt.world, name)?.role).toBe(role);
      expect((await run('uname -n')).stdout.trim()).toBe(name);
      expect((await run('cat /etc/hostname')).stdout.trim()).toBe(name);
      expect((await run('echo $HOSTNAME')).stdout.trim()).toBe(name);
    }
  });

  it('moves uptime and /proc/uptime forward with the runtime clock', async () => {
    const rt = testRuntime();
    const run = execIn(shellOn(rt, 'web'));
    const before = Number((await run('cat /proc/uptime')).stdout.split(' ')[0]);
    const minutes = (s: string) => {
      const m = /up (\d+) days?, +(\d+):(\d\d)/.exec(s)!;
      return Number(m[1]) * 1440 + Number(m[2]) * 60 + Number(m[3]);
    };
    const upBefore = minutes((await run('uptime')).stdout);
    rt.advance(7_200);
    expect(Number((await run('cat /proc/uptime')).stdout.split(' ')[0])).toBe(before + 7_200);
    expect(minutes((await run('uptime')).stdout)).toBe(upBefore + 120);
  });

  it('lists the processes of the host services: postfix and dovecot on mail, smbd on the file server', async () => {
    const rt = testRuntime();
    const mail = (await execCommand(shellOn(rt, 'mail'), 'ps aux')).stdout;
    expect(mail).toMatch(/postfix\/master/);
    expect(mail).toMatch(/dovecot/);
    expect(mail).not.toMatch(/nginx/);
    expect((await execCommand(shellOn(rt, 'file'), 'ps aux')).stdout).toMatch(/smbd/);
  });
});
