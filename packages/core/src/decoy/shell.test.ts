import { describe, expect, it } from 'vitest';
import { parseShellLine, SHELL_MAX_COMMANDS } from './shell.js';

describe(parseShellLine.name, () => {
  it('splits on ; && || | and keeps quoted separators', () => {
    expect(parseShellLine(`a; b && c || d | e 'f; g' "h && i"`).map((c) => c.argv)).toEqual([
      ['a'],
      ['b'],
      ['c'],
      ['d'],
      ['e', 'f; g', 'h && i'],
    ]);
  });

  it('keeps redirections such as 2>&1 in their command', () => {
    expect(parseShellLine('wget x 2>&1; id').map((c) => c.name)).toEqual(['wget', 'id']);
  });

  it('strips wrappers and assignments, and notes busybox', () => {
    expect(parseShellLine('X=1 /bin/busybox wget http://x')[0]).toMatchObject({
      name: 'wget',
      busybox: true,
      args: 'http://x',
    });
  });

  it('skips comments and bounds what it reads', () => {
    expect(parseShellLine('#!/bin/sh; id').map((c) => c.name)).toEqual(['id']);
    expect(parseShellLine('id;'.repeat(10_000)).length).toBe(SHELL_MAX_COMMANDS);
    expect(parseShellLine(`echo "never closed; id`).map((c) => c.name)).toEqual(['echo']);
  });
});
