import { createHash } from 'node:crypto';
import { accountPassword } from '../../../world/accounts.js';
import type { Host } from '../../../world/schema.js';
import type { CommandFn, CommandContext } from '../shell.js';
import { worldHost } from './network.js';
import { sleep } from './util.js';

/**
 * ssh inside the world: the target resolves by name, FQDN or address to one of the world's hosts, the password is
 * checked against that host's accounts, every attempt is an `auth` event and the outcome a `pivot` event; on success
 * the terminal is handed to a shell on the target until it exits.
 */

const VALUE_FLAGS = 'p:l:i:o:F:J:L:R:D:b:c:E:e:m:O:Q:S:W:w:B:I:';

function fingerprint(host: Host): { type: string; hash: string } {
  const key = host.hostKeys.find((k) => k.type === 'ssh-ed25519') ?? host.hostKeys[0];
  const blob = key
    ? Buffer.from(key.publicKey.split(' ')[1]!, 'base64')
    : createHash('sha256').update(`hostkey:${host.hostname}`).digest();
  const type = key?.type === 'ssh-rsa' ? 'RSA' : key?.type === 'ecdsa-sha2-nistp256' ? 'ECDSA' : 'ED25519';
  return { type, hash: createHash('sha256').update(blob).digest('base64').replace(/=+$/, '') };
}

function knownHostsPath(ctx: CommandContext): string {
  return `${ctx.sh.fs.home}/.ssh/known_hosts`;
}

function isKnown(ctx: CommandContext, name: string, host: Host): boolean {
  try {
    const text = ctx.sh.fs.readFile(knownHostsPath(ctx)).toString('utf8');
    return text
      .split('\n')
      .some((l) => l.split(/[\s,]+/).some((n) => n === name || n === host.ip || n === host.hostname));
  } catch {
    return false;
  }
}

function remember(ctx: CommandContext, name: string, host: Host): void {
  try {
    const dir = `${ctx.sh.fs.home}/.ssh`;
    if (!ctx.sh.fs.stat(dir)) ctx.sh.fs.mkdir(dir, 0o700);
    const path = knownHostsPath(ctx);
    const before = ctx.sh.fs.stat(path) ? ctx.sh.fs.readFile(path) : Buffer.alloc(0);
    const key =
      host.hostKeys[0]?.publicKey ??
      `ssh-ed25519 ${createHash('sha256').update(`hostkey:${host.hostname}`).digest('base64')}`;
    ctx.sh.writeData(path, Buffer.concat([before, Buffer.from(`${name} ${key}\n`)]), 0o644);
  } catch {
    // an unwritable home: ssh still connects, it just cannot remember the key
  }
}

