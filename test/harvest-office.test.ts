import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from './helpers/site-server.js';
import { useDemoSite } from './helpers/harvest-site.js';
import { createProcessor } from '../src/harvest/pipeline-processor.js';

/**
 * Office attachments in a harvest (issue 10): a listing links a workbook, a Word file and an OFD; they
 * are fetched, stored and extracted by the real pipeline like PDFs, and their records are written.
 */
const site = useDemoSite({ rateMs: 20, timeoutMs: 5000 });

it('harvest extracts .xlsx, .doc and .ofd attachments into records', async () => {
  const files: Array<[string, string, string]> = [
    ['att/jingan-2022.xlsx', 'xlsx-calc-grid-shanghai-2022-jingan-weijian.xlsx', '上海市静安区卫生健康委员会2022年度部门决算'],
    ['att/jiangan-2019.doc', 'doc-writer-full-center-hubei-2019-jiangan-jiaoyu.doc', '武汉市江岸区教育局2019年度部门决算'],
    ['att/xiling-2020.ofd', 'ofd-pdfkit-hubei-2020-xiling-minzheng.ofd', '宜昌市西陵区民政局2020年度部门决算'],
  ];
  // The column's listing holds only these three links (no pagination): the run fetches just them.
  const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>财政预决算公开</title></head><body><ul class="list">\n${files.map(([href, , title]) => `  <li><a href="./${href}">${title}</a></li>`).join('\n')}\n</ul></body></html>`;
  site.server.setContent('/czyjs/index.html', page, 'text/html; charset=utf-8');
  for (const [href, fixture] of files) site.server.setContent(`/czyjs/${href}`, new Uint8Array(await readFile(join(REPO_ROOT, 'test/fixtures/office', fixture))), 'application/octet-stream');
  const out = await site.tempOut();
  const s = await site.harvest(out, { processor: await createProcessor({ ocr: 'never' }) });
  const l = site.db(out);
  for (const [href] of files) {
    const doc = l.prepare('SELECT d.stage, d.error FROM items i JOIN documents d ON d.sha256 = i.sha256 WHERE i.url = ?').get(site.server.url(`/czyjs/${href}`));
    expect(doc).toEqual({ stage: 'emitted', error: null });
  }
  l.close();
  const records = await Promise.all(s.records.map(async (r) => JSON.parse(await readFile(r.path, 'utf8'))));
  const kinds = records.map((r) => r.provenance.inputKind);
  expect(kinds).toEqual(expect.arrayContaining(['spreadsheet', 'word', 'ofd']));
  const xlsx = records.find((r) => r.provenance.inputKind === 'spreadsheet');
  expect(xlsx.document).toMatchObject({ department: '上海市静安区卫生健康委员会', year: 2022, kind: 'final' });
}, 120_000);
