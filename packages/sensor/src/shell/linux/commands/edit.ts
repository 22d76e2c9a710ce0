import { fsMessage, type CommandFn } from '../shell.js';
import { safeRegex } from './text.js';
import { forEachInput, getopt, lines } from './util.js';

/** awk: `-F` and `{print $1, $3}` / `{print}` / `/re/ {print $2}` / `NR==2`, which is what one-liners use. */
const awk: CommandFn = (ctx) => {
  const o = getopt(ctx.args, 'F:v:');
  const [program, ...files] = o.rest;
  if (program === undefined) {
    ctx.err('usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]\n');
    return 2;
  }
  const m = /^\s*(?:\/((?:[^/\\]|\\.)*)\/|NR\s*==\s*(\d+))?\s*(?:\{\s*print\s*([^}]*?)\s*;?\s*\})?\s*$/.exec(program);
  if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) {
    ctx.err(
      `awk: cmd. line:1: ${program}\nawk: cmd. line:1: ${' '.repeat(Math.min(program.length, 40))}^ syntax error\n`,
    );
    return 2;
  }
  const fs = o.flags.has('F') ? String(o.flags.get('F')) : undefined;
  const filter = m[1] !== undefined ? safeRegex(ctx, m[1], '', false) : undefined;
  const exprs = (m[3] ?? '').split(/\s*,\s*/).filter(Boolean);
  let nr = 0;
  return forEachInput(ctx, files, (text) => {
    for (const line of lines(text)) {
      nr++;
      if (filter && !filter.test(line)) continue;
      if (m[2] !== undefined && nr !== Number(m[2])) continue;
      const fields = fs === undefined ? line.trim().split(/\s+/) : line.split(fs.length === 1 ? fs : new RegExp(fs));
      const value = (expr: string) =>
        expr
          .split(/\s+/)
          .map((tok) => {
            if (tok === '$0') return line;
            if (tok === 'NF') return String(fields.length);
            if (tok === 'NR') return String(nr);
            if (tok === '$NF') return fields[fields.length - 1] ?? '';
            const field = /^\$(\d+)$/.exec(tok);
            if (field) return Number(field[1]) === 0 ? line : (fields[Number(field[1]) - 1] ?? '');
            const str = /^"(.*)"$/.exec(tok);
            return str ? str[1]! : '';
          })
          .join('');
      ctx.out((exprs.length === 0 ? line : exprs.map(value).join(' ')) + '\n');
    }
  });
};

/** sed: `s/a/b/[gi]` (any delimiter), `-n` with `/re/p`, `Nd`, `-i` editing in the session's copy. */
const sed: CommandFn = (ctx) => {
  const o = getopt(ctx.args, 'nie:E', { quiet: 'n' });
  const rest = [...o.rest];
  const script = o.flags.has('e') ? String(o.flags.get('e')) : rest.shift();
  if (script === undefined) {
    ctx.err('Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n');
    return 1;
  }
  const sub = /^s(.)(.*?)\1(.*?)\1([gip0-9]*)$/.exec(script);
  const print = /^\/(.*)\/p$/.exec(script);
  const del = /^(\d+)d$/.exec(script);
  if (!sub && !print && !del) {
    ctx.err(`sed: -e expression #1, char ${script.length}: unknown command: \`${script.slice(-1)}'\n`);
    return 1;
  }
  const apply = (text: string): string =>
    lines(text)
      .flatMap((line, i) => {
        if (del) return i + 1 === Number(del[1]) ? [] : [line];
        if (print) {
          const re = safeRegex(ctx, print[1]!, '', false);
          return re?.test(line) ? (o.flags.has('n') ? [line] : [line, line]) : o.flags.has('n') ? [] : [line];
        }
        const re = safeRegex(
          ctx,
          sub![2]!,
          (sub![4]!.includes('g') ? 'g' : '') + (sub![4]!.includes('i') ? 'i' : ''),
          false,
        );
        const replaced = re ? line.replace(re, sub![3]!.replace(/\\(\d)/g, '$$$1').replace(/&/g, '$$&')) : line;
        return o.flags.has('n') && !(sub![4]!.includes('p') && replaced !== line) ? [] : [replaced];
      })
      .map((l) => l + '\n')
      .join('');
  if (o.flags.has('i')) {
    let status = 0;
    for (const file of rest) {
      try {
        ctx.sh.writeData(file, Buffer.from(apply(ctx.sh.readText(file))));
      } catch (error) {
        ctx.err(`sed: can't read ${file}: ${fsMessage(error)}\n`);
        status = 2;
      }
    }
    return status;
  }
  return forEachInput(ctx, rest, (text) => ctx.out(apply(text)));
};

export const EDIT_COMMANDS: Record<string, CommandFn> = {
  awk,
  gawk: awk,
  sed,
};
