/**
 * Finds what in an HTML page can run script, the way a browser's tokenizer reads it (a small subset of the HTML
 * tokenizer: tags, attributes with their three quoting styles, comments and the raw-text elements). The lab uses it
 * to tell whether a page it rendered carries script that came from untrusted input: it renders the page a second
 * time with that input made harmless and compares (see `injectedScript`).
 */

const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);
const SPACE = /[\t\n\f\r ]/;
const NAMED = { colon: ':', tab: '\t', newline: '\n', lpar: '(', rpar: ')', sol: '/', amp: '&', quot: '"', apos: "'" };

function decodeEntities(value) {
  return value.replace(/&(?:#x([0-9a-f]+)|#([0-9]+)|([a-z]+));?/gi, (whole, hex, dec, name) => {
    if (hex || dec) {
      const code = parseInt(hex ?? dec, hex ? 16 : 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

/** A URL the browser would run as script: URL parsers drop tabs and newlines, and leading spaces and controls. */
function runsAsScript(value) {
  const url = decodeEntities(value)
    .replace(/[\u0000-\u0020]/g, '')
    .toLowerCase();
  return url.includes('javascript:') || url.includes('vbscript:') || url.includes('data:text/html');
}

/** Reads one tag from `html[start]` (just after `<` or `</`); returns its name, attributes and where it ends. */
function readTag(html, start) {
  let i = start;
  while (i < html.length && !SPACE.test(html[i]) && html[i] !== '/' && html[i] !== '>') i += 1;
  const name = html.slice(start, i).toLowerCase();
  const attributes = new Map();
  for (;;) {
    while (i < html.length && (SPACE.test(html[i]) || html[i] === '/')) i += 1;
    if (i >= html.length) return undefined; // a tag cut off by the end of the input is not emitted
    if (html[i] === '>') return { name, attributes, end: i + 1 };
    const nameStart = i;
    i += 1; // the first character of a name may be '='
    while (i < html.length && !SPACE.test(html[i]) && !['/', '>', '='].includes(html[i])) i += 1;
    const attribute = html.slice(nameStart, i).toLowerCase();
    while (i < html.length && SPACE.test(html[i])) i += 1;
    let value = '';
    if (html[i] === '=') {
      i += 1;
      while (i < html.length && SPACE.test(html[i])) i += 1;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        if (close < 0) return undefined;
        value = html.slice(i + 1, close);
        i = close + 1;
      } else {
        const valueStart = i;
        while (i < html.length && !SPACE.test(html[i]) && html[i] !== '>') i += 1;
        value = html.slice(valueStart, i);
      }
    }
    if (!attributes.has(attribute)) attributes.set(attribute, value);
  }
}

/** Where the raw text of `<name>` ends: at `</name` followed by a space, `/` or `>`. */
function rawTextEnd(html, from, name) {
  const closing = new RegExp(`</${name}[\\t\\n\\f\\r />]`, 'i');
  const match = closing.exec(html.slice(from));
  return match ? from + match.index : html.length;
}

function describe(tag, found) {
  if (tag.name === 'script') found.push('script');
  for (const [attribute, value] of tag.attributes) {
    if (attribute.startsWith('on')) found.push(`${tag.name}[${attribute}]`);
    else if (attribute === 'srcdoc') found.push(`${tag.name}[srcdoc]`);
    else if (runsAsScript(value)) found.push(`${tag.name}[${attribute}=javascript:]`);
  }
}

/**
 * The script-capable constructs in `html`, one entry each: `script`, `img[onerror]`, `a[href=javascript:]`,
 * `iframe[srcdoc]`.
 * @example scriptIn('<p>hi</p><img src=x onerror=alert(1)>') // → ['img[onerror]']
 */
export function scriptIn(html) {
  const found = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    const next = html[lt + 1] ?? '';
    if (html.startsWith('<!--', lt)) {
      if (html.startsWith('<!-->', lt)) i = lt + 5;
      else if (html.startsWith('<!--->', lt)) i = lt + 6;
      else {
        const ends = [
          [html.indexOf('-->', lt + 4), 3],
          [html.indexOf('--!>', lt + 4), 4],
        ].filter(([at]) => at >= 0);
        if (ends.length === 0) break;
        const [at, length] = ends.sort((a, b) => a[0] - b[0])[0];
        i = at + length;
      }
    } else if (/[a-z]/i.test(next)) {
      const tag = readTag(html, lt + 1);
      if (!tag) break;
      describe(tag, found);
      i = tag.end;
      if (tag.name === 'plaintext') break;
      if (RAW_TEXT.has(tag.name)) i = rawTextEnd(html, i, tag.name);
    } else if (next === '/' && /[a-z]/i.test(html[lt + 2] ?? '')) {
      const tag = readTag(html, lt + 2);
      if (!tag) break;
      i = tag.end;
    } else if (next === '!' || next === '?' || next === '/') {
      const close = html.indexOf('>', lt + 1);
      if (close < 0) break;
      i = close + 1;
    } else {
      i = lt + 1;
    }
  }
  return found;
}

/**
 * What `actual` can run that `harmless` (the same page rendered with the untrusted input made harmless) cannot: the
 * script the input brought in. Empty when the input was shown as text.
 * @example injectedScript('<h2><svg onload=alert(1)></h2>', '<h2>_svg_onload_alert_1__</h2>') // → ['svg[onload]']
 */
export function injectedScript(actual, harmless) {
  const counts = new Map();
  for (const item of scriptIn(harmless)) counts.set(item, (counts.get(item) ?? 0) + 1);
  const extra = [];
  for (const item of scriptIn(actual)) {
    const left = counts.get(item) ?? 0;
    if (left > 0) counts.set(item, left - 1);
    else extra.push(item);
  }
  return extra;
}

/** Untrusted text with everything but letters and digits replaced: it can no longer make markup of any kind. */
export function harmless(text) {
  return String(text).replace(/[^\p{L}\p{N}]/gu, '_');
}
