/**
 * xterm.js's DOM renderer themes the terminal by writing CSS into `<style>` elements it creates, which the console's
 * Content-Security-Policy (`style-src 'self'`, no inline styles) refuses. While `build` runs, a `<style>` the code
 * creates is handed out as an inert element whose text goes into a constructed stylesheet adopted by the document
 * instead (constructed stylesheets are not inline styles); removing the element drops its sheet.
 * @example const term = withConstructedStyles(() => { const t = new Terminal(); t.open(host); return t; });
 */
export function withConstructedStyles<T>(build: () => T): T {
  const create = document.createElement.bind(document);
  const patched = ((tag: string, options?: ElementCreationOptions) =>
    tag.toLowerCase() === 'style'
      ? constructedStyleElement(create)
      : create(tag, options)) as typeof document.createElement;
  document.createElement = patched;
  try {
    return build();
  } finally {
    document.createElement = create;
  }
}

function constructedStyleElement(create: Document['createElement']): HTMLElement {
  const sheet = new CSSStyleSheet();
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  // <template> renders nothing and runs nothing, wherever it is put.
  const element = create('template');
  let text = '';
  Object.defineProperty(element, 'textContent', {
    get: () => text,
    set: (value: string | null) => {
      text = value ?? '';
      sheet.replaceSync(text);
    },
  });
  const remove = element.remove.bind(element);
  element.remove = () => {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    remove();
  };
  return element;
}
