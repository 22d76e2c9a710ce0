import { describe, expect, it } from 'vitest';
import { hostOf, testRuntime } from '../../test/runtime.js';
import { HostFileSystem } from '../world/filesystem.js';
import { CowFileSystem, createSessionFileSystem, SessionFsError } from './index.js';
import { execIn, shellOn } from './test-helpers.js';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof SessionFsError ? error.code : String(error);
  }
  return 'ok';
};

describe(CowFileSystem.name, () => {
  it('keeps each session’s writes, deletes, renames and modes to itself and leaves the host view unchanged', () => {
    const rt = testRuntime();
    const host = hostOf(rt.world, 'web');
    const a = createSessionFileSystem(rt, host, 'root');
    const b = createSessionFileSystem(rt, host, 'root');
    a.writeFile('/tmp/mine', Buffer.from('secret'));
    a.remove('/etc/hostname');
    a.rename('/etc/hosts', '/tmp/hosts');
    a.chmod('/etc/passwd', 0o600);
    a.mkdir('/opt/tools');
    expect(a.readFile('/tmp/mine').toString()).toBe('secret');
    expect(a.stat('/etc/hostname')).toBeUndefined();
    expect(a.stat('/tmp/hosts')?.type).toBe('file');
    expect(a.stat('/etc/passwd')?.mode).toBe(0o600);
    expect(a.list('/opt').map((s) => s.path)).toContain('/opt/tools');

    expect(b.stat('/tmp/mine')).toBeUndefined();
    expect(b.readFile('/etc/hostname').toString()).toBe(`${host.hostname}\n`);
    expect(b.stat('/etc/hosts')?.type).toBe('file');
    expect(b.stat('/etc/passwd')?.mode).toBe(0o644);
    const view = new HostFileSystem(rt.world, host);
    expect(view.stat('/tmp/mine')).toBeUndefined();
    expect(view.read('/etc/hostname')).toBe(`${host.hostname}\n`);
  });

  it('hides a deleted directory’s whole tree, and a renamed tree moves with its contents', () => {
    const rt = testRuntime();
    const fs = createSessionFileSystem(rt, hostOf(rt.world, 'web'), 'root');
    expect(code(() => fs.remove('/var/www'))).toBe('ENOTEMPTY');
    fs.rename('/var/www', '/srv/site');
    expect(fs.stat('/var/www/seisan/.env')).toBeUndefined();
    expect(fs.readFile('/srv/site/seisan/.env').toString()).toMatch(/DB_PASSWORD=/);
  });

  it('checks permissions for an ordinary user; root passes', () => {
    const rt = testRuntime();
    const host = hostOf(rt.world, 'web');
    const user = host.accounts.find((a) => a.username !== 'root' && a.employee)!.username;
    const fs = createSessionFileSystem(rt, host, user);
    expect(code(() => fs.readFile('/etc/shadow'))).toBe('EACCES');
    expect(code(() => fs.list('/root'))).toBe('EACCES');
    expect(code(() => fs.writeFile('/etc/evil', Buffer.from('x')))).toBe('EACCES');
    expect(code(() => fs.writeFile('/tmp/fine', Buffer.from('x')))).toBe('ok');
    expect(code(() => fs.writeFile(`${fs.home}/note`, Buffer.from('x')))).toBe('ok');
    expect(code(() => fs.chmod('/etc/passwd', 0o777))).toBe('EACCES');
    expect(code(() => fs.readFile('/nope'))).toBe('ENOENT');
    expect(code(() => fs.readFile('/etc'))).toBe('EISDIR');
    const root = createSessionFileSystem(rt, host, 'root');
    expect(root.readFile('/etc/shadow').toString()).toMatch(/^root:/);
  });

  it('refuses files over maxFileBytes and a session total over maxUploadBytesPerSession with EFBIG', () => {
    const rt = testRuntime({ limits: { maxFileBytes: 1000, maxUploadBytesPerSession: 2500 } });
    const fs = createSessionFileSystem(rt, hostOf(rt.world, 'web'), 'root');
    expect(code(() => fs.writeFile('/tmp/big', Buffer.alloc(1001)))).toBe('EFBIG');
    expect(code(() => fs.writeFile('/tmp/a', Buffer.alloc(1000)))).toBe('ok');
    expect(code(() => fs.writeFile('/tmp/b', Buffer.alloc(1000)))).toBe('ok');
    expect(code(() => fs.writeFile('/tmp/a', Buffer.alloc(900)))).toBe('ok');
    expect(code(() => fs.writeFile('/tmp/c', Buffer.alloc(700)))).toBe('EFBIG');
  });

  it('shows EFBIG in the shell as bash does', async () => {
    const rt = testRuntime({ limits: { maxFileBytes: 100 } });
    const run = execIn(shellOn(rt, 'web'));
    const result = await run('seq 100 > /tmp/numbers');
    expect(result.stderr).toBe('bash: line 1: /tmp/numbers: File too large\n');
    expect(result.exitCode).toBe(1);
  });

  it('synthesises /proc and /dev files consistent with the host', async () => {
    const rt = testRuntime();
    const run = execIn(shellOn(rt, 'web'));
    const cpus = (await run('grep -c ^processor /proc/cpuinfo')).stdout.trim();
    expect((await run('nproc')).stdout.trim()).toBe(cpus);
    expect((await run('cat /proc/meminfo')).stdout).toMatch(/^MemTotal: +\d+ kB/);
    expect((await run('cat /proc/version')).stdout).toContain((await run('uname -r')).stdout.trim());
    expect((await run('echo x > /dev/null; cat /dev/null; echo $?')).stdout).toBe('0\n');
  });
});
