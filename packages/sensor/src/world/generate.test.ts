import { isDeepStrictEqual } from 'node:util';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { NOW, testWorld } from '../../test/worlds.js';
import { accountPassword, findHost, homeOf } from './accounts.js';
import { HostFileSystem, hostFileSystem } from './filesystem.js';
import { generateWorld } from './generate.js';
import { attachHostKeys } from './host-keys.js';
import { loadWorld } from './loader.js';
import { homeOwner } from './references.js';
import { SECTORS, type World } from './schema.js';
import { SYSTEM_OWNERS } from './system-accounts.js';
import { writeWorld } from './writer.js';

const big = (seed: number, extra: Partial<Parameters<typeof generateWorld>[0]> = {}) =>
  generateWorld({ sector: 'manufacturing', lang: 'ja', employees: 40, hosts: 12, seed, now: NOW, ...extra });

/** Every artefact that would give a deployment away if another deployment had it too. */
function artefacts(world: World) {
  const files = new Set<string>();
  for (const host of world.hosts) for (const f of host.files) if (f.content) files.add(f.content);
  const usernames = new Set(
    world.hosts.flatMap((h) => h.accounts.map((a) => a.username)).filter((u) => !SYSTEM_OWNERS.has(u)),
  );
  return {
    hostnames: new Set(world.hosts.map((h) => h.hostname.toLowerCase())),
    usernames,
    sshIdentity: new Set(
      world.hosts.flatMap((h) => (h.os.family === 'linux' ? [`${h.os.openssh.banner}|${h.os.kernel.release}`] : [])),
    ),
    files,
    domains: new Set([world.organisation.domain]),
  };
}
const shared = <T>(a: Set<T>, b: Set<T>) => [...a].filter((x) => b.has(x));

