import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/files/atomic.js';
import type { DocumentProcessor, RecordLike } from '../../src/harvest/index.js';

/**
 * A stand-in extractor for tests of the crawl machinery: the record is the file's name and hash;
 * emit writes `<out>/fake/<sha256>.json` atomically and reports unchanged on a second emit.
 */
export interface FakeProcessorOptions {
  /** Wait this long (timer: the thread stays free). */
  delayMs?: number;
  /** Burn the CPU this long per document (synchronously: the thread is blocked, like a long PDF). */
  burnMs?: number;
  failOn?: (fileName: string) => boolean;
  /** Exit the (worker) thread when the file name contains this: a crash mid-extraction. */
  exitOn?: string;
  /** Throw a DocumentReadError when the file name contains this (cloneable, unlike failOn). */
  unreadableOn?: string;
}

export function fakeProcessor(opts: FakeProcessorOptions = {}): DocumentProcessor {
  return {
    async extract({ bytes, fileName, sourceUrl, ledgerRef }) {
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (opts.burnMs) burn(opts.burnMs);
      if (opts.exitOn && fileName.includes(opts.exitOn)) process.exit(3);
      if (opts.failOn?.(fileName) || (opts.unreadableOn && fileName.includes(opts.unreadableOn))) throw Object.assign(new Error(`cannot read ${fileName}`), { name: 'DocumentReadError', reason: 'fake failure' });
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return {
        document: { region: 'fake', department: fileName, year: null, kind: 'final' },
        provenance: { sha256, sourceUrl: sourceUrl ?? null, ledgerRef: ledgerRef ?? null },
      } satisfies RecordLike;
    },
    async emit(record, outDir) {
      const path = join(outDir, 'fake', `${record.provenance.sha256}.json`);
      const body = JSON.stringify(record, null, 2);
      const existing = await readFile(path, 'utf8').catch(() => null);
      if (existing === body) return { path, status: 'unchanged' };
      if (existing !== null) return { path, status: 'conflict' };
      await writeFileAtomic(path, body);
      return { path, status: 'written' };
    },
  };
}

/** Worker entry point (see ExtractPool): options must be cloneable, so no `failOn`. */
export function createProcessor(options: Omit<FakeProcessorOptions, 'failOn'> = {}): DocumentProcessor {
  return fakeProcessor(options);
}

function burn(ms: number): void {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) for (let i = 0; i < 10_000; i++) x = (x * 31 + i) | 0;
  if (x === 0.5) console.log(x); // keep the loop from being optimised away
}
