import type { Host } from '../../world/schema.js';

/** Output of a command or a whole line, capped: beyond the cap output is dropped and `truncated` is set. */
export class Sink {
  bytes = 0;
  truncated = false;
  private readonly chunks: string[] = [];

  constructor(
    readonly cap: number,
    private readonly onWrite?: (text: string) => void,
  ) {}

  get full(): boolean {
    return this.bytes >= this.cap;
  }

  write(text: string): void {
    if (!text) return;
    if (this.full) {
      this.truncated = true;
      return;
    }
    let chunk = text;
    const size = Buffer.byteLength(chunk, 'utf8');
    if (this.bytes + size > this.cap) {
      chunk = Buffer.from(chunk, 'utf8')
        .subarray(0, this.cap - this.bytes)
        .toString('utf8');
      this.truncated = true;
    }
    this.bytes += Buffer.byteLength(chunk, 'utf8');
    if (this.onWrite) this.onWrite(chunk);
    else this.chunks.push(chunk);
  }

  text(): string {
    return this.chunks.join('');
  }
}

/** What a command can ask of the terminal it runs in; non-interactive runs (ssh exec) have no terminal. */
export interface ShellIo {
  interactive: boolean;
  /** Reads a line from the user (a password when echo is false); undefined without a terminal or on Ctrl-C. */
  ask(prompt: string, echo: boolean): Promise<string | undefined>;
  /**
   * Logs in to another host of the world (ssh inside the world): runs `command` there, or an interactive shell on
   * this terminal until it exits. Absent without a terminal.
   */
  nest?(host: Host, username: string, command: string | undefined): Promise<number>;
  /** Set when the user pressed Ctrl-C: long commands (sleep, ping) stop. */
  readonly signal: { aborted: boolean };
}
