import { createHash } from 'node:crypto';
import type { AuthContext, AuthenticationType } from 'ssh2';
import { DECOY_LIMITS } from '@cynex/core';
import { accountPassword } from '../../world/accounts.js';
import type { Host, World } from '../../world/schema.js';
import type { BoundedCounter } from '../limits.js';
import { clip, jitter, type ConnectionRecord } from './connection.js';

/**
 * Password, keyboard-interactive and public-key authentication against the world's accounts, like sshd:
 * every attempt is an `auth` event; a failure answers after a jittered delay (PAM's pam_unix waits about 2 s ±25 %);
 * after `maxAuthTries` failures the connection is dropped ("Too many authentication failures"); optionally a source
 * is let in after N failed attempts (counted per source address across connections).
 */

export interface AuthPolicy {
  world: World;
  host: Host;
  /** sshd's MaxAuthTries (6). */
  maxAuthTries: number;
  failureDelayMs: { min: number; max: number };
  acceptAfterAttempts?: number;
  /** Failed attempts per source address (shared by all connections of the service). */
  failures: BoundedCounter;
}

/** The methods sshd lists after a failure, from the distribution's stock sshd_config. */
export function advertisedMethods(host: Host): AuthenticationType[] {
  const rhel = host.os.family === 'linux' && ['rocky', 'rhel', 'almalinux'].includes(host.os.distro);
  // RHEL's sshd_config enables GSSAPI; ssh2 types only know the common names, the wire takes any.
  return rhel
    ? (['publickey', 'gssapi-keyex', 'gssapi-with-mic', 'password'] as AuthenticationType[])
    : ['publickey', 'password'];
}

/** True when the account exists on the host and the password is its password (compared in constant time). */
export function checkPassword(world: World, host: Host, username: string, password: string): boolean {
  const account = host.accounts.find((a) => a.username === username);
  if (!account) return false;
  const expected = account && accountPassword(world, account);
  if (expected === undefined) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(password).digest();
  return a.equals(b);
}

export function isPlanted(world: World, host: Host, username: string, password: string): boolean {
  return world.plantedCredentials.some(
    (c) => c.opens.host === host.hostname && c.username === username && c.password === password,
  );
}

export class SshAuthenticator {
  private failed = 0;
  private closed = false;

  constructor(
    private readonly policy: AuthPolicy,
    private readonly record: ConnectionRecord,
    /** Ends the connection (too many failures). */
    private readonly drop: () => void,
    /** Called once with the user name that got in. */
    private readonly onSuccess: (username: string) => void,
  ) {}

  /** The connection went away: pending delayed answers are dropped. */
  close(): void {
    this.closed = true;
  }

  handle(ctx: AuthContext): void {
    const methods = advertisedMethods(this.policy.host);
    switch (ctx.method) {
      case 'password':
        this.decide(ctx, 'password', ctx.username, ctx.password);
        return;
      case 'keyboard-interactive':
        ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => {
          this.decide(ctx, 'keyboard-interactive', ctx.username, answers[0] ?? '');
        });
        return;
      case 'publickey': {
        const fingerprint = `SHA256:${createHash('sha256').update(ctx.key.data).digest('base64').replace(/=+$/, '')}`;
        this.record.emit({
          kind: 'auth',
          method: 'publickey',
          username: clip(ctx.username, DECOY_LIMITS.usernameLength),
          fingerprint: clip(`${ctx.key.algo} ${fingerprint}`, DECOY_LIMITS.textLength),
          success: false,
        });
        // sshd answers a key it does not know without PAM's delay.
        this.fail(ctx, methods, { min: 1, max: 8 });
        return;
      }
      case 'none':
      case 'hostbased':
        // 'none' is the client asking which methods exist: not an attempt, not counted. Host-based is not offered.
        ctx.reject(methods);
    }
  }

  private decide(
    ctx: AuthContext,
    method: 'password' | 'keyboard-interactive',
    username: string,
    password: string,
  ): void {
    const { world, host, acceptAfterAttempts, failures } = this.policy;
    const ip = this.record.origin.src.ip;
    let success = checkPassword(world, host, username, password);
    if (!success && acceptAfterAttempts !== undefined && failures.get(ip) >= acceptAfterAttempts) success = true;
    const planted = success && isPlanted(world, host, username, password);
    this.record.emit({
      kind: 'auth',
      method,
      username: clip(username, DECOY_LIMITS.usernameLength),
      password: clip(password, DECOY_LIMITS.passwordLength),
      success,
      ...(planted ? { planted: true } : {}),
    });
    if (success) {
      failures.reset(ip);
      this.onSuccess(username);
      ctx.accept();
      return;
    }
    failures.increment(ip);
    this.fail(ctx, advertisedMethods(host));
  }

  private fail(
    ctx: AuthContext,
    methods: AuthenticationType[],
    delay: { min: number; max: number } = this.policy.failureDelayMs,
  ): void {
    this.failed += 1;
    const tooMany = this.failed >= this.policy.maxAuthTries;
    setTimeout(() => {
      if (this.closed) return;
      ctx.reject(methods);
      // sshd disconnects instead of answering the last failure; libssh clients (hydra) then hang until their own
      // timeout, so the failure is answered first and the disconnect follows at once.
      if (tooMany) this.drop();
    }, jitter(delay)).unref();
  }
}
