/** Counts per month ("YYYY-MM"), as the hub's statistics return them. */
export interface MonthCount {
  month: string;
  count: number;
}

const MONTH = /^(\d{4})-(\d{2})$/;

/**
 * Every month from the first to the last entry, in order, with 0 for the months that have no entry: a chart that
 * skipped them would put November 2022 right beside January 2023 and hide the gap. Malformed months are dropped.
 * @example fillMonths([{ month: '2022-11', count: 2 }, { month: '2023-01', count: 1 }])
 * // [{ month: '2022-11', count: 2 }, { month: '2022-12', count: 0 }, { month: '2023-01', count: 1 }]
 */
export function fillMonths(entries: readonly MonthCount[]): MonthCount[] {
  const counts = new Map<number, number>();
  for (const entry of entries) {
    const match = MONTH.exec(entry.month);
    if (!match) continue;
    const index = Number(match[1]) * 12 + Number(match[2]) - 1;
    counts.set(index, (counts.get(index) ?? 0) + entry.count);
  }
  if (counts.size === 0) return [];
  const first = Math.min(...counts.keys());
  const last = Math.max(...counts.keys());
  const filled: MonthCount[] = [];
  for (let index = first; index <= last; index += 1) {
    const month = `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
    filled.push({ month, count: counts.get(index) ?? 0 });
  }
  return filled;
}
