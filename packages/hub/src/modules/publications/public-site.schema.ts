import { z } from 'zod';
import { SITE_LANGS } from './public-site-i18n.js';

/** The inputs of the public site, bounded: a search of at most 200 characters, at most 1000 pages. */
export const siteLangSchema = z.enum(SITE_LANGS);

export const indexQuerySchema = z.object({
  q: z.string().trim().max(200, 'a search has at most 200 characters').optional(),
  tag: z.string().trim().max(100, 'a tag has at most 100 characters').optional(),
  page: z.coerce.number().int('the page is a whole number').min(1).max(1000).default(1),
});
export type IndexQuery = z.infer<typeof indexQuerySchema>;

export const pageQuerySchema = indexQuerySchema.pick({ page: true });

/** A publication's slug (with `.pdf` for its PDF) or an advisory's tracking id. */
export const nameSchema = z.string().min(1).max(200);
