/**
 * Hostile inputs and hostile sites (issue 15): a robots.txt, a redirect or a file name must not
 * hang, crash or lose other records. Each case runs against the loopback demo site.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, relative, sep } from 'node:path';
import { openSqlite } from '../src/harvest/sqlite.js';
import { extractFailureKind, runHarvest } from '../src/harvest/index.js';
import { fakeProcessor } from './helpers/fake-processor.js';
import { parseRobots, robotsDecision, ruleMatches, ROBOTS_MAX_BYTES } from '../src/harvest/robots.js';
import { emitRecord, extractDocument } from '../src/pipeline/index.js';
import { runExtract } from '../src/commands/extract.js';
import { safeSegment } from '../src/files/names.js';
import { readPdfLayout } from '../extractors/pdf/index.js';
import { posterPdf } from '../scripts/hostile/poster.js';
import type { DocumentRecord } from '../schemas/record.js';
import { SiteServer, startSiteServer } from './helpers/site-server.js';
import { useDemoSite } from './helpers/harvest-site.js';

const site = useDemoSite({ rateMs: 5, timeoutMs: 3000 });
const { tempOut, harvest, db } = site;

describe('robots.txt', () => {
  /** The reference semantics: RFC 9309 patterns as a regular expression (fine on short inputs). */
  const reference = (pattern: string, path: string) => {
    const anchored = pattern.endsWith('$');
    const body = (anchored ? pattern.slice(0, -1) : pattern).split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    return new RegExp('^' + body + (anchored ? '$' : '')).test(path);
  };

  it('matches like the RFC 9309 pattern semantics on every short pattern and path', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const word = (alphabet: string, max: number) => Array.from({ length: rand(max + 1) }, () => alphabet[rand(alphabet.length)]).join('');
    let matched = 0;
    for (let i = 0; i < 20_000; i++) {
      const pattern = '/' + word('ab*', 6) + (rand(3) === 0 ? '$' : '');
      const path = '/' + word('ab', 8);
      const rule = parseRobots(`User-agent: *\nDisallow: ${pattern}\n`, 'x').rules[0]!;
      const want = reference(pattern, path);
      if (ruleMatches(rule, path) !== want) throw new Error(`${pattern} against ${path}: expected ${want}`);
      if (want) matched++;
    }
    expect(matched).toBeGreaterThan(2000); // the cases are not all trivial misses
  });

  it('decides at once on rules with many wildcards (a backtracking regex never ended here)', () => {
    const evil = `User-agent: *\nDisallow: /${'*a'.repeat(30)}${'*b'.repeat(30)}$\nAllow: /ok\n`;
    const robots = parseRobots(evil, 'juesuan-harvester');
    const path = '/' + 'a'.repeat(2000) + 'c';
    expect(robotsDecision(robots, `http://x.test${path}`)).toEqual({ allowed: true, reason: 'no matching rule' });
    expect(robotsDecision(robots, 'http://x.test/ok/page').allowed).toBe(true);
    expect(robotsDecision(robots, `http://x.test/${'a'.repeat(40)}${'b'.repeat(40)}`).allowed).toBe(false);
    expect(robotsDecision(robots, `http://x.test/${'ab'.repeat(40)}`).allowed).toBe(true); // 30 a before 30 b: not so
  });

  it('parses only the first 500 KiB of a huge robots.txt, warns, and harvests the site', async () => {
    const out = await tempOut();
    const head = 'User-agent: *\nDisallow: /private/\n';
    const padding = '# ' + 'x'.repeat(1000) + '\n';
    // 20 MB: rules past the first 500 KiB (here one disallowing the whole site) are not read.
    site.server.robots = head + padding.repeat(20_000) + 'Disallow: /\n';
    const s = await harvest(out);
    expect(s.fetched).toBeGreaterThan(5);
    const l = db(out);
    const skip = l.prepare(`SELECT outcome, robots FROM fetches WHERE url LIKE '%/private/%'`).get();
    expect(skip).toEqual({ outcome: 'skipped', robots: 'Disallow: /private/' });
    const fetchedRobots = l.prepare(`SELECT size FROM fetches WHERE kind='robots'`).get() as { size: number };
    expect(fetchedRobots.size).toBe(ROBOTS_MAX_BYTES);
    l.close();
  }, 60_000);
});

