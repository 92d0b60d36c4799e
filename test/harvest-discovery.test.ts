import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { decodeHtml } from '../src/harvest/charset.js';
import { attachmentUrl, discoverLinks, filterReason, pageNumber, titleYears } from '../src/harvest/discovery.js';
import { parseRobots, robotsDecision } from '../src/harvest/robots.js';
import { parseSources } from '../src/harvest/config.js';
import { SITE_ROOT } from './helpers/site-server.js';

const filter = { titleWords: ['决算'], excludeWords: ['通知'] };
const read = (p: string) => new Uint8Array(readFileSync(join(SITE_ROOT, p)));

describe('charset decoding', () => {
  const html = '<html><head><title>部门决算</title></head><body>财政局</body></html>';
  it('uses the Content-Type header and decodes GBK as GB18030', () => {
    const d = decodeHtml(iconv.encode(html, 'gbk'), 'text/html; charset=GBK');
    expect(d).toMatchObject({ encoding: 'gb18030', source: 'header' });
    expect(d.text).toContain('部门决算');
  });
  it('uses <meta http-equiv> charset=gb2312', () => {
    const d = decodeHtml(read('czyjs/index_1.html'), 'text/html');
    expect(d).toMatchObject({ encoding: 'gb18030', source: 'meta' });
    expect(d.text).toContain('上海市静安区卫生健康委员会2022年度部门决算');
  });
  it('detects UTF-8 and GBK without any label', () => {
    expect(decodeHtml(read('czyjs/index_2.html'))).toMatchObject({ encoding: 'utf-8', source: 'detected' });
    const g = decodeHtml(iconv.encode(html.replace('<head>', '<head>'), 'gbk'));
    expect(g).toMatchObject({ encoding: 'gb18030', source: 'detected' });
    expect(g.text).toContain('财政局');
  });
  it('decodes GB18030-only characters (beyond GBK) when labelled gb2312', () => {
    const d = decodeHtml(iconv.encode('<meta charset="gb2312">𠀀决算', 'gb18030'));
    expect(d.text).toContain('𠀀决算');
  });
});

describe('discovery', () => {
  const base = 'http://127.0.0.1:1/czyjs/index.html';
  it('finds detail pages, direct attachments and createPageHTML pagination on a UTF-8 listing', () => {
    const html = decodeHtml(read('czyjs/index.html')).text;
    const r = discoverLinks(html, base, filter, { kind: 'listing' });
    expect(r.details.map((d) => d.url)).toEqual([
      'http://127.0.0.1:1/czyjs/202506/t20250601_001.html',
      'http://127.0.0.1:1/czyjs/202506/t20250602_002.html',
    ]);
    expect(r.attachments.map((d) => d.url)).toEqual(['http://127.0.0.1:1/czyjs/att/shanghai-2024-minhang-sifa.pdf']);
    expect(r.nextPage).toBe('http://127.0.0.1:1/czyjs/index_1.html');
    expect(r.skipped.some((s) => s.title.includes('消防'))).toBe(true);
  });
  it('follows 下一页 on a GBK listing and filters non-决算 items', () => {
    const html = decodeHtml(read('czyjs/index_1.html')).text;
    const r = discoverLinks(html, 'http://127.0.0.1:1/czyjs/index_1.html', filter, { kind: 'listing' });
    expect(r.details.map((d) => d.title)).toEqual(['上海市静安区卫生健康委员会2022年度部门决算', '襄阳市樊城区农业农村局2021年度部门决算']);
    expect(r.nextPage).toBe('http://127.0.0.1:1/czyjs/index_2.html');
  });
  it('extracts the file behind viewer URLs (?file=…pdf) and stops on the last page', () => {
    const html = decodeHtml(read('czyjs/index_2.html')).text;
    const r = discoverLinks(html, 'http://127.0.0.1:1/czyjs/index_2.html', filter, { kind: 'listing' });
    expect(r.attachments.map((a) => a.url)).toContain('http://127.0.0.1:1/czyjs/att/hubei-2020-xiling-minzheng.pdf');
    expect(r.nextPage).toBeUndefined();
    const detail = decodeHtml(read('czyjs/202206/t20220615_004.html')).text;
    const d = discoverLinks(detail, 'http://127.0.0.1:1/czyjs/202206/t20220615_004.html', filter, { kind: 'detail' });
    expect(d.attachments.map((a) => a.url)).toEqual(['http://127.0.0.1:1/czyjs/att/hubei-2021-fancheng-nongye.pdf']);
  });
  it('keeps attachments of a relevant detail page even when the link text is generic', () => {
    const html = decodeHtml(read('czyjs/202506/t20250602_002.html')).text;
    const r = discoverLinks(html, 'http://127.0.0.1:1/czyjs/202506/t20250602_002.html', filter, { kind: 'detail' });
    expect(r.attachments).toHaveLength(1);
  });
  it('recognises every attachment type and viewer parameter', () => {
    const b = 'http://x.gov.cn/a/b.html';
    for (const ext of ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'wps', 'PDF']) expect(attachmentUrl(`f.${ext}`, b)).toBe(`http://x.gov.cn/a/f.${ext}`);
    expect(attachmentUrl('/viewer.html?file=/up/2024%E5%86%B3%E7%AE%97.pdf', b)).toBe('http://x.gov.cn/up/2024%E5%86%B3%E7%AE%97.pdf');
    expect(attachmentUrl('/view?url=http%3A%2F%2Fcdn.x.gov.cn%2Fa.xlsx', b)).toBe('http://cdn.x.gov.cn/a.xlsx');
    expect(attachmentUrl('page.html', b)).toBeUndefined();
    expect(attachmentUrl('javascript:void(0)', b)).toBeUndefined();
  });
  it('handles ?page=N pagination', () => {
    const html = `<ul><li><a href="detail.jsp?id=1">2023年度部门决算</a></li></ul>
      <div><a href="list.jsp?page=1">1</a><a href="list.jsp?page=2">2</a><a href="list.jsp?page=3">3</a></div>`;
    const r = discoverLinks(html, 'http://x.gov.cn/yjs/list.jsp?page=1', filter, { kind: 'listing' });
    expect(r.nextPage).toBe('http://x.gov.cn/yjs/list.jsp?page=2');
    expect(r.details.map((d) => d.url)).toEqual(['http://x.gov.cn/yjs/detail.jsp?id=1']);
    const last = discoverLinks(html, 'http://x.gov.cn/yjs/list.jsp?page=3', filter, { kind: 'listing' });
    expect(last.nextPage).toBeUndefined();
  });
  it('handles index_N.html links and a configured pattern', () => {
    const html = `<a href="index_1.html">2</a><a href="index_2.html">3</a><a href="a/t1.html">2022年部门决算</a>`;
    expect(discoverLinks(html, 'http://x.gov.cn/c/index.html', filter, { kind: 'listing' }).nextPage).toBe('http://x.gov.cn/c/index_1.html');
    const p = discoverLinks(html, 'http://x.gov.cn/c/list.html', filter, { kind: 'listing', pagination: 'list_{n}.html', startUrl: 'http://x.gov.cn/c/list.html', pageIndex: 0 });
    expect(p.nextPage).toBe('http://x.gov.cn/c/list_1.html');
    expect(pageNumber('http://x.gov.cn/c/index_7.html')).toEqual({ n: 7, style: 'underscore' });
  });
  it('filters by title words and year', () => {
    const f = { titleWords: ['决算', '预算'], years: [2023, 2024] };
    expect(filterReason('某局2023年度部门决算', f)).toBeUndefined();
    expect(filterReason('某局2024年部门预算', f)).toBeUndefined();
    expect(filterReason('某局2015年度部门决算', f)).toMatch(/year 2015/);
    expect(filterReason('政府采购公告', f)).toMatch(/title lacks/);
    expect(titleYears('2023年度（2022年结转）')).toEqual([2023, 2022]);
  });
});

