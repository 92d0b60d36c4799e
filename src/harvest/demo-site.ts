/**
 * The demo 财政预决算公开 site (`samples/site/`) served on 127.0.0.1 (only), as static files with
 * ETag / Last-Modified validators. Every request is logged with its time. Fault injection and the
 * generated benchmark site live in test/helpers/site-server.ts (a subclass), not in the shipped code.
 */
import { createHash } from 'node:crypto';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';

export const REPO_ROOT = PROJECT_ROOT;
export const SITE_ROOT = join(REPO_ROOT, 'samples', 'site');

export interface RequestLogEntry {
  t: number;
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  status?: number;
}

export interface SiteServerOptions {
  root?: string;
  /** Serve `robots.txt` with this content (string) or status (number). */
  robots?: string | number;
  port?: number;
}

export const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.doc': 'application/msword',
  '.xls': 'application/vnd.ms-excel',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const LAST_MODIFIED = 'Mon, 01 Jul 2024 00:00:00 GMT';

export interface Content {
  body: Uint8Array;
  type: string;
}

export class SiteServer {
  readonly requests: RequestLogEntry[] = [];
  private aliases: Record<string, string>;
  private server?: Server;
  port = 0;
  robots: string | number | undefined;

  constructor(protected opts: SiteServerOptions = {}) {
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

  requestsTo(prefix: string): RequestLogEntry[] {
    return this.requests.filter((r) => r.path.startsWith(prefix));
  }

  protected resolveContent(pathname: string, _search: string): Content | undefined {
    if (pathname === '/robots.txt' && this.robots !== undefined && typeof this.robots === 'string') return { body: Buffer.from(this.robots), type: 'text/plain' };
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

  /** Log the request; the entry gets the status when it is answered. */
  protected logRequest(req: IncomingMessage): { u: URL; entry: RequestLogEntry } {
    const u = new URL(req.url ?? '/', this.origin);
    const entry: RequestLogEntry = { t: Date.now(), method: req.method ?? 'GET', path: u.pathname + u.search, headers: req.headers };
    this.requests.push(entry);
    return { u, entry };
  }

  protected send(res: ServerResponse, entry: RequestLogEntry, status: number, headers: Record<string, string | number>, body?: Uint8Array | string): void {
    entry.status = status;
    res.writeHead(status, headers);
    res.end(body);
  }

  protected notFound(res: ServerResponse, entry: RequestLogEntry): void {
    this.send(res, entry, 404, { 'content-type': 'text/html; charset=utf-8' }, '<html><body>404 页面不存在</body></html>');
  }

  protected etagOf(body: Uint8Array): string {
    return `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
  }

  /** Answer 304 when the client's validators match (the date only when `trustDate`); true if answered. */
  protected notModified(req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry, etag: string, trustDate = true): boolean {
    if (req.headers['if-none-match'] === etag || (!req.headers['if-none-match'] && req.headers['if-modified-since'] === LAST_MODIFIED && trustDate)) {
      this.send(res, entry, 304, { etag, 'last-modified': LAST_MODIFIED });
      return true;
    }
    return false;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { u, entry } = this.logRequest(req);
    this.answer(req, res, u, entry);
  }

  /** Serve the file (or robots.txt override) at the URL. */
  protected answer(req: IncomingMessage, res: ServerResponse, u: URL, entry: RequestLogEntry): void {
    if (u.pathname === '/robots.txt' && typeof this.robots === 'number') return this.send(res, entry, this.robots, { 'content-type': 'text/plain' }, 'robots unavailable');
    const content = this.resolveContent(u.pathname, u.search);
    if (!content) return this.notFound(res, entry);
    const etag = this.etagOf(content.body);
    if (this.notModified(req, res, entry, etag)) return;
    this.send(res, entry, 200, { 'content-type': content.type, etag, 'last-modified': LAST_MODIFIED, 'content-length': content.body.byteLength }, Buffer.from(content.body));
  }
}

export async function startSiteServer(opts: SiteServerOptions = {}): Promise<SiteServer> {
  return new SiteServer(opts).start();
}
