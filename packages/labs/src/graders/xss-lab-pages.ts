import { parse, type DefaultTreeAdapterMap } from 'parse5';
import type { SendToLab } from './grader-types.js';

/**
 * Reads the message board lab's pages (packages/labs/apps/xss/lib/pages.mjs) as a browser would: parsed by parse5,
 * the HTML parser of the spec. The learner edits only render.mjs, whose output sits inside elements the server
 * marks (`data-slot`, `data-post`), so those marks are stable.
 */

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];
type Document = DefaultTreeAdapterMap['document'];

const isElement = (node: Node): node is Element => 'tagName' in node;

/** Every element in document order. A <template>'s content is inert and left out, as a browser leaves it. */
function* elements(node: Node): Generator<Element> {
  if (isElement(node)) yield node;
  if ('childNodes' in node) for (const child of node.childNodes) yield* elements(child);
}

export function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((attr) => attr.name === name)?.value;
}

/** The text a reader sees: text nodes (a <br> as a line break), whitespace runs as one space, no scripts or styles. */
export function visibleText(node: Node): string {
  const parts: string[] = [];
  const visit = (current: Node) => {
    if (current.nodeName === '#text' && 'value' in current) parts.push(current.value);
    else if (isElement(current) && current.tagName === 'br') parts.push('\n');
    if (isElement(current) && ['script', 'style', 'template'].includes(current.tagName)) return;
    if ('childNodes' in current) current.childNodes.forEach(visit);
  };
  visit(node);
  return collapse(parts.join(''));
}

export const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** URL-bearing attributes: a `javascript:` URL in one of them runs when the element is used or loaded. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'data', 'values', 'to', 'from', 'content']);

function runsAsScriptUrl(value: string): boolean {
  // URL parsers drop tabs, newlines and leading spaces and controls: "jav&#x09;ascript:" still runs. A meta refresh
  // carries its URL after "0;url=", hence includes rather than startsWith.
  const url = [...value]
    .filter((c) => c.charCodeAt(0) > 0x20)
    .join('')
    .toLowerCase();
  return ['javascript:', 'vbscript:', 'data:text/html'].some((scheme) => url.includes(scheme));
}

/**
 * Where in the page a marker would run as script: in a <script>'s text or src, an on* handler, a srcdoc, or a
 * javascript: URL. One entry per finding, e.g. `img[onerror]`.
 */
export function whereMarkerRuns(doc: Document, marker: string): string[] {
  const found: string[] = [];
  for (const element of elements(doc)) {
    if (element.tagName === 'script') {
      const text = element.childNodes.map((child) => ('value' in child ? child.value : '')).join('');
      if (text.includes(marker) || (attribute(element, 'src') ?? '').includes(marker)) found.push('script');
    }
    for (const { name, value } of element.attrs) {
      if (!value.includes(marker)) continue;
      if (name.startsWith('on')) found.push(`${element.tagName}[${name}]`);
      else if (name === 'srcdoc') found.push(`${element.tagName}[srcdoc]`);
      else if (URL_ATTRIBUTES.has(name) && runsAsScriptUrl(value))
        found.push(`${element.tagName}[${name}=javascript:]`);
    }
  }
  return found;
}

export function findElement(doc: Document, test: (element: Element) => boolean): Element | undefined {
  for (const element of elements(doc)) if (test(element)) return element;
  return undefined;
}

export function findAll(doc: Document, test: (element: Element) => boolean): Element[] {
  return [...elements(doc)].filter(test);
}

export const bySlot = (slot: string) => (element: Element) => attribute(element, 'data-slot') === slot;

/** A parsed page. */
export interface PageView {
  status: number;
  doc: Document;
}

/** What posting did: the new post's id when the lab accepted it. */
export interface PostOutcome {
  status: number;
  id?: number;
}

const view = async (send: SendToLab, path: string): Promise<PageView> => {
  const res = await send({ method: 'GET', path });
  return { status: res.status, doc: parse(res.body) };
};

/** The board's pages as calls; English pages so that details read the same for everyone. */
export function xssLabClient(send: SendToLab) {
  return {
    board: () => view(send, '/?lang=en'),
    search: (q: string) => view(send, `/search?lang=en&q=${encodeURIComponent(q)}`),
    post: (id: number) => view(send, `/post?lang=en&id=${id}`),
    async createPost(name: string, body: string): Promise<PostOutcome> {
      const res = await send({
        method: 'POST',
        path: '/post?lang=en',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ name, body }).toString(),
      });
      const location = res.headers.location;
      const target = Array.isArray(location) ? location[0] : location;
      const fromLocation = /[?&]id=([0-9]+)/.exec(target ?? '')?.[1];
      if (res.status === 303 && fromLocation) return { status: res.status, id: Number(fromLocation) };
      // A client that follows redirects lands on the post page itself.
      const slot = res.status === 200 ? findElement(parse(res.body), bySlot('post')) : undefined;
      const fromPage = slot && attribute(slot, 'data-post');
      return fromPage ? { status: res.status, id: Number(fromPage) } : { status: res.status };
    },
  };
}

export type XssLabClient = ReturnType<typeof xssLabClient>;
