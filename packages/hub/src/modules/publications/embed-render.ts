import { findTechnique } from '@cynex/core';
import type { Actor } from '../../platform/actor.js';
import type { FrozenEmbed } from './publications.table.js';
import { renderMarkdown } from '../courseware/markdown.js';
import type { TelescopeRepository } from '../telescope/telescope.repository.js';
import { barChart, lineChart } from '../telescope-reports/report-charts.js';
import { darknetMapHtml } from './embed-map.js';
import type { Audience, EmbedDataRepository } from './embed-data.repository.js';
import {
  PLACEHOLDER_CLOSE,
  PLACEHOLDER_OPEN,
  darknetRange,
  limitParam,
  scanBody,
  type EmbedProblem,
  type EmbedRef,
} from './embeds.js';

/**
 * Publication bodies as HTML: Markdown (no raw HTML) with each embed replaced by its static rendering. Every value
 * that came from data is escaped; charts are ECharts' static SVG (no script, no style).
 *
 * Data rules: case embeds read only cases the author may read and the publication's audience may read
 * (`fitsAudience`); a `[[case:…]]` the audience may not read is EMBED_TOO_WIDE. Darknet charts are aggregates
 * (packets per day, per port, per country; never an address): the platform's community material, which the
 * owner organisation's writers already publish as darknet observation reports in any scope, so they may appear in
 * a publication of any audience. The country map is a static SVG world map with its data as a table (embed-map.ts).
 */

export type Lang = 'ja' | 'en';
export type Bilingual = { ja: string; en: string };

export interface EmbedSources {
  data: EmbedDataRepository;
  telescope: Pick<TelescopeRepository, 'series' | 'keyed'>;
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const both = (f: (lang: Lang) => string): Bilingual => ({ ja: f('ja'), en: f('en') });
const numberIn = (lang: Lang) => (n: number) => new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-GB').format(n);
const countryName = (lang: Lang, cc: string) => {
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(cc.toUpperCase()) ?? cc;
  } catch {
    return cc;
  }
};

