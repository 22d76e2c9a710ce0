/**
 * IMAP command framing and tokenising (RFC 3501 §4, with LITERAL+): bytes in, commands out. Everything is bounded
 * because every byte comes from an attacker: a line, a literal, a whole command, the list nesting depth.
 */

export type ImapToken =
  { type: 'atom'; value: string } | { type: 'string'; value: string } | { type: 'list'; items: ImapToken[] };

export interface ImapCommand {
  tag: string;
  name: string;
  args: ImapToken[];
}

export const IMAP_READER_LIMITS = { lineBytes: 65_536, literalBytes: 65_536, commandBytes: 262_144, depth: 16 };

export class ImapSyntaxError extends Error {}

/** Too much data: the session must say BYE and close. */
export class ImapOverflowError extends Error {}

type Segment = { text: string } | { literal: Buffer };

/**
 * Frames commands from a byte stream. `push` returns the complete commands (or errors for lines that could not be
 * parsed); `onContinue` is called when a synchronising literal `{n}` needs the server's "+" before the client sends.
 */
export class ImapReader {
  private buffer: Buffer = Buffer.alloc(0);
  private segments: Segment[] = [];
  private size = 0;
  private literalNeeded = -1;

  constructor(private readonly onContinue: () => void) {}

  /** Raw access for the IDLE and AUTHENTICATE continuations: the next complete line, if any. */
  takeLine(): string | undefined {
    const at = this.buffer.indexOf('\n');
    if (at < 0) return undefined;
    const line = this.buffer.subarray(0, at).toString('utf8').replace(/\r$/, '');
    this.buffer = this.buffer.subarray(at + 1);
    return line;
  }

  append(chunk: Buffer): void {
    if (this.buffer.length + chunk.length > IMAP_READER_LIMITS.commandBytes) throw new ImapOverflowError('too long');
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
  }

  /** The next framed command's segments, or undefined when more bytes are needed. */
  next(): Segment[] | undefined {
    for (;;) {
      if (this.literalNeeded >= 0) {
        if (this.buffer.length < this.literalNeeded) return undefined;
        this.segments.push({ literal: Buffer.from(this.buffer.subarray(0, this.literalNeeded)) });
        this.buffer = this.buffer.subarray(this.literalNeeded);
        this.literalNeeded = -1;
      }
      const at = this.buffer.indexOf('\n');
      if (at < 0) {
        if (this.buffer.length > IMAP_READER_LIMITS.lineBytes) throw new ImapOverflowError('line too long');
        return undefined;
      }
      if (at > IMAP_READER_LIMITS.lineBytes) throw new ImapOverflowError('line too long');
      const line = this.buffer.subarray(0, at).toString('utf8').replace(/\r$/, '');
      this.buffer = this.buffer.subarray(at + 1);
      this.size += line.length;
      const literal = /\{(\d{1,10})(\+?)\}$/.exec(line);
      if (literal) {
        const n = Number(literal[1]);
        if (n > IMAP_READER_LIMITS.literalBytes || this.size + n > IMAP_READER_LIMITS.commandBytes)
          throw new ImapOverflowError('literal too big');
        this.segments.push({ text: line.slice(0, literal.index) });
        this.size += n;
        this.literalNeeded = n;
        if (literal[2] !== '+') this.onContinue();
        continue;
      }
      this.segments.push({ text: line });
      const done = this.segments;
      this.segments = [];
      this.size = 0;
      return done;
    }
  }
}

const ATOM_END = new Set([' ', '(', ')', '"', '{']);

/** Parses a framed command: tag, command name (upper-cased, `UID` joined with its subcommand), arguments. */
export function parseCommand(segments: Segment[]): ImapCommand {
  const tokens = tokenize(segments);
  const tag = tokens[0];
  if (!tag || tag.type !== 'atom' || !/^[\x21-\x7e]+$/.test(tag.value) || tag.value.includes('+'))
    throw new ImapSyntaxError('bad tag');
  const first = tokens[1];
  if (!first || first.type !== 'atom') throw Object.assign(new ImapSyntaxError('missing command'), { tag: tag.value });
  let name = first.value.toUpperCase();
  let rest = tokens.slice(2);
  if (name === 'UID' && rest[0]?.type === 'atom') {
    name = `UID ${rest[0].value.toUpperCase()}`;
    rest = rest.slice(1);
  }
  return { tag: tag.value, name, args: rest };
}

function tokenize(segments: Segment[]): ImapToken[] {
  const root: ImapToken[] = [];
  const stack: ImapToken[][] = [root];
  const top = () => stack[stack.length - 1]!;
  for (const segment of segments) {
    if ('literal' in segment) {
      top().push({ type: 'string', value: segment.literal.toString('utf8') });
      continue;
    }
    const s = segment.text;
    let i = 0;
    while (i < s.length) {
      const c = s[i]!;
      if (c === ' ') {
        i++;
      } else if (c === '(') {
        if (stack.length > IMAP_READER_LIMITS.depth) throw new ImapSyntaxError('nested too deeply');
        const list: ImapToken = { type: 'list', items: [] };
        top().push(list);
        stack.push(list.items);
        i++;
      } else if (c === ')') {
        if (stack.length === 1) throw new ImapSyntaxError('unbalanced )');
        stack.pop();
        i++;
      } else if (c === '"') {
        let value = '';
        i++;
        for (;;) {
          if (i >= s.length) throw new ImapSyntaxError('unterminated string');
          const d = s[i]!;
          if (d === '\\' && i + 1 < s.length) {
            value += s[i + 1];
            i += 2;
          } else if (d === '"') {
            i++;
            break;
          } else {
            value += d;
            i++;
          }
        }
        top().push({ type: 'string', value });
      } else {
        // An atom; a section "[...]" inside it (BODY[HEADER.FIELDS (A B)]) may hold spaces and parentheses.
        let value = '';
        while (i < s.length && !ATOM_END.has(s[i]!)) {
          if (s[i] === '[') {
            const close = s.indexOf(']', i);
            if (close < 0) throw new ImapSyntaxError('unterminated [');
            value += s.slice(i, close + 1);
            i = close + 1;
          } else {
            value += s[i];
            i++;
          }
        }
        if (value === '') throw new ImapSyntaxError(`unexpected ${c}`);
        top().push({ type: 'atom', value });
      }
    }
  }
  if (stack.length !== 1) throw new ImapSyntaxError('unbalanced (');
  return root;
}

/** The text of an atom or string argument. */
export function textOf(token: ImapToken | undefined): string | undefined {
  if (!token || token.type === 'list') return undefined;
  return token.value;
}