const ssh: CommandFn = async (ctx) => {
  const sh = ctx.sh;
  const flags = new Map<string, string | true>();
  let index = 0;
  for (; index < ctx.args.length; index++) {
    const arg = ctx.args[index]!;
    if (!arg.startsWith('-') || arg.length < 2) break;
    for (let j = 1; j < arg.length; j++) {
      const c = arg[j]!;
      if (VALUE_FLAGS.includes(`${c}:`)) {
        flags.set(c, arg.slice(j + 1) || (ctx.args[++index] ?? ''));
        break;
      }
      flags.set(c, true);
    }
  }
  if (flags.has('V')) {
    const os = sh.host.os;
    ctx.err(
      `${os.family === 'linux' ? `OpenSSH_${os.openssh.version.replace(/^OpenSSH_/, '')}` : 'OpenSSH_for_Windows_9.5p1'}, OpenSSL 3.0.7 1 Nov 2022\n`,
    );
    return 0;
  }
  const dest = ctx.args[index];
  if (dest === undefined) {
    ctx.err(
      'usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]\n           [-c cipher_spec] [-D [bind_address:]port] [-E log_file]\n           [-e escape_char] [-F configfile] [-I pkcs11] [-i identity_file]\n           [-J destination] [-L address] [-l login_name] [-m mac_spec]\n           [-O ctl_cmd] [-o option] [-P tag] [-p port] [-R address]\n           [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]\n           destination [command [argument ...]]\n',
    );
    return 255;
  }
  const command = ctx.args.slice(index + 1).join(' ') || undefined;
  const parsed = /^(?:ssh:\/\/)?(?:([^@]+)@)?([^:@/]+)(?::(\d+))?$/.exec(dest);
  const user = parsed?.[1] ?? (typeof flags.get('l') === 'string' ? String(flags.get('l')) : sh.username);
  const name = parsed?.[2] ?? dest;
  const port = Number(parsed?.[3] ?? flags.get('p') ?? 22) || 22;
  const target = worldHost(ctx, name);
  const pivot = (outcome: 'established' | 'refused') =>
    sh.emit({ kind: 'pivot', target: { host: (target?.hostname ?? name).slice(0, 255), port }, outcome });
  await sleep(80 + Math.random() * 150, ctx.io.signal);
  if (!target) {
    pivot('refused');
    if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) {
      await sleep(2000, ctx.io.signal);
      ctx.err(`ssh: connect to host ${name} port ${port}: Connection timed out\n`);
    } else ctx.err(`ssh: Could not resolve hostname ${name.toLowerCase()}: Name or service not known\n`);
    return 255;
  }
  if (port !== 22) {
    pivot('refused');
    ctx.err(`ssh: connect to host ${name} port ${port}: Connection refused\n`);
    return 255;
  }
  if (!ctx.io.interactive || !ctx.io.nest) {
    pivot('refused');
    ctx.err(
      isKnown(ctx, name, target)
        ? `Permission denied, please try again.\r\nPermission denied, please try again.\r\n${user}@${name}: Permission denied (publickey,gssapi-keyex,gssapi-with-mic,password).\n`
        : 'Host key verification failed.\n',
    );
    return 255;
  }
  if (!isKnown(ctx, name, target)) {
    const fp = fingerprint(target);
    ctx.out(
      `The authenticity of host '${name} (${target.ip})' can't be established.\n${fp.type} key fingerprint is SHA256:${fp.hash}.\nThis key is not known by any other names\n`,
    );
    let answer = await ctx.io.ask('Are you sure you want to continue connecting (yes/no/[fingerprint])? ', true);
    for (let i = 0; i < 3 && answer !== undefined && !['yes', 'no'].includes(answer.trim().toLowerCase()); i++)
      answer = await ctx.io.ask("Please type 'yes', 'no' or the fingerprint: ", true);
    if (answer?.trim().toLowerCase() !== 'yes') {
      pivot('refused');
      ctx.err('Host key verification failed.\n');
      return 255;
    }
    remember(ctx, name, target);
    ctx.err(`Warning: Permanently added '${name}' (${fp.type}) to the list of known hosts.\n`);
  }
  const account = target.accounts.find((a) => a.username === user);
  const expected = account ? accountPassword(sh.runtime.world, account) : undefined;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const password = await ctx.io.ask(`${user}@${name}'s password: `, false);
    if (password === undefined) {
      pivot('refused');
      return 255;
    }
    ctx.out('\n');
    const success = expected !== undefined && password === expected;
    const planted = sh.runtime.world.plantedCredentials.some(
      (c) =>
        c.opens.host.toLowerCase() === target.hostname.toLowerCase() && c.username === user && c.password === password,
    );
    sh.emitAt(target.hostname, {
      kind: 'auth',
      method: 'password',
      username: user.slice(0, 256),
      password: password.slice(0, 256),
      success,
      ...(planted ? { planted } : {}),
    });
    if (success) {
      pivot('established');
      const status = await ctx.io.nest(target, user, command);
      if (command === undefined) ctx.err(`Connection to ${name} closed.\n`);
      return status;
    }
    await sleep(1500 + Math.random() * 800, ctx.io.signal);
    if (attempt < 3) ctx.err('Permission denied, please try again.\n');
  }
  pivot('refused');
  ctx.err(`${user}@${name}: Permission denied (publickey,gssapi-keyex,gssapi-with-mic,password).\n`);
  return 255;
};

/** scp and rsync to a remote end: they fail the way a locked-down server makes them fail. */
const copyRemote: CommandFn = async (ctx) => {
  const remote = ctx.args.find((a) => /^[^/]*:/.test(a) && !a.startsWith('-'));
  if (!remote) {
    if (ctx.name === 'scp') {
      ctx.err(
        'usage: scp [-346ABCOpqRrsTv] [-c cipher] [-D sftp_server_path] [-F ssh_config]\n           [-i identity_file] [-J destination] [-l limit] [-o ssh_option]\n           [-P port] [-S program] [-X sftp_option] source ... target\n',
      );
      return 1;
    }
    ctx.err(
      'rsync: change_dir "/" failed: Permission denied (13)\nrsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1338) [sender=3.2.7]\n',
    );
    return 23;
  }
  const hostPart = remote.slice(0, remote.indexOf(':'));
  const name = hostPart.includes('@') ? hostPart.slice(hostPart.indexOf('@') + 1) : hostPart;
  const target = worldHost(ctx, name);
  ctx.sh.emit({
    kind: 'pivot',
    target: { host: (target?.hostname ?? name).slice(0, 255) || 'unknown', port: 22 },
    outcome: 'refused',
  });
  await sleep(150 + Math.random() * 300, ctx.io.signal);
  const why = target
    ? 'Host key verification failed.'
    : `ssh: Could not resolve hostname ${name.toLowerCase()}: Name or service not known`;
  if (ctx.name === 'scp') ctx.err(`${why}\nscp: Connection closed\n`);
  else
    ctx.err(
      `${why}\nrsync: connection unexpectedly closed (0 bytes received so far) [sender]\nrsync error: unexplained error (code 255) at io.c(232) [sender=3.2.7]\n`,
    );
  return ctx.name === 'scp' ? 255 : 255;
};

export const SSH_COMMANDS: Record<string, CommandFn> = { ssh, scp: copyRemote, rsync: copyRemote, sftp: copyRemote };
