/**
 * Extraction must not starve fetching: extractions run in a worker thread, so while a document is
 * being extracted (here: a processor that burns the CPU for a second per document) the main thread
 * keeps fetching at the per-host rate.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../src/harvest/sqlite.js';
import { runHarvest, type HarvestOptions } from '../src/harvest/index.js';
import { fakeProcessor } from './helpers/fake-processor.js';
import { materialiseSources } from '../src/harvest/demo-server.js';
import { REPO_ROOT, SiteServer, startSiteServer } from './helpers/site-server.js';

const FAKE_MODULE = join(REPO_ROOT, 'test', 'helpers', 'fake-processor.ts');
const RATE = 100;

let server: SiteServer;
const dirs: string[] = [];
beforeAll(async () => {
  server = await startSiteServer();
});
afterAll(async () => {
  await server.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
beforeEach(() => server.reset());

/** A stand-in for stderr that timestamps every line written. */
function capture() {
  const lines: Array<{ t: number; line: string }> = [];
  const stream = { isTTY: false, write: (s: string) => (lines.push({ t: Date.now(), line: s }), true) } as unknown as NodeJS.WriteStream;
  return { stream, lines };
}

async function harvest(extra: Partial<HarvestOptions>, reuseOut?: string) {
  const out = reuseOut ?? (await mkdtemp(join(tmpdir(), 'juesuan-worker-')));
  dirs.push(out);
  server.requests.length = 0;
  const sources = await materialiseSources(join(REPO_ROOT, 'samples', 'sources.yaml'), server.origin, out);
  const { stream, lines } = capture();
  const t0 = Date.now();
  const s = await runHarvest({ sources, out, progress: 'plain', stream, rateMs: RATE, fetchPolicy: { backoffBaseMs: 20, backoffMaxMs: 50, timeoutMs: 5000 }, ...extra });
  const extractedAt = lines.filter((l) => /^\S+ extracted /.test(l.line)).map((l) => l.t);
  const requests = server.requests.map((r) => ({ t: r.t, path: r.path })).sort((a, b) => a.t - b.t);
  return { s, out, t0, extractedAt, requests };
}

const gaps = (ts: number[]) => ts.slice(1).map((t, i) => t - ts[i]!);

describe('extraction in a worker thread does not starve fetching', () => {
  it('fetches keep their per-host rate while a CPU-bound extraction (1 s per document) runs', async () => {
    const { s, extractedAt, requests } = await harvest({
      processor: fakeProcessor(), // emit only: extraction runs in the worker
      extractWorker: { module: FAKE_MODULE, options: { burnMs: 1000 } },
    });
    expect(s).toMatchObject({ fetched: 8, extracted: 7, emitted: 7, failed: 0 });
    expect(extractedAt).toHaveLength(7);
    const lastFetch = Math.max(...requests.filter((r) => r.path.endsWith('.pdf')).map((r) => r.t));
    // Every document was fetched long before the extractions were through (7 × 1 s, one worker).
    expect(lastFetch).toBeLessThan(extractedAt[4]!);
    expect(extractedAt[6]! - lastFetch).toBeGreaterThan(2000);
    // Requests kept their spacing: never closer than the rate, and never held up by an extraction.
    const g = gaps(requests.map((r) => r.t));
    expect(Math.min(...g)).toBeGreaterThanOrEqual(RATE - 10);
    expect(Math.max(...g)).toBeLessThan(500);
  }, 40_000);

  it('(control) the same processor on the main thread does hold fetches up', async () => {
    const { s, requests } = await harvest({ processor: fakeProcessor({ burnMs: 400 }), extractWorker: undefined });
    expect(s).toMatchObject({ extracted: 7, emitted: 7 });
    expect(Math.max(...gaps(requests.map((r) => r.t)))).toBeGreaterThanOrEqual(350);
  }, 40_000);

  it('a worker that dies mid-extraction fails that document (retryable) and is replaced for the rest', async () => {
    const { s, out } = await harvest({
      processor: fakeProcessor(),
      extractWorker: { module: FAKE_MODULE, options: { exitOn: 'jingan' } },
    });
    expect(s).toMatchObject({ extracted: 6, emitted: 6, failed: 1 });
    expect(s.failures).toEqual([{ url: expect.stringContaining('jingan'), stage: 'extract', reason: expect.stringMatching(/ExtractWorkerError: extract worker exited with code 3/), retryable: true }]);
    const l = openSqlite(join(out, '.juesuan', 'ledger.sqlite'), { readonly: true });
    expect(l.prepare(`SELECT stage, retryable, failures, error_kind FROM documents WHERE first_url LIKE '%jingan%'`).get()).toEqual({ stage: 'failed', retryable: 1, failures: 1, error_kind: 'worker' });
    l.close();
    // The next run extracts it again (a worker crash is transient), without fetching anything.
    const again = await harvest({ processor: fakeProcessor(), extractWorker: { module: FAKE_MODULE, options: {} } }, out);
    expect(again.s).toMatchObject({ retried: 1, fetched: 0, extracted: 1, emitted: 1, failed: 0 });
  }, 40_000);

  it('a document the worker cannot read keeps its error class across the thread boundary: unreadable, not retried', async () => {
    const { s, out } = await harvest({ processor: fakeProcessor(), extractWorker: { module: FAKE_MODULE, options: { unreadableOn: 'jingan' } } });
    expect(s.failures).toEqual([{ url: expect.stringContaining('jingan'), stage: 'extract', reason: 'DocumentReadError: fake failure', retryable: false }]);
    const l = openSqlite(join(out, '.juesuan', 'ledger.sqlite'), { readonly: true });
    expect(l.prepare(`SELECT stage, retryable, error_kind FROM documents WHERE first_url LIKE '%jingan%'`).get()).toEqual({ stage: 'failed', retryable: 0, error_kind: 'unreadable' });
    l.close();
    const again = await harvest({ processor: fakeProcessor(), extractWorker: { module: FAKE_MODULE, options: {} } }, out);
    expect(again.s).toMatchObject({ retried: 0, extracted: 0, failed: 0 });
  }, 40_000);

  it('the real extractor runs in the worker by default', async () => {
    const { s } = await harvest({ ocr: 'never', rateMs: 10 });
    expect(s).toMatchObject({ extracted: 7, emitted: 7, failed: 0 });
  }, 60_000);
});
