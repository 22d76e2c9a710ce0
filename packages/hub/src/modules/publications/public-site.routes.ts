import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SITE_CSS } from './public-site-css.js';
import { ATOM_TYPE, RSS_TYPE } from './public-site-feeds.js';
import { isSiteLang, preferredLang, type SiteLang } from './public-site-i18n.js';
import { indexQuerySchema, nameSchema, pageQuerySchema } from './public-site.schema.js';
import type { PublicSiteService } from './public-site.service.js';

/**
 * The public site's policy: its own stylesheet and nothing else (no script, no inline style, no frames). Inline
 * SVG charts are part of the document and need nothing more.
 */
export const PUBLIC_SITE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Pages change when something is published or withdrawn: caches keep them a minute at most. */
const PAGE_CACHE = 'public, max-age=60';

type Params = { lang: string; name: string };
type Req = FastifyRequest<{ Params: Partial<Params>; Querystring: Record<string, unknown> }>;

function sendHtml(reply: FastifyReply, status: number, body: string) {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', PUBLIC_SITE_CSP)
    .header('cache-control', status === 200 ? PAGE_CACHE : 'no-store')
    .send(body);
}

/**
 * Server-rendered public pages under /p/ (no JavaScript; real routes, so the console's catch-all never answers
 * them): the index, publications (HTML and PDF), feeds, advisories and their CSAF documents. Everything here is
 * anonymous and read-only; what is not published, public and CLEAR is a 404 page.
 */
export function publicSiteRoutes(app: FastifyInstance, site: PublicSiteService): void {
  const schema = { hide: true, tags: ['public-site'] };
  const notFound = (request: Req, reply: FastifyReply, lang?: SiteLang) =>
    sendHtml(reply, 404, site.errorPage(lang ?? preferredLang(request.headers['accept-language']), 404));
  /** Runs a handler with the page language, or answers 404 for a language the site does not have. */
  const inLang =
    (handler: (lang: SiteLang, request: Req, reply: FastifyReply) => Promise<FastifyReply>) =>
    async (request: Req, reply: FastifyReply) => {
      const lang = request.params.lang ?? '';
      return isSiteLang(lang) ? handler(lang, request, reply) : notFound(request, reply);
    };
  const toLanguage = async (request: Req, reply: FastifyReply) =>
    reply
      .header('vary', 'Accept-Language')
      .header('cache-control', 'no-store')
      .redirect(`/p/${preferredLang(request.headers['accept-language'])}/`, 302);

  app.get('/p', { schema }, toLanguage);
  app.get('/p/', { schema }, toLanguage);
  app.get('/p/assets/site.css', { schema }, async (_request, reply) =>
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(SITE_CSS),
  );
  app.get(
    '/p/:lang',
    { schema },
    inLang(async (lang, _request, reply) => reply.redirect(`/p/${lang}/`, 301)),
  );
  app.get(
    '/p/:lang/',
    { schema },
    inLang(async (lang, request, reply) => {
      const query = indexQuerySchema.safeParse(request.query);
      if (!query.success) {
        return sendHtml(
          reply,
          400,
          site.errorPage(
            lang,
            400,
            query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
          ),
        );
      }
      return sendHtml(reply, 200, await site.index(lang, query.data));
    }),
  );
  for (const kind of ['rss', 'atom'] as const) {
    app.get(
      `/p/:lang/feed.${kind}`,
      { schema },
      inLang(async (lang, _request, reply) =>
        reply
          .header('content-type', kind === 'rss' ? RSS_TYPE : ATOM_TYPE)
          .header('cache-control', PAGE_CACHE)
          .send(await site.feed(lang, kind)),
      ),
    );
  }
  app.get(
    '/p/:lang/advisories/',
    { schema },
    inLang(async (lang, request, reply) => {
      const query = pageQuerySchema.safeParse(request.query);
      if (!query.success)
        return sendHtml(
          reply,
          400,
          site.errorPage(
            lang,
            400,
            query.error.issues.map((i) => i.message),
          ),
        );
      return sendHtml(reply, 200, await site.advisories(lang, query.data.page));
    }),
  );
  app.get(
    '/p/:lang/advisories/:name',
    { schema },
    inLang(async (lang, request, reply) => {
      const name = nameSchema.safeParse(request.params.name);
      const page = name.success ? await site.advisory(lang, name.data) : undefined;
      return page ? sendHtml(reply, 200, page) : notFound(request, reply, lang);
    }),
  );
  app.get(
    '/p/:lang/:name',
    { schema },
    inLang(async (lang, request, reply) => {
      const name = nameSchema.safeParse(request.params.name);
      if (!name.success) return notFound(request, reply, lang);
      if (name.data.endsWith('.pdf')) {
        const pdf = await site.pdf(lang, name.data.slice(0, -4));
        if (!pdf) return notFound(request, reply, lang);
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `inline; filename="${pdf.filename}"`)
          .header('cache-control', PAGE_CACHE)
          .send(pdf.bytes);
      }
      const page = await site.article(lang, name.data);
      return page ? sendHtml(reply, 200, page) : notFound(request, reply, lang);
    }),
  );
  app.get('/p/advisories/:name', { schema }, async (request: Req, reply) => {
    const name = nameSchema.safeParse(request.params.name);
    const csaf = name.success && name.data.endsWith('.json') ? await site.csaf(name.data.slice(0, -5)) : undefined;
    if (!csaf) return notFound(request, reply);
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('cache-control', PAGE_CACHE)
      .header('content-disposition', `inline; filename="${name.data!.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
      .send(JSON.stringify(csaf, null, 2));
  });
}
