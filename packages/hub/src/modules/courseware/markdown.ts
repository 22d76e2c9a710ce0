import MarkdownIt from 'markdown-it';

/**
 * Learner text as HTML: CommonMark plus tables (GFM), no raw HTML (it is shown as text), no `javascript:` or other
 * unsafe link targets (markdown-it's default check), links opening outside the console, and a module's images
 * (`assets/<file>`) served from the hub.
 */
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  if (/^https?:/i.test(token.attrGet('href') ?? '')) {
    token.attrSet('target', '_blank');
    token.attrSet('rel', 'noopener noreferrer');
  }
  return defaultLinkOpen(tokens, idx, options, env, self);
};

const defaultImage = md.renderer.rules.image!;
md.renderer.rules.image = (tokens, idx, options, env: { assetBase?: string }, self) => {
  const token = tokens[idx]!;
  const src = token.attrGet('src') ?? '';
  const asset = /^assets\/([A-Za-z0-9][A-Za-z0-9._-]{0,99})$/.exec(src);
  // Only the module's own assets are shown; any other image address would be a request to elsewhere.
  if (!asset || !env.assetBase) return '';
  token.attrSet('src', `${env.assetBase}${asset[1]}`);
  token.attrSet('loading', 'lazy');
  return defaultImage(tokens, idx, options, env, self);
};

/** @example renderMarkdown('# Hi <b>', { assetBase: '/api/v1/courseware/modules/x/assets/' }) // '<h1>Hi &lt;b&gt;</h1>\n' */
export function renderMarkdown(text: string, env: { assetBase?: string } = {}): string {
  return md.render(text, { ...env });
}
