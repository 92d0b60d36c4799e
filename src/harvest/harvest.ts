import { relative } from 'node:path';
import { decodeHtml } from './charset.js';
import { discoverLinks, type LinkFilter } from './discovery.js';
import { Fetcher, hostOf, type FetchAttempt, type FetchResult } from './http.js';
import { HostPausedError, HostScheduler } from './host-scheduler.js';
import type { Ledger, ItemState } from './ledger.js';
import type { ProgressReporter } from './progress.js';
import type { ExtractPool } from './extract-pool.js';
import { drain, PQueueEngine, type StageQueue } from './queue.js';
import { parseRobots, robotsDecision, ROBOTS_MAX_BYTES, type Robots } from './robots.js';
import { sniffDocument } from './sniff.js';
import type { NetworkPolicy } from './network-policy.js';
import type { ContentStore } from './store.js';
import { classifyFetchFailure, extractFailureKind } from './classify-failure.js';
import type { DocumentProcessor, HarvestOptions, HarvestSummary, RecordLike } from './types.js';
import { isRetryable } from '../../schemas/failures.js';
import type { Site, SourcesConfig } from '../../schemas/sources.js';

type FetchJob = { url: string };
type DocJob = { sha256: string };

/** One harvest run: walks the sites, fetches, extracts and emits through the stage queues. */
export class Harvest {
  readonly failures: HarvestSummary['failures'] = [];
  readonly records: HarvestSummary['records'] = [];
  private scheduler: HostScheduler;
  private fetcher: Fetcher;
  private robots = new Map<string, Promise<Robots>>();
  private sites = new Map<string, Site>();
  private fetchQ: StageQueue<FetchJob>;
  private extractQ: StageQueue<DocJob>;
  private emitQ: StageQueue<DocJob>;
  private walkers = 0;
  private itemsThisRun = 0;
  private itemLimitLogged = false;

  constructor(
    private config: SourcesConfig,
    private ledger: Ledger,
    private store: ContentStore,
    private progress: ProgressReporter,
    private processor: DocumentProcessor,
    private outDir: string,
    private ledgerPath: string,
    private opts: HarvestOptions,
    private network: NetworkPolicy,
    private pool?: ExtractPool,
  ) {
    const d = config.defaults;
    this.scheduler = new HostScheduler({ rateMs: d.rateMs, concurrency: d.concurrency });
    this.fetcher = new Fetcher(this.scheduler, {
      ...(d.userAgent ? { userAgent: d.userAgent } : {}),
      timeoutMs: d.timeoutMs,
      maxBytes: d.maxBytes,
      retries: d.retries,
      ...opts.fetchPolicy,
    }, network);
    for (const s of config.sites) {
      this.sites.set(s.id, s);
      this.scheduler.configure(hostOf(s.start), { rateMs: s.rateMs ?? d.rateMs, concurrency: s.concurrency ?? d.concurrency });
    }
    const engine = opts.queueEngine ?? new PQueueEngine();
    // Fetch concurrency is bounded per host by the scheduler; the queue only caps the total.
    this.fetchQ = engine.create<FetchJob>('fetch', (j) => this.fetchItem(j.url), { concurrency: 16 });
    this.extractQ = engine.create<DocJob>('extract', (j) => this.extract(j.sha256), { concurrency: opts.extractConcurrency ?? 1 });
    this.emitQ = engine.create<DocJob>('emit', (j) => this.emit(j.sha256), { concurrency: 2 });
  }

  close(): Promise<void> {
    return this.fetcher.close();
  }

