import { ATTACHMENT_EXTENSIONS } from '../../extractors/registry.js';
import * as cheerio from 'cheerio';

/** Links to files of the formats in extractors/registry.ts (PDF and the office formats) are attachments. */
export const ATTACHMENT_EXT = new RegExp(`(?:${ATTACHMENT_EXTENSIONS.map((e) => e.replace('.', '\\.')).join('|')})$`, 'i');

export interface LinkFilter {
  titleWords: string[];
  excludeWords?: string[];
  years?: number[];
  detailPattern?: string;
  attachmentPattern?: string;
}

export interface DiscoveredLink {
  url: string;
  title: string;
}

export interface PageLinks {
  /** Page title (<title> or first heading). */
  title: string;
  attachments: DiscoveredLink[];
  details: DiscoveredLink[];
  /** Next listing page, if any. */
  nextPage?: string;
  /** All pagination URLs seen (for diagnostics). */
  pages: string[];
  /** Links dropped by the filters, with why. */
  skipped: Array<{ url: string; title: string; reason: string }>;
}

/** Attachment URL behind a link: direct (`….pdf`) or a viewer (`viewer.html?file=….pdf`). */
export function attachmentUrl(href: string, base: string): string | undefined {
  let u: URL;
  try {
    u = new URL(href, base);
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(u.protocol)) return undefined;
  if (ATTACHMENT_EXT.test(decodeSafe(u.pathname))) return u.toString();
  for (const key of ['file', 'url', 'src', 'path', 'filepath', 'fileUrl', 'attach']) {
    for (const [k, v] of u.searchParams) {
      if (k.toLowerCase() !== key.toLowerCase() || !v) continue;
      const inner = decodeSafe(v);
      const path = inner.split(/[?#]/)[0]!;
      if (ATTACHMENT_EXT.test(path)) {
        try {
          return new URL(inner, u).toString();
        } catch {
          /* ignore */
        }
      }
    }
  }
  return undefined;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const YEAR_RE = /(?:^|[^\d])((?:19|20)\d{2})(?=\s*年|[^\d]|$)/g;

/** Years named in a title (e.g. "2023年度部门决算" → [2023]). */
export function titleYears(title: string): number[] {
  const out: number[] = [];
  for (const m of title.matchAll(YEAR_RE)) out.push(Number(m[1]));
  return out;
}

/** Why a title fails the filter, or undefined when it passes. */
export function filterReason(title: string, f: LinkFilter, opts: { requireWords?: boolean } = {}): string | undefined {
  const t = title.replace(/\s+/g, '');
  if (f.excludeWords?.some((w) => t.includes(w))) return 'excluded word';
  if (opts.requireWords !== false && f.titleWords.length && !f.titleWords.some((w) => t.includes(w))) return 'title lacks ' + f.titleWords.join('/');
  if (f.years?.length) {
    const ys = titleYears(t);
    if (ys.length && !ys.some((y) => f.years!.includes(y))) return `year ${ys.join('/')} not in ${f.years.join(',')}`;
  }
  return undefined;
}

/**
 * Page number of a listing URL: index.html → 0, index_3.html → 3, ?page=3 → 3, list_3.shtml → 3.
 */
export function pageNumber(url: string): { n: number; style: 'underscore' | 'query' } | undefined {
  const u = new URL(url);
  const q = u.searchParams.get('page') ?? u.searchParams.get('pageNo') ?? u.searchParams.get('p');
  if (q && /^\d+$/.test(q)) return { n: Number(q), style: 'query' };
  const m = /\/([A-Za-z]+)(?:_(\d+))?\.s?html?$/.exec(u.pathname);
  if (m) return { n: m[2] ? Number(m[2]) : 0, style: 'underscore' };
  return undefined;
}

function withPage(url: string, n: number, style: 'underscore' | 'query', stem = 'index', ext = 'html'): string {
  const u = new URL(url);
  if (style === 'query') {
    const key = ['page', 'pageNo', 'p'].find((k) => u.searchParams.has(k)) ?? 'page';
    u.searchParams.set(key, String(n));
    return u.toString();
  }
  const m = /\/([A-Za-z]+)(?:_\d+)?\.(s?html?)$/.exec(u.pathname);
  const s = m?.[1] ?? stem;
  const e = m?.[2] ?? ext;
  const name = n === 0 ? `${s}.${e}` : `${s}_${n}.${e}`;
  u.pathname = u.pathname.replace(/\/[^/]*$/, '/' + name);
  return u.toString();
}

/** Expand a configured pagination pattern (`index_{n}.html`, `?page={n}`) for page n. */
export function expandPagination(pattern: string, start: string, n: number): string {
  return new URL(pattern.replace(/\{n\}/g, String(n)), start).toString();
}

/**
 * Parse a listing or detail page. Attachments and detail pages pass the title filter (an attachment
 * on an already-relevant detail page is kept when its own text names no other year);
 * pagination is found from `index_N.html` links, `?page=N` links, a `createPageHTML(total, current, …)`
 * script counter, "下一页" links, or the configured pattern.
 */
export function discoverLinks(
  html: string,
  pageUrl: string,
  filter: LinkFilter,
  opts: { kind: 'listing' | 'detail'; pagination?: string; startUrl?: string; pageIndex?: number } = { kind: 'listing' },
): PageLinks {
  const $ = cheerio.load(html);
  const base = new URL($('base[href]').attr('href') ?? pageUrl, pageUrl).toString();
  const title = ($('title').first().text() || $('h1').first().text() || '').trim();
  const pageHost = new URL(pageUrl).host;
  const attachments = new Map<string, DiscoveredLink>();
  const details = new Map<string, DiscoveredLink>();
  const skipped: PageLinks['skipped'] = [];
  const pageCandidates = new Map<number, string>();
  const cur = pageNumber(pageUrl);
  const detailRe = filter.detailPattern ? new RegExp(filter.detailPattern) : undefined;
  const attRe = filter.attachmentPattern ? new RegExp(filter.attachmentPattern) : undefined;
  let nextByText: string | undefined;

  const elements = $('a[href], iframe[src], embed[src], object[data]').toArray();
  for (const el of elements) {
    const $el = $(el);
    const href = ($el.attr('href') ?? $el.attr('src') ?? $el.attr('data') ?? '').trim();
    if (!href || /^(javascript:|mailto:|tel:|#)/i.test(href)) continue;
    const text = ($el.text() || $el.attr('title') || '').replace(/\s+/g, ' ').trim();
    const attrTitle = ($el.attr('title') ?? '').trim();
    const linkTitle = (attrTitle && !text.includes(attrTitle) ? [text, attrTitle] : [text]).filter(Boolean).join(' ').trim();
    const att = attachmentUrl(href, base);
    if (att) {
      if (attRe && !attRe.test(att)) {
        skipped.push({ url: att, title: linkTitle, reason: 'attachmentPattern' });
        continue;
      }
      const fileName = decodeSafe(new URL(att).pathname.split('/').pop() ?? '');
      const own = `${linkTitle} ${fileName}`;
      // On a detail page the page itself passed the filter: only excluded words / other years reject.
      const reason = filterReason(opts.kind === 'detail' ? `${own}` : own, filter, { requireWords: opts.kind !== 'detail' });
      const contextReason = opts.kind === 'detail' ? filterReason(title, filter, { requireWords: false }) : undefined;
      if (reason || contextReason) {
        skipped.push({ url: att, title: linkTitle, reason: (reason ?? contextReason)! });
        continue;
      }
      if (!attachments.has(att)) attachments.set(att, { url: att, title: linkTitle || fileName || title });
      continue;
    }
    let u: URL;
    try {
      u = new URL(href, base);
    } catch {
      continue;
    }
    if (!/^https?:$/.test(u.protocol)) continue;
    u.hash = '';
    const abs = u.toString();
    if (/^(下一页|下页|后页|next|›|>|»)$/i.test(text)) {
      if (u.host === pageHost) nextByText ??= abs;
      continue;
    }
    const pn = pageNumber(abs);
    if (opts.kind === 'listing' && cur && pn && sameListing(abs, pageUrl) && (/^\d+$/.test(text) || /页|尾|首|末|last|first/i.test(text) || pn.n !== cur.n)) {
      pageCandidates.set(pn.n, abs);
      continue;
    }
    if (u.host !== pageHost) continue;
    if (!/\.s?html?$|\/$|\.(jsp|php|aspx?)$|\?/i.test(u.pathname + u.search)) continue;
    if (abs === pageUrl) continue;
    if (detailRe && !detailRe.test(abs)) continue;
    const reason = filterReason(linkTitle, filter);
    if (reason) {
      if (linkTitle) skipped.push({ url: abs, title: linkTitle, reason });
      continue;
    }
    if (!details.has(abs)) details.set(abs, { url: abs, title: linkTitle });
  }

  // createPageHTML(total, current, "index", "html") — TRS CMS counter (current is 0-based).
  let total: number | undefined;
  const cp = /createPageHTML\(\s*['"]?(\d+)['"]?\s*,\s*['"]?(\d+)['"]?\s*(?:,\s*['"]([\w-]+)['"]\s*,\s*['"](\w+)['"])?/.exec(html);
  let stem = 'index';
  let ext = 'html';
  if (cp) {
    total = Number(cp[1]);
    if (cp[3]) stem = cp[3];
    if (cp[4]) ext = cp[4];
  }

  let nextPage: string | undefined;
  if (opts.kind === 'listing') {
    const n = cur?.n ?? 0;
    if (opts.pagination && opts.startUrl !== undefined) {
      const idx = opts.pageIndex ?? 0;
      // Configured pattern: always offer the next page; the walk stops on 404 / nothing new / maxPages.
      nextPage = expandPagination(opts.pagination, opts.startUrl, idx + 1);
    } else if (total !== undefined) {
      if (n + 1 < total) nextPage = withPage(pageUrl, n + 1, 'underscore', stem, ext);
    } else if (pageCandidates.has(n + 1)) {
      nextPage = pageCandidates.get(n + 1);
    } else if (nextByText) {
      nextPage = nextByText;
    } else if (cur?.style === 'query' && [...pageCandidates.keys()].some((k) => k > n)) {
      nextPage = withPage(pageUrl, n + 1, 'query');
    }
  }
  if (nextPage === pageUrl) nextPage = undefined;
  return {
    title,
    attachments: [...attachments.values()],
    details: [...details.values()],
    nextPage,
    pages: [...pageCandidates.values()],
    skipped,
  };
}

function sameListing(a: string, b: string): boolean {
  const ua = new URL(a);
  const ub = new URL(b);
  if (ua.host !== ub.host) return false;
  const dir = (p: string) => p.replace(/[^/]*$/, '');
  if (dir(ua.pathname) !== dir(ub.pathname)) return false;
  const stem = (p: string) => /\/([A-Za-z]+)(?:_\d+)?\.s?html?$/.exec(p)?.[1];
  return stem(ua.pathname) === stem(ub.pathname) || (ua.pathname === ub.pathname && (ua.searchParams.has('page') || ua.searchParams.has('pageNo') || ua.searchParams.has('p')));
}