describe('Retry-After', () => {
  const PDF = '/czyjs/att/hubei-2019-jiangan-jiaoyu.pdf';

  it('a Retry-After of a day pauses the host: no request in this run or the next, resumed after it', async () => {
    const out = await tempOut();
    site.server.fault(PDF, { status: 503, retryAfter: '86400' });
    const t0 = Date.now();
    const first = await harvest(out);
    const hit = site.server.requests.findIndex((r) => r.path === PDF);
    expect(hit).toBeGreaterThan(0);
    expect(site.server.requests.slice(hit + 1)).toEqual([]); // nothing after the 503, not even a retry
    const l = db(out);
    const pause = l.prepare(`SELECT host, until, url FROM host_pauses`).get() as { host: string; until: number; url: string };
    expect(pause).toMatchObject({ host: new URL(site.server.origin).host, url: site.server.url(PDF) });
    expect(pause.until).toBeGreaterThanOrEqual(t0 + 86_400_000);
    expect(pause.until).toBeLessThan(Date.now() + 86_400_000 + 1000);
    const pending = (l.prepare(`SELECT COUNT(*) AS n FROM items WHERE state='pending'`).get() as { n: number }).n;
    l.close();
    expect(first.deferred).toBe(pending); // every item not yet asked for is kept for later, not failed

    site.server.requests.length = 0;
    const second = await harvest(out);
    expect(site.server.requests).toEqual([]);
    expect(second).toMatchObject({ fetched: 0, failed: 0 });

    // A day later (the pause moved into the past), the host is resumed and everything is harvested.
    const w = openSqlite(join(out, '.juesuan', 'ledger.sqlite'));
    w.prepare(`UPDATE host_pauses SET until = ?`).run(Date.now() - 1);
    w.close();
    site.server.clearFaults();
    const third = await harvest(out);
    expect(first.fetched + third.fetched).toBe(8);
    expect(third.failed).toBe(0);
    const l3 = db(out);
    expect(l3.prepare(`SELECT COUNT(*) AS n FROM host_pauses`).get()).toEqual({ n: 0 });
    expect(l3.prepare(`SELECT COUNT(*) AS n FROM items WHERE state != 'done' AND url NOT LIKE '%/private/%'`).get()).toEqual({ n: 0 });
    l3.close();
  }, 60_000);
});

describe('file names and crash hygiene', () => {
  const SEED = 'test/fixtures/text/hanyang-xinfang-2020.txt';

  it('a department name of 100 Chinese characters gets its record (folder cut by bytes, full name kept)', async () => {
    const out = await tempOut();
    const long = '人民群众来信来访接待服务与矛盾纠纷多元化解综合协调'.repeat(4) + '信访局';
    expect([...long].length).toBeGreaterThan(85); // 255 bytes of UTF-8: the old cut at 120 characters failed
    const seed = await extractDocument({ bytes: new Uint8Array(await readFile(SEED)), fileName: SEED, sourcePath: SEED });
    const record: DocumentRecord = { ...seed, document: { ...seed.document, department: `武汉市汉阳区${long}`, departmentShort: long } };
    const emitted = await emitRecord(record, out);
    expect(emitted.status).toBe('written');
    for (const seg of relative(out, emitted.path).split(sep)) expect(Buffer.byteLength(seg)).toBeLessThanOrEqual(255);
    const back = JSON.parse(await readFile(emitted.path, 'utf8')) as DocumentRecord;
    expect(back.document.departmentShort).toBe(long);
    expect(await emitRecord(record, out)).toEqual({ path: emitted.path, status: 'unchanged' }); // found again
    // A name that fitted before keeps its folder, so earlier harvests' records are found again.
    expect(safeSegment('信访局')).toBe('信访局');
    expect(safeSegment('局'.repeat(80))).toBe('局'.repeat(80));
    expect(safeSegment('局'.repeat(81))).toMatch(/^局{77}~[0-9a-f]{8}$/);
    expect(safeSegment('局'.repeat(81))).not.toBe(safeSegment('局'.repeat(82)));
  });

  it('a killed run leaves no partial record behind and is marked aborted on the next start', async () => {
    const out = await tempOut();
    await harvest(out);
    const records = (await readdir(out, { recursive: true })).filter((f) => f.endsWith('.json') && !f.startsWith('.juesuan'));
    expect(records.length).toBeGreaterThan(3);
    // What kill -9 during a write leaves: a partial temp file of a dead pid, and its run `running`.
    const dead = 2 ** 22 + 12345; // above the default pid_max: no such process
    const partial = join(out, records[0]!) + `.${dead}.0badf00d.tmp`;
    await writeFile(partial, '{"half": ');
    const w = openSqlite(join(out, '.juesuan', 'ledger.sqlite'));
    w.prepare(`INSERT INTO runs(started_at, owner, sources, status) VALUES (?, ?, 'x', 'running')`).run(Date.now() - 1000, `${hostname()}:${dead}`);
    w.close();
    await harvest(out);
    await expect(stat(partial)).rejects.toThrow(/ENOENT/);
    const l = db(out);
    expect(l.prepare(`SELECT status FROM runs WHERE owner = ?`).all(`${hostname()}:${dead}`)).toEqual([{ status: 'aborted' }]);
    expect(l.prepare(`SELECT COUNT(*) AS n FROM runs WHERE status = 'running'`).get()).toEqual({ n: 0 });
    l.close();
    // The finished records are all still there.
    const after = (await readdir(out, { recursive: true })).filter((f) => f.endsWith('.json') && !f.startsWith('.juesuan'));
    expect(after.sort()).toEqual(records.sort());
  });
});