  async run(): Promise<void> {
    // Earlier runs' failures: transient ones (5xx, timeouts, truncation) under the cap, or all with retryFailed.
    const requeued = this.ledger.requeueFailed({ maxFailedRuns: this.opts.maxFailedRuns ?? 3, all: this.opts.retryFailed, siteIds: [...this.sites.keys()] });
    if (requeued.items || requeued.documents) {
      this.progress.bump('retried', requeued.items + requeued.documents);
      this.progress.log('retry-failed', `${requeued.items} items, ${requeued.documents} documents that failed in earlier runs`);
    }
    // Hosts that asked (Retry-After) not to be contacted yet stay paused; ended pauses are resumed.
    const pauses = this.ledger.hostPauses();
    for (const h of pauses.ended) this.progress.log('resume', `${h}: its Retry-After pause has ended`);
    for (const p of pauses.active) {
      this.scheduler.pause(p.host, p.until);
      this.progress.log('paused', `${p.host} until ${new Date(p.until).toISOString()}: no request to it in this run (${p.reason ?? 'Retry-After'})`, 'warn');
    }
    // Resume: whatever a previous (crashed) run left in flight.
    for (const it of this.ledger.pendingItems()) if (this.sites.has(it.site_id)) await this.fetchQ.add({ url: it.url });
    for (const d of this.ledger.documentsInStage('queued')) await this.extractQ.add({ sha256: d.sha256 });
    for (const d of this.ledger.documentsInStage('extracted')) await this.emitQ.add({ sha256: d.sha256 });
    if (this.opts.recheck) {
      for (const it of this.ledger.doneAttachments([...this.sites.keys()])) await this.fetchQ.add({ url: it.url });
    }
    const walks = this.config.sites.map((s) => this.walk(s));
    await Promise.all(walks);
    await drain([this.fetchQ, this.extractQ, this.emitQ] as Array<StageQueue<unknown>>);
  }

  private filter(site: Site): LinkFilter {
    return { titleWords: site.titleWords, excludeWords: site.excludeWords, years: site.years, detailPattern: site.detailPattern, attachmentPattern: site.attachmentPattern };
  }

  private fail(url: string, stage: string, reason: string, retryable?: boolean): void {
    this.failures.push({ url, stage, reason, ...(retryable !== undefined ? { retryable } : {}) });
    this.progress.bump('failed');
    this.progress.log('failed', `${stage} ${url}: ${reason}`, 'warn');
  }

  // ---- robots ------------------------------------------------------------------------------

  private robotsFor(url: string): Promise<Robots> {
    const origin = new URL(url).origin;
    let p = this.robots.get(origin);
    if (!p) {
      p = this.loadRobots(origin);
      this.robots.set(origin, p);
    }
    return p;
  }

  private async loadRobots(origin: string): Promise<Robots> {
    const url = `${origin}/robots.txt`;
    const res = await this.fetcher.fetch(url, {
      onAttempt: (a) => void this.ledger.recordAttempt('robots', a),
      policy: { retries: 1, keepFirstBytes: ROBOTS_MAX_BYTES },
    });
    let robots: Robots;
    if (res.ok && res.body) {
      robots = parseRobots(Buffer.from(res.body).toString('utf8'), this.fetcher.policy.userAgent.split('/')[0]!, res.cut);
      if (res.cut) this.progress.log('robots', `${url}: longer than ${ROBOTS_MAX_BYTES / 1024} KiB, only its first ${ROBOTS_MAX_BYTES / 1024} KiB parsed (RFC 9309)`, 'warn');
    } else if (res.status !== null && res.status >= 400 && res.status < 500) {
      robots = { status: 'unavailable', rules: [] };
    } else {
      robots = { status: 'unreachable', rules: [], detail: res.error ?? `HTTP ${res.status}` };
    }
    if (robots.crawlDelayMs !== undefined) {
      const host = new URL(origin).host;
      const cur = this.scheduler.policy(host);
      if (robots.crawlDelayMs > cur.rateMs) {
        this.scheduler.configure(host, { rateMs: robots.crawlDelayMs });
        this.scheduler.delay(host, robots.crawlDelayMs);
      }
      this.progress.log('robots', `${origin} Crawl-delay ${robots.crawlDelayMs / 1000}s`);
    }
    return robots;
  }

  private allowed = async (url: string) => robotsDecision(await this.robotsFor(url), url);

  // ---- fetching ----------------------------------------------------------------------------