const figure = (kind: string, body: string, caption: string) =>
  `<figure class="pub-embed" data-embed="${escapeHtml(kind)}">${body}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;

function table(kind: string, head: string[], rows: string[][], caption: string): string {
  const th = head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<figure class="pub-embed" data-embed="${escapeHtml(kind)}"><table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table><figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

const T = {
  packetsPerDay: { ja: 'ダークネットのパケット数(日別)', en: 'Darknet packets per day' },
  topPorts: { ja: 'ダークネットの宛先ポート上位', en: 'Top darknet destination ports' },
  countries: { ja: 'ダークネットの送信元の国・地域', en: 'Darknet sources by country or region' },
  levels: { ja: '進行レベル別の事例数', en: 'Cases by progress level' },
  families: { ja: 'マルウェアファミリー別の事例数', en: 'Cases by malware family' },
  cases: { ja: '観測事例', en: 'Observation cases' },
  techniques: { ja: '事例で観測された ATT&CK テクニック', en: 'ATT&CK techniques seen in the cases' },
  level: { ja: 'レベル', en: 'Level' },
  caseId: { ja: '事例 ID', en: 'Case ID' },
  family: { ja: 'ファミリー', en: 'Family' },
  start: { ja: '開始日', en: 'Start' },
  status: { ja: '状態', en: 'Status' },
  technique: { ja: 'テクニック', en: 'Technique' },
  caseCount: { ja: '事例数', en: 'Cases' },
  empty: { ja: '該当するデータはありません', en: 'No data' },
  country: { ja: '国・地域', en: 'Country or region' },
  packets: { ja: 'パケット数', en: 'Packets' },
} satisfies Record<string, Bilingual>;

const period = (p: Record<string, string>) => `${p.from} – ${p.to}`;

/** Renders one embed from live data in both languages; a string is the problem. */
async function renderOne(
  sources: EmbedSources,
  author: Actor,
  audience: Audience,
  ref: EmbedRef,
): Promise<FrozenEmbed | EmbedProblem> {
  const invalid = (message: string): EmbedProblem => ({ code: 'EMBED_INVALID', directive: ref.directive, message });
  const frozen = (data: unknown, html: Bilingual): FrozenEmbed => ({
    directive: ref.directive,
    kind: ref.kind,
    params: ref.params,
    data,
    html,
  });
  const p = ref.params;
  switch (ref.kind) {
    case 'chart:darknet-timeseries': {
      const range = darknetRange(p);
      if (typeof range === 'string') return invalid(range);
      const rows = await sources.telescope.series('1d', range);
      // Every day of the period, quiet days as zero, so that the line covers the period asked for.
      const byDay = new Map(rows.map((r) => [new Date(r.t).toISOString().slice(0, 10), r.packets]));
      const data: { day: string; packets: number }[] = [];
      for (let t = range.from.getTime(); t < range.to.getTime(); t += 86_400_000) {
        const day = new Date(t).toISOString().slice(0, 10);
        data.push({ day, packets: byDay.get(day) ?? 0 });
      }
      return frozen(
        data,
        both((lang) =>
          figure(
            ref.kind,
            lineChart(
              data.map((d) => ({ label: d.day, value: d.packets })),
              numberIn(lang),
            ),
            `${T.packetsPerDay[lang]} (${period(p)})`,
          ),
        ),
      );
    }
    case 'chart:darknet-top-ports': {
      const range = darknetRange(p);
      const limit = limitParam(p, 10, 50);
      if (typeof range === 'string') return invalid(range);
      if (typeof limit === 'string') return invalid(limit);
      const [tcp, udp] = await Promise.all([
        sources.telescope.keyed('1d', range, 'tcp_port'),
        sources.telescope.keyed('1d', range, 'udp_port'),
      ]);
      const data = [
        ...tcp.map((r) => ({ port: `tcp/${r.key}`, packets: r.packets })),
        ...udp.map((r) => ({ port: `udp/${r.key}`, packets: r.packets })),
      ]
        .sort((a, b) => b.packets - a.packets || a.port.localeCompare(b.port))
        .slice(0, limit);
      return frozen(
        data,
        both((lang) =>
          figure(
            ref.kind,
            barChart(
              data.map((d) => ({ label: d.port, value: d.packets })),
              numberIn(lang),
            ),
            `${T.topPorts[lang]} (${period(p)})`,
          ),
        ),
      );
    }
    case 'chart:darknet-map': {
      const range = darknetRange(p);
      const limit = limitParam(p, 15, 50);
      if (typeof range === 'string') return invalid(range);
      if (typeof limit === 'string') return invalid(limit);
      const rows = await sources.telescope.keyed('1d', range, 'country');
      const data = rows
        .map((r) => ({ cc: r.key, packets: r.packets }))
        .sort((a, b) => b.packets - a.packets || a.cc.localeCompare(b.cc))
        .slice(0, limit);
      const mapTable: Bilingual = {
        ja: `パケット数の上位 ${data.length} の国・地域(表にない国・地域は地図で灰色)`,
        en: `Top ${data.length} countries or regions by packets (those not listed are grey on the map)`,
      };
      return frozen(
        data,
        both((lang) =>
          darknetMapHtml(ref.kind, data, {
            caption: `${T.countries[lang]} (${period(p)})`,
            country: T.country[lang],
            packets: T.packets[lang],
            tableCaption: mapTable[lang],
            empty: T.empty[lang],
            countryName: (cc) => countryName(lang, cc),
            format: numberIn(lang),
          }),
        ),
      );
    }
    case 'chart:case-levels': {
      const data = await sources.data.caseLevels(author, audience);
      return frozen(
        data,
        both((lang) =>
          figure(
            ref.kind,
            barChart(
              data.map((d) => ({ label: `${T.level[lang]} ${d.level}`, value: d.count })),
              numberIn(lang),
            ),
            T.levels[lang],
          ),
        ),
      );
    }
    case 'chart:case-families': {
      const limit = limitParam(p, 10, 50);
      if (typeof limit === 'string') return invalid(limit);
      const data = await sources.data.caseFamilies(author, audience, limit);
      return frozen(
        data,
        both((lang) =>
          figure(
            ref.kind,
            barChart(
              data.map((d) => ({ label: d.family, value: d.count })),
              numberIn(lang),
            ),
            T.families[lang],
          ),
        ),
      );
    }
    case 'table:cases': {
      const limit = limitParam(p, 20);
      if (typeof limit === 'string') return invalid(limit);
      const data = await sources.data.cases(author, audience, p.family, limit);
      return frozen(
        data,
        both((lang) =>
          table(
            ref.kind,
            [T.caseId[lang], T.family[lang], T.level[lang], T.start[lang], T.status[lang]],
            data.map((c) => [
              caseLink(c.id, c.caseId),
              escapeHtml(c.malwareFamily),
              String(c.progressLevel),
              escapeHtml(c.startDate),
              escapeHtml(c.status),
            ]),
            data.length > 0 ? T.cases[lang] : `${T.cases[lang]}: ${T.empty[lang]}`,
          ),
        ),
      );
    }
    case 'table:techniques': {
      const limit = limitParam(p, 20);
      if (typeof limit === 'string') return invalid(limit);
      const rows = await sources.data.techniques(author, audience, limit);
      const data = rows.map((r) => ({ ...r, name: findTechnique(r.technique)?.name ?? '' }));
      return frozen(
        data,
        both((lang) =>
          table(
            ref.kind,
            [T.technique[lang], T.caseCount[lang]],
            data.map((t) => [techniqueLink(t.technique) ?? escapeHtml(t.technique), String(t.cases)]),
            data.length > 0 ? T.techniques[lang] : `${T.techniques[lang]}: ${T.empty[lang]}`,
          ),
        ),
      );
    }
    case 'link:technique': {
      const id = p.technique ?? '';
      const link = techniqueLink(id);
      if (!link) return invalid(`no ATT&CK technique ${id}`);
      return frozen({ technique: id, name: findTechnique(id)?.name ?? '' }, { ja: link, en: link });
    }
    case 'link:case': {
      const found = await sources.data.findCase(author, audience, p.case ?? '');
      if (!found) return invalid(`no case ${p.case ?? ''} that you may read`);
      if (!found.fits)
        return {
          code: 'EMBED_TOO_WIDE',
          directive: ref.directive,
          message: `case ${found.caseId} may not be read by this publication's audience (${audience.scope}, TLP:${audience.marking})`,
        };
      const link = caseLink(found.id, found.caseId);
      return frozen({ id: found.id, caseId: found.caseId, malwareFamily: found.malwareFamily }, { ja: link, en: link });
    }
  }
}