describe('network policy', () => {
  const DETAIL = '/czyjs/202506/t20250601_001.html';
  let other: SiteServer;
  beforeAll(async () => {
    other = await startSiteServer();
  });
  afterAll(() => other.stop());

  it('fetches nothing off the site, nothing but http(s), and no other loopback service; each refusal is recorded', async () => {
    const out = await tempOut();
    const links = {
      port: `http://127.0.0.1:${other.port}/czyjs/att/hubei-2019-jiangan-jiaoyu.pdf`,
      localhost: `http://localhost:${site.server.port}/czyjs/att/hubei-2019-jiangan-jiaoyu.pdf`,
      data: 'data:application/pdf;base64,JVBERi0xLjQKJSVFT0YK',
      file: 'file:///etc/passwd',
    };
    for (const [name, to] of Object.entries(links)) site.server.fault(`/czyjs/202506/redirect-${name}.pdf`, { redirectTo: to });
    const a = (href: string) => `<p>附件：<a href="${href}">2024年度部门决算.pdf</a></p>`;
    site.server.setContent(DETAIL, `<html><head><meta charset="utf-8"><title>上海市普陀区财政局2024年度部门决算</title></head><body>
      ${a('./P020250601_putuo.pdf')}
      ${a('/viewer/web/viewer.html?file=file:///etc/passwd.pdf')}
      ${a('http://example.com/czyjs/2024-juesuan.pdf')}
      ${a(`http://127.0.0.1:${other.port}/czyjs/att/hubei-2019-jiangan-jiaoyu.pdf`)}
      ${Object.keys(links).map((n) => a(`./redirect-${n}.pdf`)).join('\n')}
      </body></html>`, 'text/html; charset=utf-8');
    const s = await harvest(out);
    expect(other.requests).toEqual([]); // the other service on loopback was never asked
    const l = db(out);
    const items = l.prepare(`SELECT url FROM items`).all() as Array<{ url: string }>;
    expect(items.filter((i) => !i.url.startsWith(site.server.origin))).toEqual([]); // off-site links never queued
    const failed = l.prepare(`SELECT url, error_kind, retryable, error FROM items WHERE url LIKE '%/redirect-%' ORDER BY url`).all() as Array<{ url: string; error_kind: string; retryable: number; error: string }>;
    expect(failed.map((f) => [f.url.replace(/.*redirect-/, ''), f.error_kind, f.retryable])).toEqual([
      ['data.pdf', 'blocked', 0],
      ['file.pdf', 'blocked', 0],
      ['localhost.pdf', 'blocked', 0],
      ['port.pdf', 'blocked', 0],
    ]);
    expect(failed.find((f) => f.url.endsWith('file.pdf'))!.error).toMatch(/redirect to file:\/\/\/etc\/passwd refused: file: URLs are not fetched/);
    expect(failed.find((f) => f.url.endsWith('port.pdf'))!.error).toMatch(/private, loopback or link-local/);
    l.close();
    // The real attachment of that page and the rest of the site are harvested as usual.
    expect(s.records.length).toBeGreaterThanOrEqual(7);
    expect(s.skipped).toBeGreaterThanOrEqual(3); // file:, example.com and the other port, each logged
  }, 60_000);

  it('refuses a name that resolves to a private address, at connect time, unless the source is on it', async () => {
    const { NetworkPolicy } = await import('../src/harvest/network-policy.js');
    const lookup = (p: InstanceType<typeof NetworkPolicy>, host: string) =>
      new Promise<string>((ok) => p.guardedLookup(host, {}, (err, addr) => ok(err ? `refused ${(err as NodeJS.ErrnoException).code}` : String(addr))));
    const publicSite = new NetworkPolicy([{ start: 'https://www.example.gov.cn/czyjs/index.html' }]);
    expect(await lookup(publicSite, 'localhost')).toBe('refused EJUESUAN_PRIVATE_ADDRESS');
    const local = new NetworkPolicy([{ start: 'http://localhost:8080/czyjs/index.html' }]);
    expect(await lookup(local, 'localhost')).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect(await lookup(new NetworkPolicy([{ start: 'https://www.example.gov.cn/' }], true), 'localhost')).toMatch(/^(127\.0\.0\.1|::1)$/);
    // Siblings on the registrable domain are the site's own; allowHosts adds others.
    expect(publicSite.refusal('https://file.example.gov.cn/a.pdf', 'https://www.example.gov.cn/czyjs/index.html')).toBeUndefined();
    expect(publicSite.refusal('https://cdn.other.com/a.pdf', 'https://www.example.gov.cn/czyjs/index.html')).toMatch(/off the site/);
    const withCdn = new NetworkPolicy([{ start: 'https://www.example.gov.cn/czyjs/index.html', allowHosts: ['cdn.other.com'] }]);
    expect(withCdn.refusal('https://static.other.com/a.pdf', 'https://www.example.gov.cn/czyjs/index.html')).toBeUndefined();
    expect(publicSite.refusal('http://169.254.169.254/latest/meta-data', 'https://www.example.gov.cn/czyjs/index.html')).toMatch(/private, loopback or link-local/);
    expect(publicSite.refusal('http://[::ffff:10.0.0.1]/x.pdf')).toMatch(/private/);
  });
});

describe('identity from a file name', () => {
  it('takes no year from digits glued to a word (blank2000.pdf), and one from a delimited year', async () => {
    const text = new TextEncoder().encode('某某单位\n情况说明\n本单位收支情况如下。\n');
    const glued = await extractDocument({ bytes: text, fileName: 'blank2000.txt', sourcePath: 'blank2000.txt' });
    expect(glued.document.year).toBeNull();
    const stamp = await extractDocument({ bytes: text, fileName: 'P020250601535.txt', sourcePath: 'P020250601535.txt' });
    expect(stamp.document.year).toBeNull();
    const named = await extractDocument({ bytes: text, fileName: '部门决算-2023.txt', sourcePath: '部门决算-2023.txt' });
    expect(named.document.year).toBe(2023);
  });
});

describe('input limits', () => {
  it('a 40 MB text is refused with a clear error, and the rest of the batch is extracted', async () => {
    const out = await tempOut();
    const huge = join(out, 'huge.txt');
    await writeFile(huge, '收入支出决算总表 123.45\n'.repeat(1_400_000)); // ~40 MB
    const outcomes = await runExtract([huge, 'test/fixtures/text/hanyang-xinfang-2020.txt'], { out: join(out, 'records'), quiet: true });
    expect(outcomes[0]).toMatchObject({ ok: false, error: expect.stringMatching(/huge\.txt: a converter text document of 4\d\.\d MiB is over the text limit of 32\.0 MiB \(maxTextBytes\)/) });
    expect(outcomes[1]).toMatchObject({ ok: true, status: 'written' });
    // Any document over maxInputBytes is refused before it is read.
    const small = await runExtract(['test/fixtures/text/hanyang-xinfang-2020.txt'], { out: join(out, 'records'), quiet: true, limits: { maxInputBytes: 1000 } });
    expect(small[0]).toMatchObject({ ok: false, error: expect.stringMatching(/hanyang-xinfang-2020\.txt: \d+\.\d KiB is over the input limit of 1000 bytes \(maxInputBytes\): not read/) });
  });

  it('a document past its time limit is stopped with the reason, and the next one is read', async () => {
    const out = await tempOut();
    const pdf = 'test/fixtures/real/putuo-caizhengju-2024.pdf';
    const outcomes = await runExtract([pdf, 'test/fixtures/text/hanyang-xinfang-2020.txt'], { out, quiet: true, ocr: 'never', limits: { maxDocumentSeconds: 0.001 } });
    expect(outcomes[0]).toMatchObject({ ok: false, error: expect.stringMatching(/putuo-caizhengju-2024\.pdf: still being read after 0\.001 s \(maxDocumentSeconds\), at page \d+ of 25: stopped/) });
    expect(outcomes[1]).toMatchObject({ ok: true, status: 'written' });
    expect(extractFailureKind(Object.assign(new Error('x'), { name: 'DocumentTimeLimitError' }))).toBe('time-limit');
  });
});

describe('harvest limits', () => {
  it('a listing of 60,000 links queues at most maxLinksPerPage, and a run fetches at most maxItemsPerRun', async () => {
    const out = await tempOut();
    const rows = Array.from({ length: 60_000 }, (_, i) => `<li><a href="./202506/t2025060${i}.html">部门决算${i}</a></li>`).join('\n');
    site.server.setContent('/czyjs/index.html', `<html><head><meta charset="utf-8"></head><body><ul>${rows}</ul></body></html>`, 'text/html; charset=utf-8');
    const sources = join(out, 'sources.yaml');
    await writeFile(sources, `defaults:\n  rateMs: 0\n  maxLinksPerPage: 500\n  maxItemsPerRun: 12\nsites:\n  - id: demo\n    start: ${site.server.url('/czyjs/index.html')}\n    titleWords: [决算]\n`);
    const run = () => runHarvest({ sources, out, progress: 'none', fetchPolicy: { backoffBaseMs: 20, backoffMaxMs: 50, timeoutMs: 3000 }, processor: fakeProcessor() });
    const first = await run();
    const l = db(out);
    const count = (sql: string) => (l.prepare(sql).get() as { n: number }).n;
    expect(count(`SELECT COUNT(*) AS n FROM items`)).toBe(500);
    expect(count(`SELECT COUNT(*) AS n FROM items WHERE state != 'pending'`)).toBe(12);
    expect(first.deferred).toBe(500 - 12);
    l.close();
    const second = await run(); // the next run takes the next 12
    const l2 = db(out);
    expect((l2.prepare(`SELECT COUNT(*) AS n FROM items WHERE state != 'pending'`).get() as { n: number }).n).toBe(24);
    l2.close();
    expect(second.deferred).toBe(500 - 24);
  }, 60_000);
});

describe('poster-sized pages', () => {
  it('an 8000 pt page goes to OCR scaled down under the pixel cap, with a warning saying so', async () => {
    const seen: number[] = [];
    // A stand-in engine: the wiring is under test here, not tesseract (bench --hostile times the real one).
    const engine = { readPage: async (_p: unknown, n: number) => (seen.push(n), { number: n, blocks: [], source: 'ocr' as const }) };
    const layout = await readPdfLayout(posterPdf(), { fileName: 'poster.pdf', ocr: { mode: 'always', engine: async () => engine as never } });
    expect(seen).toEqual([1]);
    expect(layout.warnings).toContainEqual(expect.stringMatching(/^page 1: 8000 × 8000 pt, rendered for OCR at 36 dpi to stay within 16 M pixels \(below 200 dpi: small print may not be read\)$/));
    // An A4 page is not a poster.
    const a4 = await readPdfLayout(posterPdf(842), { fileName: 'a4.pdf', ocr: { mode: 'always', engine: async () => engine as never } });
    expect(a4.warnings.filter((w) => /rendered for OCR at/.test(w))).toEqual([]);
  });

  it("past the document's OCR pixel budget, pages keep their text layer with a warning (no OCR started)", async () => {
    const record = await extractDocument({ bytes: posterPdf(), fileName: 'poster.pdf' }, { ocr: 'always', limits: { maxOcrPixels: 1e6 } });
    expect(record.provenance.ocrPages).toEqual([]);
    expect(record.warnings.map((w) => w.message)).toContainEqual("page 1: not OCR'd, the document's OCR pixel budget (maxOcrPixels 1 M) is spent; kept the text layer");
  });
});
