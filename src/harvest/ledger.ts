import { openSqlite, type SqliteDatabase } from './sqlite.js';
import { processAlive } from '../files/atomic.js';
import { hostname } from 'node:os';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FetchAttempt } from './http.js';
import { isRetryable, type FailureKind } from '../../schemas/failures.js';

export type ItemKind = 'detail' | 'attachment';
export type ItemState = 'pending' | 'leased' | 'done' | 'failed';
export type DocStage = 'queued' | 'extracting' | 'extracted' | 'emitting' | 'emitted' | 'failed';

export interface ItemRow {
  url: string;
  site_id: string;
  kind: ItemKind;
  title: string;
  referrer: string | null;
  state: ItemState;
  attempts: number;
  /** Runs in which fetching this item failed (reset to 0 when it succeeds). */
  failures: number;
  /** 1: the last failure was transient (5xx, timeout, truncated…) and is retried on later runs. */
  retryable: number | null;
  error_kind: string | null;
  sha256: string | null;
  error: string | null;
}

export interface DocumentRow {
  sha256: string;
  file_name: string;
  site_id: string | null;
  first_url: string;
  fetch_id: number;
  stage: DocStage;
  attempts: number;
  failures: number;
  retryable: number | null;
  record: string | null;
  record_path: string | null;
  emit_status: string | null;
  error: string | null;
}

