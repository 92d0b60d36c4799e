/**
 * Extract-stage worker thread (started by ExtractPool). Imports the processor module named in
 * `workerData.module`, builds it with `createProcessor(workerData.options)`, then answers
 * `{ id, input }` messages with `{ id, ok: true, record }` or `{ id, ok: false, error }`.
 * The document bytes are read here from the content store (`input.sourcePath`), so nothing large
 * crosses the thread boundary and the main thread's event loop (fetch timers, sockets, the ledger
 * heartbeat) never waits for a CPU-bound extraction.
 */
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import type { DocumentProcessor } from './types.js';
import type { ExtractRequest, ExtractResponse, WorkerInit } from './extract-pool.js';

const init = workerData as WorkerInit;
const mod = (await import(init.module)) as { createProcessor?: (o: unknown) => DocumentProcessor | Promise<DocumentProcessor> };
if (typeof mod.createProcessor !== 'function') throw new Error(`extract worker: ${init.module} does not export createProcessor(options)`);
const processor = await mod.createProcessor(init.options);

parentPort!.on('message', async (msg: ExtractRequest) => {
  let reply: ExtractResponse;
  try {
    const bytes = new Uint8Array(await readFile(msg.path));
    const record = await processor.extract({ ...msg.input, bytes });
    reply = { id: msg.id, ok: true, record };
  } catch (e) {
    const err = e as Error & { reason?: string };
    reply = { id: msg.id, ok: false, error: { name: err?.name ?? 'Error', message: String(err?.message ?? e), reason: err?.reason, stack: err?.stack } };
  }
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ ready: true });
