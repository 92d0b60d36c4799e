import { z } from 'zod';
import { HarvestLimitsSchema } from './limits.js';

/**
 * `sources.yaml`: the disclosure sites a harvest crawls. Either a list of sites, or `{ defaults, sites }`.
 *
 * ```yaml
 * defaults:
 *   rateMs: 1000          # minimum spacing between requests to one host
 * sites:
 *   - id: putuo
 *     start: https://www.shpt.gov.cn/czyjs/index.html
 *     region: 上海市普陀区
 *     titleWords: [决算]
 *     years: [2023, 2024]
 *     pagination: index_{n}.html   # or "?page={n}", or omitted (auto-detected)
 * ```
 */
export const SiteSchema = z.object({
  /** Stable id used in the ledger; defaults to the start URL's host + path. */
  id: z.string().min(1).optional(),
  /** Listing page the walk starts from. */
  start: z.url(),
  /** Region the documents belong to (passed to the extractor as a hint, recorded in the ledger). */
  region: z.string().optional(),
  /** A link is relevant when its title contains one of these words. */
  titleWords: z.array(z.string().min(1)).default(['决算', '预算']),
  /** Links whose title contains one of these words are skipped. */
  excludeWords: z.array(z.string().min(1)).default([]),
  /** Only titles naming one of these years (titles naming no year are kept). */
  years: z.array(z.number().int().min(1990).max(2100)).optional(),
  /** Regex (source text) a detail-page URL must match to be followed. */
  detailPattern: z.string().optional(),
  /** Regex (source text) an attachment URL must match to be kept. */
  attachmentPattern: z.string().optional(),
  /** Pagination URL pattern relative to the start URL, `{n}` = page number (first generated page is 1). */
  pagination: z.string().optional(),
  /** Upper bound on listing pages walked per run. */
  maxPages: z.number().int().positive().default(50),
  /** Minimum spacing between requests to this site's host, in ms. */
  rateMs: z.number().int().nonnegative().optional(),
  /** Concurrent requests to this site's host (1 = polite default). */
  concurrency: z.number().int().positive().max(8).optional(),
  /**
   * Other hosts (or domains) the site's pages, attachments and redirects may come from, besides the
   * start URL's registrable domain (`file.x.gov.cn` is already allowed for `www.x.gov.cn`).
   */
  allowHosts: z.array(z.string().min(1)).default([]),
});

export const DefaultsSchema = HarvestLimitsSchema.extend({
  rateMs: z.number().int().nonnegative().default(1000),
  concurrency: z.number().int().positive().max(8).default(1),
  userAgent: z.string().optional(),
  timeoutMs: z.number().int().positive().default(30000),
  maxBytes: z.number().int().positive().default(100 * 1024 * 1024),
  retries: z.number().int().nonnegative().default(3),
});

export const SourcesSchema = z.union([
  z.array(SiteSchema).transform((sites) => ({ defaults: DefaultsSchema.parse({}), sites })),
  z.object({
    defaults: DefaultsSchema.default(DefaultsSchema.parse({})),
    sites: z.array(SiteSchema).min(1),
  }),
]);

export type SiteInput = z.input<typeof SiteSchema>;
export type Site = z.output<typeof SiteSchema> & { id: string };
export type SourcesDefaults = z.output<typeof DefaultsSchema>;
export interface SourcesConfig {
  defaults: SourcesDefaults;
  sites: Site[];
}
