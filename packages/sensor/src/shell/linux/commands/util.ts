import type { World } from '../../../world/schema.js';
import type { FileStat } from '../../contract.js';
import { fsMessage, type CommandContext } from '../shell.js';

export interface Opts {
  flags: Map<string, string | true>;
  rest: string[];
  /** The first unknown option, if any. */
  bad?: string;
}

/**
 * getopt-style parsing: `optstring` lists single-letter flags, `x:` takes a value; `long` maps long options to a
 * letter (`--lines=` → `n:`). Options and operands may mix, as GNU tools allow; `--` ends the options.
 */
export function getopt(args: readonly string[], optstring: string, long: Record<string, string> = {}): Opts {
  const flags = new Map<string, string | true>();
  const rest: string[] = [];
  const takesValue = (c: string) => optstring.includes(`${c}:`);
  let result: Opts = { flags, rest };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const [name, value] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const letter = long[name];
      if (letter === undefined) {
        result = { ...result, bad: arg };
        continue;
      }
      if (takesValue(letter)) flags.set(letter, value ?? args[++i] ?? '');
      else flags.set(letter, true);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1 && !/^-\d+$/.test(arg)) {
      for (let j = 1; j < arg.length; j++) {
        const c = arg[j]!;
        if (!optstring.includes(c)) {
          result = { ...result, bad: result.bad ?? c };
          continue;
        }
        if (takesValue(c)) {
          flags.set(c, arg.slice(j + 1) || (args[++i] ?? ''));
          break;
        }
        flags.set(c, true);
      }
      continue;
    }
    rest.push(arg);
  }
  return result;
}

/** `tool: invalid option -- 'x'` plus the usage hint coreutils prints; exit status 1 (2 for some tools). */
export function badOption(ctx: CommandContext, bad: string, status = 1): number {
  ctx.err(
    bad.startsWith('--')
      ? `${ctx.name}: unrecognized option '${bad}'\nTry '${ctx.name} --help' for more information.\n`
      : `${ctx.name}: invalid option -- '${bad}'\nTry '${ctx.name} --help' for more information.\n`,
  );
  return status;
}

/** Reads each operand (or stdin for none or `-`), printing coreutils-style errors; calls `each` with the text. */
export function forEachInput(
  ctx: CommandContext,
  files: readonly string[],
  each: (text: string, name: string) => void,
): number {
  let status = 0;
  if (files.length === 0) {
    each(ctx.stdin, '-');
    return 0;
  }
  for (const file of files) {
    if (file === '-') {
      each(ctx.stdin, '-');
      continue;
    }
    try {
      each(ctx.sh.readText(file), file);
    } catch (error) {
      ctx.err(`${ctx.name}: ${file}: ${fsMessage(error)}\n`);
      status = 1;
    }
  }
  return status;
}

export function modeString(stat: FileStat): string {
  const bits = stat.mode;
  const rwx = (shift: number, special: number, ch: string) => {
    const r = bits & (4 << shift) ? 'r' : '-';
    const w = bits & (2 << shift) ? 'w' : '-';
    const x = bits & (1 << shift);
    const s = bits & special;
    return r + w + (s ? (x ? ch : ch.toUpperCase()) : x ? 'x' : '-');
  };
  return (stat.type === 'dir' ? 'd' : '-') + rwx(6, 0o4000, 's') + rwx(3, 0o2000, 's') + rwx(0, 0o1000, 't');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Times are shown in the organisation's zone (JST for ja worlds, UTC otherwise). */
export function zoneOf(world: World): { offsetMinutes: number; name: string } {
  return world.lang === 'ja' ? { offsetMinutes: 540, name: 'JST' } : { offsetMinutes: 0, name: 'UTC' };
}

export function localParts(ctx: CommandContext, date: Date) {
  return partsIn(ctx.sh.runtime.world, date);
}

/** A date's fields in the world's zone. */
export function partsIn(world: World, date: Date) {
  const zone = zoneOf(world);
  const d = new Date(date.getTime() + zone.offsetMinutes * 60_000);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return {
    year: d.getUTCFullYear(),
    month: MONTHS[d.getUTCMonth()]!,
    monthNumber: p2(d.getUTCMonth() + 1),
    day: d.getUTCDate(),
    weekday: DAYS[d.getUTCDay()]!,
    time: `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`,
    hm: `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`,
    iso: `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`,
    zone: zone.name,
  };
}

/** `ls -l`'s time column: `Mar  4 09:12` within six months, `Mar  4  2024` otherwise. */
export function lsTime(ctx: CommandContext, date: Date): string {
  const p = localParts(ctx, date);
  const recent = Math.abs(ctx.sh.runtime.now().getTime() - date.getTime()) < 182 * 86_400_000;
  return `${p.month} ${String(p.day).padStart(2, ' ')} ${recent ? p.hm : ' ' + p.year}`;
}

export function humanSize(bytes: number): string {
  if (bytes < 1024) return String(bytes);
  const units = ['K', 'M', 'G', 'T'];
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return value < 10 ? `${Math.ceil(value * 10) / 10}${units[unit]}` : `${Math.ceil(value)}${units[unit]}`;
}

export const sleep = (ms: number, signal?: { aborted: boolean }) =>
  new Promise<void>((resolve) => {
    const step = Math.min(ms, 50);
    let left = ms;
    const tick = () => {
      left -= step;
      if (left <= 0 || signal?.aborted) resolve();
      else setTimeout(tick, step);
    };
    setTimeout(tick, step);
  });

/** Splits text into lines without the trailing empty one. */
export function lines(text: string): string[] {
  if (text === '') return [];
  const all = text.split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all;
}