export interface ResourceRow {
  url: string;
  etag: string | null;
  last_modified: string | null;
  sha256: string | null;
  status: number | null;
  last_fetch_id: number | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY, started_at INTEGER NOT NULL, finished_at INTEGER, owner TEXT NOT NULL,
  sources TEXT, status TEXT NOT NULL DEFAULT 'running', summary TEXT
);
CREATE TABLE IF NOT EXISTS fetches (
  id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, kind TEXT NOT NULL, url TEXT NOT NULL, final_url TEXT,
  attempt INTEGER NOT NULL, status INTEGER, headers TEXT, redirects TEXT, started_at INTEGER NOT NULL,
  finished_at INTEGER, sha256 TEXT, size INTEGER, encoding TEXT, robots TEXT, error TEXT, error_kind TEXT,
  outcome TEXT
);
CREATE INDEX IF NOT EXISTS fetches_url ON fetches(url);
CREATE TABLE IF NOT EXISTS resources (
  url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, sha256 TEXT, status INTEGER, last_fetch_id INTEGER,
  checked_at INTEGER
);
CREATE TABLE IF NOT EXISTS items (
  url TEXT PRIMARY KEY, site_id TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL DEFAULT '',
  referrer TEXT, state TEXT NOT NULL DEFAULT 'pending', lease_owner TEXT, lease_until INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0, sha256 TEXT, error TEXT, discovered_run INTEGER, updated_at INTEGER
);
CREATE INDEX IF NOT EXISTS items_state ON items(state);
CREATE TABLE IF NOT EXISTS documents (
  sha256 TEXT PRIMARY KEY, file_name TEXT NOT NULL, site_id TEXT, first_url TEXT NOT NULL,
  fetch_id INTEGER NOT NULL, stage TEXT NOT NULL DEFAULT 'queued', lease_owner TEXT, lease_until INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0, record TEXT, record_path TEXT, emit_status TEXT, error TEXT,
  updated_at INTEGER
);
CREATE INDEX IF NOT EXISTS documents_stage ON documents(stage);
CREATE TABLE IF NOT EXISTS host_pauses (
  host TEXT PRIMARY KEY, until INTEGER NOT NULL, reason TEXT, run_id INTEGER, url TEXT
);
CREATE TABLE IF NOT EXISTS walks (
  site_id TEXT PRIMARY KEY, last_complete_run INTEGER, last_complete_at INTEGER
);
`;

/**
 * Provenance ledger (SQLite, WAL). Every fetch attempt, every crawl item (detail page / attachment)
 * with a lease, every document (by sha256) with its stage. State changes are single statements or
 * transactions, so a `kill -9` leaves the ledger consistent; leases held by a dead process are
 * reclaimed on the next run (same host, pid gone) or when they expire.
 */
export class Ledger {
  readonly db: SqliteDatabase;
  readonly owner: string;
  runId = 0;
  /** Runs found `running` with their process gone when this run started (now marked `aborted`). */
  abortedRuns = 0;

  constructor(readonly path: string, readonly leaseMs = 10 * 60_000) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = openSqlite(path);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
    this.db.exec(SCHEMA);
    this.migrate();
    this.owner = `${hostname()}:${process.pid}`;
  }

  close(): void {
    this.db.close();
  }

  /** Columns added after the first release: add them to ledgers created before. */
  private migrate(): void {
    const add = (table: string, col: string, decl: string) => {
      const cols = (this.db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
      if (!cols.includes(col)) this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${col} ${decl}`);
    };
    add('items', 'failures', 'INTEGER NOT NULL DEFAULT 0');
    add('items', 'retryable', 'INTEGER');
    add('items', 'error_kind', 'TEXT');
    add('documents', 'failures', 'INTEGER NOT NULL DEFAULT 0');
    add('documents', 'retryable', 'INTEGER');
    add('documents', 'error_kind', 'TEXT');
  }

  /**
   * Put failed items and documents back in the queue at the start of a run: those whose last failure
   * was transient and that have failed in fewer than `maxFailedRuns` runs, or every failed one with `all`.
   */
  requeueFailed(opts: { maxFailedRuns: number; all?: boolean; siteIds: string[] }): { items: number; documents: number } {
    const cond = opts.all ? '1' : 'retryable = 1 AND failures < ?';
    const args = opts.all ? [] : [opts.maxFailedRuns];
    return this.db.transaction(() => {
      let items = 0;
      if (opts.siteIds.length) {
        items = this.db
          .prepare(`UPDATE items SET state='pending', updated_at=? WHERE state='failed' AND ${cond} AND site_id IN (${opts.siteIds.map(() => '?').join(',')})`)
          .run(Date.now(), ...args, ...opts.siteIds).changes;
      }
      const documents = this.db
        .prepare(`UPDATE documents SET stage=CASE WHEN record IS NULL THEN 'queued' ELSE 'extracted' END, updated_at=? WHERE stage='failed' AND ${cond}`)
        .run(Date.now(), ...args).changes;
      return { items, documents };
    })();
  }

  /**
   * Start a run. Runs still `running` whose process is gone (killed, crashed) are marked `aborted`
   * first; returns how many. A run of a live process (another harvest on this ledger) is left alone.
   */
  startRun(sources: string): number {
    const stale = (this.db.prepare(`SELECT id, owner FROM runs WHERE status='running'`).all() as Array<{ id: number; owner: string }>).filter((r) => isDeadOwner(r.owner));
    const abort = this.db.prepare(`UPDATE runs SET status='aborted', finished_at=COALESCE(finished_at, ?) WHERE id=?`);
    for (const r of stale) abort.run(Date.now(), r.id);
    this.abortedRuns = stale.length;
    const r = this.db.prepare('INSERT INTO runs(started_at, owner, sources) VALUES (?, ?, ?)').run(Date.now(), this.owner, sources);
    this.runId = Number(r.lastInsertRowid);
    return this.runId;
  }

  finishRun(status: string, summary: unknown): void {
    this.db.prepare('UPDATE runs SET finished_at=?, status=?, summary=? WHERE id=?').run(Date.now(), status, JSON.stringify(summary), this.runId);
  }

  /** Return leases of dead owners (same host, pid gone) and expired leases to the queue. */
  reclaimLeases(now = Date.now()): { items: number; documents: number } {
    const owners = new Set<string>();
    for (const r of this.db.prepare(`SELECT DISTINCT lease_owner o FROM items WHERE state='leased' UNION SELECT DISTINCT lease_owner FROM documents WHERE stage IN ('extracting','emitting')`).all() as Array<{ o: string | null }>) {
      if (r.o) owners.add(r.o);
    }
    const dead = [...owners].filter((o) => o !== this.owner && isDeadOwner(o));
    const tx = this.db.transaction(() => {
      let items = 0;
      let documents = 0;
      const relItem = this.db.prepare(`UPDATE items SET state='pending', lease_owner=NULL, lease_until=NULL WHERE state='leased' AND (lease_until < ? OR lease_owner = ?)`);
      const relX = this.db.prepare(`UPDATE documents SET stage='queued', lease_owner=NULL, lease_until=NULL WHERE stage='extracting' AND (lease_until < ? OR lease_owner = ?)`);
      const relE = this.db.prepare(`UPDATE documents SET stage='extracted', lease_owner=NULL, lease_until=NULL WHERE stage='emitting' AND (lease_until < ? OR lease_owner = ?)`);
      for (const o of [...dead, '\u0000']) {
        items += relItem.run(now, o).changes;
        documents += relX.run(now, o).changes + relE.run(now, o).changes;
      }
      return { items, documents };
    });
    return tx();
  }

  /** Extend every lease this process holds. */
  renewLeases(): void {
    const until = Date.now() + this.leaseMs;
    this.db.prepare(`UPDATE items SET lease_until=? WHERE state='leased' AND lease_owner=?`).run(until, this.owner);
    this.db.prepare(`UPDATE documents SET lease_until=? WHERE stage IN ('extracting','emitting') AND lease_owner=?`).run(until, this.owner);
  }

  recordAttempt(kind: string, a: FetchAttempt, extra: { robots?: string; outcome?: string } = {}): number {
    const r = this.db
      .prepare(
        `INSERT INTO fetches(run_id, kind, url, final_url, attempt, status, headers, redirects, started_at, finished_at, size, robots, error, error_kind, outcome)
         VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      )
      .run(
        this.runId, kind, a.url, a.finalUrl, a.attempt, a.status, JSON.stringify(a.headers), JSON.stringify(a.redirects),
        a.startedAt, a.finishedAt, a.size, extra.robots ?? null, a.error ?? null, a.errorKind ?? null,
        extra.outcome ?? (a.error ? (a.willRetry ? 'retry' : 'failed') : a.status === 304 ? 'not-modified' : 'ok'),
      );
    return Number(r.lastInsertRowid);
  }

  /** A request that was never sent (robots disallow, filtered). */
  recordSkip(kind: string, url: string, robots: string, error: string): number {
    const now = Date.now();
    const r = this.db
      .prepare(`INSERT INTO fetches(run_id, kind, url, attempt, started_at, finished_at, robots, error, error_kind, outcome) VALUES (?,?,?,0,?,?,?,?,?,?)`)
      .run(this.runId, kind, url, now, now, robots, error, 'robots', 'skipped');
    return Number(r.lastInsertRowid);
  }

  updateFetch(id: number, patch: { sha256?: string; encoding?: string; error?: string; errorKind?: string; outcome?: string; robots?: string }): void {
    this.db
      .prepare(
        `UPDATE fetches SET sha256=COALESCE(?, sha256), encoding=COALESCE(?, encoding), error=COALESCE(?, error),
         error_kind=COALESCE(?, error_kind), outcome=COALESCE(?, outcome), robots=COALESCE(?, robots) WHERE id=?`,
      )
      .run(patch.sha256 ?? null, patch.encoding ?? null, patch.error ?? null, patch.errorKind ?? null, patch.outcome ?? null, patch.robots ?? null, id);
  }

  resource(url: string): ResourceRow | undefined {
    return this.db.prepare('SELECT * FROM resources WHERE url=?').get(url) as ResourceRow | undefined;
  }

  saveResource(url: string, r: { etag?: string | null; lastModified?: string | null; sha256: string | null; status: number | null; fetchId: number }): void {
    this.db
      .prepare(
        `INSERT INTO resources(url, etag, last_modified, sha256, status, last_fetch_id, checked_at) VALUES (?,?,?,?,?,?,?)
         ON CONFLICT(url) DO UPDATE SET etag=excluded.etag, last_modified=excluded.last_modified, sha256=excluded.sha256,
         status=excluded.status, last_fetch_id=excluded.last_fetch_id, checked_at=excluded.checked_at`,
      )
      .run(url, r.etag ?? null, r.lastModified ?? null, r.sha256, r.status, r.fetchId, Date.now());
  }

  touchResource(url: string, fetchId: number): void {
    this.db.prepare('UPDATE resources SET last_fetch_id=?, checked_at=? WHERE url=?').run(fetchId, Date.now(), url);
  }

  /** Insert newly discovered items; returns the ones that were new. */
  addItems(siteId: string, referrer: string, links: Array<{ url: string; title: string; kind: ItemKind }>): Array<{ url: string; kind: ItemKind }> {
    const ins = this.db.prepare(
      `INSERT OR IGNORE INTO items(url, site_id, kind, title, referrer, state, discovered_run, updated_at) VALUES (?,?,?,?,?,'pending',?,?)`,
    );
    const tx = this.db.transaction(() => links.filter((l) => ins.run(l.url, siteId, l.kind, l.title, referrer, this.runId, Date.now()).changes > 0));
    return tx().map((l) => ({ url: l.url, kind: l.kind }));
  }

  item(url: string): (ItemRow & { lease_owner: string | null }) | undefined {
    return this.db.prepare('SELECT * FROM items WHERE url=?').get(url) as (ItemRow & { lease_owner: string | null }) | undefined;
  }

  pendingItems(): ItemRow[] {
    return this.db.prepare(`SELECT * FROM items WHERE state='pending' ORDER BY rowid`).all() as ItemRow[];
  }

  doneAttachments(siteIds: string[]): ItemRow[] {
    if (!siteIds.length) return [];
    return this.db.prepare(`SELECT * FROM items WHERE state='done' AND kind='attachment' AND site_id IN (${siteIds.map(() => '?').join(',')})`).all(...siteIds) as ItemRow[];
  }

  /** Lease an item for fetching; false when someone else holds it or it is finished. */
  leaseItem(url: string, opts: { force?: boolean } = {}): boolean {
    const states = opts.force ? `('pending','done','failed')` : `('pending')`;
    return (
      this.db
        .prepare(`UPDATE items SET state='leased', lease_owner=?, lease_until=?, attempts=attempts+1, updated_at=? WHERE url=? AND state IN ${states}`)
        .run(this.owner, Date.now() + this.leaseMs, Date.now(), url).changes === 1
    );
  }

  /** Finish a leased item. A failure counts one more failed run and records whether it is worth retrying. */
  finishItem(url: string, state: 'done' | 'failed', patch: { sha256?: string | null; error?: string | null; retryable?: boolean; errorKind?: FailureKind | null } = {}): void {
    const failed = state === 'failed';
    this.db
      .prepare(
        `UPDATE items SET state=?, lease_owner=NULL, lease_until=NULL, sha256=COALESCE(?, sha256), error=?,
         failures=CASE WHEN ? THEN failures + 1 ELSE 0 END, retryable=?, error_kind=?, updated_at=? WHERE url=?`,
      )
      .run(state, patch.sha256 ?? null, patch.error ?? null, failed ? 1 : 0, failed ? (patch.retryable ? 1 : 0) : null, failed ? (patch.errorKind ?? null) : null, Date.now(), url);
  }

  /**
   * The attachment at `url` has content `sha256` (already in the store): in one transaction, finish
   * the item, save validators, and register the document unless that content is already known.
   */
  attachmentStored(p: { url: string; siteId: string; sha256: string; fileName: string; fetchId: number; etag?: string | null; lastModified?: string | null; status: number | null }): { isNewDocument: boolean } {
    return this.db.transaction(() => {
      this.saveResource(p.url, { etag: p.etag, lastModified: p.lastModified, sha256: p.sha256, status: p.status, fetchId: p.fetchId });
      this.finishItem(p.url, 'done', { sha256: p.sha256, error: null });
      const r = this.db
        .prepare(`INSERT OR IGNORE INTO documents(sha256, file_name, site_id, first_url, fetch_id, stage, updated_at) VALUES (?,?,?,?,?,'queued',?)`)
        .run(p.sha256, p.fileName, p.siteId, p.url, p.fetchId, Date.now());
      return { isNewDocument: r.changes === 1 };
    })();
  }

  document(sha256: string): DocumentRow | undefined {
    return this.db.prepare('SELECT * FROM documents WHERE sha256=?').get(sha256) as DocumentRow | undefined;
  }

  documentsInStage(stage: DocStage): DocumentRow[] {
    return this.db.prepare('SELECT * FROM documents WHERE stage=? ORDER BY rowid').all(stage) as DocumentRow[];
  }

  /** Move a document from `from` to `to` under this process's lease; false if someone else got it. */
  claimDocument(sha256: string, from: 'queued' | 'extracted', to: 'extracting' | 'emitting'): boolean {
    return (
      this.db
        .prepare(`UPDATE documents SET stage=?, lease_owner=?, lease_until=?, attempts=attempts+1, updated_at=? WHERE sha256=? AND stage=?`)
        .run(to, this.owner, Date.now() + this.leaseMs, Date.now(), sha256, from).changes === 1
    );
  }

  documentExtracted(sha256: string, recordJson: string): void {
    this.db
      .prepare(`UPDATE documents SET stage='extracted', record=?, lease_owner=NULL, lease_until=NULL, error=NULL, updated_at=? WHERE sha256=? AND stage='extracting'`)
      .run(recordJson, Date.now(), sha256);
  }

  documentEmitted(sha256: string, path: string, status: string): void {
    this.db
      .prepare(`UPDATE documents SET stage='emitted', record_path=?, emit_status=?, error=NULL, retryable=NULL, lease_owner=NULL, lease_until=NULL, updated_at=? WHERE sha256=? AND stage='emitting'`)
      .run(path, status, Date.now(), sha256);
  }

  /** A document failed; its kind decides whether a later run tries it again. */
  documentFailed(sha256: string, error: string, kind: FailureKind): void {
    this.db
      .prepare(`UPDATE documents SET stage='failed', error=?, error_kind=?, failures=failures+1, retryable=?, lease_owner=NULL, lease_until=NULL, updated_at=? WHERE sha256=?`)
      .run(error, kind, isRetryable(kind) ? 1 : 0, Date.now(), sha256);
  }

  /** A host asked (Retry-After) not to be contacted before `until`; kept across runs. */
  pauseHost(host: string, until: number, url: string, reason: string): void {
    this.db
      .prepare(`INSERT INTO host_pauses(host, until, reason, run_id, url) VALUES (?,?,?,?,?)
        ON CONFLICT(host) DO UPDATE SET until=MAX(until, excluded.until), reason=excluded.reason, run_id=excluded.run_id, url=excluded.url`)
      .run(host, until, reason, this.runId, url);
  }

  /** Pauses still in force, and those that have ended (deleted: the host is resumed). */
  hostPauses(now = Date.now()): { active: Array<{ host: string; until: number; reason: string | null }>; ended: string[] } {
    return this.db.transaction(() => {
      const rows = this.db.prepare(`SELECT host, until, reason FROM host_pauses`).all() as Array<{ host: string; until: number; reason: string | null }>;
      const ended = rows.filter((r) => r.until <= now).map((r) => r.host);
      this.db.prepare(`DELETE FROM host_pauses WHERE until <= ?`).run(now);
      return { active: rows.filter((r) => r.until > now), ended };
    })();
  }

  /** Give a leased item back unfetched (its host is paused): its state before, no attempt or failure counted. */
  deferItem(url: string, state: ItemState): void {
    this.db
      .prepare(`UPDATE items SET state=?, lease_owner=NULL, lease_until=NULL, attempts=MAX(attempts-1, 0), updated_at=? WHERE url=?`)
      .run(state === 'leased' ? 'pending' : state, Date.now(), url);
  }

  walkComplete(siteId: string): boolean {
    return !!this.db.prepare('SELECT 1 FROM walks WHERE site_id=? AND last_complete_run IS NOT NULL').get(siteId);
  }

  setWalkComplete(siteId: string): void {
    this.db
      .prepare(`INSERT INTO walks(site_id, last_complete_run, last_complete_at) VALUES (?,?,?) ON CONFLICT(site_id) DO UPDATE SET last_complete_run=excluded.last_complete_run, last_complete_at=excluded.last_complete_at`)
      .run(siteId, this.runId, Date.now());
  }

  stats(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.db.prepare(`SELECT 'items_'||kind||'_'||state k, count(*) n FROM items GROUP BY 1 UNION ALL SELECT 'documents_'||stage, count(*) FROM documents GROUP BY 1`).all() as Array<{ k: string; n: number }>) out[r.k] = r.n;
    return out;
  }
}

function isDeadOwner(owner: string): boolean {
  const i = owner.lastIndexOf(':');
  const host = owner.slice(0, i);
  const pid = Number(owner.slice(i + 1));
  if (host !== hostname() || !Number.isInteger(pid)) return false; // other machine: wait for expiry
  return !processAlive(pid);
}
