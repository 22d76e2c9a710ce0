import { createServer, type Server as NetServer, type Socket } from 'node:net';
import ssh2, { type Connection } from 'ssh2';
import { DECOY_LIMITS } from '@cynex/core';
import type { ServiceHandle, WorldRuntime } from '../contracts.js';
import { BoundedCounter, SourceGuard } from '../limits.js';
import { openSshOffer } from './algorithms.js';
import { SshAuthenticator } from './auth.js';
import { ConnectionRecord, clip, entryHostOf } from './connection.js';
import { hasshOf, KexInitSniffer } from './kexinit.js';
import { SshSessionHost } from './session.js';
import { listenOn } from '../listen.js';

/**
 * The SSH transport of a world (ssh2's Server; we never parse the encrypted transport ourselves). A plain TCP
 * listener accepts, applies the per-source guard, records `connect`, reads the client's identification and KEXINIT
 * from the clear-text start of the stream (HASSH), then hands the socket to ssh2 with `injectSocket`. The server
 * presents the entry host's OpenSSH identification string and OpenSSH's algorithm order for that release.
 */

export interface SshServiceOptions {
  runtime: WorldRuntime;
  binding: { host: string; port: number };
  /** Hostname of the world host that answers (default: the first Linux host with an ssh service). */
  entryHost?: string;
  /** Let a source in after this many failed password attempts (counted per source address). */
  acceptAfterAttempts?: number;
  /** sshd's MaxAuthTries (default 6). */
  maxAuthTries?: number;
  /** Delay before a failed password is answered (default 1.5–2.5 s, like PAM's pam_unix). */
  failureDelayMs?: { min: number; max: number };
}

export const DEFAULT_FAILURE_DELAY_MS = { min: 1_500, max: 2_500 };

interface Live {
  record: ConnectionRecord;
  socket: Socket;
  release(): void;
  timers: NodeJS.Timeout[];
  authenticator?: SshAuthenticator;
  sessions?: SshSessionHost;
}

export async function startSshService(options: SshServiceOptions): Promise<ServiceHandle> {
  const { runtime } = options;
  const host = entryHostOf(runtime.world, 'ssh', options.entryHost);
  if (host.os.family !== 'linux') throw new Error(`${host.hostname} is not a Linux host`);
  const keys = runtime.hostKeys.get(host.hostname);
  if (!keys || keys.length === 0) throw new Error(`no SSH host keys for ${host.hostname}`);
  const offer = openSshOffer(host);
  const ident = host.os.openssh.banner.replace(/^SSH-2\.0-/, '');
  // sshd loads its keys RSA, ECDSA, Ed25519 (the default HostKey order), which sets the host-key algorithm order.
  const ordered = [...keys].sort((a, b) => keyRank(a) - keyRank(b));

  const guard = new SourceGuard(runtime.limits);
  const failures = new BoundedCounter();
  const live = new Map<string, Live>();
  const byRecord = new Set<Live>();

  const server = new ssh2.Server({
    hostKeys: ordered,
    ident,
    algorithms: {
      kex: offer.kex,
      serverHostKey: offer.serverHostKey,
      cipher: offer.cipher,
      hmac: offer.hmac,
      compress: offer.compress,
    } as ssh2.Algorithms,
  });
  server.on('error', () => {});
  server.on('connection', (client: Connection, info) => {
    const entry = live.get(`${info.ip}|${info.port}`);
    if (!entry) {
      client.end();
      return;
    }
    attachClient(client, entry);
  });

  const attachClient = (client: Connection, entry: Live) => {
    const { record } = entry;
    client.on('error', () => {});
    entry.authenticator = new SshAuthenticator(
      {
        world: runtime.world,
        host,
        maxAuthTries: options.maxAuthTries ?? 6,
        failureDelayMs: options.failureDelayMs ?? DEFAULT_FAILURE_DELAY_MS,
        acceptAfterAttempts: options.acceptAfterAttempts,
        failures,
      },
      record,
      () => entry.socket.destroy(),
      (username) => {
        entry.sessions = new SshSessionHost(record, username);
        // Authenticated: the auth timeout no longer applies.
        clearTimeout(entry.timers.shift());
      },
    );
    client.on('authentication', (ctx) => entry.authenticator?.handle(ctx));
    client.on('ready', () => {
      client.on('session', (accept, reject) => entry.sessions?.open(accept, reject));
      client.on('tcpip', (_accept, reject, info) => {
        record.emit({
          kind: 'pivot',
          target: { host: clip(info.destIP, 255), port: info.destPort & 0xffff },
          outcome: 'refused',
        });
        reject();
      });
      client.on('openssh.streamlocal', (_accept, reject) => reject());
      client.on('request', (_accept, reject) => reject?.());
    });
  };

  const onSocket = (socket: Socket) => {
    socket.on('error', () => {});
    const admission = guard.admit(socket.remoteAddress ?? '');
    if (!admission.ok) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const record = new ConnectionRecord(runtime, host, 'ssh', socket);
    const key = `${socket.remoteAddress}|${socket.remotePort}`;
    const entry: Live = { record, socket, release: () => admission.release(), timers: [] };
    live.set(key, entry);
    byRecord.add(entry);
    record.emit({ kind: 'connect' });

    entry.timers.push(
      setTimeout(() => socket.destroy(), runtime.limits.authTimeoutSeconds * 1000),
      setTimeout(() => socket.destroy(), runtime.limits.maxSessionSeconds * 1000),
    );

    const sniffer = new KexInitSniffer();
    const sniff = (chunk: Buffer) => {
      if (!sniffer.feed(chunk)) return;
      socket.off('data', sniff);
      const { ident: version, kexInit } = sniffer.result;
      if (version) record.emit({ kind: 'client_version', version: clip(version, DECOY_LIMITS.textLength) });
      if (kexInit) {
        record.emit({
          kind: 'client_kex',
          ...hasshOf(kexInit),
          kexAlgs: kexInit.kexAlgs.map((a) => clip(a, 256)),
          keyAlgs: kexInit.keyAlgs.map((a) => clip(a, 256)),
          encCS: kexInit.encCS.map((a) => clip(a, 256)),
          macCS: kexInit.macCS.map((a) => clip(a, 256)),
          compCS: kexInit.compCS.map((a) => clip(a, 256)),
          langCS: kexInit.langCS.map((a) => clip(a, 256)),
        });
      }
    };
    socket.on('data', sniff);

    socket.once('close', () => {
      socket.off('data', sniff);
      for (const timer of entry.timers) clearTimeout(timer);
      entry.authenticator?.close();
      entry.sessions?.close();
      live.delete(key);
      byRecord.delete(entry);
      entry.release();
      record.end();
    });
    server.injectSocket(socket);
  };

  const listener: NetServer = createServer({ noDelay: true }, onSocket);
  const port = await listenOn(listener, options.binding);

  return {
    address: { host: options.binding.host, port },
    async close() {
      const closed = new Promise<void>((resolve) => listener.close(() => resolve()));
      for (const entry of [...byRecord]) entry.socket.destroy();
      await closed;
      // 'close' handlers ran for every destroyed socket: each session has its disconnect event.
      for (const entry of [...byRecord]) entry.record.end();
    },
  };
}

function keyRank(key: string): number {
  const parsed = ssh2.utils.parseKey(key);
  const type = parsed instanceof Error ? '' : ((Array.isArray(parsed) ? parsed[0]?.type : parsed.type) ?? '');
  return type === 'ssh-rsa' ? 0 : type.startsWith('ecdsa') ? 1 : 2;
}
