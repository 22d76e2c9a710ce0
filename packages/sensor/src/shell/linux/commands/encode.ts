import { createHash } from 'node:crypto';
import { fsMessage, type CommandFn } from '../shell.js';
import { forEachInput, getopt } from './util.js';

const base64: CommandFn = (ctx) => {
  const o = getopt(ctx.args, 'dwi:', { decode: 'd', wrap: 'w' });
  return forEachInput(ctx, o.rest, (text) => {
    if (o.flags.has('d')) {
      const clean = text.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
        ctx.out(Buffer.from(clean.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('latin1'));
        ctx.err('base64: invalid input\n');
        return;
      }
      ctx.out(Buffer.from(clean, 'base64').toString('utf8'));
      return;
    }
    const encoded = Buffer.from(text, 'utf8').toString('base64');
    const wrap = o.flags.has('w') ? Number(o.flags.get('w')) : 76;
    ctx.out((wrap > 0 ? (encoded.match(new RegExp(`.{1,${wrap}}`, 'g')) ?? []).join('\n') : encoded) + '\n');
  });
};

function digest(algorithm: string): CommandFn {
  return (ctx) => {
    const files = ctx.args.filter((a) => !a.startsWith('-'));
    if (files.length === 0) {
      ctx.out(`${createHash(algorithm).update(ctx.stdin).digest('hex')}  -\n`);
      return 0;
    }
    let status = 0;
    for (const file of files) {
      try {
        ctx.out(`${createHash(algorithm).update(ctx.sh.readData(file)).digest('hex')}  ${file}\n`);
      } catch (error) {
        ctx.err(`${ctx.name}: ${file}: ${fsMessage(error)}\n`);
        status = 1;
      }
    }
    return status;
  };
}

const xxd: CommandFn = (ctx) => {
  const files = ctx.args.filter((a) => !a.startsWith('-'));
  return forEachInput(ctx, files.slice(0, 1), (text) => {
    const data = Buffer.from(text, 'utf8').subarray(0, 64 * 1024);
    for (let off = 0; off < data.length; off += 16) {
      const row = data.subarray(off, off + 16);
      const hex = [...row].map((b) => b.toString(16).padStart(2, '0'));
      const groups: string[] = [];
      for (let i = 0; i < 16; i += 2) groups.push((hex[i] ?? '  ') + (hex[i + 1] ?? '  '));
      const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
      ctx.out(`${off.toString(16).padStart(8, '0')}: ${groups.join(' ')}  ${ascii}\n`);
    }
  });
};

const od: CommandFn = (ctx) => {
  const files = ctx.args.filter((a) => !a.startsWith('-'));
  const hexMode = ctx.args.some((a) => /^-[a-z]*x/.test(a) || a === '-tx1');
  return forEachInput(ctx, files.slice(0, 1), (text) => {
    const data = Buffer.from(text, 'utf8').subarray(0, 64 * 1024);
    for (let off = 0; off < data.length; off += 16) {
      const row = data.subarray(off, off + 16);
      const words: string[] = [];
      for (let i = 0; i < row.length; i += 2) {
        const value = row[i]! | ((row[i + 1] ?? 0) << 8);
        words.push(hexMode ? value.toString(16).padStart(4, '0') : value.toString(8).padStart(6, '0'));
      }
      ctx.out(`${off.toString(8).padStart(7, '0')} ${words.join(' ')}\n`);
    }
    ctx.out(`${data.length.toString(8).padStart(7, '0')}\n`);
  });
};

const seq: CommandFn = (ctx) => {
  const nums = ctx.args.filter((a) => /^-?\d+(\.\d+)?$/.test(a)).map(Number);
  if (nums.length === 0) {
    ctx.err("seq: missing operand\nTry 'seq --help' for more information.\n");
    return 1;
  }
  const [first, step, last] =
    nums.length === 1 ? [1, 1, nums[0]!] : nums.length === 2 ? [nums[0]!, 1, nums[1]!] : [nums[0]!, nums[1]!, nums[2]!];
  if (step === 0) return 1;
  for (let n = first, count = 0; step > 0 ? n <= last : n >= last; n += step) {
    ctx.out(`${n}\n`);
    if (++count >= 200_000) break;
  }
  return 0;
};

/** yes: prints until its output is full (the pipe or the line's output cap), never forever. */
const yes: CommandFn = (ctx) => {
  const line = (ctx.args.length > 0 ? ctx.args.join(' ') : 'y') + '\n';
  const chunk = line.repeat(Math.max(1, Math.floor(8192 / line.length)));
  for (let written = 0; written < 2 * 1024 * 1024; written += chunk.length) ctx.out(chunk);
  return 0;
};

export const ENCODE_COMMANDS: Record<string, CommandFn> = {
  base64,
  md5sum: digest('md5'),
  sha1sum: digest('sha1'),
  sha256sum: digest('sha256'),
  sha512sum: digest('sha512'),
  xxd,
  od,
  hexdump: od,
  seq,
  yes,
};
