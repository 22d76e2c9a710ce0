import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/actor.js';
import type { Audience } from './embed-data.repository.js';
import { darknetMapHtml, NO_DATA_COLOUR, worldMapSvg, type MapText } from './embed-map.js';
import { freezeEmbeds, type EmbedSources } from './embed-render.js';

const text = (lang: 'ja' | 'en'): MapText => ({
  caption: lang === 'ja' ? 'ダークネットの送信元' : 'Darknet sources',
  country: lang === 'ja' ? '国・地域' : 'Country or region',
  packets: lang === 'ja' ? 'パケット数' : 'Packets',
  tableCaption: lang === 'ja' ? '上位の国・地域' : 'Top countries',
  empty: lang === 'ja' ? '該当するデータはありません' : 'No data',
  countryName: (cc) => new Intl.DisplayNames([lang], { type: 'region' }).of(cc.toUpperCase()) ?? cc,
  format: (n) => new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-GB').format(n),
});

const countries = [
  { cc: 'CN', packets: 120_000 },
  { cc: 'us', packets: 40_000 },
  { cc: 'BR', packets: 900 },
];

/** The fills of the country shapes (paths with the map's white border). */
const countryFills = (svg: string) =>
  [...svg.matchAll(/<path d="[^"]*" fill="([^"]+)" stroke="#ffffff"/g)].map((m) => m[1]);

describe('darknet map embed', () => {
  it('draws every country as a path, those with data coloured and the rest grey', () => {
    const svg = worldMapSvg(countries, String);
    const fills = countryFills(svg);
    expect(fills.length).toBeGreaterThan(150);
    const grey = fills.filter((f) => f === NO_DATA_COLOUR);
    const coloured = fills.filter((f) => f !== NO_DATA_COLOUR);
    expect(grey.length).toBe(fills.length - 3);
    expect(coloured).toHaveLength(3);
    // the busiest country is darker than the quietest: distinct colours on the scale
    expect(new Set(coloured).size).toBe(3);
    // the legend's ends are the real packet counts
    expect(svg).toContain('>120000<');
    expect(svg).toContain('>900<');
  });

  it('is static: no style element, no inline style, no script, no event handler', () => {
    for (const lang of ['ja', 'en'] as const) {
      const html = darknetMapHtml('chart:darknet-map', countries, text(lang));
      expect(html).not.toMatch(/<style/i);
      expect(html).not.toMatch(/\sstyle="/i);
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/\son[a-z]+="/i);
    }
  });

  it('lists the countries in a table under the map and names them in the alt text, per language', () => {
    const en = darknetMapHtml('chart:darknet-map', countries, text('en'));
    const ja = darknetMapHtml('chart:darknet-map', countries, text('ja'));
    expect(en.indexOf('</svg>')).toBeLessThan(en.indexOf('<table'));
    const rows = (html: string) =>
      [...html.matchAll(/<tr><td>([^<]*)<\/td><td class="num">([^<]*)<\/td><\/tr>/g)].map((m) => [m[1], m[2]]);
    expect(rows(en)).toEqual([
      ['China', '120,000'],
      ['United States', '40,000'],
      ['Brazil', '900'],
    ]);
    expect(rows(ja)).toEqual([
      ['中国', '120,000'],
      ['アメリカ合衆国', '40,000'],
      ['ブラジル', '900'],
    ]);
    expect(en).toContain('aria-label="Darknet sources: China 120,000, United States 40,000, Brazil 900"');
    expect(ja).toContain('<figcaption>ダークネットの送信元</figcaption>');
    expect(ja).toContain('<th scope="col">パケット数</th>');
  });

  it('escapes what it is given and keeps countries without a shape in the table only', () => {
    const html = darknetMapHtml('chart:darknet-map', [{ cc: 'ZZ', packets: 5 }], {
      ...text('en'),
      caption: 'a <b>"caption"</b>',
    });
    expect(html).toContain('a &lt;b&gt;&quot;caption&quot;&lt;/b&gt;');
    expect(html).not.toContain('<b>');
    expect(html).toContain('<td class="num">5</td>');
    expect(countryFills(html).every((f) => f === NO_DATA_COLOUR)).toBe(true);
  });

  it('says there is no data, with a grey map and no table, when nothing was seen', () => {
    const html = darknetMapHtml('chart:darknet-map', [], text('en'));
    expect(html).toContain('<figcaption>Darknet sources: No data</figcaption>');
    expect(html).not.toContain('<table');
    expect(countryFills(html).length).toBeGreaterThan(150);
    expect(countryFills(html).every((f) => f === NO_DATA_COLOUR)).toBe(true);
  });

  it('stays small enough to freeze into a publication twice', () => {
    const big = Array.from('CN US RU BR IN DE FR GB JP KR ID VN TH NL IT ES PL UA TR IR'.split(' '), (cc, i) => ({
      cc,
      packets: 10_000 - i * 400,
    }));
    expect(Buffer.byteLength(darknetMapHtml('chart:darknet-map', big, text('ja')))).toBeLessThan(250_000);
  });

  it('is what {{chart:darknet-map}} freezes: top countries as data, the map and table in ja and en', async () => {
    const asked: unknown[] = [];
    const sources = {
      data: {},
      telescope: {
        series: () => Promise.resolve([]),
        keyed: (...args: unknown[]) => {
          asked.push(args);
          return Promise.resolve([
            { key: 'US', packets: 40_000 },
            { key: 'CN', packets: 120_000 },
            { key: 'JP', packets: 700 },
          ]);
        },
      },
    } as unknown as EmbedSources;
    const directive = '{{chart:darknet-map from=2026-01-01 to=2026-02-01 limit=2}}';
    const { embeds, problems } = await freezeEmbeds(sources, {} as Actor, {} as Audience, `${directive}\n`);
    expect(problems).toEqual([]);
    expect(asked[0]).toContainEqual('country');
    const embed = embeds.get(directive);
    expect(embed?.data).toEqual([
      { cc: 'CN', packets: 120_000 },
      { cc: 'US', packets: 40_000 },
    ]);
    expect(embed?.html.en).toContain('<td>China</td>');
    expect(embed?.html.en).not.toContain('Japan');
    expect(embed?.html.ja).toContain('<td>アメリカ合衆国</td>');
    expect(embed?.html.ja).toContain('ダークネットの送信元の国・地域 (2026-01-01 – 2026-02-01)');
    expect(embed?.html.en).toContain('<th scope="col">Packets</th>');
    expect(countryFills(embed?.html.en ?? '').filter((f) => f !== NO_DATA_COLOUR)).toHaveLength(2);
  });
});