const caseLink = (id: string, caseId: string) =>
  `<a href="/cases/${encodeURIComponent(id)}" class="pub-case">${escapeHtml(caseId)}</a>`;

function techniqueLink(id: string): string | undefined {
  const t = findTechnique(id);
  if (!t || !/^https:\/\/attack\.mitre\.org\//.test(t.url)) return undefined;
  return `<a href="${escapeHtml(t.url)}" class="pub-technique" target="_blank" rel="noopener noreferrer">${escapeHtml(t.id)} ${escapeHtml(t.name)}</a>`;
}

export interface RenderedBody {
  html: string;
  embeds: FrozenEmbed[];
  problems: EmbedProblem[];
}

/** Renders every embed of a body from live data; the problems say which directives failed and why. */
export async function freezeEmbeds(
  sources: EmbedSources,
  author: Actor,
  audience: Audience,
  markdown: string,
): Promise<{ embeds: Map<string, FrozenEmbed>; problems: EmbedProblem[] }> {
  const scanned = scanBody(markdown);
  const embeds = new Map<string, FrozenEmbed>();
  const problems = [...scanned.problems];
  for (const ref of [...scanned.blocks, ...scanned.inline]) {
    if (embeds.has(ref.directive) || problems.some((p) => p.directive === ref.directive)) continue;
    const result = await renderOne(sources, author, audience, ref);
    if ('code' in result) problems.push(result);
    else embeds.set(ref.directive, result);
  }
  return { embeds, problems };
}

/** The body's HTML in one language from embeds already rendered (a missing one shows as its directive, escaped). */
export function bodyHtml(markdown: string, lang: Lang, embeds: ReadonlyMap<string, FrozenEmbed>): string {
  if (markdown.trim() === '') return '';
  const scanned = scanBody(markdown);
  const html = renderMarkdown(scanned.lines.join('\n'));
  const substitute = (which: 'B' | 'I', n: string): string => {
    const ref = (which === 'B' ? scanned.blocks : scanned.inline)[Number(n)];
    if (!ref) return '';
    const embed = embeds.get(ref.directive);
    if (embed) return embed.html[lang];
    const missing = `<code class="pub-embed-missing">${escapeHtml(ref.directive)}</code>`;
    return which === 'B' ? `<p>${missing}</p>` : missing;
  };
  const O = PLACEHOLDER_OPEN;
  const C = PLACEHOLDER_CLOSE;
  return html
    .replace(new RegExp(`<p>${O}B(\\d+)${C}</p>`, 'g'), (_m, n: string) => substitute('B', n))
    .replace(new RegExp(`${O}([BI])(\\d+)${C}`, 'g'), (_m, which: 'B' | 'I', n: string) => substitute(which, n));
}

/** Renders a body with its embeds from live data (the editor's preview and publication). */
export async function renderBody(
  sources: EmbedSources,
  author: Actor,
  audience: Audience,
  markdown: string,
  lang: Lang,
): Promise<RenderedBody> {
  const { embeds, problems } = await freezeEmbeds(sources, author, audience, markdown);
  return { html: bodyHtml(markdown, lang, embeds), embeds: [...embeds.values()], problems };
}
