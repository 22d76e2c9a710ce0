import { AppError } from '../../errors.js';
import type { Actor, UserActor } from '../../platform/actor.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { CaseRow, CasesRepository } from './cases.repository.js';
import type { CasesService } from './cases.service.js';
import type { SharingDirectory } from './sharing-directory.js';

const MENTION = /@([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/** Comments on a case for the analyst community; `@email` mentions notify people who can read the case. */
export class CaseCommentsService {
  constructor(
    private readonly cases: CasesService,
    private readonly repo: CasesRepository,
    private readonly directory: SharingDirectory,
    private readonly notifications: NotificationsService,
    private readonly actorOf: (userId: string) => Promise<Actor | undefined>,
  ) {}

  /** Comments inherit the case's sharing: whoever may read the case reads its discussion. */
  async list(actor: Actor, id: string) {
    await this.cases.get(actor, id);
    return this.repo.comments(id);
  }

  async add(actor: Actor, id: string, body: string) {
    if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
    const current = await this.cases.get(actor, id);
    const emails = [...new Set([...body.matchAll(MENTION)].map((m) => m[1]!.toLowerCase()))].slice(0, 20);
    const users = await this.directory.usersByEmail(emails);
    const mentioned = await this.readersAmong(
      id,
      users.map((u) => u.id).filter((userId) => userId !== actor.userId),
    );
    const comment = await this.repo.insertComment({ casePk: id, authorId: actor.userId, body, mentions: mentioned });
    await this.notifications.notify(
      mentioned.map((userId) => ({
        userId,
        kind: 'mention' as const,
        casePk: id,
        text: `${actor.displayName} mentioned you on ${current.caseId}`,
      })),
    );
    return { ...comment, authorName: actor.displayName };
  }

  /** Tells analysts newly assigned to a case, if they may read it. */
  async notifyAssigned(actor: UserActor, row: CaseRow, userIds: string[]): Promise<void> {
    const readers = await this.readersAmong(
      row.id,
      userIds.filter((userId) => userId !== actor.userId),
    );
    await this.notifications.notify(
      readers.map((userId) => ({
        userId,
        kind: 'assigned' as const,
        casePk: row.id,
        text: `${actor.displayName} assigned you to ${row.caseId}`,
      })),
    );
  }

  /** Only people who may read the case hear about it; the rest are not told it exists. */
  private async readersAmong(casePk: string, userIds: string[]): Promise<string[]> {
    const readers: string[] = [];
    for (const userId of userIds) {
      const them = await this.actorOf(userId);
      if (them && (await this.repo.get(them, casePk))) readers.push(userId);
    }
    return readers;
  }
}
