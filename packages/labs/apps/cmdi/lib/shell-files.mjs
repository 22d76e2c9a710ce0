/**
 * The emulated file and text commands: ls, cat, head, tail, wc, grep. Each reads the machine's in-memory
 * filesystem as the session's user (permissions apply) and prints what GNU coreutils would.
 */
import { FsError, parentOf } from './shell-fs.mjs';
import { optionError, parseOptions } from './shell-options.mjs';
import { compilePattern } from './shell-pattern.mjs';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The operands' contents, or stdin when there are none; errors are printed as `cmd: path: message`. */
function readInputs(ctx, name, operands) {
  if (operands.length === 0) return { inputs: [{ label: '(standard input)', text: ctx.stdin }], failed: false };
  const inputs = [];
  let failed = false;
  for (const operand of operands) {
    if (operand === '-') {
      inputs.push({ label: '(standard input)', text: ctx.stdin });
      continue;
    }
    try {
      inputs.push({ label: operand, text: ctx.fs.readFile(ctx.resolve(operand), ctx.user) });
    } catch (err) {
      if (!(err instanceof FsError)) throw err;
      ctx.err(`${name}: ${operand}: ${err.message}\n`);
      failed = true;
    }
  }
  return { inputs, failed };
}

/** Prints the complaint and gives the exit status. */
function fail(ctx, message, status) {
  ctx.err(message);
  return status;
}

