/**
 * Fuzzing with a fixed seed and a bounded count (issue 15): 1,000 mutated PDFs and 500 mutated HTML
 * pages, and (issue 10) 150 mutated workbooks, Word files and OFDs. Each must give a record or a DocumentReadError that names the file and says what is wrong;
 * never another exception, never a hang. A failure prints the mutant's id (seed and index) to replay it.
 */
import { readFileSync } from 'node:fs';
import { discoverLinks } from '../src/harvest/discovery.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mutants } from '../scripts/hostile/mutate.js';
import { fuzz, type FuzzSummary } from '../scripts/hostile/fuzz.js';

const exec = promisify(execFile);

const PDF_SEEDS: Array<[string, number]> = [
  ['test/fixtures/header/libreoffice-kemu-daima.pdf', 700], // LibreOffice Writer, CJK fonts, a ruled table
  ['test/fixtures/real/chongqing-jiaotong-2026-htmlaspdf.pdf', 300], // a real browser-printed PDF
];
const HTML_SEEDS: Array<[string, number]> = [
  ['samples/site/czyjs/index.html', 250], // a listing page
  ['test/fixtures/real/hunan-changsha-fagai-2026-page.html', 250], // a real 预算 page
];
const OFFICE_SEEDS: Array<[string, number]> = [
  ['test/fixtures/office/xlsx-calc-plain-stacked-left-hubei-2021-fancheng-nongye.xlsx', 30],
  ['test/fixtures/office/xls-calc-grid-shanghai-2022-jingan-weijian.xls', 30],
  ['test/fixtures/office/docx-writer-threeline-left-shanghai-2024-minhang-sifa.docx', 30],
  ['test/fixtures/office/doc-writer-none-reprint-shanghai-2022-jingan-weijian.doc', 30],
  ['test/fixtures/office/ofd-calc-borders-hubei-2019-jiangan-jiaoyu.ofd', 30],
];
/** A document taking longer than this counts as a hang (the harvest's worker limit is far above it). */
const DOC_LIMIT_MS = 60_000;

describe('fuzz', () => {
  it('1,000 mutated PDFs in a plain Node process: a record or a named read error each, no crash, none over the time limit', async () => {
    // A child process, as a user's batch runs: Node ends it on an unhandled rejection, as Jest would not.
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', 'scripts/hostile/fuzz.ts', '--seed', '20261202', ...PDF_SEEDS.map(([p, n]) => `${p}:${n}`)], { maxBuffer: 1 << 24 });
    const s = JSON.parse(stdout) as FuzzSummary;
    expect(s.mutants).toBe(1000);
    expect(s.otherErrors).toEqual([]);
    expect(s.slowest.filter((x) => x.ms > DOC_LIMIT_MS)).toEqual([]);
    // Both outcomes occur: the mutations reach past the first parser check.
    expect(s.records).toBeGreaterThan(100);
    expect(s.readErrors).toBeGreaterThan(100);
    // pdf.js's stray internal rejections on broken cross-references (each would have ended the batch) were met and dropped.
    expect(s.droppedPdfjsRejections).toBeGreaterThan(0);
  }, 900_000);

  it('500 mutated HTML pages: read or refused by name, and link discovery never throws', async () => {
    const s = await fuzz(HTML_SEEDS.map(([path, count]) => ({ path, count })), 20261202);
    expect(s.mutants).toBe(500);
    expect(s.otherErrors).toEqual([]);
    expect(s.slowest.filter((x) => x.ms > DOC_LIMIT_MS)).toEqual([]);
    for (const [path, count] of HTML_SEEDS) {
      for (const m of mutants(path, new Uint8Array(readFileSync(path)), count, 20261202)) {
        const html = new TextDecoder('utf-8', { fatal: false }).decode(m.bytes);
        const links = discoverLinks(html, 'http://127.0.0.1:1/czyjs/index.html', { titleWords: ['决算', '预算'] }, { kind: 'listing', startUrl: 'http://127.0.0.1:1/czyjs/index.html', pageIndex: 0 });
        for (const l of [...links.details, ...links.attachments]) expect(l.url).toMatch(/^https?:\/\//);
      }
    }
  }, 300_000);

  it('150 mutated office files and OFDs: a record or a named read error each', async () => {
    const s = await fuzz(OFFICE_SEEDS.map(([path, count]) => ({ path, count })), 20261202);
    expect(s.mutants).toBe(150);
    expect(s.otherErrors).toEqual([]);
    expect(s.slowest.filter((x) => x.ms > DOC_LIMIT_MS)).toEqual([]);
    expect(s.records).toBeGreaterThan(5);
    expect(s.readErrors).toBeGreaterThan(50);
  }, 300_000);
});
