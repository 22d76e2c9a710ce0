import { describe, expect, it } from 'vitest';
import { bodyHtml } from './embed-render.js';
import { darknetRange, MAX_EMBEDS_PER_BODY, scanBody } from './embeds.js';
import type { FrozenEmbed } from './publications.table.js';

const frozen = (directive: string, html: string): FrozenEmbed => ({
  directive,
  kind: 'test',
  params: {},
  data: null,
  html: { ja: `${html}-ja`, en: `${html}-en` },
});

describe(scanBody.name, () => {
  it('finds block directives on their own line and inline links, not inside fenced code', () => {
    const scanned = scanBody(
      [
        'Intro with [[T1059.001]] and [[case:260102_PA1_001]].',
        '',
        '{{chart:darknet-timeseries from=2026-01-01 to=2026-03-31}}',
        '```',
        '{{chart:case-levels}}',
        '```',
        'text {{chart:case-levels}} inline is just text',
      ].join('\n'),
    );
    expect(scanned.blocks.map((b) => [b.kind, b.params])).toEqual([
      ['chart:darknet-timeseries', { from: '2026-01-01', to: '2026-03-31' }],
    ]);
    expect(scanned.inline.map((b) => [b.kind, b.params])).toEqual([
      ['link:technique', { technique: 'T1059.001' }],
      ['link:case', { case: '260102_PA1_001' }],
    ]);
    expect(scanned.problems).toEqual([]);
  });

  it('names unknown embeds, unknown parameters and too many embeds', () => {
    const scanned = scanBody('{{chart:pie-of-secrets}}\n{{table:cases colour=red}}');
    expect(scanned.problems.map((p) => p.message)).toEqual([
      'unknown embed "chart:pie-of-secrets"',
      'table:cases takes no parameter "colour"',
    ]);
    const many = scanBody(Array.from({ length: MAX_EMBEDS_PER_BODY + 1 }, () => '[[T1082]]').join(' '));
    expect(many.problems.map((p) => p.message)).toEqual([`at most 50 embeds per body (found 51)`]);
  });
});

describe(darknetRange.name, () => {
  it('takes whole UTC days and refuses reversed or overlong periods', () => {
    expect(darknetRange({ from: '2026-01-01', to: '2026-01-31' })).toEqual({
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-02-01T00:00:00Z'),
    });
    expect(darknetRange({ from: '2026-02-01', to: '2026-01-01' })).toBe('"to" is before "from"');
    expect(darknetRange({ from: '2020-01-01', to: '2026-01-01' })).toBe('at most 731 days');
    expect(darknetRange({ from: 'yesterday', to: '2026-01-01' })).toMatch(/YYYY-MM-DD/);
  });
});

describe(bodyHtml.name, () => {
  it('substitutes the rendered embeds in the language asked for, and keeps author HTML as text', () => {
    const directive = '{{chart:case-levels}}';
    const embeds = new Map([
      [directive, frozen(directive, '<svg>chart</svg>')],
      ['[[T1082]]', frozen('[[T1082]]', '<a>T1082</a>')],
    ]);
    const html = bodyHtml(`<script>alert(1)</script>\n\n${directive}\n\nSee [[T1082]] now.`, 'en', embeds);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<svg>chart</svg>-en');
    expect(html).toContain('<p>See <a>T1082</a>-en now.</p>');
    expect(bodyHtml('   ', 'ja', embeds)).toBe('');
  });

  it('shows an embed that could not be rendered as its escaped directive', () => {
    expect(bodyHtml('{{table:techniques limit=5}}', 'ja', new Map())).toBe(
      '<p><code class="pub-embed-missing">{{table:techniques limit=5}}</code></p>\n',
    );
  });

  it('drops placeholder characters typed by the author, so text never becomes an embed', () => {
    expect(bodyHtml('a\uE000B0\uE001b', 'en', new Map())).toBe('<p>aB0b</p>\n');
  });
});
