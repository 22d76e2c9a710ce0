/**
 * A small, tolerant scanner for the attacker page: it finds what makes a browser send requests (forms and their
 * fields, images, frames, meta refresh, `location = '…'` in scripts) and the page's referrer policy. It walks the
 * text once with indexOf, so any input — unclosed tags, stray quotes — is scanned in linear time.
 */

const MAX_TAGS = 5_000;
const MAX_ACTIONS = 20;
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);
const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Character references in attribute values and textarea text. */
export function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});?/gi, (whole, ref) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
  });
}

function attributesOf(text) {
  const attributes = new Map();
  const pattern = /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (const match of text.matchAll(pattern)) {
    const name = match[1].toLowerCase();
    if (!attributes.has(name)) attributes.set(name, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return attributes;
}

/** Index just past the `>` that ends a tag opened before `from`, skipping quoted values; -1 when it never ends. */
function tagEnd(html, from) {
  let quote;
  for (let i = from; i < html.length; i += 1) {
    const c = html[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      if (/=\s*$/.test(html.slice(Math.max(from, i - 8), i))) quote = c;
    } else if (c === '>') {
      return i + 1;
    }
  }
  return -1;
}

/** Where a script sends the page: `location = '…'`, `location.href = '…'`, `location.assign('…')`. */
function scriptNavigations(code) {
  const pattern =
    /\blocation(?:\.href)?\s*=\s*(['"`])([^'"`\n]{1,2000})\1|\blocation\.(?:assign|replace)\(\s*(['"`])([^'"`\n]{1,2000})\3\s*\)/g;
  return [...code.matchAll(pattern)].map((m) => m[2] ?? m[4]);
}

function fieldFromInput(attrs) {
  const name = attrs.get('name');
  const type = (attrs.get('type') ?? 'text').toLowerCase();
  if (!name || attrs.has('disabled')) return undefined;
  if (['submit', 'button', 'reset', 'image', 'file'].includes(type)) return undefined;
  if ((type === 'checkbox' || type === 'radio') && !attrs.has('checked')) return undefined;
  return [name, attrs.get('value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '')];
}

/** What the scan has found so far: the page's referrer policy, the actions, and the open form and select. */
function newScanState() {
  return { referrerPolicy: undefined, actions: [], form: undefined, select: undefined };
}

function closeTag(state, name) {
  if (name === 'form' && state.form) {
    state.actions.push(state.form);
    state.form = undefined;
  } else if (name === 'select' && state.select) {
    const { form, name: field, value } = state.select;
    if (value !== undefined) form.fields.push([field, value]);
    state.select = undefined;
  }
}

/** One start tag; `text` is the content of a raw-text element (script, textarea). */
function openTag(state, name, attrs, text) {
  const { actions, form, select } = state;
  switch (name) {
    case 'meta': {
      const content = attrs.get('content') ?? '';
      if (attrs.get('name')?.toLowerCase() === 'referrer') state.referrerPolicy = content.trim().toLowerCase();
      const refresh = /^\s*\d*\s*[;,]\s*url\s*=\s*['"]?([^'"]+)/i.exec(content);
      if (attrs.get('http-equiv')?.toLowerCase() === 'refresh' && refresh) {
        actions.push({ kind: 'navigate', url: refresh[1].trim(), via: 'meta refresh' });
      }
      break;
    }
    case 'img':
    case 'iframe':
      if (attrs.get('src')) {
        const kind = name === 'img' ? 'image' : 'iframe';
        actions.push({ kind, url: attrs.get('src'), referrerPolicy: attrs.get('referrerpolicy') });
      }
      break;
    case 'form':
      // A form inside a form is ignored by browsers too.
      state.form ??= {
        kind: 'form',
        action: attrs.get('action') ?? '',
        method: (attrs.get('method') ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET',
        enctype: (attrs.get('enctype') ?? '').toLowerCase(),
        target: attrs.get('target') ?? '',
        noReferrer: /\bnoreferrer\b/i.test(attrs.get('rel') ?? ''),
        fields: [],
      };
      break;
    case 'input': {
      const field = fieldFromInput(attrs);
      if (form && field) form.fields.push(field);
      break;
    }
    case 'textarea':
      if (form && attrs.get('name') && !attrs.has('disabled')) {
        form.fields.push([attrs.get('name'), decodeEntities(text.replace(/^\r?\n/, ''))]);
      }
      break;
    case 'select':
      state.select =
        form && attrs.get('name') && !attrs.has('disabled') ? { form, name: attrs.get('name') } : undefined;
      break;
    case 'option':
      // The first option, unless a later one is marked selected.
      if (select && attrs.has('value') && (select.value === undefined || (attrs.has('selected') && !select.explicit))) {
        select.value = attrs.get('value');
        select.explicit = attrs.has('selected');
      }
      break;
    case 'script':
      for (const url of scriptNavigations(text)) actions.push({ kind: 'navigate', url, via: 'script' });
      break;
    default:
      break;
  }
}

/**
 * @returns {{ referrerPolicy?: string, actions: object[] }} actions in document order: `{ kind: 'image' | 'iframe',
 * url, referrerPolicy? }`, `{ kind: 'form', action, method, enctype, target, noReferrer, fields }` and
 * `{ kind: 'navigate', url, via }`.
 */
export function scanPage(html) {
  const lower = html.toLowerCase();
  const state = newScanState();
  let at = 0;
  for (let tags = 0; tags < MAX_TAGS && state.actions.length < MAX_ACTIONS; tags += 1) {
    const lt = html.indexOf('<', at);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      at = close < 0 ? html.length : close + 3;
      continue;
    }
    const head = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]{0,30})/.exec(html.slice(lt, lt + 34));
    if (!head) {
      at = lt + 1;
      continue;
    }
    const end = tagEnd(html, lt + head[0].length);
    if (end < 0) break;
    const name = head[2].toLowerCase();
    at = end;
    if (head[1] === '/') {
      closeTag(state, name);
      continue;
    }
    let text = '';
    if (RAW_TEXT.has(name)) {
      const close = lower.indexOf(`</${name}`, end);
      at = close < 0 ? html.length : close;
      text = html.slice(end, at);
    }
    openTag(state, name, attributesOf(html.slice(lt + head[0].length, end - 1)), text);
  }
  if (state.form) closeTag(state, 'form');
  return { referrerPolicy: state.referrerPolicy, actions: state.actions.slice(0, MAX_ACTIONS) };
}
