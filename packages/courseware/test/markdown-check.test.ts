import { describe, expect, it } from 'vitest';
import { findRawHtml } from '../src/index.js';

describe(findRawHtml.name, () => {
  it('finds tags, comments and declarations with line and column', () => {
    const md = 'text <span class="x">a</span>\n\n<!-- hidden -->\n<div>\nblock\n</div>\n<img src=x onerror=alert(1)>';
    expect(findRawHtml(md).map((f) => [f.line, f.column, f.text])).toEqual([
      [1, 6, '<span class="x">'],
      [1, 23, '</span>'],
      [3, 1, '<!--'],
      [4, 1, '<div>'],
      [6, 1, '</div>'],
      [7, 1, '<img src=x onerror=alert(1)>'],
    ]);
  });

  it('ignores code spans, fenced and indented code, escapes, autolinks and comparisons', () => {
    const md = [
      'Use `<script>` carefully, and ``<b>`` too; \\<i> is escaped.',
      'See <https://example.jp/> or <soc@example.jp>; 1 < 2 and a<-b.',
      '',
      '```html',
      '<form action="x"></form>',
      '```',
      '',
      '    <p>indented code</p>',
      '~~~',
      '<br>',
      '~~~',
    ].join('\n');
    expect(findRawHtml(md)).toEqual([]);
  });
});