describe(generateWorld.name, () => {
  it.each(SECTORS.flatMap((sector) => (['ja', 'en'] as const).map((lang) => [sector, lang] as const)))(
    'writes a valid %s world in %s that round-trips through YAML',
    (sector, lang) => {
      const world = generateWorld({ sector, lang, employees: 25, hosts: 10, seed: 3, now: NOW });
      const yaml = writeWorld(world);
      const loaded = loadWorld(yaml);
      if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.line} ${e.path}: ${e.message}`).join('\n'));
      expect(isDeepStrictEqual(JSON.parse(JSON.stringify(loaded.world)), JSON.parse(JSON.stringify(world)))).toBe(true);
      expect(writeWorld(loaded.world)).toBe(yaml);
    },
  );

  it('keeps a 40-employee world small', () => {
    expect(Buffer.byteLength(writeWorld(big(1)))).toBeLessThan(400_000);
  });

  it('puts only employees and partner contacts in mail', () => {
    const world = big(2);
    const known = new Set([
      ...world.employees.map((e) => e.email),
      ...world.partners.flatMap((p) => p.contacts.map((c) => c.email)),
    ]);
    const participants = world.mail!.threads.flatMap((t) => t.messages.flatMap((m) => [m.from, ...m.to, ...m.cc]));
    expect(participants.length).toBeGreaterThan(20);
    for (const p of participants) expect(known).toContain(p.email);
    expect(participants.some((p) => world.partners.some((x) => p.email.endsWith(`@${x.domain}`)))).toBe(true);
  });

  it('gives every home folder to an account of its host', () => {
    const world = big(3);
    for (const host of world.hosts) {
      const names = new Set(host.accounts.map((a) => a.username));
      const fs = new HostFileSystem(world, host);
      for (const entry of fs.all()) {
        const owner = homeOwner(entry.path);
        if (owner !== null) expect(names, `${host.hostname}:${entry.path}`).toContain(owner);
      }
      for (const account of host.accounts)
        expect(fs.stat(homeOf(host, account))?.owner).toBe(
          account.username === 'Administrator' ? 'Administrator' : account.username,
        );
    }
  });

  it('plants a chain of at least three hops whose credentials open what they claim, where they claim', () => {
    const world = big(4);
    const chain = [...world.plantedCredentials].sort((a, b) => a.step - b.step);
    expect(chain.length).toBeGreaterThanOrEqual(3);
    for (const c of chain) {
      const host = findHost(world, c.opens.host)!;
      const account = host.accounts.find((a) => a.username === c.opens.account)!;
      expect(accountPassword(world, account)).toBe(c.password);
      if ('path' in c.foundIn) expect(hostFileSystem(world, c.foundIn.host).read(c.foundIn.path)).toContain(c.password);
      else {
        const { message, mailbox, host: mailHost } = c.foundIn;
        const fs = hostFileSystem(world, mailHost);
        const user = mailbox.split('@')[0]!;
        const box = fs
          .all()
          .filter(
            (e) => e.type === 'file' && e.path.startsWith(`/var/mail/vhosts/${world.organisation.domain}/${user}/cur/`),
          );
        expect(box.some((e) => e.read().includes(`Message-ID: <${message}@`) && e.read().includes(c.password))).toBe(
          true,
        );
      }
    }
    // Each hop leads on: the host opened by one hop holds the next hop's clue.
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.foundIn.host).toBe(chain[i - 1]!.opens.host);
  });

  it('dates documents and mail after their authors joined and before the world was made', () => {
    const world = big(5);
    const hired = new Map(world.employees.map((e) => [e.id, e.hiredOn]));
    const byEmail = new Map(world.employees.map((e) => [e.email, e.hiredOn]));
    const now = Date.parse(world.generatedAt);
    for (const host of world.hosts)
      for (const f of host.files) {
        expect(Date.parse(f.mtime)).toBeLessThanOrEqual(now);
        if (f.author) expect(f.mtime.slice(0, 10) >= hired.get(f.author)!).toBe(true);
      }
    for (const m of world.mail!.threads.flatMap((t) => t.messages)) {
      expect(Date.parse(m.date)).toBeLessThanOrEqual(now);
      const since = byEmail.get(m.from.email);
      if (since) expect(m.date.slice(0, 10) >= since).toBe(true);
    }
  });

  it('gives Linux hosts matching distribution, OpenSSH and kernel, and never a well-known default name', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const world = big(seed);
      for (const host of world.hosts) {
        expect(['svr04']).not.toContain(host.hostname);
        expect(host.accounts.map((a) => a.username)).not.toContain('phil');
        expect(host.accounts.map((a) => a.username)).not.toContain('richard');
        if (host.os.family !== 'linux') continue;
        const { distro, version, openssh, kernel } = host.os;
        if (distro === 'ubuntu' && version === '22.04') {
          expect(openssh.banner).toMatch(/^SSH-2\.0-OpenSSH_8\.9p1 Ubuntu-3ubuntu0\.\d+$/);
          expect(kernel.release).toMatch(/^5\.15\.0-\d+-generic$/);
        }
        if (distro === 'debian' && version === '12') {
          expect(openssh.banner).toMatch(/^SSH-2\.0-OpenSSH_9\.2p1 Debian-2\+deb12u\d$/);
          expect(kernel.release).toMatch(/^6\.1\.0-\d+-amd64$/);
        }
        if (distro === 'rocky' || distro === 'almalinux')
          expect(kernel.release).toMatch(version === '9' ? /\.el9_\d\.x86_64$/ : /\.el8_\d+\.x86_64$/);
        expect(hostFileSystem(world, host.hostname).read('/etc/hostname')).toBe(`${host.hostname}\n`);
      }
    }
  });

  it('shares no hostname, username, SSH banner and kernel, file content or domain between two seeds', () => {
    for (const [a, b] of [
      [1, 2],
      [3, 4],
      [100, 101],
    ] as const) {
      const x = artefacts(big(a));
      const y = artefacts(big(b));
      expect(shared(x.hostnames, y.hostnames), `hostnames ${a}/${b}`).toEqual([]);
      expect(shared(x.usernames, y.usernames), `usernames ${a}/${b}`).toEqual([]);
      expect(shared(x.sshIdentity, y.sshIdentity), `ssh ${a}/${b}`).toEqual([]);
      expect(shared(x.files, y.files), `files ${a}/${b}`).toEqual([]);
      expect(shared(x.domains, y.domains), `domain ${a}/${b}`).toEqual([]);
    }
  });

  it('gives the same world for the same seed, except the host keys', async () => {
    const one = big(9);
    const two = big(9);
    expect(isDeepStrictEqual(one, two)).toBe(true);
    const small = testWorld();
    const keys = await attachHostKeys(small);
    const again = testWorld();
    const moreKeys = await attachHostKeys(again);
    const strip = (w: World) => JSON.stringify({ ...w, hosts: w.hosts.map((h) => ({ ...h, hostKeys: [] })) });
    expect(strip(small)).toBe(strip(again));
    expect(shared(new Set(keys.map((k) => k.publicKey)), new Set(moreKeys.map((k) => k.publicKey)))).toEqual([]);
  });

  it('writes host keys that ssh2 loads, ed25519, ECDSA and RSA 3072, one set per Linux host', async () => {
    const world = testWorld();
    const keys = await attachHostKeys(world);
    const linux = world.hosts.filter((h) => h.os.family === 'linux');
    expect(keys).toHaveLength(linux.length * 3);
    for (const pair of keys) {
      const parsed = ssh2.utils.parseKey(pair.privateKey);
      if (parsed instanceof Error) throw parsed;
      const key = Array.isArray(parsed) ? parsed[0]! : parsed;
      expect(key.type).toBe(pair.type);
      expect(`${key.type} ${key.getPublicSSH().toString('base64')}`).toBe(pair.publicKey);
      if (pair.type === 'ssh-rsa') expect(key.getPublicSSH().length).toBeGreaterThan(380);
    }
    expect(loadWorld(writeWorld(world)).ok).toBe(true);
    const host = linux[0]!;
    expect(hostFileSystem(world, host.hostname).read('/etc/ssh/ssh_host_ed25519_key.pub')).toContain(
      host.hostKeys[0]!.publicKey,
    );
  });

  it('writes natural Japanese business documents in ja worlds', () => {
    const world = big(6);
    const contents = world.hosts.flatMap((h) => h.files.map((f) => f.content ?? ''));
    expect(contents.some((c) => c.includes('議事録') && c.includes('出席者'))).toBe(true);
    expect(contents.some((c) => c.includes('価格表'))).toBe(true);
    expect(contents.some((c) => c.includes('社員番号,氏名,フリガナ'))).toBe(true);
    expect(contents.some((c) => c.includes('プロジェクト計画書'))).toBe(true);
  });
});
