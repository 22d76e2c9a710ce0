/**
 * Form bodies in the three encodings an HTML form can send (and so a cross-site page too): urlencoded, multipart and
 * text/plain. Each parser is bounded; anything else is refused with 415.
 */

const MAX_FIELDS = 50;

function httpError(status, message) {
  return Object.assign(new Error(message), { status });
}

function mediaType(contentType) {
  return String(contentType ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

function boundaryOf(contentType) {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(String(contentType ?? ''));
  return match?.[1] ?? match?.[2];
}

/** A browser's text/plain form: `name=value` lines, nothing escaped. */
function parseTextPlain(text) {
  const form = new URLSearchParams();
  for (const line of text.split(/\r?\n/).slice(0, MAX_FIELDS)) {
    const at = line.indexOf('=');
    if (at > 0) form.append(line.slice(0, at), line.slice(at + 1));
  }
  return form;
}

/** multipart/form-data with text fields; file parts are skipped (the shop takes no uploads). */
function parseMultipart(text, boundary) {
  if (!boundary) throw httpError(400, 'multipart body without a boundary');
  const form = new URLSearchParams();
  const parts = text.split(`--${boundary}`).slice(1, MAX_FIELDS + 1);
  for (const part of parts) {
    if (part.startsWith('--')) break;
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const name = /content-disposition:[^\r\n]*;\s*name="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined || /;\s*filename=/i.test(head)) continue;
    form.append(name, part.slice(split + 4).replace(/\r\n$/, ''));
  }
  return form;
}

/** The fields of a form body; `contentType` as sent (urlencoded is assumed when there is none). */
export function parseFormBody(contentType, body) {
  const text = body.toString('utf8');
  const type = mediaType(contentType);
  if (type === '' || type === 'application/x-www-form-urlencoded') return new URLSearchParams(text);
  if (type === 'multipart/form-data') return parseMultipart(text, boundaryOf(contentType));
  if (type === 'text/plain') return parseTextPlain(text);
  throw httpError(415, `unsupported content type ${type}`);
}

/** The value of one cookie in a Cookie header. */
export function cookieValue(header, name) {
  for (const part of String(header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}
