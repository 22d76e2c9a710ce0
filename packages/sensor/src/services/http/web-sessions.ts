import { randomBytes } from 'node:crypto';
import type { MailUser } from '../mail-store.js';

/** Signed-in browser sessions (cookie → user), bounded in number and age so a flood cannot grow memory. */
export class WebSessions {
  private readonly sessions = new Map<string, { user: MailUser; expires: number }>();

  constructor(
    private readonly now: () => number,
    private readonly max = 10_000,
    private readonly ttlMs = 8 * 3_600_000,
  ) {}

  open(user: MailUser): string {
    if (this.sessions.size >= this.max) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    const id = randomBytes(16).toString('hex');
    this.sessions.set(id, { user, expires: this.now() + this.ttlMs });
    return id;
  }

  find(id: string | undefined): MailUser | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (session.expires < this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return session.user;
  }

  drop(id: string): void {
    this.sessions.delete(id);
  }
}

/** The PHPSESSID cookie of a request, when it has the shape we issue. */
export function sessionCookie(header: string | undefined): string | undefined {
  const match = /(?:^|;\s*)PHPSESSID=([0-9a-f]{32})(?:;|$)/.exec(header ?? '');
  return match?.[1];
}
