import type { Mailer } from '../alerts/alerts.delivery.js';
import type { WorkerLog } from '../deliveries/delivery-worker.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { CvdCaseRow, CvdRepository } from './cvd.repository.js';

/** Days before the end of an embargo when its coordinators and reporter are reminded. */
export const EMBARGO_REMINDER_DAYS = [14, 7, 1] as const;
const DAY_MS = 86_400_000;

export interface ReminderReport {
  /** Reminders sent: one per case and reminder day. */
  sent: { caseId: string; ref: string; day: number; recipients: number }[];
}

/**
 * Embargo reminders: for every case still under coordination (not published or closed) whose embargo ends within
 * 14 days, an in-app notification (and an e-mail when the hub has SMTP) to its coordinators and its reporter at
 * 14, 7 and 1 day(s) before the end. Each reminder day is claimed in the case row before anything is sent, so each
 * goes once even with several hub instances; a case that enters the window late (an embargo set 5 days ahead)
 * gets only the reminder of the nearest day, the earlier days being marked as passed. Changing the embargo date
 * clears the days sent (the service does that).
 */
export class CvdReminders {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly repo: CvdRepository,
    private readonly notifications: NotificationsService,
    private readonly options: {
      clock?: () => Date;
      mailer?: Mailer | undefined;
      log?: WorkerLog | undefined;
      consoleUrl?: string;
    } = {},
  ) {}

  /** Runs every `intervalSeconds` (not at once: the first pass comes one interval after start). */
  start(intervalSeconds: number): void {
    if (intervalSeconds <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.run()
        .catch((error: unknown) => this.options.log?.warn({ err: error }, 'embargo reminders failed'))
        .finally(() => (this.running = undefined));
    }, intervalSeconds * 1000).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass: sends the reminders due now. */
  async run(): Promise<ReminderReport> {
    const now = this.options.clock?.() ?? new Date();
    const horizon = new Date(now.getTime() + Math.max(...EMBARGO_REMINDER_DAYS) * DAY_MS);
    const report: ReminderReport = { sent: [] };
    for (const row of await this.repo.embargoesEndingBefore(now, horizon)) {
      const left = row.embargoUntil!.getTime() - now.getTime();
      const due = EMBARGO_REMINDER_DAYS.filter((day) => left <= day * DAY_MS).sort((a, b) => b - a);
      let nearestClaimed = false;
      for (const day of due) {
        const claimed = await this.repo.claimReminder(row.id, day);
        if (day === due[due.length - 1]) nearestClaimed = claimed;
      }
      const nearest = due[due.length - 1];
      if (nearest === undefined || !nearestClaimed) continue;
      const recipients = await this.send(row, nearest, left);
      report.sent.push({ caseId: row.id, ref: row.ref, day: nearest, recipients });
    }
    return report;
  }

  private async send(row: CvdCaseRow, day: number, leftMs: number): Promise<number> {
    const userIds = [...new Set([...row.coordinatorUserIds, ...(row.reporterUserId ? [row.reporterUserId] : [])])];
    const people = await this.repo.userNames(userIds);
    const daysLeft = Math.max(1, Math.ceil(leftMs / DAY_MS));
    const ends = row.embargoUntil!.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
    const title = row.titleEn || row.titleJa;
    const text = `${row.ref}: embargo ends in ${daysLeft} day${daysLeft === 1 ? '' : 's'} (${ends}) / 禁止期間の終了まで残り${daysLeft}日`;
    await this.notifications.notify(
      people.map((p) => ({ userId: p.id, kind: 'cvd' as const, link: `/cvd/${row.id}`, text })),
    );
    const mailer = this.options.mailer;
    if (mailer && people.length > 0) {
      const link = this.options.consoleUrl ? `\n${this.options.consoleUrl.replace(/\/+$/, '')}/cvd/${row.id}` : '';
      await mailer
        .send({
          to: people.map((p) => p.email),
          subject: `[cynex] ${row.ref}: embargo ends in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`,
          text: `${row.ref} ${title}\nThe embargo ends ${ends} (${day}-day reminder).${link}\n`,
          idempotencyKey: `cvd-embargo-${row.id}-${day}-${row.embargoUntil!.getTime()}`,
        })
        .catch((error: unknown) => this.options.log?.warn({ err: error }, 'embargo reminder e-mail failed'));
    }
    return people.length;
  }
}
