/**
 * A small terminal model for the live view of a session: enough of a VT100 for shell output (printable text,
 * CR, LF, backspace, tab, clear screen and line, cursor moves), no colours. Everything else in an escape sequence
 * is skipped, so hostile output can neither break the page nor grow memory without bound: the screen is a fixed
 * grid and the scrollback is capped.
 */

export interface TerminalScreen {
  cols: number;
  rows: number;
  /** Lines that scrolled off the top, oldest first (at most `scrollback`). */
  history: string[];
  /** The visible grid, one string of `cols` characters per row. */
  grid: string[][];
  row: number;
  col: number;
  /** An unfinished escape sequence carried over to the next chunk of output. */
  pending: string;
  scrollback: number;
}

const ESC = '\u001b';

export function createScreen(cols = 80, rows = 24, scrollback = 1_000): TerminalScreen {
  const width = Math.max(1, Math.min(500, Math.floor(cols)));
  const height = Math.max(1, Math.min(200, Math.floor(rows)));
  return {
    cols: width,
    rows: height,
    history: [],
    grid: Array.from({ length: height }, () => blankRow(width)),
    row: 0,
    col: 0,
    pending: '',
    scrollback,
  };
}

function blankRow(cols: number): string[] {
  return new Array<string>(cols).fill(' ');
}

function lineText(cells: string[]): string {
  return cells.join('').replace(/\s+$/, '');
}

function scrollUp(screen: TerminalScreen): void {
  const top = screen.grid.shift();
  if (top) screen.history.push(lineText(top));
  if (screen.history.length > screen.scrollback) screen.history.splice(0, screen.history.length - screen.scrollback);
  screen.grid.push(blankRow(screen.cols));
}

function lineFeed(screen: TerminalScreen): void {
  if (screen.row === screen.rows - 1) scrollUp(screen);
  else screen.row += 1;
}

function clearScreen(screen: TerminalScreen, mode: number): void {
  const { grid, row, col, cols } = screen;
  if (mode === 2 || mode === 3) {
    for (let index = 0; index < grid.length; index += 1) grid[index] = blankRow(cols);
    return;
  }
  if (mode === 0) {
    for (let index = col; index < cols; index += 1) grid[row]![index] = ' ';
    for (let index = row + 1; index < grid.length; index += 1) grid[index] = blankRow(cols);
  } else {
    for (let index = 0; index < row; index += 1) grid[index] = blankRow(cols);
    for (let index = 0; index <= Math.min(col, cols - 1); index += 1) grid[row]![index] = ' ';
  }
}

function clearLine(screen: TerminalScreen, mode: number): void {
  const cells = screen.grid[screen.row]!;
  const [from, to] = mode === 1 ? [0, screen.col + 1] : mode === 2 ? [0, screen.cols] : [screen.col, screen.cols];
  for (let index = from; index < Math.min(to, screen.cols); index += 1) cells[index] = ' ';
}

function clamp(value: number, max: number): number {
  return Math.max(0, Math.min(max, value));
}

/** Applies one CSI sequence (`ESC [ params final`). */
function applyCsi(screen: TerminalScreen, params: string, final: string): void {
  const numbers = params
    .replace(/^[?>=]/, '')
    .split(';')
    .map((part) => (part === '' ? NaN : Number(part)));
  const first = Number.isFinite(numbers[0]) ? numbers[0]! : 0;
  const count = Math.max(1, first);
  switch (final) {
    case 'A':
      screen.row = clamp(screen.row - count, screen.rows - 1);
      break;
    case 'B':
      screen.row = clamp(screen.row + count, screen.rows - 1);
      break;
    case 'C':
      screen.col = clamp(screen.col + count, screen.cols - 1);
      break;
    case 'D':
      screen.col = clamp(screen.col - count, screen.cols - 1);
      break;
    case 'G':
      screen.col = clamp(count - 1, screen.cols - 1);
      break;
    case 'H':
    case 'f': {
      const column = Number.isFinite(numbers[1]) ? numbers[1]! : 1;
      screen.row = clamp(count - 1, screen.rows - 1);
      screen.col = clamp(Math.max(1, column) - 1, screen.cols - 1);
      break;
    }
    case 'J':
      clearScreen(screen, first);
      break;
    case 'K':
      clearLine(screen, first);
      break;
    default:
      // colours (m), modes (h/l) and the rest change nothing a text view shows
      break;
  }
}

/** Length of the escape sequence at `start` (which holds ESC), or -1 when the text ends inside it. */
function escapeLength(text: string, start: number): number {
  const next = text[start + 1];
  if (next === undefined) return -1;
  if (next === '[') {
    for (let index = start + 2; index < text.length && index < start + 64; index += 1) {
      const code = text.charCodeAt(index);
      if (code >= 0x40 && code <= 0x7e) return index - start + 1;
    }
    return text.length - start < 64 ? -1 : 2;
  }
  if (next === ']') {
    // OSC (window title): ends with BEL or ESC \
    for (let index = start + 2; index < text.length && index < start + 512; index += 1) {
      if (text[index] === '\u0007') return index - start + 1;
      if (text[index] === ESC && text[index + 1] === '\\') return index - start + 2;
    }
    return text.length - start < 512 ? -1 : 2;
  }
  if (next === '(' || next === ')') return text.length - start < 3 ? -1 : 3;
  return 2;
}

/** Writes output to the screen, as a terminal would show it. */
export function writeScreen(screen: TerminalScreen, data: string): void {
  const text = screen.pending + data;
  screen.pending = '';
  let index = 0;
  while (index < text.length) {
    const character = text[index]!;
    if (character === ESC) {
      const length = escapeLength(text, index);
      if (length < 0) {
        screen.pending = text.slice(index);
        return;
      }
      const sequence = text.slice(index, index + length);
      if (sequence[1] === '[') applyCsi(screen, sequence.slice(2, -1), sequence.at(-1)!);
      else if (sequence === `${ESC}c`) {
        clearScreen(screen, 2);
        screen.row = 0;
        screen.col = 0;
      }
      index += length;
      continue;
    }
    if (character === '\r') screen.col = 0;
    else if (character === '\n') lineFeed(screen);
    else if (character === '\b') screen.col = Math.max(0, screen.col - 1);
    else if (character === '\t') screen.col = Math.min(screen.cols - 1, (Math.floor(screen.col / 8) + 1) * 8);
    else if (character >= ' ' && character !== '\u007f') {
      if (screen.col >= screen.cols) {
        screen.col = 0;
        lineFeed(screen);
      }
      screen.grid[screen.row]![screen.col] = character;
      screen.col += 1;
    }
    index += 1;
  }
}

/** The scrollback and the screen as text, trailing blank lines dropped. */
export function screenText(screen: TerminalScreen): string {
  const lines = [...screen.history, ...screen.grid.map(lineText)];
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines.join('\n');
}
