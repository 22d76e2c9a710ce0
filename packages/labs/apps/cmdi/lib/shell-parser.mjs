/**
 * The command-line grammar of the emulated shell: the part of POSIX sh that command injection uses. Lists joined
 * by `;` `&` `&&` `||` and newlines, pipelines, words made of literal text, '…', "…", backslash escapes, `$NAME`,
 * `${NAME}`, `$(…)`, `…` and `$((…))`, redirections and `#` comments. Pure: no I/O, so it also runs in a browser.
 *
 * AST: List = { items: [{ op, pipeline }] }, where `op` joins the item to the one before ('' for the first);
 * Pipeline = { commands: Command[] }; Command = { words: Word[], redirects: Redirect[] };
 * Word = Part[]; Part = { t: 'lit' | 'var' | 'sub' | 'arith' | 'tilde', quoted, … }.
 */

export const MAX_LINE_CHARS = 4096;
export const MAX_DEPTH = 8;

/** A line sh would refuse; `message` is dash's wording after "sh: 1: ". */
export class ShellSyntaxError extends Error {
  constructor(message, offset) {
    super(message);
    this.name = 'ShellSyntaxError';
    this.offset = offset;
  }
}

const BLANK = new Set([' ', '\t']);
/** Characters that end an unquoted word. */
const WORD_END = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAMS = new Set(['?', '$', '#', '!', '-', '@', '*', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

class Parser {
  constructor(src, depth) {
    if (depth > MAX_DEPTH) throw new ShellSyntaxError(`nesting deeper than ${MAX_DEPTH} levels`, 0);
    this.src = src;
    this.pos = 0;
    this.depth = depth;
  }

  peek(ahead = 0) {
    return this.src[this.pos + ahead];
  }

  fail(message) {
    throw new ShellSyntaxError(message, this.pos);
  }

  unexpected() {
    const c = this.peek();
    if (c === undefined) this.fail('end of file unexpected');
    this.fail(`"${c === '\n' ? 'newline' : c}" unexpected`);
  }

  skipBlanks() {
    for (;;) {
      const c = this.peek();
      if (BLANK.has(c)) this.pos += 1;
      else if (c === '\\' && this.peek(1) === '\n') this.pos += 2;
      else if (c === '#') while (this.peek() !== undefined && this.peek() !== '\n') this.pos += 1;
      else return;
    }
  }

  skipBlanksAndNewlines() {
    for (;;) {
      this.skipBlanks();
      if (this.peek() !== '\n') return;
      this.pos += 1;
    }
  }

  /** A list up to the end of the text or, inside `$(…)`, up to the closing parenthesis (left unread). */
  parseList(closer) {
    const items = [];
    let op = '';
    for (;;) {
      this.skipBlanks();
      const c = this.peek();
      if (c === undefined || c === closer) break;
      if (c === '\n') {
        this.pos += 1;
        if (items.length > 0 && op === '') op = '\n';
        continue;
      }
      items.push({ op, pipeline: this.parsePipeline(closer) });
      op = '';
      this.skipBlanks();
      const next = this.peek();
      if (next === undefined || next === closer || next === '\n') continue;
      if (next === ';') {
        if (this.peek(1) === ';') this.unexpected();
        this.pos += 1;
        op = ';';
      } else if (next === '&' || next === '|') {
        const pair = this.peek(1) === next;
        this.pos += pair ? 2 : 1;
        op = pair ? next + next : '&';
        if (pair) {
          this.skipBlanksAndNewlines();
          if (this.peek() === undefined || this.peek() === closer) this.unexpected();
        }
      } else {
        this.unexpected();
      }
    }
    return { items };
  }

  parsePipeline(closer) {
    const commands = [this.parseCommand(closer)];
    for (;;) {
      this.skipBlanks();
      if (this.peek() !== '|' || this.peek(1) === '|') return { commands };
      this.pos += 1;
      this.skipBlanksAndNewlines();
      commands.push(this.parseCommand(closer));
    }
  }

  parseCommand(closer) {
    const words = [];
    const redirects = [];
    for (;;) {
      this.skipBlanks();
      const c = this.peek();
      if (c === undefined || c === closer || c === '\n' || c === ';' || c === '&' || c === '|' || c === ')') break;
      if (c === '(') this.unexpected();
      const redirect = this.tryRedirect();
      if (redirect) redirects.push(redirect);
      else words.push(this.parseWord(closer));
    }
    if (words.length === 0 && redirects.length === 0) this.unexpected();
    return { words, redirects };
  }

  /** `>`, `>>`, `<`, `>&N`, `<&N`, each with an optional single-digit descriptor in front (`2>/dev/null`). */
  tryRedirect() {
    const start = this.pos;
    let fd;
    if (/[0-9]/.test(this.peek() ?? '') && (this.peek(1) === '>' || this.peek(1) === '<')) {
      fd = Number(this.peek());
      this.pos += 1;
    }
    const c = this.peek();
    if (c !== '>' && c !== '<') {
      this.pos = start;
      return undefined;
    }
    this.pos += 1;
    let op = c;
    if (c === '>' && this.peek() === '>') {
      op = '>>';
      this.pos += 1;
    } else if (this.peek() === '&') {
      op = `${c}&`;
      this.pos += 1;
    } else if (c === '>' && this.peek() === '|') {
      this.pos += 1;
    }
    this.skipBlanks();
    const next = this.peek();
    if (next === undefined || WORD_END.has(next)) this.unexpected();
    return { fd: fd ?? (c === '<' ? 0 : 1), op, target: this.parseWord(undefined) };
  }

  parseWord(closer) {
    const parts = [];
    const start = this.pos;
    for (;;) {
      const c = this.peek();
      if (c === undefined || WORD_END.has(c) || c === closer) break;
      if (c === '~' && this.pos === start) {
        this.pos += 1;
        parts.push({ t: 'tilde' });
      } else if (c === '\\') {
        this.pos += 1;
        const escaped = this.peek();
        if (escaped === '\n') this.pos += 1;
        else if (escaped === undefined) parts.push({ t: 'lit', v: '\\', quoted: false });
        else {
          this.pos += 1;
          parts.push({ t: 'lit', v: escaped, quoted: true });
        }
      } else if (c === "'") {
        const end = this.src.indexOf("'", this.pos + 1);
        if (end < 0) this.fail('Unterminated quoted string');
        parts.push({ t: 'lit', v: this.src.slice(this.pos + 1, end), quoted: true });
        this.pos = end + 1;
      } else if (c === '"') {
        this.pos += 1;
        this.parseDoubleQuoted(parts);
      } else if (c === '$') {
        parts.push(this.parseDollar(false));
      } else if (c === '`') {
        parts.push(this.parseBackquoted(false));
      } else {
        let end = this.pos + 1;
        while (end < this.src.length && !/[\s;&|<>()\\'"$`]/.test(this.src[end]) && this.src[end] !== closer) end += 1;
        parts.push({ t: 'lit', v: this.src.slice(this.pos, end), quoted: false });
        this.pos = end;
      }
    }
    return parts;
  }

  parseDoubleQuoted(parts) {
    let text = '';
    const flush = () => {
      // "" on its own still makes a word: an empty quoted part keeps it.
      parts.push({ t: 'lit', v: text, quoted: true });
      text = '';
    };
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail('Unterminated quoted string');
      if (c === '"') {
        this.pos += 1;
        flush();
        return;
      }
      if (c === '\\' && '$`"\\\n'.includes(this.peek(1) ?? '')) {
        if (this.peek(1) !== '\n') text += this.peek(1);
        this.pos += 2;
      } else if (c === '$' || c === '`') {
        flush();
        parts.push(c === '$' ? this.parseDollar(true) : this.parseBackquoted(true));
      } else {
        text += c;
        this.pos += 1;
      }
    }
  }

  parseDollar(quoted) {
    this.pos += 1;
    const c = this.peek();
    if (c === '(' && this.peek(1) === '(') return this.parseArithmetic(quoted);
    if (c === '(') {
      this.pos += 1;
      const inner = new Parser(this.src, this.depth + 1);
      inner.pos = this.pos;
      const list = inner.parseList(')');
      this.pos = inner.pos;
      if (this.peek() !== ')') this.fail('end of file unexpected (expecting ")")');
      this.pos += 1;
      return { t: 'sub', list, quoted };
    }
    if (c === '{') {
      const end = this.src.indexOf('}', this.pos);
      if (end < 0) this.fail('Missing }');
      const name = this.src.slice(this.pos + 1, end);
      if (!/^([A-Za-z_][A-Za-z0-9_]*|[?$#!@*0-9-])$/.test(name)) this.fail(`\${${name}}: Bad substitution`);
      this.pos = end + 1;
      return { t: 'var', name, quoted };
    }
    if (c !== undefined && SPECIAL_PARAMS.has(c)) {
      this.pos += 1;
      return { t: 'var', name: c, quoted };
    }
    if (c !== undefined && NAME_START.test(c)) {
      let end = this.pos + 1;
      while (end < this.src.length && NAME_CHAR.test(this.src[end])) end += 1;
      const name = this.src.slice(this.pos, end);
      this.pos = end;
      return { t: 'var', name, quoted };
    }
    return { t: 'lit', v: '$', quoted };
  }

  /** `$((expr))`: the expression is kept as text and evaluated after its `$NAME`s are expanded. */
  parseArithmetic(quoted) {
    let end = this.pos + 2;
    for (let open = 0; ; end += 1) {
      const c = this.src[end];
      if (c === undefined) this.fail('end of file unexpected (expecting "))")');
      if (c === '(') open += 1;
      else if (c === ')' && open > 0) open -= 1;
      else if (c === ')' && this.src[end + 1] === ')') break;
    }
    const expression = this.src.slice(this.pos + 2, end);
    this.pos = end + 2;
    return { t: 'arith', expression, quoted };
  }

  parseBackquoted(quoted) {
    let text = '';
    this.pos += 1;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail('EOF in backquote substitution');
      this.pos += 1;
      if (c === '`') break;
      if (c === '\\' && '$`\\'.includes(this.peek() ?? '')) {
        text += this.peek();
        this.pos += 1;
      } else {
        text += c;
      }
    }
    return { t: 'sub', list: parseLine(text, this.depth + 1), quoted };
  }
}

/**
 * Parses one command line (which may hold newlines) into a List.
 * @example parseLine('ping -c 3 127.0.0.1; id').items.length // → 2
 */
export function parseLine(line, depth = 0) {
  if (line.length > MAX_LINE_CHARS) throw new ShellSyntaxError(`line longer than ${MAX_LINE_CHARS} characters`, 0);
  const parser = new Parser(line, depth);
  const list = parser.parseList(undefined);
  if (parser.pos < line.length) parser.unexpected();
  return list;
}
