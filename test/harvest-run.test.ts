import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from './helpers/site-server.js';
import { useDemoSite } from './helpers/harvest-site.js';

const site = useDemoSite({ rateMs: 20, timeoutMs: 1500 });
const { tempOut, harvest, db } = site;
const U = (p: string) => site.server.url(p);

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

describe('harvest of the demo site', () => {
  let out: string;
  it('discovers, fetches, dedupes and emits every 决算 document; honours robots.txt', async () => {
    out = await tempOut();
    const s = await harvest(out);
    expect(s).toMatchObject({ found: 9, fetched: 8, deduplicated: 1, extracted: 7, emitted: 7, failed: 0, skipped: 1 });
    expect(site.server.requests.some((r) => r.path.startsWith('/private/'))).toBe(false);
    expect(site.server.requests.some((r) => r.path.includes('t20250501_010'))).toBe(false); // 通知 filtered
    const l = db(out);
    const skip = l.prepare(`SELECT * FROM fetches WHERE url LIKE '%/private/%'`).get() as { outcome: string; robots: string };
    expect(skip).toMatchObject({ outcome: 'skipped', robots: 'Disallow: /private/' });
    // Same PDF under two URLs: stored once, one document, both items point at it.
    const putuo = l.prepare(`SELECT sha256 FROM items WHERE url IN (?, ?)`).all(U('/czyjs/202506/P020250601_putuo.pdf'), U('/czyjs/att/P020250601_copy.pdf')) as Array<{ sha256: string }>;
    expect(new Set(putuo.map((p) => p.sha256)).size).toBe(1);
    expect(l.prepare(`SELECT count(*) n FROM documents WHERE stage='emitted'`).get()).toEqual({ n: 7 });
    // Every fetch attempt carries status, headers, time; GBK pages record their encoding.
    const gbk = l.prepare(`SELECT encoding, status, headers FROM fetches WHERE url = ?`).get(U('/czyjs/index_1.html')) as { encoding: string; status: number; headers: string };
    expect(gbk.encoding).toBe('gb18030 (meta)');
    expect(JSON.parse(gbk.headers)).toHaveProperty('etag');
    // Records point back to their ledger entry.
    const rec = JSON.parse(await readFile(s.records[0]!.path, 'utf8'));
    const m = /^\.juesuan\/ledger\.sqlite#fetches\/(\d+)$/.exec(rec.provenance.ledgerRef)!;
    const f = l.prepare('SELECT sha256, url FROM fetches WHERE id=?').get(Number(m[1])) as { sha256: string; url: string };
    expect(f.sha256).toBe(rec.provenance.sha256);
    expect(f.url).toBe(rec.provenance.sourceUrl);
    l.close();
    const storeFiles = (await listFiles(join(out, '.juesuan', 'store'))).filter((p) => !p.includes('/tmp/'));
    expect(storeFiles.filter((p) => !/\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(p))).toEqual([]);
  });

  it('a second run fetches only what changed (conditional GET, stops at the first page with nothing new)', async () => {
    const s = await harvest(out);
    expect(s).toMatchObject({ found: 0, fetched: 0, extracted: 0, emitted: 0, pages: 1 });
    expect(site.server.requests.map((r) => [r.path, r.status])).toEqual([
      ['/robots.txt', 200],
      ['/czyjs/index.html', 304],
    ]);
  });

  it('a new document on page 1 is picked up; recheck re-validates attachments (changed ETag, changed bytes)', async () => {
    const page = (await readFile(join(REPO_ROOT, 'samples/site/czyjs/index.html'), 'utf8')).replace(
      '<ul class="list">',
      '<ul class="list">\n  <li><a href="./att/new-2025.pdf">新单位2025年度部门决算</a></li>',
    );
    site.server.setContent('/czyjs/index.html', page, 'text/html; charset=utf-8');
    const pdf = await readFile(join(REPO_ROOT, 'test/fixtures/generated/shanghai-2024-pudong-wenlv.pdf'));
    site.server.setContent('/czyjs/att/new-2025.pdf', Buffer.concat([pdf, Buffer.from('\n%new\n')]));
    const s = await harvest(out);
    expect(s).toMatchObject({ found: 1, fetched: 1, extracted: 1, emitted: 1, pages: 2 }); // page 2 shows nothing new: stop

    site.server.requests.length = 0;
    site.server.fault('/czyjs/att/hubei-2019-jiangan-jiaoyu.pdf', { etag: '"changed-etag"' }); // same bytes
    site.server.setContent('/czyjs/att/hubei-2021-fancheng-nongye.pdf', Buffer.concat([pdf, Buffer.from('\n%v2\n')]));
    const r = await harvest(out, { recheck: true });
    expect(r).toMatchObject({ notModified: 7, fetched: 2, deduplicated: 1, extracted: 1 });
    const conditional = site.server.requests.filter((q) => q.path.endsWith('.pdf'));
    expect(conditional.every((q) => q.headers['if-none-match'])).toBe(true);
  });
});

