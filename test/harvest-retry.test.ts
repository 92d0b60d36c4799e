/** Failed items are retried on later runs: transient failures up to a cap, permanent ones only with retryFailed. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../src/harvest/sqlite.js';
import { classifyFetchFailure, runHarvest, type HarvestOptions } from '../src/harvest/index.js';
import { fakeProcessor } from './helpers/fake-processor.js';
import { materialiseSources } from '../src/harvest/demo-server.js';
import { REPO_ROOT, SiteServer, startSiteServer } from './helpers/site-server.js';

let server: SiteServer;
let out: string;
beforeAll(async () => {
  server = await startSiteServer();
  out = await mkdtemp(join(tmpdir(), 'juesuan-retry-'));
});
afterAll(async () => {
  await server.stop();
  await rm(out, { recursive: true, force: true });
});

const A = '/czyjs/att/hubei-2020-xiling-minzheng.pdf'; // 500: transient
const B = '/czyjs/att/shanghai-2022-jingan-weijian.pdf'; // 404: permanent
const C = '/czyjs/att/shanghai-2024-minhang-sifa.pdf'; // HTML page as .pdf: permanent
const D = '/czyjs/att/hubei-2021-fancheng-nongye.pdf'; // truncated download: transient

async function harvest(extra: Partial<HarvestOptions> = {}) {
  server.requests.length = 0;
  const sources = await materialiseSources(join(REPO_ROOT, 'samples', 'sources.yaml'), server.origin, out);
  return runHarvest({ sources, out, progress: 'none', rateMs: 10, retries: 0, maxFailedRuns: 2, fetchPolicy: { backoffBaseMs: 10, backoffMaxMs: 20, timeoutMs: 2000 }, processor: fakeProcessor(), ...extra });
}
const pdfRequests = () => server.requests.filter((r) => r.path.endsWith('.pdf')).map((r) => r.path).sort();
const item = (p: string) => {
  const l = openSqlite(join(out, '.juesuan', 'ledger.sqlite'), { readonly: true });
  try {
    return l.prepare('SELECT state, attempts, failures, retryable, error_kind, error FROM items WHERE url=?').get(server.url(p)) as Record<string, unknown>;
  } finally {
    l.close();
  }
};

it('retries transient failures on the next runs up to maxFailedRuns; permanent ones only with retryFailed', async () => {
  server.fault(A, { status: 500 });
  server.fault(B, { status: 404 });
  server.fault(C, { body: '<!DOCTYPE html><html><body>请登录</body></html>', contentType: 'application/pdf' });
  server.fault(D, { truncateTo: 5000 });

  const r1 = await harvest();
  expect(r1).toMatchObject({ failed: 4, retried: 0 });
  expect(r1.failures.map((f) => [f.url.replace(server.origin, ''), f.retryable]).sort()).toEqual([[A, true], [B, false], [C, false], [D, true]].sort());
  expect(item(A)).toMatchObject({ state: 'failed', attempts: 1, failures: 1, retryable: 1, error_kind: 'http', error: 'HTTP 500' });
  expect(item(B)).toMatchObject({ state: 'failed', failures: 1, retryable: 0, error_kind: 'http' });
  expect(item(C)).toMatchObject({ state: 'failed', failures: 1, retryable: 0, error_kind: 'content' });
  expect(item(D)).toMatchObject({ state: 'failed', failures: 1, retryable: 1, error_kind: 'truncated' });

  // Run 2, the site still failing: only the transient ones are fetched again.
  const r2 = await harvest();
  expect(r2).toMatchObject({ retried: 2, failed: 2 });
  expect(pdfRequests()).toEqual([A, D].sort());
  expect(item(A)).toMatchObject({ state: 'failed', attempts: 2, failures: 2 });

  // Run 3, the site fixed: A and D have failed in 2 runs (the cap), so they are left alone.
  server.clearFaults();
  const r3 = await harvest();
  expect(r3).toMatchObject({ retried: 0, failed: 0, fetched: 0 });
  expect(pdfRequests()).toEqual([]);

  // Run 4 with retryFailed: everything that failed is tried again (the item robots.txt disallows is
  // checked against robots.txt again, and skipped again without a request), and now succeeds.
  const r4 = await harvest({ retryFailed: true });
  expect(r4).toMatchObject({ retried: 5, skipped: 1, fetched: 4, extracted: 4, emitted: 4, failed: 0 });
  expect(pdfRequests()).toEqual([A, B, C, D].sort());
  expect(item(A)).toMatchObject({ state: 'done', attempts: 3, failures: 0, retryable: null, error: null });

  // Nothing left to retry but the disallowed item.
  const r5 = await harvest({ retryFailed: true });
  expect(r5).toMatchObject({ retried: 1, skipped: 1, fetched: 0 });
  expect(server.requests.some((r) => r.path.startsWith('/private/'))).toBe(false);
}, 60_000);

it('classifies fetch failures as transient or permanent', () => {
  const c = (errorKind: string | undefined, status: number | null, error = '') => classifyFetchFailure({ errorKind: errorKind as never, status, error }).retryable;
  expect([c('http', 500, ''), c('http', 503), c('http', 429), c('http', 408), c('timeout', null), c('network', null), c('truncated', 200)]).toEqual([true, true, true, true, true, true, true]);
  expect([c('http', 404), c('http', 403), c('http', 410), c('redirect-loop', 302), c('too-large', 200)]).toEqual([false, false, false, false, false]);
  expect(c('robots', null, 'disallowed by robots.txt (Disallow: /private/)')).toBe(false);
  expect(c('robots', null, 'disallowed by robots.txt (robots.txt unreachable (HTTP 503): disallow all)')).toBe(true);
});