/** Lines of a text, each without its newline; a final newline does not make an empty last line. */
function linesOf(text) {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function cat(ctx) {
  const parsed = parseOptions(ctx.argv.slice(1), { flags: 'nAvet' });
  if (parsed.bad) return fail(ctx, optionError('cat', parsed), 1);
  const { inputs, failed } = readInputs(ctx, 'cat', parsed.operands);
  for (const { text } of inputs) {
    if (!parsed.opts.n) ctx.out(text);
    else
      ctx.out(
        linesOf(text)
          .map((line, i) => `${String(i + 1).padStart(6)}\t${line}\n`)
          .join(''),
      );
  }
  return failed ? 1 : 0;
}

function headOrTail(ctx, name) {
  const args = ctx.argv.slice(1).map((arg) => (/^-[0-9]+$/.test(arg) ? `-n${arg.slice(1)}` : arg));
  const parsed = parseOptions(args, { flags: 'qv', values: 'nc' });
  if (parsed.bad) return fail(ctx, optionError(name, parsed), 1);
  const count = Number(parsed.opts.n ?? parsed.opts.c ?? 10);
  if (!Number.isInteger(count) || count < 0) {
    ctx.err(`${name}: invalid number of ${parsed.opts.c ? 'bytes' : 'lines'}: '${parsed.opts.n ?? parsed.opts.c}'\n`);
    return 1;
  }
  const { inputs, failed } = readInputs(ctx, name, parsed.operands);
  inputs.forEach(({ label, text }, i) => {
    if (inputs.length > 1) ctx.out(`${i > 0 ? '\n' : ''}==> ${label} <==\n`);
    if (parsed.opts.c) {
      ctx.out(name === 'head' ? text.slice(0, count) : text.slice(Math.max(0, text.length - count)));
      return;
    }
    const lines = linesOf(text);
    const picked = name === 'head' ? lines.slice(0, count) : lines.slice(Math.max(0, lines.length - count));
    ctx.out(picked.map((line) => `${line}\n`).join(''));
  });
  return failed ? 1 : 0;
}

export const head = (ctx) => headOrTail(ctx, 'head');
export const tail = (ctx) => headOrTail(ctx, 'tail');

export function wc(ctx) {
  const parsed = parseOptions(ctx.argv.slice(1), { flags: 'lwcm' });
  if (parsed.bad) return fail(ctx, optionError('wc', parsed), 1);
  const chosen = ['l', 'w', 'c'].filter((k) => parsed.opts[k] || (k === 'c' && parsed.opts.m));
  const columns = chosen.length > 0 ? chosen : ['l', 'w', 'c'];
  const { inputs, failed } = readInputs(ctx, 'wc', parsed.operands);
  const counts = inputs.map(({ label, text }) => ({
    label: parsed.operands.length === 0 ? '' : label,
    l: (text.match(/\n/g) ?? []).length,
    w: text.split(/\s+/).filter(Boolean).length,
    c: new TextEncoder().encode(text).length,
  }));
  if (counts.length > 1) {
    counts.push({
      label: 'total',
      ...Object.fromEntries(columns.map((k) => [k, counts.reduce((s, x) => s + x[k], 0)])),
    });
  }
  const alone = columns.length === 1 && parsed.operands.length === 0;
  const width = alone
    ? 0
    : Math.max(parsed.operands.length === 0 ? 7 : 1, ...counts.flatMap((x) => columns.map((k) => String(x[k]).length)));
  for (const row of counts) {
    const cells = columns.map((k) => String(row[k]).padStart(width));
    ctx.out(`${cells.join(' ')}${row.label ? ` ${row.label}` : ''}\n`);
  }
  return failed ? 1 : 0;
}

/** Every file under a directory (for grep -r), in ls order, readable or not. */
function walk(ctx, path, out) {
  const node = ctx.fs.stat(path);
  if (node?.type !== 'dir') return out.push(path);
  let names = [];
  try {
    names = ctx.fs.readDir(path, ctx.user);
  } catch (err) {
    if (!(err instanceof FsError)) throw err;
    ctx.err(`grep: ${path}: ${err.message}\n`);
  }
  for (const name of names) walk(ctx, path === '/' ? `/${name}` : `${path}/${name}`, out);
  return out;
}

export function grep(ctx) {
  const parsed = parseOptions(ctx.argv.slice(1), { flags: 'ivncrlhHEFwqsR', values: 'e' });
  if (parsed.bad) return fail(ctx, optionError('grep', parsed), 2);
  const { opts } = parsed;
  const operands = [...parsed.operands];
  const pattern = opts.e ?? operands.shift();
  if (pattern === undefined) {
    ctx.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
    return 2;
  }
  const matcher = compilePattern(pattern, { ignoreCase: opts.i, extended: opts.E, fixed: opts.F });
  let files = operands;
  if (opts.r || opts.R) files = operands.length === 0 ? ['.'] : operands;
  if (opts.r || opts.R) {
    files = files.flatMap((operand) => {
      const list = walk(ctx, ctx.resolve(operand), []);
      return operand.startsWith('/') ? list : list.map((p) => p.replace(ctx.resolve('.') + '/', ''));
    });
  } else {
    for (const operand of files) {
      if (ctx.fs.stat(ctx.resolve(operand))?.type === 'dir') ctx.err(`grep: ${operand}: Is a directory\n`);
    }
    files = files.filter((operand) => ctx.fs.stat(ctx.resolve(operand))?.type !== 'dir');
  }
  const { inputs, failed } = readInputs(ctx, 'grep', files);
  const showName = opts.H || (!opts.h && (files.length > 1 || opts.r || opts.R));
  let matched = false;
  for (const { label, text } of inputs) {
    const hits = [];
    linesOf(text).forEach((line, i) => {
      if (matcher.test(line) !== Boolean(opts.v)) hits.push(`${opts.n ? `${i + 1}:` : ''}${line}`);
    });
    matched ||= hits.length > 0;
    if (opts.q) continue;
    const prefix = showName ? `${label}:` : '';
    if (opts.l) {
      if (hits.length > 0) ctx.out(`${label}\n`);
    } else if (opts.c) ctx.out(`${prefix}${hits.length}\n`);
    else ctx.out(hits.map((hit) => `${prefix}${hit}\n`).join(''));
  }
  if (failed && !opts.s) return 2;
  return matched ? 0 : 1;
}

function modeString(node) {
  const bits = ['r', 'w', 'x'];
  let text = node.type === 'dir' ? 'd' : '-';
  for (let shift = 6; shift >= 0; shift -= 3) {
    for (let b = 0; b < 3; b += 1) text += node.mode & (1 << (shift + 2 - b)) ? bits[b] : '-';
  }
  if (node.mode & 0o1000) text = `${text.slice(0, 9)}${text[9] === 'x' ? 't' : 'T'}`;
  return text;
}

function longLine(node, name) {
  const size = node.type === 'dir' ? 4096 : new TextEncoder().encode(node.content).length;
  const when = new Date(node.mtime);
  const date = `${MONTHS[when.getUTCMonth()]} ${String(when.getUTCDate()).padStart(2)} ${String(when.getUTCHours()).padStart(2, '0')}:${String(when.getUTCMinutes()).padStart(2, '0')}`;
  const links = node.type === 'dir' ? 2 : 1;
  return `${modeString(node)} ${links} ${node.owner.padEnd(8)} ${node.group.padEnd(8)} ${String(size).padStart(5)} ${date} ${name}`;
}

export function ls(ctx) {
  const parsed = parseOptions(ctx.argv.slice(1), { flags: 'laAdh1F' });
  if (parsed.bad) {
    ctx.err(`${optionError('ls', parsed)}Try 'ls --help' for more information.\n`);
    return 2;
  }
  const { opts } = parsed;
  const operands = parsed.operands.length > 0 ? parsed.operands : ['.'];
  let status = 0;
  const blocks = [];
  const plainFiles = [];
  for (const operand of operands) {
    const path = ctx.resolve(operand);
    let node;
    try {
      node = ctx.fs.statChecked(path, ctx.user);
    } catch (err) {
      if (!(err instanceof FsError)) throw err;
      ctx.err(`ls: cannot access '${operand}': ${err.message}\n`);
      status = 2;
      continue;
    }
    if (node.type !== 'dir' || opts.d) {
      plainFiles.push(opts.l ? longLine(node, operand) : operand);
      continue;
    }
    let names;
    try {
      names = ctx.fs.readDir(path, ctx.user);
    } catch (err) {
      if (!(err instanceof FsError)) throw err;
      ctx.err(`ls: cannot open directory '${operand}': ${err.message}\n`);
      status = 2;
      continue;
    }
    if (opts.a) names = ['.', '..', ...names];
    else if (!opts.A) names = names.filter((name) => !name.startsWith('.'));
    const entries = names.map((name) => {
      const child =
        name === '.'
          ? node
          : name === '..'
            ? ctx.fs.stat(parentOf(path))
            : ctx.fs.stat(`${path === '/' ? '' : path}/${name}`);
      return opts.l ? longLine(child, name) : name + (opts.F && child?.type === 'dir' ? '/' : '');
    });
    const total = opts.l ? [`total ${names.length * 4}`] : [];
    blocks.push({ operand, lines: [...total, ...entries] });
  }
  const chunks = [];
  if (plainFiles.length > 0) chunks.push(plainFiles.join('\n'));
  for (const { operand, lines } of blocks) {
    const header = operands.length > 1 ? `${operand}:\n` : '';
    chunks.push(header + lines.join('\n'));
  }
  const text = chunks.filter((chunk) => chunk !== '').join('\n\n');
  if (text) ctx.out(`${text}\n`);
  return status;
}