describe('bad responses are recorded with a reason and the harvest goes on', () => {
  it('HTML as .pdf, truncated, redirect loop, 404, slow, 500, 429', async () => {
    const out = await tempOut();
    site.server.fault('/czyjs/att/shanghai-2024-minhang-sifa.pdf', { body: '<!DOCTYPE html><html><body>请登录</body></html>', contentType: 'application/pdf' });
    site.server.fault('/czyjs/202506/P020250601_putuo.pdf', { truncateTo: 5000 });
    site.server.fault('/czyjs/att/P020250601_copy.pdf', { truncateTo: 5000, truncateClean: true });
    site.server.fault('/czyjs/att/shanghai-2024-pudong-wenlv.pdf', { redirectTo: '/czyjs/att/shanghai-2024-pudong-wenlv.pdf' });
    site.server.fault('/czyjs/att/shanghai-2022-jingan-weijian.pdf', { status: 404 });
    site.server.fault('/czyjs/att/hubei-2021-fancheng-nongye.pdf', { delayMs: 800 });
    site.server.fault('/czyjs/att/hubei-2020-xiling-minzheng.pdf', { status: 500 });
    site.server.fault('/czyjs/att/hubei-2019-jiangan-jiaoyu.pdf', { status: 429, retryAfter: '1', times: 1 });
    const s = await harvest(out, { fetchPolicy: { backoffBaseMs: 20, backoffMaxMs: 50, timeoutMs: 300, retries: 1 } });
    expect(s).toMatchObject({ emitted: 1, failed: 7 });
    const l = db(out);
    const reason = (p: string) => (l.prepare('SELECT state, error FROM items WHERE url=?').get(U(p)) as { state: string; error: string });
    expect(reason('/czyjs/att/shanghai-2024-minhang-sifa.pdf')).toEqual({ state: 'failed', error: expect.stringMatching(/HTML page served instead of a \.pdf/) });
    expect(reason('/czyjs/202506/P020250601_putuo.pdf').error).toMatch(/truncated download: .*5000 of \d+ bytes/);
    expect(reason('/czyjs/att/P020250601_copy.pdf').error).toMatch(/truncated PDF: no %%EOF/);
    expect(reason('/czyjs/att/shanghai-2024-pudong-wenlv.pdf').error).toMatch(/redirect loop/);
    expect(reason('/czyjs/att/shanghai-2022-jingan-weijian.pdf').error).toBe('HTTP 404');
    expect(reason('/czyjs/att/hubei-2021-fancheng-nongye.pdf').error).toMatch(/timeout after 300 ms/);
    expect(reason('/czyjs/att/hubei-2020-xiling-minzheng.pdf').error).toBe('HTTP 500');
    expect(reason('/czyjs/att/hubei-2019-jiangan-jiaoyu.pdf')).toMatchObject({ state: 'done' });
    const attempts = l.prepare(`SELECT status, outcome, error FROM fetches WHERE url=? ORDER BY id`).all(U('/czyjs/att/hubei-2020-xiling-minzheng.pdf'));
    expect(attempts).toEqual([
      { status: 500, outcome: 'retry', error: 'HTTP 500' },
      { status: 500, outcome: 'failed', error: 'HTTP 500' },
    ]);
    const html = l.prepare(`SELECT outcome, error_kind FROM fetches WHERE url=?`).get(U('/czyjs/att/shanghai-2024-minhang-sifa.pdf'));
    expect(html).toEqual({ outcome: 'rejected', error_kind: 'content' });
    l.close();
    expect((await listFiles(out)).filter((p) => p.endsWith('.tmp') || p.includes('/store/tmp/'))).toEqual([]);
  });

  it('robots.txt answering 5xx disallows the whole site (RFC 9309), and that is recorded', async () => {
    const out = await tempOut();
    site.server.robots = 503;
    const s = await harvest(out, { retries: 0 });
    expect(s).toMatchObject({ fetched: 0, failed: 1 });
    expect(site.server.requests.every((r) => r.path === '/robots.txt')).toBe(true);
    const l = db(out);
    expect(l.prepare(`SELECT robots, outcome FROM fetches WHERE kind='listing'`).get()).toEqual({
      robots: expect.stringMatching(/robots\.txt unreachable .*disallow all/),
      outcome: 'skipped',
    });
    l.close();
  });

  it('honours Crawl-delay', async () => {
    const out = await tempOut();
    site.server.robots = 'User-agent: *\nCrawl-delay: 0.25\nDisallow: /private/\n';
    await harvest(out, { rateMs: 10 });
    const t = site.server.requests.map((r) => r.t);
    expect(t.length).toBeGreaterThan(5);
    for (let i = 1; i < t.length; i++) expect(t[i]! - t[i - 1]!).toBeGreaterThanOrEqual(240);
  }, 20_000);
});

describe('end to end with the real extractor', () => {
  it('emits validated records for the demo site', async () => {
    const out = await tempOut();
    const s = await harvest(out, { processor: undefined, ocr: 'never' });
    expect(s).toMatchObject({ extracted: 7, emitted: 7, failed: 0, deduplicated: 1 });
    const recs = await Promise.all(s.records.map(async (r) => JSON.parse(await readFile(r.path, 'utf8'))));
    const putuo = recs.find((r) => r.document.region.includes('普陀'));
    expect(putuo.document).toMatchObject({ year: 2024, kind: 'final' });
    expect(putuo.provenance.sourceUrl).toMatch(/P020250601_(putuo|copy)\.pdf$/);
    expect(putuo.provenance.ledgerRef).toMatch(/ledger\.sqlite#fetches\/\d+$/);
  });
});
