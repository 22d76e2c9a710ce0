import { createHmac, timingSafeEqual } from 'node:crypto';

/** `link`: the short-lived token in the URL the hub hands out; `cookie`: what the view's origin keeps after it. */
export type LabViewTokenKind = 'link' | 'cookie';

export interface LabViewClaims {
  instanceId: string;
  userId: string;
}

const MAX_TOKEN_LENGTH = 512;

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

/**
 * A signed, expiring token naming one instance and its learner.
 * @example signLabViewToken(key, 'link', { instanceId, userId }, Date.now() + 60_000) // 'bGluay5…'
 */
export function signLabViewToken(key: Buffer, kind: LabViewTokenKind, claims: LabViewClaims, expiresMs: number) {
  const payload = `${kind}\n${claims.instanceId}\n${claims.userId}\n${expiresMs}`;
  return `${Buffer.from(payload).toString('base64url')}.${mac(key, payload).toString('base64url')}`;
}

/** The claims of a genuine, unexpired token of that kind for that instance; undefined for anything else. */
export function verifyLabViewToken(
  key: Buffer,
  kind: LabViewTokenKind,
  token: string,
  instanceId: string,
  nowMs: number,
): LabViewClaims | undefined {
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  const [encoded, signature, ...rest] = token.split('.');
  if (!encoded || !signature || rest.length > 0) return undefined;
  const payload = Buffer.from(encoded, 'base64url').toString('utf8');
  const expected = mac(key, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const [tokenKind, tokenInstance, userId, expires] = payload.split('\n');
  if (tokenKind !== kind || tokenInstance !== instanceId || !userId) return undefined;
  if (!(Number(expires) > nowMs)) return undefined;
  return { instanceId, userId };
}
