/**
 * Telnet option negotiation (RFC 854/855): the server offers to echo and suppress go-ahead (character mode, as
 * Linux telnetd does) and asks for the window size (NAWS, RFC 1073). The decoder strips every IAC sequence from the
 * input, answers nothing it was not asked for, and reports window sizes; it keeps no more than a small subnegotiation
 * buffer whatever the client sends.
 */

export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const SE = 240;
export const OPT_ECHO = 1;
export const OPT_SGA = 3;
export const OPT_TTYPE = 24;
export const OPT_NAWS = 31;

/** What the server sends first: WILL ECHO, WILL SGA, DO NAWS, DO TERMINAL-TYPE. */
export const GREETING = Buffer.from([IAC, WILL, OPT_ECHO, IAC, WILL, OPT_SGA, IAC, DO, OPT_NAWS, IAC, DO, OPT_TTYPE]);

const SB_LIMIT = 64;

type State = 'data' | 'iac' | 'option' | 'sb' | 'sb-iac' | 'cr';

export interface TelnetEvents {
  /** Application bytes (IAC sequences removed, CR NUL and CR LF folded to CR). */
  data(bytes: Buffer): void;
  resize(cols: number, rows: number): void;
  /** Bytes to send back (answers to the client's own offers). */
  reply(bytes: Buffer): void;
}

export class TelnetDecoder {
  private state: State = 'data';
  private command = 0;
  private sb: number[] = [];

  constructor(private readonly events: TelnetEvents) {}

  feed(chunk: Buffer): void {
    const out: number[] = [];
    for (const byte of chunk) {
      switch (this.state) {
        case 'data':
          if (byte === IAC) this.state = 'iac';
          else if (byte === 13) {
            out.push(13);
            this.state = 'cr';
          } else out.push(byte);
          break;
        case 'cr':
          // CR NUL and CR LF both mean "Enter".
          this.state = 'data';
          if (byte === 0 || byte === 10) break;
          if (byte === IAC) this.state = 'iac';
          else if (byte === 13) {
            out.push(13);
            this.state = 'cr';
          } else out.push(byte);
          break;
        case 'iac':
          if (byte === IAC) {
            out.push(IAC);
            this.state = 'data';
          } else if (byte === SB) {
            this.sb = [];
            this.state = 'sb';
          } else if (byte >= WILL && byte <= DONT) {
            this.command = byte;
            this.state = 'option';
          } else this.state = 'data'; // NOP, AYT, GA…: ignored
          break;
        case 'option':
          this.answer(this.command, byte);
          this.state = 'data';
          break;
        case 'sb':
          if (byte === IAC) this.state = 'sb-iac';
          else if (this.sb.length < SB_LIMIT) this.sb.push(byte);
          break;
        case 'sb-iac':
          if (byte === SE) {
            this.subnegotiation();
            this.state = 'data';
          } else {
            if (this.sb.length < SB_LIMIT) this.sb.push(byte);
            this.state = 'sb';
          }
          break;
      }
    }
    if (out.length > 0) this.events.data(Buffer.from(out));
  }

  private answer(command: number, option: number): void {
    // We asked for NAWS and TTYPE and offered ECHO and SGA; refuse anything else the client offers or asks for.
    if (command === WILL && option !== OPT_NAWS && option !== OPT_TTYPE)
      this.events.reply(Buffer.from([IAC, DONT, option]));
    if (command === DO && option !== OPT_ECHO && option !== OPT_SGA)
      this.events.reply(Buffer.from([IAC, WONT, option]));
    if (command === WILL && option === OPT_TTYPE) this.events.reply(Buffer.from([IAC, SB, OPT_TTYPE, 1, IAC, SE]));
  }

  private subnegotiation(): void {
    const [option, ...rest] = this.sb;
    if (option === OPT_NAWS && rest.length >= 4) {
      const cols = (rest[0]! << 8) | rest[1]!;
      const rows = (rest[2]! << 8) | rest[3]!;
      if (cols > 0 && rows > 0 && cols <= 1000 && rows <= 1000) this.events.resize(cols, rows);
    }
  }
}

/** Doubles 0xFF bytes so output never starts an IAC sequence. */
export function escapeIac(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  if (!bytes.includes(IAC)) return bytes;
  const out: number[] = [];
  for (const b of bytes) {
    out.push(b);
    if (b === IAC) out.push(IAC);
  }
  return Buffer.from(out);
}
