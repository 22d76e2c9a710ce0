import {
  formatWorldError,
  generateWorld,
  loadWorld,
  nodeKeyMaker,
  writeWorld,
  type KeyMaker,
  type World,
} from '@cynex/sensor';
import type { DecoyBindings } from '@cynex/core';
import { AppError } from '../../errors.js';
import type { DecoyHostKeys } from './decoy.table.js';
import type { worldGenerateSchema } from './decoy.schema.js';
import type { z } from 'zod';

const KEY_TYPES = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ssh-rsa'] as const;
const KEY_FILES = {
  'ssh-ed25519': 'ssh_host_ed25519_key',
  'ecdsa-sha2-nistp256': 'ssh_host_ecdsa_key',
  'ssh-rsa': 'ssh_host_rsa_key',
} as const;

/** A world ready to store: its YAML (with the public host keys) and the private keys by hostname. */
export interface PreparedWorld {
  world: World;
  definition: string;
  hostKeys: DecoyHostKeys;
}

/** Parses and validates YAML; every problem (line, column, field) goes back in the 400. */
export function parseDefinition(yaml: string): World {
  const result = loadWorld(yaml, 'world.yaml');
  if (result.ok) return result.world;
  throw new AppError('VALIDATION_FAILED', `the world definition is not valid: ${formatWorldError(result.errors[0]!)}`, {
    fields: result.errors.map((e) => ({
      path: `definition${e.path ? `.${e.path}` : ''}`,
      message: `line ${e.line}, column ${e.column}: ${e.message}`,
    })),
  });
}

export function generateDefinition(options: z.infer<typeof worldGenerateSchema>, now: Date): World {
  return generateWorld({ ...options, now });
}

/**
 * Gives every Linux host its SSH host keys: the stored ones for a hostname the world had before (so an edit does
 * not change the fingerprints an intruder has seen), new ones from real randomness otherwise. The YAML then names
 * the public halves; the private halves are returned to be stored and sent to the world's sensor only.
 */
export async function withHostKeys(
  world: World,
  previous?: { world: World; hostKeys: DecoyHostKeys },
  make: KeyMaker = nodeKeyMaker,
): Promise<PreparedWorld> {
  const hostKeys: DecoyHostKeys = {};
  // The public halves are in the previous definition, in the order of the stored private halves.
  const kept = new Map<string, { type: string; publicKey: string; privateKey: string }[]>();
  for (const host of previous?.world.hosts ?? []) {
    const privates = previous?.hostKeys[host.hostname] ?? [];
    kept.set(
      host.hostname,
      host.hostKeys.flatMap((k, i) =>
        privates[i] ? [{ type: k.type, publicKey: k.publicKey, privateKey: privates[i] }] : [],
      ),
    );
  }
  await Promise.all(
    world.hosts
      .filter((h) => h.os.family === 'linux')
      .map(async (host) => {
        const before = kept.get(host.hostname) ?? [];
        const pairs: { type: (typeof KEY_TYPES)[number]; privateKey: string; publicKey: string }[] = [];
        for (const type of KEY_TYPES) {
          const existing = before.find((k) => k.type === type);
          if (existing) pairs.push({ type, privateKey: existing.privateKey, publicKey: existing.publicKey });
          else pairs.push({ type, ...(await make(type)) });
        }
        host.hostKeys = pairs.map((p) => ({
          type: p.type,
          publicKey: p.publicKey,
          privateKeyFile: `keys/${host.hostname}/${KEY_FILES[p.type]}`,
        }));
        hostKeys[host.hostname] = pairs.map((p) => p.privateKey);
      }),
  );
  return { world, definition: writeWorld(world), hostKeys };
}

const LOOPBACK = /^(127\.|::1$|0:0:0:0:0:0:0:1$)/;

/** Refuses a binding to a non-loopback address unless the operator asked for it. */
export function checkBindings(bindings: DecoyBindings, allowPublic: boolean): void {
  if (allowPublic) return;
  const exposed = Object.entries(bindings).filter(([, b]) => b && !LOOPBACK.test(b.host));
  if (exposed.length === 0) return;
  throw new AppError('VALIDATION_FAILED', 'binding to a non-loopback address exposes the world: set allowPublic', {
    fields: exposed.map(([service, b]) => ({
      path: `bindings.${service}.host`,
      message: `${b.host} is not a loopback address; send allowPublic: true to bind it`,
    })),
  });
}

/** The environment part of NICT-style case ids: the id uppercased, non-alphanumerics dropped, ≤ 12 characters. */
export function environmentCodeOf(id: string): string {
  return (
    id
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, 12) || 'DECOY'
  );
}
