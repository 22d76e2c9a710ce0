import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';

/** Thrown when more password work waits than the queue takes: the caller answers "busy, try again". */
export class PasswordWorkBusy extends Error {
  constructor() {
    super('too much password hashing is waiting');
    this.name = 'PasswordWorkBusy';
  }
}

/**
 * Bounds concurrent argon2 work. argon2 runs on libuv's thread pool (4 threads by default), which file reads and
 * DNS lookups share: unbounded, a sign-in flood fills it and every download waits behind the hashes. At most
 * `concurrency` hashes run at once and at most `maxWaiting` wait; beyond that, work is refused at once.
 */
export class PasswordWorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** The most hashes that ever ran at once (for tests and metrics). */
  peak = 0;

  constructor(
    readonly concurrency = 2,
    readonly maxWaiting = 64,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw new PasswordWorkBusy();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    this.peak = Math.max(this.peak, this.running);
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `running` never drops below the work in flight.
      if (next) next();
      else this.running -= 1;
    }
  }
}

/** The process's one queue: every argon2 call of the hub goes through it. */
export const passwordWork = new PasswordWorkQueue();

/** Password hashing: argon2id with the library's defaults (64 MiB, t=3, p=4). */
export const hashPassword = (password: string): Promise<string> =>
  passwordWork.run(() => argon2.hash(password, { type: argon2.argon2id }));

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    // Spend the same time as a real check so that unknown accounts cannot be told apart by timing.
    await hashPassword(password);
    return false;
  }
  try {
    return await passwordWork.run(() => argon2.verify(hash, password));
  } catch (error) {
    if (error instanceof PasswordWorkBusy) throw error;
    return false;
  }
}

/** A random secret for cookies, links and API tokens: 256 bits, base64url. */
export const randomSecret = (): string => randomBytes(32).toString('base64url');

/** Secrets with 256 bits of entropy are stored as their SHA-256; a slow hash adds nothing there. */
export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
