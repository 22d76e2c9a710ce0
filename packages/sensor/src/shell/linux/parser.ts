/**
 * The emulated bash's own parser: words with quoting and expansions, pipelines, lists and redirections. It only
 * builds a tree; nothing is evaluated here. Every input is bounded (line length, word count, pipeline length,
 * nesting of `$(…)`), and errors carry the token bash would name.
 */

export type Part =
  { t: 'lit'; v: string; q: boolean } | { t: 'var'; name: string; q: boolean } | { t: 'sub'; src: string; q: boolean };
export type Word = Part[];

export interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | 'dup' | '&>';
  target?: Word;
  /** For `dup` (2>&1): the fd copied. */
  to?: number;
}

export interface SimpleCommand {
  assigns: { name: string; value: Word }[];
  words: Word[];
  redirects: Redirect[];
}

export interface Pipeline {
  commands: SimpleCommand[];
  negate: boolean;
}

export type Separator = ';' | '&&' | '||' | '&';
export interface ListItem {
  pipeline: Pipeline;
  /** How this item joins the next. */
  next: Separator;
}

export const PARSER_LIMITS = { lineLength: 65_536, words: 4_096, pipeline: 32, items: 256, substitutionDepth: 3 };

export class ShellSyntaxError extends Error {
  constructor(readonly token: string) {
    super(`syntax error near unexpected token \`${token}'`);
  }
}

type Token = { k: 'word'; w: Word } | { k: 'op'; v: string } | { k: 'redir'; r: Redirect };

const OPERATORS = ['&&', '||', ';;', '|&', '|', ';', '&', '(', ')'];

export function tokenize(line: string): Token[] {
  if (line.length > PARSER_LIMITS.lineLength) throw new ShellSyntaxError('newline');
  const tokens: Token[] = [];
  let i = 0;
  let parts: Part[] = [];
  let inWord = false;
  let lit = '';
  let litQuoted = false;
  const pushLit = () => {
    if (lit) parts.push({ t: 'lit', v: lit, q: litQuoted });
    lit = '';
  };
  const addChar = (c: string, quoted: boolean) => {
    if (lit && litQuoted !== quoted) pushLit();
    litQuoted = quoted;
    lit += c;
    inWord = true;
  };
  const endWord = () => {
    pushLit();
    if (inWord) tokens.push({ k: 'word', w: parts });
    if (tokens.length > PARSER_LIMITS.words) throw new ShellSyntaxError('newline');
    parts = [];
    inWord = false;
  };
  const readDollar = (quoted: boolean) => {
    // at line[i] === '$'
    const next = line[i + 1];
    if (next === '(') {
      const end = matchParen(line, i + 2);
      pushLit();
      parts.push({ t: 'sub', src: line.slice(i + 2, end), q: quoted });
      inWord = true;
      i = end + 1;
    } else if (next === '{') {
      const end = line.indexOf('}', i + 2);
      if (end < 0) throw new ShellSyntaxError('newline');
      pushLit();
      parts.push({ t: 'var', name: line.slice(i + 2, end), q: quoted });
      inWord = true;
      i = end + 1;
    } else if (next !== undefined && /[?$#!@*0-9-]/.test(next)) {
      pushLit();
      parts.push({ t: 'var', name: next, q: quoted });
      inWord = true;
      i += 2;
    } else if (next !== undefined && /[A-Za-z_]/.test(next)) {
      let j = i + 1;
      while (j < line.length && /[A-Za-z0-9_]/.test(line[j]!)) j++;
      pushLit();
      parts.push({ t: 'var', name: line.slice(i + 1, j), q: quoted });
      inWord = true;
      i = j;
    } else {
      addChar('$', quoted);
      i++;
    }
  };
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === '\n' || c === '\r') {
      endWord();
      tokens.push({ k: 'op', v: ';' });
      i++;
    } else if (c === '#' && !inWord) {
      while (i < line.length && line[i] !== '\n') i++;
    } else if (c === '\\') {
      if (i + 1 < line.length) addChar(line[i + 1]!, true);
      i += 2;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError("'");
      inWord = true;
      for (const ch of line.slice(i + 1, end)) addChar(ch, true);
      i = end + 1;
    } else if (c === '"') {
      inWord = true;
      i++;
      while (i < line.length && line[i] !== '"') {
        const d = line[i]!;
        if (d === '\\' && i + 1 < line.length && '$`"\\\n'.includes(line[i + 1]!)) {
          addChar(line[i + 1]!, true);
          i += 2;
        } else if (d === '$') readDollar(true);
        else if (d === '`') {
          const end = line.indexOf('`', i + 1);
          if (end < 0) throw new ShellSyntaxError('`');
          pushLit();
          parts.push({ t: 'sub', src: line.slice(i + 1, end), q: true });
          i = end + 1;
        } else {
          addChar(d, true);
          i++;
        }
      }
      if (i >= line.length) throw new ShellSyntaxError('"');
      i++;
    } else if (c === '$') readDollar(false);
    else if (c === '`') {
      const end = line.indexOf('`', i + 1);
      if (end < 0) throw new ShellSyntaxError('`');
      pushLit();
      parts.push({ t: 'sub', src: line.slice(i + 1, end), q: false });
      inWord = true;
      i = end + 1;
    } else if (c === '>' || c === '<' || (c === '&' && line[i + 1] === '>')) {
      let fd = c === '<' ? 0 : 1;
      if (inWord && parts.length === 0 && /^\d$/.test(lit) && !litQuoted) {
        fd = Number(lit);
        lit = '';
        inWord = false;
      } else endWord();
      let op: Redirect['op'];
      if (c === '&') {
        op = '&>';
        i += line[i + 2] === '>' ? 3 : 2;
      } else if (c === '>' && line[i + 1] === '>') {
        op = '>>';
        i += 2;
      } else if (c === '<' && line[i + 1] === '<') throw new ShellSyntaxError('<<');
      else if (line[i + 1] === '&' && /\d/.test(line[i + 2] ?? '')) {
        tokens.push({ k: 'redir', r: { fd, op: 'dup', to: Number(line[i + 2]) } });
        i += 3;
        continue;
      } else {
        op = c === '>' ? '>' : '<';
        i += c === '>' && line[i + 1] === '|' ? 2 : 1;
      }
      tokens.push({ k: 'redir', r: { fd, op } });
    } else {
      const op = OPERATORS.find((o) => line.startsWith(o, i));
      if (op) {
        endWord();
        tokens.push({ k: 'op', v: op });
        i += op.length;
      } else {
        addChar(c, false);
        i++;
      }
    }
  }
  endWord();
  return tokens;
}

