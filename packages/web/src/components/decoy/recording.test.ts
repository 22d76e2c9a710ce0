import { describe, expect, it } from 'vitest';
import { outputOf, parseCastLines } from './recording';

describe('parseCastLines', () => {
  it('reads newline-separated asciicast event lines', () => {
    const lines = '[0.1, "o", "$ "]\n[0.5, "i", "ls\\r"]\n[0.6, "o", "a b\\r\\n"]\n';
    expect(parseCastLines(lines)).toEqual([
      [0.1, 'o', '$ '],
      [0.5, 'i', 'ls\r'],
      [0.6, 'o', 'a b\r\n'],
    ]);
  });

  it('reads an array of lines, as text or parsed', () => {
    expect(parseCastLines(['[1, "o", "x"]', [2, 'o', 'y']])).toEqual([
      [1, 'o', 'x'],
      [2, 'o', 'y'],
    ]);
  });

  it('skips a header, torn lines and values that are not events', () => {
    const lines = '{"version": 2, "width": 80}\n[1, "o", "ok"]\n[2, "o", "tor\n[3, 5, 6]\nnull';
    expect(parseCastLines(lines)).toEqual([[1, 'o', 'ok']]);
  });
});

describe('outputOf', () => {
  it('joins what the terminal printed, leaving out the keystrokes', () => {
    expect(outputOf(parseCastLines('[0, "o", "$ "]\n[1, "i", "id"]\n[1.1, "o", "id\\r\\nuid=0"]'))).toBe(
      '$ id\r\nuid=0',
    );
  });
});
