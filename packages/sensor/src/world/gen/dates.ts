import type { Random } from '../random.js';

const DAY = 86_400_000;

/** The world's present and its time zone: every generated date is at or before `now`, in office hours where it fits. */
export class Clock {
  constructor(
    readonly now: Date,
    /** Minutes east of UTC: 540 for Japan, 0 for the UK in winter. */
    readonly offsetMinutes: number,
  ) {}

  daysAgo(days: number): Date {
    return new Date(this.now.getTime() - days * DAY);
  }

  /** A moment during office hours (local time) on a weekday between two dates, never after now. */
  officeTime(random: Random, from: Date, to: Date = this.now): Date {
    const start = Math.min(from.getTime(), to.getTime());
    const end = Math.min(to.getTime(), this.now.getTime());
    for (let tries = 0; tries < 20; tries++) {
      const day = new Date(start + random.next() * Math.max(0, end - start));
      const local = new Date(day.getTime() + this.offsetMinutes * 60_000);
      if (local.getUTCDay() === 0 || local.getUTCDay() === 6) continue;
      local.setUTCHours(random.int(8, 18), random.int(0, 59), random.int(0, 59), 0);
      const utc = new Date(local.getTime() - this.offsetMinutes * 60_000);
      if (utc.getTime() >= start && utc.getTime() <= end) return utc;
    }
    return new Date(Math.max(start, end - random.int(60, 3600) * 1000));
  }

  /** ISO 8601 in the world's zone: 2025-03-04T09:12:00+09:00. */
  iso(date: Date): string {
    const local = new Date(date.getTime() + this.offsetMinutes * 60_000);
    const sign = this.offsetMinutes >= 0 ? '+' : '-';
    const abs = Math.abs(this.offsetMinutes);
    const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    return `${local.toISOString().slice(0, 19)}${zone}`;
  }

  /** The local calendar date, as people write it. */
  local(date: Date): { y: number; m: number; d: number; weekday: number; hh: number; mm: number } {
    const l = new Date(date.getTime() + this.offsetMinutes * 60_000);
    return {
      y: l.getUTCFullYear(),
      m: l.getUTCMonth() + 1,
      d: l.getUTCDate(),
      weekday: l.getUTCDay(),
      hh: l.getUTCHours(),
      mm: l.getUTCMinutes(),
    };
  }
}

export const dateOnly = (date: Date) => date.toISOString().slice(0, 10);
export { DAY };