  /** GET with the ledger recording every attempt; returns the result and the id of the last attempt. */
  private async get(kind: string, url: string, site: Site | undefined, validators?: { etag?: string | null; lastModified?: string | null }): Promise<{ res: FetchResult; fetchId: number; robots: string }> {
    let fetchId = 0;
    const pausedUntil = this.scheduler.pausedUntil(hostOf(url));
    if (pausedUntil !== undefined) {
      // Not even robots.txt is asked for: the host wants no request before then.
      return { res: { ...unsent(url, new HostPausedError(hostOf(url), pausedUntil).message, 'host-paused'), pausedUntil }, fetchId, robots: '' };
    }
    const decision = await this.allowed(url);
    if (!decision.allowed) {
      const error = `disallowed by robots.txt (${decision.reason})`;
      fetchId = this.ledger.recordSkip(kind, url, decision.reason, error);
      return { res: unsent(url, error, 'robots'), fetchId, robots: decision.reason };
    }
    const res = await this.fetcher.fetch(url, {
      site: site?.start,
      etag: validators?.etag,
      lastModified: validators?.lastModified,
      allowed: this.allowed,
      onAttempt: (a: FetchAttempt) => {
        fetchId = this.ledger.recordAttempt(kind, a, { robots: decision.reason });
        if (a.willRetry) this.progress.log('retry', `${url}: ${a.error}`);
      },
    });
    if (res.errorKind === 'retry-after-too-long' && res.pausedUntil !== undefined) {
      const host = hostOf(res.finalUrl);
      this.ledger.pauseHost(host, res.pausedUntil, url, res.error ?? 'Retry-After');
      this.progress.log('pause', `${host} until ${new Date(res.pausedUntil).toISOString()}: ${res.error}`, 'warn');
    }
    return { res, fetchId, robots: decision.reason };
  }

  /** Fetch an HTML page (conditional GET; a 304 reuses the stored copy). */
  private async getPage(kind: 'listing' | 'detail', url: string, site: Site | undefined): Promise<{ html?: string; error?: string; status: number | null; notModified: boolean; res?: FetchResult }> {
    const prev = this.ledger.resource(url);
    const usable = prev?.sha256 && (await this.store.has(prev.sha256));
    const { res, fetchId } = await this.get(kind, url, site, usable ? { etag: prev!.etag, lastModified: prev!.last_modified } : undefined);
    this.progress.bump('pages');
    if (res.notModified && usable) {
      this.ledger.touchResource(url, fetchId);
      const bytes = await this.store.get(prev!.sha256!);
      const dec = decodeHtml(bytes, prev ? undefined : undefined);
      this.ledger.updateFetch(fetchId, { sha256: prev!.sha256!, encoding: dec.encoding });
      return { html: dec.text, status: 304, notModified: true };
    }
    if (!res.ok || !res.body) return { error: res.error ?? `HTTP ${res.status}`, status: res.status, notModified: false, res };
    const dec = decodeHtml(res.body, res.headers['content-type']);
    const { sha256 } = await this.store.put(res.body);
    this.ledger.updateFetch(fetchId, { sha256, encoding: `${dec.encoding} (${dec.source})` });
    this.ledger.saveResource(url, { etag: res.headers['etag'], lastModified: res.headers['last-modified'], sha256, status: res.status, fetchId });
    return { html: dec.text, status: res.status, notModified: false };
  }

