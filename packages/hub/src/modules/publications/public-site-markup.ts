/**
 * A tiny HTML/XML builder for the public site: every interpolated value is escaped unless it is wrapped in
 * `trusted()` (the renderer's frozen body HTML and its SVG charts, nothing else).
 */

/** Markup that is already safe to emit as is. */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = string | number | Markup | null | undefined | false | readonly Part[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML and XML content and attribute values (also drops characters XML 1.0 forbids). */
export function escapeText(value: string): string {
  let clean = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff)
      continue;
    clean += ENTITIES[ch] ?? ch;
  }
  return clean;
}

function emit(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Markup) return part.value;
  if (Array.isArray(part)) return (part as readonly Part[]).map(emit).join('');
  return escapeText(String(part));
}

/**
 * A template whose values are escaped: markup`<p>${text}</p>`; arrays are joined, null/undefined/false vanish.
 * (Not named `html`: Prettier would reformat such templates as HTML, adding whitespace that shows in Japanese text.)
 */
export function markup(strings: TemplateStringsArray, ...values: Part[]): Markup {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += emit(value) + (strings[i + 1] ?? '');
  });
  return new Markup(out);
}

/** Markup produced by the hub's own renderer (publication body HTML, server-side SVG charts). */
export const trusted = (value: string): Markup => new Markup(value);
