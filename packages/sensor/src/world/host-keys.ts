import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { World } from './schema.js';

const { utils } = ssh2;

export interface HostKeyPair {
  hostname: string;
  type: 'ssh-ed25519' | 'ecdsa-sha2-nistp256' | 'ssh-rsa';
  /** OpenSSH private key file content (what ssh2's `hostKeys` option and `utils.parseKey` accept). */
  privateKey: string;
  /** "TYPE BASE64" */
  publicKey: string;
  /** Where it goes, relative to the world file. */
  file: string;
}

/** Makes SSH host keys from real randomness (never from the seed): no two deployments share a host key. */
export type KeyMaker = (type: HostKeyPair['type']) => Promise<{ privateKey: string; publicKey: string }>;

const fileName = {
  'ssh-ed25519': 'ssh_host_ed25519_key',
  'ecdsa-sha2-nistp256': 'ssh_host_ecdsa_key',
  'ssh-rsa': 'ssh_host_rsa_key',
} as const;

/** One key pair from ssh2's generator (node:crypto underneath, RSA 3072 in the thread pool), as OpenSSH files. */
const generate: KeyMaker = (type) =>
  new Promise((resolve, reject) => {
    const done = (error: Error | null, pair: { private: string; public: string }) => {
      if (error) reject(error);
      else resolve({ privateKey: pair.private, publicKey: pair.public.split(' ').slice(0, 2).join(' ') });
    };
    if (type === 'ssh-ed25519') utils.generateKeyPair('ed25519', done);
    else if (type === 'ssh-rsa') utils.generateKeyPair('rsa', { bits: 3072 }, done);
    else utils.generateKeyPair('ecdsa', { bits: 256 }, done);
  });

/**
 * ssh2's generator, keeping only pairs ssh2 itself can load: about one ed25519 pair in 256 comes out malformed
 * (its keygen strips a public key's leading zero byte; mscdex/ssh2#1390, #1513), and a world whose host key does
 * not load cannot start. Such a pair is thrown away and another drawn.
 */
export const nodeKeyMaker: KeyMaker = async (type) => {
  for (let attempt = 1; ; attempt++) {
    const pair = await generate(type);
    const loads = [pair.privateKey, pair.publicKey].every((key) => !(utils.parseKey(key) instanceof Error));
    if (loads) return pair;
    if (attempt >= 16) throw new Error(`ssh2 generated ${attempt} ${type} keys it cannot load`);
  }
};

/** Adds host keys to every Linux host (ed25519, ECDSA P-256, RSA 3072) and returns the private halves to store. */
export async function attachHostKeys(world: World, make: KeyMaker = nodeKeyMaker): Promise<HostKeyPair[]> {
  const pairs: HostKeyPair[] = [];
  await Promise.all(
    world.hosts
      .filter((h) => h.os.family === 'linux')
      .map(async (host) => {
        host.hostKeys = [];
        for (const type of ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ssh-rsa'] as const) {
          const { privateKey, publicKey } = await make(type);
          const file = `keys/${host.hostname}/${fileName[type]}`;
          host.hostKeys.push({ type, publicKey, privateKeyFile: file });
          pairs.push({ hostname: host.hostname, type, privateKey, publicKey, file });
        }
      }),
  );
  return pairs;
}

/** Writes the private keys (0600) and .pub files under a world's directory. */
export async function writeHostKeys(dir: string, pairs: readonly HostKeyPair[]): Promise<void> {
  for (const pair of pairs) {
    const path = join(dir, pair.file);
    await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
    await writeFile(path, pair.privateKey, { mode: 0o600 });
    await writeFile(`${path}.pub`, `${pair.publicKey} root@${pair.hostname}\n`);
  }
}