  /** Walk a site's listing pages; once a walk has completed, later walks stop at the first page with nothing new. */
  private async walk(site: Site): Promise<void> {
    this.walkers++;
    try {
      const incremental = this.ledger.walkComplete(site.id);
      let url: string | undefined = site.start;
      let idx = 0;
      let complete = false;
      const seen = new Set<string>();
      while (url && !seen.has(url)) {
        if (idx >= site.maxPages) {
          this.progress.log('walk', `${site.id}: stopped at maxPages ${site.maxPages}`);
          complete = true;
          break;
        }
        seen.add(url);
        const page = await this.getPage('listing', url, site);
        if (page.res?.errorKind === 'host-paused') {
          this.progress.log('deferred', `${url}: ${page.error}`);
          break; // not complete: the next run walks it again
        }
        if (!page.html) {
          if (idx > 0 && page.status === 404) {
            complete = true; // ran past the last page of a configured pattern
          } else {
            this.fail(url, 'listing', page.error ?? 'no content');
          }
          break;
        }
        const links = discoverLinks(page.html, url, this.filter(site), { kind: 'listing', pagination: site.pagination, startUrl: site.start, pageIndex: idx });
        const fresh = this.ledger.addItems(site.id, url, this.capLinks(url, this.onSite(site, [
          ...links.details.map((l) => ({ ...l, kind: 'detail' as const })),
          ...links.attachments.map((l) => ({ ...l, kind: 'attachment' as const })),
        ])));
        this.progress.bump('found', fresh.filter((f) => f.kind === 'attachment').length);
        this.progress.log('page', `${url} ${page.notModified ? '304' : page.status} details=${links.details.length} attachments=${links.attachments.length} new=${fresh.length}`);
        for (const f of fresh) await this.fetchQ.add({ url: f.url }, { priority: f.kind === 'detail' ? 1 : 0 });
        if (incremental && fresh.length === 0) {
          this.progress.log('walk', `${site.id}: nothing new on ${url}; stopping`);
          complete = true;
          break;
        }
        if (pattern404Guard(links.details.length + links.attachments.length, site)) {
          complete = true;
          break;
        }
        url = links.nextPage;
        idx++;
        if (!url) complete = true;
      }
      if (complete) this.ledger.setWalkComplete(site.id);
    } catch (e) {
      this.fail(site.start, 'listing', String((e as Error)?.stack ?? e));
    } finally {
      this.walkers--;
    }
  }

  /** At most maxLinksPerPage links of one page (a hostile page can list 60,000); the cut is logged. */
  private capLinks<T>(page: string, links: T[]): T[] {
    const max = this.config.defaults.maxLinksPerPage;
    if (links.length <= max) return links;
    this.progress.log('limit', `${page}: ${links.length} links, only the first ${max} kept (maxLinksPerPage)`, 'warn');
    return links.slice(0, max);
  }

  /** Links the network policy allows for the site; each one left out is logged with its URL. */
  private onSite<T extends { url: string }>(site: Site | undefined, links: T[]): T[] {
    return links.filter((l) => {
      const refused = this.network.refusal(l.url, site?.start);
      if (refused) {
        this.progress.bump('skipped');
        this.progress.log('off-site', `${l.url}: ${refused}`);
      }
      return !refused;
    });
  }

  private defer(url: string, state: ItemState, reason?: string): void {
    this.ledger.deferItem(url, state);
    this.progress.bump('deferred');
    this.progress.log('deferred', `${url}: ${reason ?? 'host paused'}`);
  }

