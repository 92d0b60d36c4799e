import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { PROJECT_ROOT } from '../project-root.js';
import type { RecordLike } from './types.js';

/** What a worker is started with: a processor module (file URL or path) exporting `createProcessor(options)`. */
export interface WorkerInit {
  module: string;
  /** Passed to `createProcessor`; must be structured-cloneable (no functions). */
  options?: unknown;
}

export interface ExtractInputMeta {
  fileName: string;
  sourcePath?: string;
  sourceUrl?: string;
  ledgerRef?: string;
  /** the listing's title for the document (one source of its identity) */
  listingTitle?: string;
}

export interface ExtractRequest {
  id: number;
  /** File the worker reads the document bytes from (the content store). */
  path: string;
  input: ExtractInputMeta;
}

export type ExtractResponse =
  | { id: number; ok: true; record: RecordLike }
  | { id: number; ok: false; error: { name: string; message: string; reason?: string; stack?: string } };

/** The worker died, hung past the timeout, or could not start: not the document's fault, so worth retrying. */
export class ExtractWorkerError extends Error {
  override name = 'ExtractWorkerError';
  readonly retryable = true;
}

/** An error thrown by the processor inside the worker, re-created on this side with its name and reason. */
export class RemoteExtractError extends Error {
  constructor(e: { name: string; message: string; reason?: string; stack?: string }) {
    super(e.message);
    this.name = e.name;
    if (e.reason !== undefined) (this as { reason?: string }).reason = e.reason;
    if (e.stack) this.stack = e.stack;
  }
}

const isTs = (s: string) => /\.[cm]?ts$/.test(s.split('?')[0]!);

/** A sibling module of this file (`./name.ts` when running from src/ under tsx or Jest, `./name.js` from dist/). */
export function harvestModuleUrl(name: string): string {
  const here = import.meta.url;
  return new URL(`./${name}${isTs(here) ? '.ts' : '.js'}`, here).href;
}

export function toModuleUrl(spec: string): string {
  return /^(file|data):/.test(spec) ? spec : pathToFileURL(spec).href;
}

let tsxUrl: string | undefined;
/** tsx's ESM register API, resolved from the package root (so it works whatever the cwd). */
function tsxApiUrl(): string {
  if (!tsxUrl) {
    const req = createRequire(join(PROJECT_ROOT, 'package.json'));
    const pkgPath = req.resolve('tsx/package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import: string | { default: string } }> };
    const imp = pkg.exports['./esm/api']!.import;
    tsxUrl = pathToFileURL(join(dirname(pkgPath), typeof imp === 'string' ? imp : imp.default)).href;
  }
  return tsxUrl;
}

/**
 * Worker bootstrap (evaluated as a script): register tsx when the entry or the processor module is
 * TypeScript (running from src/, under Jest or `node --import tsx`), then import the entry. From
 * dist/ everything is compiled JS and tsx is not loaded.
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) { const { register } = await import(workerData.tsx); register(); }
  await import(workerData.entry);
})().catch((e) => { setImmediate(() => { throw e; }); });
`;

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  dead: boolean;
  job?: { id: number; resolve: (r: RecordLike) => void; reject: (e: Error) => void; timer?: NodeJS.Timeout };
}

/**
 * A small pool of extract worker threads (default one). Each worker runs one document at a time;
 * a worker that crashes, exceeds `timeoutMs` or its heap limit (`resourceLimits`) is terminated and
 * replaced for the next document.
 */
export class ExtractPool {
  private slots = new Set<Slot>();
  private idle: Slot[] = [];
  private waiters: Array<(s: Slot) => void> = [];
  private nextId = 1;
  private closed = false;
  private readonly entry: string;
  private readonly init: WorkerInit;

  constructor(init: WorkerInit, readonly size = 1, readonly timeoutMs = 15 * 60_000, readonly resourceLimits?: ResourceLimits) {
    this.init = { ...init, module: toModuleUrl(init.module) };
    this.entry = harvestModuleUrl('extract-worker');
  }

  /** Extract the document stored at `path` in a worker thread. */
  async extract(path: string, input: ExtractInputMeta): Promise<RecordLike> {
    const slot = await this.acquire();
    try {
      await slot.ready;
      return await this.runOn(slot, path, input);
    } finally {
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.slots];
    this.slots.clear();
    this.idle = [];
    await Promise.all(all.map((s) => s.worker.terminate().catch(() => 0)));
  }

  private acquire(): Promise<Slot> {
    if (this.closed) return Promise.reject(new ExtractWorkerError('extract pool is closed'));
    const s = this.idle.pop();
    if (s) return Promise.resolve(s);
    if (this.slots.size < Math.max(1, this.size)) return Promise.resolve(this.spawn());
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(slot: Slot): void {
    if (slot.dead) {
      this.slots.delete(slot);
      if (!this.closed && this.waiters.length) this.waiters.shift()!(this.spawn());
      return;
    }
    if (this.closed) return;
    const w = this.waiters.shift();
    if (w) w(slot);
    else this.idle.push(slot);
  }

  private spawn(): Slot {
    const needTsx = isTs(this.entry) || isTs(this.init.module);
    const worker = new Worker(BOOT, {
      eval: true,
      resourceLimits: this.resourceLimits,
      workerData: { entry: this.entry, tsx: needTsx ? tsxApiUrl() : undefined, module: this.init.module, options: this.init.options },
    });
    worker.unref(); // an idle worker does not keep the process alive; a busy one does (runOn)
    const slot: Slot = { worker, dead: false, ready: Promise.resolve() };
    const die = (err: Error) => {
      slot.dead = true;
      const job = slot.job;
      slot.job = undefined;
      if (job) {
        clearTimeout(job.timer);
        worker.unref();
        job.reject(err);
      }
    };
    slot.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: { ready?: boolean }) => {
        if (m && m.ready) {
          worker.off('message', onMessage);
          resolve();
        }
      };
      worker.on('message', onMessage);
      worker.once('error', (e) => reject(new ExtractWorkerError(`extract worker failed to start: ${e.message}`)));
      worker.once('exit', (code) => reject(new ExtractWorkerError(`extract worker exited (code ${code}) before it was ready`)));
    });
    slot.ready.catch(() => (slot.dead = true));
    worker.on('message', (m: ExtractResponse | { ready: true }) => {
      if ('ready' in m) return;
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      slot.job = undefined;
      clearTimeout(job.timer);
      worker.unref();
      if (m.ok) job.resolve(m.record);
      else job.reject(new RemoteExtractError(m.error));
    });
    worker.on('error', (e) => die(new ExtractWorkerError(`extract worker crashed: ${e?.message ?? e}`)));
    worker.on('exit', (code) => die(new ExtractWorkerError(`extract worker exited with code ${code}`)));
    this.slots.add(slot);
    return slot;
  }

  private runOn(slot: Slot, path: string, input: ExtractInputMeta): Promise<RecordLike> {
    if (slot.dead) return Promise.reject(new ExtractWorkerError('extract worker is not running'));
    return new Promise<RecordLike>((resolve, reject) => {
      const id = this.nextId++;
      const job: NonNullable<Slot['job']> = { id, resolve, reject };
      if (this.timeoutMs > 0) {
        job.timer = setTimeout(() => {
          if (slot.job !== job) return;
          slot.job = undefined;
          slot.dead = true;
          void slot.worker.terminate();
          reject(new ExtractWorkerError(`extraction timed out after ${this.timeoutMs} ms (worker terminated)`));
        }, this.timeoutMs);
      }
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ id, path, input } satisfies ExtractRequest);
    });
  }
}
