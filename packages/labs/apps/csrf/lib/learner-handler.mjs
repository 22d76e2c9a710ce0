/**
 * The adapter around the learner's handler.mjs: every call is bounded and checked, so that whatever the learner
 * writes (a throw, a wrong shape, a huge value) shows up as an error on the page instead of breaking the shop.
 */

const MAX_FIELDS = 10;
const MAX_FIELD_CHARS = 500;
const MAX_REASON_CHARS = 300;
const MAX_ATTRIBUTE_CHARS = 200;
const NO_ATTRIBUTES = 'HttpOnly';

const messageOf = (err) => String(err?.message ?? err).slice(0, 1_000);

/** formFields(session) as `{ entries: [name, value][] }`, or `{ error }`. */
export async function hiddenFieldsOf(handler, session) {
  try {
    const fields = (await handler.formFields?.(session)) ?? {};
    const entries = Array.isArray(fields) ? fields : Object.entries(fields);
    if (entries.length > MAX_FIELDS) throw new Error(`formFields returned more than ${MAX_FIELDS} fields`);
    return {
      entries: entries.map((entry) => {
        const [name, value] = Array.isArray(entry) ? entry : [];
        if (typeof name !== 'string' || !['string', 'number'].includes(typeof value)) {
          throw new TypeError('formFields must return { name: value } with string values');
        }
        if (name.length + String(value).length > MAX_FIELD_CHARS) throw new Error('a form field is too long');
        return [name, String(value)];
      }),
    };
  } catch (err) {
    return { error: messageOf(err) };
  }
}

/** checkRequest(request, session, form) as `{ allow: true }`, `{ allow: false, reason }` or `{ error }`. */
export async function verdictOf(handler, request, session, form) {
  try {
    const verdict = await handler.checkRequest(request, session, form);
    if (verdict === true || verdict?.allow === true) return { allow: true };
    return { allow: false, reason: String(verdict?.reason ?? 'refused').slice(0, MAX_REASON_CHARS) };
  } catch (err) {
    return { error: messageOf(err) };
  }
}

/** sessionCookie() as a cookie attribute string; anything that could break the header falls back to HttpOnly. */
export function cookieAttributesOf(handler) {
  try {
    const attributes = String(handler.sessionCookie?.() ?? NO_ATTRIBUTES);
    return /^[\x20-\x7e]*$/.test(attributes) && attributes.length <= MAX_ATTRIBUTE_CHARS ? attributes : NO_ATTRIBUTES;
  } catch {
    return NO_ATTRIBUTES;
  }
}
