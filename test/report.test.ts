/**
 * The audit report (issue 13), opened in headless Chromium: a click on a cell must put the highlight
 * on the number as printed. Where the number is printed is taken from poppler's `pdftotext -bbox`,
 * not from our reader, so a wrong box or a wrong page scale fails the test.
 */
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { writeReport } from '../src/report/index.js';

const run = promisify(execFile);
const PDF = 'samples/pdf/putuo-caizhengju-2024.pdf';
const CHROMIUM = '/usr/bin/chromium';

interface Box { x0: number; y0: number; x1: number; y1: number }

/** Every word poppler finds on a page, with its box in PDF points (top-left origin). */
function popplerWords(pdf: string, page: number): { text: string; box: Box }[] {
  const xml = execFileSync('pdftotext', ['-q', '-f', String(page), '-l', String(page), '-bbox', pdf, '-'], { encoding: 'utf8' });
  return [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: m[5],
    box: { x0: +m[1], y0: +m[2], x1: +m[3], y1: +m[4] },
  }));
}

/** The highlights drawn in the viewer, mapped back from screen pixels to PDF points of the page shown. */
async function highlights(page: Page, cls: string): Promise<Box[]> {
  return page.evaluate((c) => {
    const img = document.querySelector('#viewer .sheet img') as HTMLImageElement;
    const pages = JSON.parse(document.getElementById('pages')!.textContent!);
    const shown = Object.values(pages).find((p) => img.getAttribute('src') === (p as { file: string }).file) as { pageWidth: number; pageHeight: number };
    const ir = img.getBoundingClientRect();
    return [...document.querySelectorAll(`#viewer .hl${c}`)].map((h) => {
      const r = h.getBoundingClientRect();
      const sx = shown.pageWidth / ir.width;
      const sy = shown.pageHeight / ir.height;
      return { x0: (r.left - ir.left) * sx, y0: (r.top - ir.top) * sy, x1: (r.right - ir.left) * sx, y1: (r.bottom - ir.top) * sy };
    });
  }, cls);
}

const inside = (word: Box, hl: Box) => {
  const cx = (word.x0 + word.x1) / 2;
  const cy = (word.y0 + word.y1) / 2;
  return cx > hl.x0 && cx < hl.x1 && cy > hl.y0 && cy < hl.y1;
};

const haveTools = existsSync(CHROMIUM) && !!(() => { try { return execFileSync('pdftotext', ['-v'], { stdio: 'pipe' }), true; } catch { return false; } })();
if (!haveTools) console.warn('report.test: chromium (/usr/bin/chromium) or pdftotext is not installed; .ci/run installs both');
const maybe = haveTools ? describe : describe.skip;

maybe('juesuan report', () => {
  const work = mkdtempSync(join(tmpdir(), 'juesuan-report-'));
  const records = join(work, 'output');
  const site = join(work, 'report');
  let browser: Browser;
  let summary: Awaited<ReturnType<typeof writeReport>>;

  beforeAll(async () => {
    // A real extraction of a real document, plus a broken record file that must be listed and skipped.
    copyFileSync(PDF, join(work, 'putuo.pdf'));
    await run('node', ['bin/juesuan.mjs', 'extract', join(work, 'putuo.pdf'), '--out', records, '--quiet', '--jobs', '1']);
    writeFileSync(join(records, 'broken.json'), '{"schemaVersion": 1, "docId"');
    summary = await writeReport({ in: records, out: site });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  test('the index lists the document with its tables and failed checks, and the bad file as skipped', () => {
    expect(summary.documents).toBe(1);
    expect(summary.skipped).toEqual([expect.stringContaining('broken.json')]);
    const index = readFileSync(summary.index, 'utf8');
    expect(index).toContain('上海市普陀区财政局');
    expect(index).toContain('empty t8 t9');
    // The two narrative slips of this document (0.3 万元 for 2961.68; 71.73% for 71.65%).
    expect(index).toMatch(/class="num fail">2 \/ \d+/);
    expect(index).toContain('broken.json');
  });

  test('a click on a cell puts the highlight on the number printed on that page', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(pathToFileURL(join(site, 'index.html')).href);
    await page.click('#documents a');
    // 表1 本年收入合计: 2,946.25 on page 6.
    await page.click('table[data-table="t1"][data-section="income"] td:text-is("2,946.25")');
    await page.waitForSelector('#viewer .hl');
    expect(await page.getAttribute('#viewer .sheet img', 'src')).toBe('p6.jpg');
    await page.waitForFunction(() => (document.querySelector('#viewer .sheet img') as HTMLImageElement).complete);
    const [hl] = await highlights(page, '');
    const word = popplerWords(join(work, 'putuo.pdf'), 6).find((w) => w.text === '2,946.25')!;
    expect(word).toBeDefined();
    expect(inside(word.box, hl)).toBe(true);
    // one cell, not a band of the page
    expect(hl.x1 - hl.x0).toBeLessThan(120);
    expect(hl.y1 - hl.y0).toBeLessThan(40);
    const shot = join(work, 'cell.png');
    await page.screenshot({ path: shot });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
    await page.close();
  }, 60_000);

  test('a failed narrative check highlights both sides, each on its own page', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(pathToFileURL(join(site, 'index.html')).href);
    await page.click('#documents a');
    await page.click('#narrative-slips li:has-text("fiscal_total")');
    await page.waitForSelector('#viewer .hl.l');
    // The narrative side: the line of page 21 that says 0.3万元.
    expect(await page.getAttribute('#viewer .sheet img', 'src')).toBe('p21.jpg');
    const [left] = await highlights(page, '.l');
    const line = popplerWords(join(work, 'putuo.pdf'), 21).find((w) => w.text.includes('财政拨款收入支出总计0.3万元'))!;
    expect(inside(line.box, left)).toBe(true);
    // The table side: 表4 总计 2,961.68 on page 13, reached from the page buttons.
    await page.click('#viewer .nav button:text-is("13")');
    await page.waitForSelector('#viewer .hl.r');
    const [right] = await highlights(page, '.r');
    const totals = popplerWords(join(work, 'putuo.pdf'), 13).filter((w) => w.text === '2,961.68');
    expect(totals.some((w) => inside(w.box, right))).toBe(true);
    await page.close();
  }, 60_000);

  test('a second run renders no page again', async () => {
    const again = await writeReport({ in: records, out: site });
    expect(again.pagesRendered).toBe(0);
    expect(summary.pagesRendered).toBeGreaterThan(10);
  }, 120_000);
});