  /** Fetch job: a detail page (discover its attachments) or an attachment (store it, queue extraction). */
  private async fetchItem(url: string): Promise<void> {
    const item = this.ledger.item(url);
    if (!item) return;
    const recheck = item.state === 'done' && !!this.opts.recheck;
    if (this.itemsThisRun >= this.config.defaults.maxItemsPerRun) {
      // Over the run's budget: left queued in the ledger, fetched by the next run.
      if (!this.itemLimitLogged) this.progress.log('limit', `${this.config.defaults.maxItemsPerRun} items fetched in this run (maxItemsPerRun): the rest wait for the next run`, 'warn');
      this.itemLimitLogged = true;
      this.progress.bump('deferred');
      return;
    }
    if (!this.ledger.leaseItem(url, { force: recheck })) return;
    this.itemsThisRun++;
    const site = this.sites.get(item.site_id);
    try {
      if (item.kind === 'detail') {
        const page = await this.getPage('detail', url, site);
        if (page.res?.errorKind === 'host-paused') return this.defer(url, item.state, page.error);
        if (!page.html) {
          // An empty page is the connection's fault, as an empty attachment is.
          const c = page.res ? classifyFetchFailure(page.res) : { retryable: true, kind: 'truncated' as const };
          this.ledger.finishItem(url, 'failed', { error: page.error, retryable: c.retryable, errorKind: c.kind });
          this.fail(url, 'detail', page.error ?? 'no content', c.retryable);
          return;
        }
        const links = discoverLinks(page.html, url, site ? this.filter(site) : { titleWords: [] }, { kind: 'detail' });
        const fresh = this.ledger.addItems(item.site_id, url, this.capLinks(url, this.onSite(site, links.attachments.map((l) => ({ ...l, kind: 'attachment' as const })))));
        this.progress.bump('found', fresh.length);
        this.ledger.finishItem(url, 'done');
        for (const f of fresh) await this.fetchQ.add({ url: f.url });
        return;
      }
      await this.fetchAttachment(url, item.site_id, recheck);
    } catch (e) {
      // Unexpected (disk full, a bug…): not the site's fault, so worth another try next run.
      this.ledger.finishItem(url, 'failed', { error: String((e as Error)?.message ?? e), retryable: true, errorKind: 'local' });
      this.fail(url, item.kind, String((e as Error)?.message ?? e), true);
    }
  }

  private async fetchAttachment(url: string, siteId: string, recheck: boolean): Promise<void> {
    const prev = recheck ? this.ledger.resource(url) : undefined;
    const { res, fetchId } = await this.get('attachment', url, this.sites.get(siteId), prev ? { etag: prev.etag, lastModified: prev.last_modified } : undefined);
    if (res.notModified && prev) {
      this.ledger.touchResource(url, fetchId);
      this.ledger.finishItem(url, 'done');
      this.progress.bump('notModified');
      return;
    }
    if (res.errorKind === 'host-paused') return this.defer(url, recheck ? 'done' : 'pending', res.error);
    if (!res.ok || !res.body) {
      const reason = res.error ?? `HTTP ${res.status}`;
      const c = classifyFetchFailure(res);
      this.ledger.finishItem(url, 'failed', { error: reason, retryable: c.retryable, errorKind: c.kind });
      if (res.errorKind === 'robots') {
        this.progress.bump('skipped');
        this.progress.log('skip', `${url}: ${reason}`);
        return;
      }
      this.fail(url, 'fetch', reason, c.retryable);
      return;
    }
    const fileName = fileNameOf(url);
    const sniff = sniffDocument(res.body, fileName, res.headers['content-type']);
    if (!sniff.ok) {
      this.ledger.updateFetch(fetchId, { error: sniff.reason, errorKind: 'content', outcome: 'rejected' });
      // A cut-off PDF or an empty body is the connection's fault (retry); an HTML page or a wrong format is not.
      const retryable = /^(truncated|empty body)/.test(sniff.reason);
      this.ledger.finishItem(url, 'failed', { error: sniff.reason, retryable, errorKind: retryable ? 'truncated' : 'content' });
      this.fail(url, 'fetch', sniff.reason, retryable);
      return;
    }
    const { sha256 } = await this.store.put(res.body);
    this.ledger.updateFetch(fetchId, { sha256 });
    const { isNewDocument } = this.ledger.attachmentStored({
      url, siteId, sha256, fileName, fetchId, etag: res.headers['etag'], lastModified: res.headers['last-modified'], status: res.status,
    });
    this.progress.bump('fetched');
    if (isNewDocument) {
      this.progress.log('fetched', `${url} sha256=${sha256.slice(0, 12)} ${res.size}B`);
      await this.extractQ.add({ sha256 });
    } else {
      this.progress.bump('deduplicated');
      this.progress.log('dedupe', `${url} sha256=${sha256.slice(0, 12)} already known`);
    }
  }

  // ---- extract / emit ----------------------------------------------------------------------

  private ledgerRef(fetchId: number): string {
    return `${relative(this.outDir, this.ledgerPath).split('\\').join('/')}#fetches/${fetchId}`;
  }

