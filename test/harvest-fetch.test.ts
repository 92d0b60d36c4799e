import { Fetcher, backoffMs, parseRetryAfter, type FetchAttempt } from '../src/harvest/http.js';
import { HostScheduler } from '../src/harvest/host-scheduler.js';
import { SiteServer, startSiteServer } from './helpers/site-server.js';

const PDF = '/czyjs/att/hubei-2019-jiangan-jiaoyu.pdf';
let server: SiteServer;
beforeAll(async () => {
  server = await startSiteServer();
});
afterAll(() => server.stop());
beforeEach(() => {
  server.clearFaults();
  server.requests.length = 0;
});

const fetcher = (rateMs = 0, policy = {}) =>
  new Fetcher(new HostScheduler({ rateMs, concurrency: 1 }), { backoffBaseMs: 20, backoffMaxMs: 100, timeoutMs: 2000, retries: 2, ...policy });

describe('politeness', () => {
  it('spaces requests to one host by the rate limit, one at a time', async () => {
    const f = fetcher(120);
    const paths = ['/czyjs/index.html', '/czyjs/index_1.html', '/czyjs/index_2.html', '/robots.txt', '/index.html'];
    server.fault('/czyjs/index_1.html', { delayMs: 200 }); // a slow response must not let the next one overlap
    const done: number[] = [];
    await Promise.all(paths.map((p) => f.fetch(server.url(p)).then(() => done.push(Date.now()))));
    const slowIdx = server.requests.findIndex((r) => r.path === '/czyjs/index_1.html');
    expect(server.requests[slowIdx + 1]!.t).toBeGreaterThanOrEqual(server.requests[slowIdx]!.t + 200);
    const times = server.requests.map((r) => r.t).sort((a, b) => a - b);
    expect(times).toHaveLength(5);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(110);
  });
  it('sends an identifying User-Agent', async () => {
    await fetcher().fetch(server.url('/index.html'));
    expect(server.requests[0]!.headers['user-agent']).toMatch(/^juesuan-harvester\/\S+ \(\+https?:\/\//);
  });
  it('waits for Retry-After on 429 and 503, then succeeds', async () => {
    server.fault(PDF, { status: 429, retryAfter: '1', times: 1 });
    const attempts: FetchAttempt[] = [];
    const r = await fetcher().fetch(server.url(PDF), { onAttempt: (a) => attempts.push(a) });
    expect(r.ok).toBe(true);
    expect(attempts.map((a) => a.status)).toEqual([429, 200]);
    expect(attempts[0]!.error).toMatch(/Retry-After 1s/);
    const [a, b] = server.requests.map((q) => q.t);
    expect(b! - a!).toBeGreaterThanOrEqual(950);
  });
  it('fails fast when Retry-After is beyond the limit', async () => {
    server.fault(PDF, { status: 503, retryAfter: '3600' });
    const r = await fetcher(0, { maxRetryAfterMs: 1000 }).fetch(server.url(PDF));
    expect(r).toMatchObject({ ok: false, errorKind: 'retry-after-too-long', attempts: 1 });
  });
  it('retries 5xx with exponential backoff and jitter', async () => {
    server.fault(PDF, { status: 500, times: 2 });
    const r = await fetcher().fetch(server.url(PDF));
    expect(r).toMatchObject({ ok: true, attempts: 3, status: 200 });
    const b = (n: number, x: number) => backoffMs(n, { backoffBaseMs: 100, backoffMaxMs: 1000 }, () => x);
    expect([b(1, 0), b(1, 1), b(2, 1), b(3, 1), b(9, 1)]).toEqual([50, 100, 200, 400, 1000]);
    expect(parseRetryAfter('5')).toBe(5000);
    expect(parseRetryAfter(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThan(8000);
  });
});

describe('bad responses', () => {
  it('404 is final, with no retry', async () => {
    const r = await fetcher().fetch(server.url('/czyjs/att/missing.pdf'));
    expect(r).toMatchObject({ ok: false, status: 404, error: 'HTTP 404', attempts: 1 });
  });
  it('times out on a slow server', async () => {
    server.fault(PDF, { delayMs: 400 });
    const r = await fetcher(0, { timeoutMs: 100, retries: 1 }).fetch(server.url(PDF));
    expect(r).toMatchObject({ ok: false, errorKind: 'timeout', attempts: 2 });
    expect(r.error).toMatch(/timeout after 100 ms/);
  });
  it('detects a truncated body (Content-Length not met)', async () => {
    server.fault(PDF, { truncateTo: 1000 });
    const r = await fetcher(0, { retries: 1 }).fetch(server.url(PDF));
    expect(r).toMatchObject({ ok: false, errorKind: 'truncated' });
    expect(r.error).toMatch(/truncated download/);
  });
  it('detects redirect loops', async () => {
    server.fault('/loop-a', { redirectTo: '/loop-b' });
    server.fault('/loop-b', { redirectTo: '/loop-a' });
    const r = await fetcher().fetch(server.url('/loop-a'));
    expect(r).toMatchObject({ ok: false, errorKind: 'redirect-loop', attempts: 1 });
    expect(r.error).toMatch(/loop-a -> .*loop-b -> .*loop-a/);
  });
  it('follows a normal redirect and reports the final URL', async () => {
    server.fault('/old.pdf', { redirectTo: PDF });
    const r = await fetcher().fetch(server.url('/old.pdf'));
    expect(r).toMatchObject({ ok: true, finalUrl: server.url(PDF), redirects: [server.url(PDF)] });
  });
  it('enforces the size cap', async () => {
    const r = await fetcher(0, { maxBytes: 10_000 }).fetch(server.url(PDF));
    expect(r).toMatchObject({ ok: false, errorKind: 'too-large', attempts: 1 });
  });
});

describe('conditional GET', () => {
  it('sends If-None-Match / If-Modified-Since and gets 304; a changed ETag gives 200', async () => {
    const f = fetcher();
    const first = await f.fetch(server.url(PDF));
    const etag = first.headers['etag'];
    const second = await f.fetch(server.url(PDF), { etag, lastModified: first.headers['last-modified'] });
    expect(second).toMatchObject({ ok: true, notModified: true, status: 304 });
    expect(server.requests[1]!.headers['if-none-match']).toBe(etag);
    server.fault(PDF, { etag: '"changed"' });
    const third = await f.fetch(server.url(PDF), { etag, lastModified: first.headers['last-modified'] });
    expect(third).toMatchObject({ ok: true, notModified: false, status: 200 });
  });
});
