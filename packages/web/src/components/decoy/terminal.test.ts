import { describe, expect, it } from 'vitest';
import { createScreen, screenText, writeScreen } from './terminal';

function render(output: string, cols = 20, rows = 5): string {
  const screen = createScreen(cols, rows);
  writeScreen(screen, output);
  return screenText(screen);
}

describe('writeScreen', () => {
  it('shows a shell prompt and command output line by line', () => {
    expect(render('root@web01:~# uname -a\r\nLinux web01 5.10.0\r\nroot@web01:~# ', 40)).toBe(
      'root@web01:~# uname -a\nLinux web01 5.10.0\nroot@web01:~#',
    );
  });

  it('erases typed characters with backspace as a terminal echoes them', () => {
    expect(render('lss\b \b -la')).toBe('ls -la');
  });

  it('overwrites from the line start after a carriage return', () => {
    expect(render('progress 10%\rprogress 99%')).toBe('progress 99%');
  });

  it('clears the screen and homes the cursor on ESC[H ESC[2J', () => {
    expect(render('old text\r\nmore\u001b[H\u001b[2Jnew')).toBe('new');
  });

  it('clears to the end of the line on ESC[K', () => {
    expect(render('abcdef\r\u001b[Kxy')).toBe('xy');
  });

  it('drops colour codes and window titles but keeps the text', () => {
    expect(render('\u001b]0;root@web01\u0007\u001b[01;34mdir\u001b[0m file')).toBe('dir file');
  });

  it('keeps an escape sequence split across two chunks of output', () => {
    const screen = createScreen(20, 3);
    writeScreen(screen, 'red \u001b[3');
    writeScreen(screen, '1mtext\u001b[0m');
    expect(screenText(screen)).toBe('red text');
  });

  it('scrolls older lines into a capped history', () => {
    const screen = createScreen(10, 2, 3);
    writeScreen(screen, Array.from({ length: 10 }, (_, index) => `line${index}`).join('\r\n'));
    expect(screenText(screen).split('\n')).toEqual(['line5', 'line6', 'line7', 'line8', 'line9']);
  });

  it('wraps long lines at the screen width', () => {
    expect(render('abcdefghij', 4, 5)).toBe('abcd\nefgh\nij');
  });

  it('survives garbage without throwing and without growing past its grid', () => {
    const screen = createScreen(8, 2, 5);
    const garbage = Array.from({ length: 5000 }, (_, index) => String.fromCharCode((index * 7919) % 256)).join('');
    writeScreen(screen, garbage);
    expect(screen.grid).toHaveLength(2);
    expect(screen.grid.every((row) => row.length === 8)).toBe(true);
    expect(screen.history.length).toBeLessThanOrEqual(5);
  });
});