  private async extract(sha256: string): Promise<void> {
    if (!this.ledger.claimDocument(sha256, 'queued', 'extracting')) return;
    const doc = this.ledger.document(sha256)!;
    try {
      const meta = { fileName: doc.file_name, sourceUrl: doc.first_url, sourcePath: this.store.pathOf(sha256), ledgerRef: this.ledgerRef(doc.fetch_id), listingTitle: this.listingTitle(doc.first_url) };
      let record: RecordLike;
      if (this.pool) {
        // In a worker thread: the event loop here stays free for fetch timers, sockets and the ledger.
        record = await this.pool.extract(this.store.pathOf(sha256), meta);
      } else {
        // In this thread (injected test processors): let pending fetches start before a CPU-heavy extraction.
        await new Promise((r) => setImmediate(r));
        record = await this.processor.extract({ ...meta, bytes: await this.store.get(sha256) });
      }
      this.ledger.documentExtracted(sha256, JSON.stringify(record));
      this.progress.bump('extracted');
      this.progress.log('extracted', `${doc.first_url} ${record.document.region} ${record.document.department} ${record.document.year ?? '?'} ${record.document.kind}`);
      await this.emitQ.add({ sha256 });
    } catch (e) {
      const err = e as Error & { reason?: string };
      const reason = `${err?.name ?? 'Error'}: ${err?.reason ?? err?.message ?? String(e)}`;
      // A crashed or hung worker is retried on a later run; the document's own errors are not.
      const kind = extractFailureKind(e);
      this.ledger.documentFailed(sha256, reason, kind);
      this.fail(doc.first_url, 'extract', reason, isRetryable(kind));
    }
  }

  /** The title the listing gave the document: the detail page's link title, else the attachment's own link text. */
  private listingTitle(url: string): string | undefined {
    const item = this.ledger.item(url);
    const detail = item?.referrer ? this.ledger.item(item.referrer) : undefined;
    return (detail?.kind === 'detail' && detail.title) || item?.title || undefined;
  }

  private async emit(sha256: string): Promise<void> {
    if (!this.ledger.claimDocument(sha256, 'extracted', 'emitting')) return;
    const doc = this.ledger.document(sha256)!;
    try {
      const record = JSON.parse(doc.record!) as RecordLike;
      if (record.document.kind === 'other') {
        // Not a 决算 or 预算 (a notice, a listing page): the ledger says why; no record is written.
        const why = `other: ${record.document.kindReason ?? 'not a 决算 or 预算'}`;
        this.ledger.documentEmitted(sha256, '', why);
        this.progress.bump('skipped');
        this.progress.log('other', `${doc.first_url} ${why}`);
        return;
      }
      const r = await this.processor.emit(record, this.outDir);
      this.ledger.documentEmitted(sha256, r.path, r.status);
      this.records.push({ sha256, path: r.path, status: r.status });
      this.progress.bump('emitted');
      this.progress.log('emitted', `${r.path} (${r.status})`);
    } catch (e) {
      const reason = String((e as Error)?.message ?? e);
      this.ledger.documentFailed(sha256, `emit: ${reason}`, 'emit');
      this.fail(doc.first_url, 'emit', reason, true);
    }
  }
}

/** The result of a request that was not sent (robots.txt disallows it, its host is paused). */
function unsent(url: string, error: string, errorKind: FetchResult['errorKind']): FetchResult {
  const now = Date.now();
  return { url, finalUrl: url, attempt: 0, status: null, headers: {}, redirects: [], startedAt: now, finishedAt: now, size: 0, ok: false, notModified: false, attempts: 0, willRetry: false, error, errorKind };
}

function pattern404Guard(found: number, site: Site): boolean {
  // With a configured pattern there is no "last page" marker: an empty page ends the walk.
  return !!site.pagination && found === 0;
}

export function fileNameOf(url: string): string {
  const u = new URL(url);
  let name = u.pathname.split('/').pop() || 'document';
  try {
    name = decodeURIComponent(name);
  } catch {
    /* keep */
  }
  return name;
}
