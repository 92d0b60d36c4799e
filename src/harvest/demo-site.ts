/**
 * The demo 财政预决算公开 site (`samples/site/`) served on 127.0.0.1 (only), with fault injection:
 * slow responses, 5xx, 429/503 + Retry-After, wrong content types / HTML bodies, truncated bodies,
 * redirects (loops), changed ETags and replaced content. Every request is logged with its time.
 * Also serves a generated site of N documents under /bench/ for the benchmark.
 */
import { createHash } from 'node:crypto';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';

export const REPO_ROOT = PROJECT_ROOT;
export const SITE_ROOT = join(REPO_ROOT, 'samples', 'site');

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

export interface RequestLogEntry {
  t: number;
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  status?: number;
}

export interface SiteServerOptions {
  root?: string;
  /** Generated benchmark site under /bench/: `docs` documents, `perPage` per listing page. */
  bench?: { docs: number; perPage?: number; basePdf?: string };
  /** Serve `robots.txt` with this content (string) or status (number). */
  robots?: string | number;
  port?: number;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.doc': 'application/msword',
  '.xls': 'application/vnd.ms-excel',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const LAST_MODIFIED = 'Mon, 01 Jul 2024 00:00:00 GMT';

export class SiteServer {
  readonly requests: RequestLogEntry[] = [];
  private faults = new Map<string, Fault & { used: number }>();
  private overrides = new Map<string, { body: Uint8Array; contentType?: string }>();
  private aliases: Record<string, string>;
  private server?: Server;
  private benchBase?: Uint8Array;
  port = 0;
  robots: string | number | undefined;

  constructor(private opts: SiteServerOptions = {}) {
    const root = opts.root ?? SITE_ROOT;
    const aliasFile = join(root, '_files.json');
    this.aliases = existsSync(aliasFile) ? (JSON.parse(readFileSync(aliasFile, 'utf8')) as Record<string, string>) : {};
    this.robots = opts.robots;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  url(path: string): string {
    return this.origin + path;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((ok, fail) => {
      this.server!.once('error', fail);
      this.server!.listen(this.opts.port ?? 0, '127.0.0.1', () => ok());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((ok) => this.server!.close(() => ok()));
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
    this.robots = this.opts.robots;
    this.requests.length = 0;
  }

  /** Replace the content served at a path (new ETag follows from the new bytes). */
  setContent(path: string, body: string | Uint8Array, contentType?: string): void {
    this.overrides.set(path, { body: typeof body === 'string' ? Buffer.from(body) : body, contentType });
  }

  requestsTo(prefix: string): RequestLogEntry[] {
    return this.requests.filter((r) => r.path.startsWith(prefix));
  }

  private resolveContent(pathname: string, search: string): { body: Uint8Array; type: string } | undefined {
    const o = this.overrides.get(pathname + search) ?? this.overrides.get(pathname);
    if (o) return { body: o.body, type: o.contentType ?? TYPES[extname(pathname)] ?? 'application/octet-stream' };
    if (pathname === '/robots.txt' && this.robots !== undefined && typeof this.robots === 'string') return { body: Buffer.from(this.robots), type: 'text/plain' };
    if (this.opts.bench && pathname.startsWith('/bench/')) return this.benchContent(pathname);
    const root = this.opts.root ?? SITE_ROOT;
    let file: string | undefined;
    const alias = this.aliases[pathname];
    if (alias) file = join(REPO_ROOT, alias);
    else {
      let p = decodeURIComponent(pathname);
      if (p.endsWith('/')) p += 'index.html';
      const full = normalize(join(root, p));
      if (!full.startsWith(root) || full.endsWith('_files.json')) return undefined;
      file = full;
    }
    if (!existsSync(file) || !statSync(file).isFile()) return undefined;
    return { body: readFileSync(file), type: TYPES[extname(file)] ?? 'application/octet-stream' };
  }

  private benchContent(pathname: string): { body: Uint8Array; type: string } | undefined {
    const b = this.opts.bench!;
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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', this.origin);
    const key = u.pathname + u.search;
    const entry: RequestLogEntry = { t: Date.now(), method: req.method ?? 'GET', path: key, headers: req.headers };
    this.requests.push(entry);
    const send = (status: number, headers: Record<string, string | number>, body?: Uint8Array | string) => {
      entry.status = status;
      res.writeHead(status, headers);
      res.end(body);
    };
    let f = this.faults.get(key) ?? this.faults.get(u.pathname);
    if (f && f.times !== undefined && f.used >= f.times) f = undefined;
    if (f) f.used++;
    if (f?.delayMs) await new Promise((r) => setTimeout(r, f!.delayMs));
    if (res.destroyed) return;
    if (f?.redirectTo) return send(302, { location: f.redirectTo });
    if (u.pathname === '/robots.txt' && typeof this.robots === 'number') return send(this.robots, { 'content-type': 'text/plain' }, 'robots unavailable');
    if (f?.status) {
      const h: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
      if (f.retryAfter) h['retry-after'] = f.retryAfter;
      return send(f.status, h, typeof f.body === 'string' || f.body ? f.body : `<html><body>error ${f.status}</body></html>`);
    }
    const content = f?.body !== undefined ? { body: typeof f.body === 'string' ? Buffer.from(f.body) : f.body, type: f.contentType ?? 'text/html' } : this.resolveContent(u.pathname, u.search);
    if (!content) return send(404, { 'content-type': 'text/html; charset=utf-8' }, '<html><body>404 页面不存在</body></html>');
    const etag = f?.etag ?? `"${createHash('sha1').update(content.body).digest('hex').slice(0, 16)}"`;
    const type = f?.contentType ?? content.type;
    if (req.headers['if-none-match'] === etag || (!req.headers['if-none-match'] && req.headers['if-modified-since'] === LAST_MODIFIED && !f?.etag)) {
      return send(304, { etag, 'last-modified': LAST_MODIFIED });
    }
    const headers: Record<string, string | number> = { 'content-type': type, etag, 'last-modified': LAST_MODIFIED };
    if (f?.truncateTo !== undefined) {
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
    send(200, { ...headers, 'content-length': content.body.byteLength }, Buffer.from(content.body));
  }
}

export async function startSiteServer(opts: SiteServerOptions = {}): Promise<SiteServer> {
  return new SiteServer(opts).start();
}
