/** Locale-aware formatting. English uses en-GB (day month year), Japanese uses ja-JP. */
import type { Bilingual, Lang } from './types';

function locale(lang: Lang): string {
  return lang === 'ja' ? 'ja-JP' : 'en-GB';
}

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: Lang, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const cacheKey = `${lang}:${key}`;
  let found = cache.get(cacheKey);
  if (!found) {
    found = new Intl.DateTimeFormat(locale(lang), options);
    cache.set(cacheKey, found);
  }
  return found;
}

/** A calendar date ('YYYY-MM-DD'), shown without time-zone shifts. */
export function formatDate(value: string | null | undefined, lang: Lang): string {
  if (!value) return '';
  const date = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return value;
  return formatter(lang, 'date', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(date);
}

/** An instant (ISO 8601), in the browser's time zone. */
export function formatDateTime(value: string | null | undefined, lang: Lang): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return formatter(lang, 'datetime', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

/** A month ('YYYY-MM'). */
export function formatMonth(value: string, lang: Lang): string {
  const date = new Date(`${value}-01T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return value;
  return formatter(lang, 'month', { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(date);
}

/** A short relative time ("3 min ago" / "3 分前"), falling back to the date after a week. */
export function formatRelative(value: string, lang: Lang, now = Date.now()): string {
  const then = new Date(value).getTime();
  if (Number.isNaN(then)) return value;
  const seconds = Math.round((then - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale(lang), { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86_400) return rtf.format(Math.round(seconds / 86_400), 'day');
  return formatDateTime(value, lang);
}

export function formatNumber(value: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang)).format(value);
}

export function formatBytes(size: number, lang: Lang): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : value < 10 ? 1 : 0;
  return `${new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** Picks the text for the language, falling back to the other one when empty. */
export function pick(text: Bilingual, lang: Lang): string {
  return (lang === 'ja' ? text.ja || text.en : text.en || text.ja) ?? '';
}

/** An organisation's name in the language, falling back to the other one. */
export function orgName(org: { nameEn?: string; nameJa?: string } | undefined, lang: Lang): string {
  if (!org) return '';
  return pick({ en: org.nameEn ?? '', ja: org.nameJa ?? '' }, lang);
}

/** `<input type="datetime-local">` value for an instant, in local time. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** An ISO instant from a datetime-local value, or null when it is empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Full link for a one-time link path the hub returns (it may already be absolute). */
export function absoluteLink(link: string): string {
  return /^https?:\/\//.test(link) ? link : `${window.location.origin}${link.startsWith('/') ? '' : '/'}${link}`;
}
