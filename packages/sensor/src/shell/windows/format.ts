import { partsIn } from '../linux/commands/util.js';
import type { CmdContext } from './cmd.js';

/** How cmd.exe and net.exe print: the success trailer, thousands separators, dates in the world's locale. */
export const ok = '\nThe command completed successfully.\n\n';
export const group = (n: number) => n.toLocaleString('en-US');

export function winDate(ctx: CmdContext, date: Date): string {
  const p = partsIn(ctx.sh.runtime.world, date);
  return ctx.sh.runtime.world.lang === 'ja'
    ? `${p.iso.replaceAll('-', '/')}  ${p.hm}`
    : `${p.monthNumber}/${String(p.day).padStart(2, '0')}/${p.year}  ${p.hm}`;
}

export function buildOf(ctx: CmdContext): { major: string; full: string } {
  const os = ctx.sh.host.os;
  const build = os.family === 'windows' ? os.build : '19045.0';
  return { major: build.split('.')[0]!, full: `10.0.${build}` };
}