describe('robots.txt', () => {
  const txt = `# comment
User-agent: *
Disallow: /private/
Allow: /private/public-*.pdf$
Crawl-delay: 2

User-agent: juesuan-harvester
User-agent: other
Disallow: /only-for-us/
`;
  it('picks the group for our product token, else *', () => {
    const ours = parseRobots(txt, 'juesuan-harvester');
    expect(robotsDecision(ours, 'http://h/only-for-us/x').allowed).toBe(false);
    expect(robotsDecision(ours, 'http://h/private/x.pdf').allowed).toBe(true);
    const star = parseRobots(txt, 'somebot');
    expect(star.crawlDelayMs).toBe(2000);
    expect(robotsDecision(star, 'http://h/private/x.pdf')).toMatchObject({ allowed: false, reason: 'Disallow: /private/' });
    expect(robotsDecision(star, 'http://h/private/public-1.pdf').allowed).toBe(true); // longest match wins
    expect(robotsDecision(star, 'http://h/private/public-1.pdf?x').allowed).toBe(false); // $ anchors
  });
  it('4xx allows all, 5xx/unreachable disallows all (RFC 9309)', () => {
    expect(robotsDecision({ status: 'unavailable', rules: [] }, 'http://h/x').allowed).toBe(true);
    expect(robotsDecision({ status: 'unreachable', rules: [] }, 'http://h/x').allowed).toBe(false);
  });
});

describe('sources config', () => {
  it('parses a list or { defaults, sites } and fills defaults', () => {
    const c = parseSources({ defaults: { rateMs: 50 }, sites: [{ start: 'http://a.gov.cn/czyjs/index.html', years: [2024] }] });
    expect(c.defaults).toMatchObject({ rateMs: 50, concurrency: 1 });
    expect(c.sites[0]).toMatchObject({ id: 'a.gov.cn/czyjs', titleWords: ['决算', '预算'], maxPages: 50 });
    expect(parseSources([{ start: 'http://b.gov.cn/' }]).sites).toHaveLength(1);
    expect(() => parseSources({ sites: [{ start: 'not a url' }] })).toThrow(/sites\.0\.start/);
  });
});
