import { join, resolve } from 'node:path';
import { loadSources } from './config.js';
import { Ledger } from './ledger.js';
import { ProgressReporter } from './progress.js';
import { ExtractPool, harvestModuleUrl, type WorkerInit } from './extract-pool.js';
import { NetworkPolicy } from './network-policy.js';
import { ContentStore } from './store.js';
import { sweepTempFiles } from '../files/atomic.js';
import { Harvest } from './harvest.js';
import { defaultProcessor, emitOnlyProcessor } from './processors.js';
import type { DocumentProcessor, HarvestOptions, HarvestSummary } from './types.js';

export async function runHarvest(opts: HarvestOptions): Promise<HarvestSummary> {
  const t0 = Date.now();
  const outDir = resolve(opts.out);
  const config = await loadSources(opts.sources, {
    rateMs: opts.rateMs,
    concurrency: opts.concurrency,
    timeoutMs: opts.timeoutMs,
    maxBytes: opts.maxBytes,
    retries: opts.retries,
    userAgent: opts.userAgent,
  });
  const ledgerPath = resolve(opts.dbPath ?? join(outDir, '.juesuan', 'ledger.sqlite'));
  const ledger = new Ledger(ledgerPath, opts.leaseMs);
  const store = new ContentStore(resolve(opts.storeDir ?? join(outDir, '.juesuan', 'store')));
  await store.init();
  await store.cleanupTemp();
  // Records half-written by a killed run (its temp files) are removed; whole records are kept.
  const sweptTemps = await sweepTempFiles(outDir);
  const reclaimed = ledger.reclaimLeases();
  ledger.startRun(opts.sources);
  const heartbeat = setInterval(() => ledger.renewLeases(), Math.max(1000, ledger.leaseMs / 3));
  heartbeat.unref();
  const progress = new ProgressReporter(opts.progress ?? 'auto', opts.stream);
  let pool: ExtractPool | undefined;
  let processor: DocumentProcessor;
  if (opts.extractWorker || (opts.extractWorker === undefined && !opts.processor)) {
    const init: WorkerInit = opts.extractWorker || { module: harvestModuleUrl('pipeline-processor'), options: { ocr: opts.ocr } };
    pool = new ExtractPool(init, opts.extractConcurrency ?? 1, opts.extractTimeoutMs);
    // Only emit runs here: load the emitter alone, not the extractor (pdf.js) as well.
    processor = opts.processor ?? (await emitOnlyProcessor());
  } else {
    processor = opts.processor ?? (await defaultProcessor(opts.ocr));
  }
  const network = new NetworkPolicy(config.sites, opts.allowPrivate);
  await network.resolveSources(config.sites);
  const h = new Harvest(config, ledger, store, progress, processor, outDir, ledgerPath, opts, network, pool);
  let status = 'failed';
  try {
    if (reclaimed.items || reclaimed.documents) progress.log('resume', `reclaimed ${reclaimed.items} fetch leases, ${reclaimed.documents} document leases`);
    if (ledger.abortedRuns) progress.log('resume', `${ledger.abortedRuns} earlier run(s) had been killed: marked aborted`);
    for (const p of sweptTemps) progress.log('resume', `removed ${p}, a record a killed run had not finished writing`);
    await h.run();
    status = 'done';
  } finally {
    clearInterval(heartbeat);
    await pool?.close();
    await h.close();
    progress.finish();
    const summary: HarvestSummary = {
      ...progress.counters,
      runId: ledger.runId,
      durationMs: Date.now() - t0,
      ledgerPath,
      outDir,
      reclaimed,
      failures: h.failures,
      records: h.records,
    };
    ledger.finishRun(status, { ...summary, failures: summary.failures.length, records: summary.records.length });
    ledger.close();
    if (status === 'done') return summary;
  }
  throw new Error('unreachable');
}
