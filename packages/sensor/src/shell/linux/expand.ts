import type { GlobChar } from './glob.js';
import { expandGlob, hasGlob } from './glob.js';
import type { Word } from './parser.js';
import { LinuxShell, OUTPUT_CAP } from './shell.js';
import { Sink, type ShellIo } from './sink.js';

/**
 * Word expansion as bash does it, in order: tilde, variables and `$(…)` (bounded nesting), field splitting of
 * unquoted results, then globbing against the session's file system (a pattern that matches nothing stays as typed).
 */

export async function expandWords(sh: LinuxShell, words: Word[], io: ShellIo): Promise<string[]> {
  const out: string[] = [];
  for (const word of words) {
    for (const field of await expandWord(sh, word, io)) {
      const text = field.map((c) => c.c).join('');
      if (hasGlob(field)) {
        const matches = expandGlob(sh.fs, sh.cwd, field);
        out.push(...(matches.length > 0 ? matches : [text]));
      } else out.push(text);
    }
  }
  return out;
}

/** Expands one word into fields of characters, remembering which may glob. */
export async function expandWord(sh: LinuxShell, word: Word, io: ShellIo): Promise<GlobChar[][]> {
  const fields: GlobChar[][] = [];
  let current: GlobChar[] | undefined;
  const add = (text: string, glob: boolean) => {
    current ??= [];
    for (const c of text) current.push({ c, glob });
  };
  for (const [index, part] of word.entries()) {
    if (part.t === 'lit') {
      let v = part.v;
      if (index === 0 && !part.q && (v === '~' || v.startsWith('~/'))) {
        add(sh.fs.home, false);
        v = v.slice(1);
      }
      if (part.q && v === '') current ??= [];
      add(v, !part.q);
      continue;
    }
    const value = part.t === 'var' ? variable(sh, part.name) : await substitute(sh, part.src, io);
    if (part.q) {
      current ??= [];
      add(value, false);
      continue;
    }
    const pieces = value.split(/[ \t\n]+/);
    pieces.forEach((piece, i) => {
      if (i > 0 && current) {
        fields.push(current);
        current = undefined;
      }
      if (piece) add(piece, true);
    });
  }
  if (current) fields.push(current);
  return fields;
}

export function variable(sh: LinuxShell, name: string): string {
  if (name === '?') return String(sh.status);
  if (name === '$') return String(sh.pid);
  if (name === '#') return '0';
  if (name === '0') return '-bash';
  if (name === '!') return '';
  if (/^\d$/.test(name)) return '';
  const defaulted = /^([A-Za-z_]\w*):?-(.*)$/.exec(name);
  if (defaulted) return sh.env.get(defaulted[1]!) || defaulted[2]!;
  if (name.startsWith('#')) return String((sh.env.get(name.slice(1)) ?? '').length);
  return sh.env.get(name) ?? '';
}

async function substitute(sh: LinuxShell, src: string, io: ShellIo): Promise<string> {
  if (sh.depth >= 3) return '';
  sh.depth++;
  try {
    const out = new Sink(OUTPUT_CAP);
    const err = new Sink(OUTPUT_CAP);
    await sh.run(src, io, out, err);
    return out.text().replace(/\n+$/, '');
  } finally {
    sh.depth--;
  }
}