function matchParen(line: string, from: number): number {
  let depth = 1;
  let quote: string | undefined;
  for (let j = from; j < line.length; j++) {
    const c = line[j]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '\\') j++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j;
  }
  throw new ShellSyntaxError('newline');
}

/** Parses one command line into a list; throws {@link ShellSyntaxError}. */
export function parseLine(line: string): ListItem[] {
  const tokens = tokenize(line);
  const items: ListItem[] = [];
  let commands: SimpleCommand[] = [];
  let current: SimpleCommand = { assigns: [], words: [], redirects: [] };
  let negate = false;
  const empty = (c: SimpleCommand) => c.words.length === 0 && c.assigns.length === 0 && c.redirects.length === 0;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (token.k === 'word') {
      const first = token.w[0];
      const assign = current.words.length === 0 && first?.t === 'lit' && !first.q && /^[A-Za-z_]\w*=/.exec(first.v);
      if (assign) {
        const name = assign[0].slice(0, -1);
        const rest = first.v.slice(assign[0].length);
        current.assigns.push({ name, value: [...(rest ? [{ ...first, v: rest }] : []), ...token.w.slice(1)] });
      } else if (
        current.words.length === 0 &&
        empty(current) &&
        first?.t === 'lit' &&
        !first.q &&
        first.v === '!' &&
        token.w.length === 1
      ) {
        negate = !negate;
      } else current.words.push(token.w);
    } else if (token.k === 'redir') {
      const r = token.r;
      if (r.op !== 'dup') {
        const target = tokens[t + 1];
        if (!target || target.k !== 'word') throw new ShellSyntaxError(target?.k === 'op' ? target.v : 'newline');
        r.target = target.w;
        t++;
      }
      current.redirects.push(r);
    } else if (token.v === '|' || token.v === '|&') {
      if (empty(current)) throw new ShellSyntaxError(token.v);
      if (token.v === '|&') current.redirects.push({ fd: 2, op: 'dup', to: 1 });
      commands.push(current);
      if (commands.length >= PARSER_LIMITS.pipeline) throw new ShellSyntaxError('|');
      current = { assigns: [], words: [], redirects: [] };
    } else if (token.v === ';' || token.v === '&&' || token.v === '||' || token.v === '&') {
      if (empty(current)) {
        if (commands.length === 0 && token.v === ';' && items.length === 0 && t === tokens.length - 1) continue;
        const before = tokens[t - 1];
        if (commands.length === 0 && token.v === ';' && before?.k === 'op' && before.v === ';') continue;
        if (commands.length > 0 || token.v !== ';' || t === 0) throw new ShellSyntaxError(token.v);
        continue;
      }
      commands.push(current);
      items.push({ pipeline: { commands, negate }, next: token.v });
      if (items.length > PARSER_LIMITS.items) throw new ShellSyntaxError(token.v);
      commands = [];
      negate = false;
      current = { assigns: [], words: [], redirects: [] };
    } else throw new ShellSyntaxError(token.v);
  }
  if (!empty(current)) commands.push(current);
  else if (commands.length > 0) throw new ShellSyntaxError('newline');
  if (commands.length > 0) items.push({ pipeline: { commands, negate }, next: ';' });
  return items;
}
