/**
 * The demo site with fault injection for the harvest tests: slow responses, 5xx, 429/503 +
 * Retry-After, wrong content types / HTML bodies, truncated bodies, redirects (loops), changed ETags
 * and replaced content. Also serves a generated site of N documents under /bench/ for the benchmark.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { LAST_MODIFIED, REPO_ROOT, SiteServer as StaticSiteServer, TYPES, type Content, type SiteServerOptions as StaticOptions } from '../../src/harvest/demo-site.js';

export { REPO_ROOT, SITE_ROOT, type RequestLogEntry } from '../../src/harvest/demo-site.js';

export interface Fault {
  /** Apply to the first `times` matching requests only (default: always). */
  times?: number;
  /** Respond with this status (and `body`, default a short text). */
  status?: number;
  /** Retry-After header value (seconds or HTTP-date). */
  retryAfter?: string;
  /** Wait before sending headers. */
  delayMs?: number;
  /** Override Content-Type. */
  contentType?: string;
  /** Replace the body (e.g. an HTML error page under a .pdf URL). */
  body?: string | Uint8Array;
  /** Send the full Content-Length but only this many bytes, then destroy the socket. */
  truncateTo?: number;
  /** Send only the first `truncateTo` bytes chunked, then end cleanly (no length to check). */
  truncateClean?: boolean;
  /** Override the ETag. */
  etag?: string;
  /** 302 to this location. */
  redirectTo?: string;
}

export interface SiteServerOptions extends StaticOptions {
  /** Generated benchmark site under /bench/: `docs` documents, `perPage` per listing page. */
  bench?: { docs: number; perPage?: number; basePdf?: string };
}

export class SiteServer extends StaticSiteServer {
  private faults = new Map<string, Fault & { used: number }>();
  private overrides = new Map<string, { body: Uint8Array; contentType?: string }>();
  private benchBase?: Uint8Array;

  constructor(private options: SiteServerOptions = {}) {
    super(options);
  }

  /** Inject a fault for a path (with query string, exactly as requested). */
  fault(path: string, f: Fault): void {
    this.faults.set(path, { ...f, used: 0 });
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Forget faults, replaced content, the robots override and the request log. */
  reset(): void {
    this.faults.clear();
    this.overrides.clear();
    this.robots = this.options.robots;
    this.requests.length = 0;
  }

  /** Replace the content served at a path (new ETag follows from the new bytes). */
  setContent(path: string, body: string | Uint8Array, contentType?: string): void {
    this.overrides.set(path, { body: typeof body === 'string' ? Buffer.from(body) : body, contentType });
  }

  protected override resolveContent(pathname: string, search: string): Content | undefined {
    const o = this.overrides.get(pathname + search) ?? this.overrides.get(pathname);
    if (o) return { body: o.body, type: o.contentType ?? TYPES[extname(pathname)] ?? 'application/octet-stream' };
    if (this.options.bench && pathname.startsWith('/bench/')) return this.benchContent(pathname);
    return super.resolveContent(pathname, search);
  }

  private benchContent(pathname: string): Content | undefined {
    const b = this.options.bench!;
    const per = b.perPage ?? 20;
    const pages = Math.ceil(b.docs / per);
    const m = /^\/bench\/index(?:_(\d+))?\.html$/.exec(pathname);
    if (m) {
      const n = m[1] ? Number(m[1]) : 0;
      if (n >= pages) return undefined;
      const items: string[] = [];
      for (let i = n * per; i < Math.min(b.docs, (n + 1) * per); i++) {
        items.push(`<li><a href="./doc-${i}.pdf">测试单位${i}号2024年度部门决算</a></li>`);
      }
      const html = `<!doctype html><html><head><meta charset="utf-8"><title>部门决算</title></head><body><ul>${items.join('')}</ul><script>createPageHTML(${pages}, ${n}, "index", "html");</script></body></html>`;
      return { body: Buffer.from(html), type: 'text/html; charset=utf-8' };
    }
    const d = /^\/bench\/doc-(\d+)\.pdf$/.exec(pathname);
    if (d && Number(d[1]) < b.docs) {
      this.benchBase ??= readFileSync(b.basePdf ?? join(REPO_ROOT, 'test/fixtures/generated/shanghai-2024-minhang-sifa.pdf'));
      // Distinct bytes per document: a comment after %%EOF (readers ignore it).
      return { body: Buffer.concat([this.benchBase, Buffer.from(`\n%bench-${d[1]}\n`)]), type: 'application/pdf' };
    }
    return undefined;
  }

  protected override async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { u, entry } = this.logRequest(req);
    const key = u.pathname + u.search;
    let f = this.faults.get(key) ?? this.faults.get(u.pathname);
    if (f && f.times !== undefined && f.used >= f.times) f = undefined;
    if (!f) return this.answer(req, res, u, entry);
    f.used++;
    if (f.delayMs) await new Promise((r) => setTimeout(r, f!.delayMs));
    if (res.destroyed) return;
    if (f.redirectTo) return this.send(res, entry, 302, { location: f.redirectTo });
    if (u.pathname === '/robots.txt' && typeof this.robots === 'number') return this.send(res, entry, this.robots, { 'content-type': 'text/plain' }, 'robots unavailable');
    if (f.status) {
      const h: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
      if (f.retryAfter) h['retry-after'] = f.retryAfter;
      return this.send(res, entry, f.status, h, typeof f.body === 'string' || f.body ? f.body : `<html><body>error ${f.status}</body></html>`);
    }
    const content = f.body !== undefined ? { body: typeof f.body === 'string' ? Buffer.from(f.body) : f.body, type: f.contentType ?? 'text/html' } : this.resolveContent(u.pathname, u.search);
    if (!content) return this.notFound(res, entry);
    const etag = f.etag ?? this.etagOf(content.body);
    if (this.notModified(req, res, entry, etag, !f.etag)) return;
    const headers: Record<string, string | number> = { 'content-type': f.contentType ?? content.type, etag, 'last-modified': LAST_MODIFIED };
    if (f.truncateTo !== undefined) {
      entry.status = 200;
      if (f.truncateClean) {
        res.writeHead(200, headers);
        res.end(Buffer.from(content.body.subarray(0, f.truncateTo)));
        return;
      }
      res.writeHead(200, { ...headers, 'content-length': content.body.byteLength });
      res.write(Buffer.from(content.body.subarray(0, f.truncateTo)), () => setTimeout(() => res.destroy(), 20));
      return;
    }
    this.send(res, entry, 200, { ...headers, 'content-length': content.body.byteLength }, Buffer.from(content.body));
  }
}

export async function startSiteServer(opts: SiteServerOptions = {}): Promise<SiteServer> {
  return new SiteServer(opts).start();
}
