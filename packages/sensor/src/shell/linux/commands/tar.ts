import { gunzipSync, gzipSync } from 'node:zlib';
import { fsMessage, type CommandFn } from '../shell.js';

/**
 * tar -c/-x/-t with -z, -v, -f, -C: real ustar archives (gzip when asked), built and read in memory over the
 * session's file system and bounded by the file-size limit.
 */

interface Entry {
  name: string;
  type: 'file' | 'dir';
  mode: number;
  data: Buffer;
  mtime: Date;
  owner: string;
}

function header(entry: Entry): Buffer {
  const h = Buffer.alloc(512);
  const put = (text: string, at: number, len: number) => h.write(text.slice(0, len), at, len, 'utf8');
  const octal = (n: number, len: number) => n.toString(8).padStart(len - 1, '0');
  put(entry.name + (entry.type === 'dir' ? '/' : ''), 0, 100);
  put(octal(entry.mode & 0o7777, 8), 100, 7);
  put(octal(0, 8), 108, 7);
  put(octal(0, 8), 116, 7);
  put(octal(entry.type === 'dir' ? 0 : entry.data.length, 12), 124, 11);
  put(octal(Math.floor(entry.mtime.getTime() / 1000), 12), 136, 11);
  put('        ', 148, 8);
  put(entry.type === 'dir' ? '5' : '0', 156, 1);
  put('ustar\0' + '00', 257, 8);
  put(entry.owner, 265, 32);
  put(entry.owner, 297, 32);
  let sum = 0;
  for (const b of h) sum += b;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return h;
}

function pack(entries: Entry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(header(e));
    if (e.type === 'file') {
      parts.push(e.data);
      const pad = (512 - (e.data.length % 512)) % 512;
      if (pad) parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

function unpack(archive: Buffer): Entry[] | undefined {
  const out: Entry[] = [];
  let at = 0;
  while (at + 512 <= archive.length && out.length < 10_000) {
    const h = archive.subarray(at, at + 512);
    if (h.every((b) => b === 0)) break;
    if (h.subarray(257, 262).toString('latin1') !== 'ustar') return undefined;
    const text = (from: number, len: number) =>
      h
        .subarray(from, from + len)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const size = parseInt(text(124, 12).trim() || '0', 8);
    const type = text(156, 1) === '5' ? 'dir' : 'file';
    const name = text(0, 100).replace(/\/$/, '');
    out.push({
      name,
      type,
      mode: parseInt(text(100, 8) || '644', 8),
      mtime: new Date(parseInt(text(136, 12) || '0', 8) * 1000),
      owner: text(265, 32),
      data: archive.subarray(at + 512, at + 512 + size),
    });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

export const tar: CommandFn = (ctx) => {
  const args = [...ctx.args];
  if (args[0] && !args[0].startsWith('-')) args[0] = `-${args[0]}`;
  const flags = new Set<string>();
  let file: string | undefined;
  let dir: string | undefined;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-C' || a === '--directory') dir = args[++i];
    else if (a.startsWith('--')) continue;
    else if (a.startsWith('-')) {
      for (const c of a.slice(1)) {
        if (c === 'f') file = args[++i];
        else flags.add(c);
      }
    } else operands.push(a);
  }
  const mode = ['c', 'x', 't'].filter((m) => flags.has(m));
  if (mode.length !== 1) {
    ctx.err(
      "tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\nTry 'tar --help' or 'tar --usage' for more information.\n",
    );
    return 2;
  }
  const sh = ctx.sh;
  if (mode[0] === 'c') {
    if (operands.length === 0) {
      ctx.err(
        "tar: Cowardly refusing to create an empty archive\nTry 'tar --help' or 'tar --usage' for more information.\n",
      );
      return 2;
    }
    const entries: Entry[] = [];
    let status = 0;
    let total = 0;
    for (const operand of operands) {
      const root = sh.resolve(operand);
      const stat = sh.fs.stat(root);
      if (!stat) {
        ctx.err(`tar: ${operand}: Cannot stat: No such file or directory\n`);
        status = 2;
        continue;
      }
      const strip = operand.startsWith('/') ? 1 : 0;
      if (strip && entries.length === 0) ctx.err("tar: Removing leading `/' from member names\n");
      for (const path of [root, ...(stat.type === 'dir' ? sh.descendants(root, 5_000) : [])]) {
        const s = sh.fs.stat(path)!;
        const name = operand.startsWith('/') ? path.slice(1) : operand.replace(/\/$/, '') + path.slice(root.length);
        try {
          const data = s.type === 'file' ? sh.readData(path) : Buffer.alloc(0);
          total += data.length;
          if (total > sh.runtime.limits.maxFileBytes) throw new Error('File too large');
          entries.push({ name, type: s.type, mode: s.mode, data, mtime: s.mtime, owner: s.owner });
          if (flags.has('v'))
            (file === undefined || file === '-' ? ctx.err : ctx.out)(`${name}${s.type === 'dir' ? '/' : ''}\n`);
        } catch (error) {
          ctx.err(`tar: ${name}: Cannot open: ${fsMessage(error)}\n`);
          status = 2;
        }
      }
    }
    let archive = pack(entries);
    if (flags.has('z')) archive = gzipSync(archive);
    if (file === undefined || file === '-') ctx.out(archive.toString('latin1'));
    else {
      try {
        sh.writeData(file, archive);
      } catch (error) {
        ctx.err(`tar: ${file}: Cannot open: ${fsMessage(error)}\ntar: Error is not recoverable: exiting now\n`);
        return 2;
      }
    }
    if (status) ctx.err('tar: Exiting with failure status due to previous errors\n');
    return status;
  }
  let raw: Buffer;
  try {
    raw = file === undefined || file === '-' ? Buffer.from(ctx.stdin, 'latin1') : sh.readData(file);
  } catch (error) {
    ctx.err(`tar: ${file}: Cannot open: ${fsMessage(error)}\ntar: Error is not recoverable: exiting now\n`);
    return 2;
  }
  let entries: Entry[] | undefined;
  try {
    entries = unpack(
      raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw, { maxOutputLength: sh.runtime.limits.maxFileBytes }) : raw,
    );
  } catch {
    entries = undefined;
  }
  if (!entries) {
    ctx.err('tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors\n');
    return 2;
  }
  for (const e of entries) {
    if (mode[0] === 't' || flags.has('v')) ctx.out(`${e.name}${e.type === 'dir' ? '/' : ''}\n`);
    if (mode[0] !== 'x') continue;
    const target = sh.resolve(`${dir ?? '.'}/${e.name}`);
    try {
      const parts = target.split('/').filter(Boolean);
      for (let i = 1; i < parts.length; i++) {
        const parent = '/' + parts.slice(0, i).join('/');
        if (!sh.fs.stat(parent)) sh.fs.mkdir(parent);
      }
      if (e.type === 'dir') {
        if (!sh.fs.stat(target)) sh.fs.mkdir(target, e.mode);
      } else sh.writeData(target, e.data, e.mode);
    } catch (error) {
      ctx.err(`tar: ${e.name}: Cannot open: ${fsMessage(error)}\n`);
    }
  }
  return 0;
};
