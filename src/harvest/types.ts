import type { FetchPolicy } from './http.js';
import type { HarvestCounters, ProgressMode } from './progress.js';
import type { WorkerInit } from './extract-pool.js';
import type { QueueEngine } from './queue.js';

/** What the harvest needs from the extractor (the real one is `src/pipeline`). */
export interface RecordLike {
  /** kind `other` (a notice, a listing page…): reported with `kindReason`, no record emitted */
  document: { region: string; department: string; year: number | null; kind: string; kindReason?: string };
  provenance: { sha256: string; sourceUrl?: string | null; ledgerRef?: string | null };
}
export interface DocumentProcessor {
  extract(input: { bytes: Uint8Array; fileName: string; sourcePath?: string; sourceUrl?: string; ledgerRef?: string; listingTitle?: string }): Promise<RecordLike>;
  emit(record: RecordLike, outDir: string): Promise<{ path: string; status: string }>;
}

export interface HarvestOptions {
  /** sources.yaml path, or a start URL. */
  sources: string;
  out: string;
  /** Default `<out>/.juesuan/ledger.sqlite`. */
  dbPath?: string;
  /** Default `<out>/.juesuan/store`. */
  storeDir?: string;
  progress?: ProgressMode;
  /** Overrides of sources.yaml defaults (tests use small values). */
  rateMs?: number;
  concurrency?: number;
  timeoutMs?: number;
  maxBytes?: number;
  retries?: number;
  userAgent?: string;
  fetchPolicy?: Partial<FetchPolicy>;
  /** Re-validate already fetched attachments with conditional GET. */
  recheck?: boolean;
  /** Extract worker threads (default 1): extractions run there, so they never block fetching. */
  extractConcurrency?: number;
  /**
   * Injected extractor (tests). Its `extract` runs on the main thread unless `extractWorker` is also
   * given; its `emit` is used for emitting. Default: src/pipeline extractDocument + emitRecord.
   */
  processor?: DocumentProcessor;
  /**
   * The processor module the extract worker threads load: `module` (file path or URL) exports
   * `createProcessor(options)`. Default: `./pipeline-processor` with `{ ocr }`, unless `processor` is
   * injected. `false` extracts on the main thread with the default processor.
   */
  extractWorker?: WorkerInit | false;
  /** A document whose extraction takes longer is failed (transiently) and its worker replaced. Default 15 min. */
  extractTimeoutMs?: number;
  /** Retry every failed item and document, permanent failures (404, HTML as PDF…) included. */
  retryFailed?: boolean;
  /** Allow requests to private, loopback and link-local addresses for every site (default: only for sites that are on one). */
  allowPrivate?: boolean;
  /** Transient failures are retried on later runs until an item has failed in this many runs (default 3). */
  maxFailedRuns?: number;
  queueEngine?: QueueEngine;
  leaseMs?: number;
  ocr?: 'never' | 'auto' | 'always';
  /** Progress output stream (default stderr). */
  stream?: NodeJS.WriteStream;
}

export interface HarvestSummary extends HarvestCounters {
  runId: number;
  durationMs: number;
  ledgerPath: string;
  outDir: string;
  reclaimed: { items: number; documents: number };
  failures: Array<{ url: string; stage: string; reason: string; retryable?: boolean }>;
  records: Array<{ sha256: string; path: string; status: string }>;
}
