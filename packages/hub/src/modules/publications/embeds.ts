/**
 * Embed directives of a publication's Markdown: block directives on a line of their own
 * (`{{chart:darknet-timeseries from=2026-01-01 to=2026-03-31}}`) and inline links (`[[T1059.001]]`,
 * `[[case:<id>]]`). Parsing only: the data and the HTML come from embed-render.ts.
 */

export const BLOCK_EMBEDS = [
  'chart:darknet-timeseries',
  'chart:darknet-top-ports',
  'chart:darknet-map',
  'chart:case-levels',
  'chart:case-families',
  'table:cases',
  'table:techniques',
] as const;
export type BlockEmbedKind = (typeof BLOCK_EMBEDS)[number];
export type InlineEmbedKind = 'link:technique' | 'link:case';
export type EmbedKind = BlockEmbedKind | InlineEmbedKind;

/** The parameters each block directive accepts (others are a problem). */
export const EMBED_PARAMS: Readonly<Record<BlockEmbedKind, readonly string[]>> = {
  'chart:darknet-timeseries': ['from', 'to'],
  'chart:darknet-top-ports': ['from', 'to', 'limit'],
  'chart:darknet-map': ['from', 'to', 'limit'],
  'chart:case-levels': [],
  'chart:case-families': ['limit'],
  'table:cases': ['family', 'limit'],
  'table:techniques': ['limit'],
};

export const MAX_EMBEDS_PER_BODY = 50;
export const MAX_TABLE_ROWS = 100;
/** A darknet chart covers at most this many days (two years of daily rollups). */
export const MAX_DARKNET_DAYS = 731;

export interface EmbedRef {
  /** The directive as written. */
  directive: string;
  kind: EmbedKind;
  params: Record<string, string>;
}

export interface EmbedProblem {
  code: 'EMBED_TOO_WIDE' | 'EMBED_INVALID';
  directive: string;
  message: string;
}

const BLOCK_LINE = /^\{\{([a-z]+:[a-z-]+)((?:[ \t]+[a-z]+=[^\s{}]+)*)[ \t]*\}\}$/;
const INLINE = /\[\[(T\d{4}(?:\.\d{3})?|case:[A-Za-z0-9][A-Za-z0-9_-]{0,79})\]\]/g;
const FENCE = /^(```|~~~)/;

export const isBlockKind = (kind: string): kind is BlockEmbedKind => (BLOCK_EMBEDS as readonly string[]).includes(kind);

/** Parses `{{…}}` when it is a well-formed directive line; undefined for an ordinary line. */
export function parseBlockLine(line: string): EmbedRef | { invalid: string; directive: string } | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{{') || !trimmed.endsWith('}}')) return undefined;
  const match = BLOCK_LINE.exec(trimmed);
  if (!match) return { invalid: 'malformed directive', directive: trimmed };
  const kind = match[1]!;
  if (!isBlockKind(kind)) return { invalid: `unknown embed "${kind}"`, directive: trimmed };
  const params: Record<string, string> = {};
  for (const pair of (match[2] ?? '')
    .trim()
    .split(/[ \t]+/)
    .filter(Boolean)) {
    const [key, value] = pair.split('=') as [string, string];
    if (!EMBED_PARAMS[kind].includes(key))
      return { invalid: `${kind} takes no parameter "${key}"`, directive: trimmed };
    params[key] = value;
  }
  return { directive: trimmed, kind, params };
}

/** The inline links of a line of text. */
export function inlineRefs(text: string): EmbedRef[] {
  return [...text.matchAll(INLINE)].map((m): EmbedRef => {
    const target = m[1]!;
    return target.startsWith('case:')
      ? { directive: m[0], kind: 'link:case', params: { case: target.slice(5) } }
      : { directive: m[0], kind: 'link:technique', params: { technique: target } };
  });
}

export interface ScannedBody {
  /** Markdown lines: block directives replaced by a placeholder line `\uE000B<n>\uE001`, inline links by `\uE000I<n>\uE001`. */
  lines: string[];
  blocks: EmbedRef[];
  inline: EmbedRef[];
  problems: EmbedProblem[];
}

/** Private-use characters mark our placeholders; they are stripped from what authors write. */
export const PLACEHOLDER_OPEN = '\uE000';
export const PLACEHOLDER_CLOSE = '\uE001';

/** Finds the directives of a body (outside fenced code blocks) and checks their number. */
export function scanBody(markdown: string): ScannedBody {
  const lines: string[] = [];
  const blocks: EmbedRef[] = [];
  const inline: EmbedRef[] = [];
  const problems: EmbedProblem[] = [];
  let fenced = false;
  for (const raw of markdown.replace(/[\uE000\uE001]/g, '').split(/\r?\n/)) {
    if (FENCE.test(raw.trim())) fenced = !fenced;
    if (fenced) {
      lines.push(raw);
      continue;
    }
    const block = parseBlockLine(raw);
    if (block && 'invalid' in block) {
      problems.push({ code: 'EMBED_INVALID', directive: block.directive, message: block.invalid });
      lines.push(raw);
    } else if (block) {
      lines.push('', `${PLACEHOLDER_OPEN}B${blocks.length}${PLACEHOLDER_CLOSE}`, '');
      blocks.push(block);
    } else {
      lines.push(
        raw.replace(INLINE, (directive) => {
          inline.push(...inlineRefs(directive));
          return `${PLACEHOLDER_OPEN}I${inline.length - 1}${PLACEHOLDER_CLOSE}`;
        }),
      );
    }
  }
  if (blocks.length + inline.length > MAX_EMBEDS_PER_BODY) {
    problems.push({
      code: 'EMBED_INVALID',
      directive: '',
      message: `at most ${MAX_EMBEDS_PER_BODY} embeds per body (found ${blocks.length + inline.length})`,
    });
  }
  return { lines, blocks, inline, problems };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A darknet chart's period: `from` inclusive, `to` inclusive (a whole UTC day), at most two years. */
export function darknetRange(params: Record<string, string>): { from: Date; to: Date } | string {
  const { from, to } = params;
  if (!from || !to || !DAY.test(from) || !DAY.test(to)) return 'needs from=YYYY-MM-DD and to=YYYY-MM-DD';
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return 'not a date';
  if (end < start) return '"to" is before "from"';
  if ((end.getTime() - start.getTime()) / 86_400_000 + 1 > MAX_DARKNET_DAYS) return `at most ${MAX_DARKNET_DAYS} days`;
  return { from: start, to: new Date(end.getTime() + 86_400_000) };
}

/** A `limit=` parameter within 1..max, or the default. */
export function limitParam(params: Record<string, string>, fallback: number, max = MAX_TABLE_ROWS): number | string {
  if (params.limit === undefined) return fallback;
  const n = Number(params.limit);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : `limit must be 1..${max}`;
}
