import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { UserActor } from '../../platform/actor.js';
import { cases, notifications } from '../cases/cases.table.js';

/**
 * Notifications shown in the console's bell: mentions in comments, case assignments, member alerts and embargo
 * reminders of vulnerability cases.
 */
export class NotificationsService {
  constructor(private readonly db: Db) {}

  async notify(values: (typeof notifications.$inferInsert)[]): Promise<void> {
    if (values.length > 0) await this.db.insert(notifications).values(values);
  }

  async list(actor: UserActor) {
    const mine = eq(notifications.userId, actor.userId);
    const [items, unread] = await Promise.all([
      this.db
        .select({
          id: notifications.id,
          kind: notifications.kind,
          caseId: notifications.casePk,
          caseRef: cases.caseId,
          link: notifications.link,
          text: notifications.text,
          createdAt: notifications.createdAt,
          readAt: notifications.readAt,
        })
        .from(notifications)
        .leftJoin(cases, eq(cases.id, notifications.casePk))
        .where(mine)
        .orderBy(desc(notifications.createdAt))
        .limit(50),
      this.db
        .select({ n: count() })
        .from(notifications)
        .where(and(mine, isNull(notifications.readAt))),
    ]);
    return { items, unread: unread[0]?.n ?? 0 };
  }

  async markRead(actor: UserActor, id?: string): Promise<void> {
    const where = and(
      eq(notifications.userId, actor.userId),
      isNull(notifications.readAt),
      id ? eq(notifications.id, id) : undefined,
    );
    const rows = await this.db
      .update(notifications)
      .set({ readAt: new Date() })
      .where(where)
      .returning({ id: notifications.id });
    if (id && rows.length === 0) throw new AppError('NOTIFICATION_NOT_FOUND', 'no such unread notification');
  }
}
