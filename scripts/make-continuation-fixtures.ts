/**
 * Continued-table fixtures made by an independent producer (LibreOffice Writer from HTML), with ground
 * truth: a long 支出决算表 that runs over several pages, in the ways real documents continue tables.
 *
 *   node --import tsx scripts/make-continuation-fixtures.ts [name-fragment]   (needs soffice and fonts-noto-cjk)
 *
 * With a fragment, only the fixtures whose name contains it are made (the others keep their bytes).
 *
 * Writes test/fixtures/continuation/NAME.html (the source), NAME.pdf and NAME.truth.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { FUNC_NAMES } from './fixtures/codes.js';
import { Rng } from './fixtures/model.js';

const OUT = join(process.cwd(), 'test/fixtures/continuation');
const KEYS = ['total', 'basic', 'project', 'remit_superior', 'operating', 'subsidy_affiliated'] as const;
const LABELS = ['本年支出合计', '基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出'];

interface Row {
  code: string;
  label: string;
  /** hundredths per key; null = blank */
  cents: (number | null)[];
}

/** The 支出决算表 of one unit: every 项 code of the list, 款 and 类 rows summed from them, a 合计 row first. */
function buildRows(seed: number, codes: string[], everyColumn = false): Row[] {
  const rng = new Rng(seed);
  const leaves = codes.filter((c) => c.length === 7);
  const leafCents = new Map<string, number[]>();
  for (const code of leaves) {
    const basic = rng.chance(0.6) ? Math.round(rng.range(100, 900000)) : 0;
    const project = rng.chance(0.5) || basic === 0 ? Math.round(rng.range(100, 500000)) : 0;
    const operating = rng.chance(0.1) ? Math.round(rng.range(100, 50000)) : 0;
    // everyColumn: 上缴上级 and 对附属单位补助 hold amounts too (no column is blank over a whole page).
    const remit = everyColumn && rng.chance(0.4) ? Math.round(rng.range(100, 30000)) : 0;
    const subsidy = everyColumn && rng.chance(0.4) ? Math.round(rng.range(100, 30000)) : 0;
    leafCents.set(code, [basic + project + operating + remit + subsidy, basic, project, remit, operating, subsidy]);
  }
  const sum = (prefix: string) => KEYS.map((_, k) => leaves.filter((l) => l.startsWith(prefix)).reduce((s, l) => s + leafCents.get(l)![k], 0));
  const blankZero = (v: number[]) => v.map((x) => (x === 0 ? null : x));
  const rows: Row[] = [{ code: '', label: '合计', cents: blankZero(sum('')) }];
  for (const code of codes) rows.push({ code, label: FUNC_NAMES[code], cents: blankZero(code.length === 7 ? leafCents.get(code)! : sum(code)) });
  return rows;
}

function money(cents: number | null): string {
  if (cents === null) return '';
  const s = (cents / 100).toFixed(2);
  const [i, d] = s.split('.');
  return `${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${d}`;
}

function truth(file: string, rows: Row[]) {
  const facts = rows.flatMap((r) =>
    r.cents.flatMap((c, k) =>
      c === null ? [] : [{ table: 't3', section: '', row_code: r.code, row_label: r.label, line_no: null, column: KEYS[k], text: money(c), value: (c / 100).toFixed(2) }],
    ),
  );
  const tables: Record<string, { status: string; unit?: string }> = {};
  for (const id of ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9']) tables[id] = { status: id === 't3' ? 'present' : 'missing', ...(id === 't3' ? { unit: '万元' } : {}) };
  return {
    file,
    document: { region: '测试市', department: '测试市续表局', year: 2019, kind: 'final', family: 'hubei' },
    tables,
    facts,
    expectedFailures: [],
  };
}

const STYLE = `<style>
@page { size: A4 portrait; margin: 1.5cm }
body { font-family: 'Noto Sans CJK SC'; font-size: 9pt }
table { border-collapse: collapse; width: 100% }
td, th { border: 0.5pt solid #000; padding: 1pt 3pt; font-size: 8.5pt; font-weight: normal }
td.n { text-align: right }
p.title { text-align: center; font-size: 14pt; margin: 0 }
p.unit { text-align: right; margin: 0 }
p.dept { margin: 0 }
</style>`;

const head = (dept: string) => `<p class="title">支出决算表</p>\n<p class="dept">部门：${dept}</p>\n<p class="unit">单位：万元</p>`;
const cols = () => LABELS.map((l) => `<th>${l}</th>`).join('');
const colNos = () => LABELS.map((_, i) => `<th>${i + 1}</th>`).join('');
/** 科目编码 | 科目名称 | six amounts, with a 栏次 row */
function headerOneCode(): string {
  return `<tr><th>科目编码</th><th>科目名称</th>${cols()}</tr>\n<tr><th></th><th>栏次</th>${colNos()}</tr>`;
}
function bodyOneCode(rows: Row[]): string {
  return rows.map((r) => `<tr><td>${r.code}</td><td>${r.label}</td>${r.cents.map((c) => `<td class="n" nowrap>${money(c)}</td>`).join('')}</tr>`).join('\n');
}
/** 支出功能分类科目编码 over 类 | 款 | 项, then 科目名称 and the amounts */
function headerSplitCodes(): string {
  return (
    `<tr><th colspan="3">支出功能分类科目编码</th><th rowspan="2">科目名称</th>${LABELS.map((l) => `<th rowspan="2">${l}</th>`).join('')}</tr>\n` +
    `<tr><th>类</th><th>款</th><th>项</th></tr>\n<tr><th colspan="3"></th><th>栏次</th>${colNos()}</tr>`
  );
}
function bodySplitCodes(rows: Row[]): string {
  return rows
    .map((r) => {
      const parts = r.code ? [r.code.slice(0, 3), r.code.slice(3, 5), r.code.slice(5, 7)] : ['', '', ''];
      const stub = r.code ? parts.map((p) => `<td>${p}</td>`).join('') : `<td colspan="3"></td>`;
      return `<tr>${stub}<td>${r.label}</td>${r.cents.map((c) => `<td class="n" nowrap>${money(c)}</td>`).join('')}</tr>`;
    })
    .join('\n');
}

/** Column widths (mm) of a table printed the same on every page: 科目编码, 科目名称, six amounts. */
const FIXED_COLS = `<colgroup>${[16, 52, 17, 17, 17, 17, 17, 17].map((w) => `<col width="${Math.round(w * 3.78)}">`).join('')}</colgroup>`;
const doc = (body: string) => `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>测试市续表局2019年度部门决算</title>${STYLE}</head><body>\n<p class="title">测试市续表局2019年度部门决算</p>\n${body}\n</body></html>\n`;
const pageBreak = `<p style="page-break-before: always; margin: 0"></p>`;

// Object.keys lists integer-like keys numerically; tables print codes depth-first, which is string order.
const codes = Object.keys(FUNC_NAMES).sort();
const rows = buildRows(2019, codes);
const rowsFull = buildRows(2021, codes, true);
const rows2 = buildRows(2020, codes.filter((c) => c.startsWith('20') || c.startsWith('21')).slice(0, 40));

/** Splits rows into page-sized chunks (Writer breaks pages itself in (a); we break them in (b) and (c)). */
const chunks = (rs: Row[], n: number) => Array.from({ length: Math.ceil(rs.length / n) }, (_, i) => rs.slice(i * n, (i + 1) * n));

const fixtures: Record<string, { html: string; rows: Row[] }> = {
  // (a) one table; <thead> makes Writer repeat the header rows at the top of every page.
  'writer-thead-repeat': {
    html: doc(`${pageBreak}\n${head('测试市续表局')}\n<table border="1" cellspacing="0" cellpadding="2"><thead>${headerOneCode()}</thead><tbody>\n${bodyOneCode(rows)}\n</tbody></table>\n<p>注：本表反映部门本年度各项支出情况。</p>`),
    rows,
  },
  // (a') the same without any rules: an unruled table whose repeated header the reader may leave as text lines.
  'writer-unruled-thead-repeat': {
    // Writer's HTML import takes cell fonts from the cells themselves; small enough that no amount wraps.
    html: doc(`${pageBreak}\n${head('测试市续表局')}\n<table border="0" cellspacing="0" cellpadding="2"><thead>${headerOneCode()}</thead><tbody>\n${bodyOneCode(rows)}\n</tbody></table>\n<p>注：本表反映部门本年度各项支出情况。</p>`).replace(
      /<t([dh])/g,
      '<t$1 style="font-size: 7pt"',
    ),
    rows,
  },
  // (b) as Word users do: the title, the 部门/单位 lines and the header typed again on every page.
  'writer-title-reprinted': {
    // Each page also starts with the document's running head, typed as a line of its own.
    html: doc(
      chunks(rows, 34)
        .map((part) => `${pageBreak}\n<p class="unit">测试市续表局2019年度部门决算公开</p>\n${head('测试市续表局')}\n<table border="1" cellspacing="0" cellpadding="2">${headerOneCode()}\n${bodyOneCode(part)}</table>`)
        .join('\n'),
    ),
    rows,
  },
  // (c) 类/款/项 split in the first header and body; one 科目编码 column and no header on the continuation pages.
  'writer-split-codes': {
    html: doc(
      chunks(rows, 34)
        .map((part, i) =>
          i === 0
            ? `${pageBreak}\n${head('测试市续表局')}\n<table border="1" cellspacing="0" cellpadding="2">${headerSplitCodes()}\n${bodySplitCodes(part)}</table>`
            : `${pageBreak}\n<table border="1" cellspacing="0" cellpadding="2">${bodyOneCode(part)}</table>`,
        )
        .join('\n'),
    ),
    rows,
  },
  // (b') unruled, the title printed again with （续） on every page, each page its own table with the same
  // column widths: the column model's bands move with each page's text (the last page's short names).
  'writer-unruled-title-continued': {
    html: doc(
      chunks(rowsFull, 30)
        .map(
          (part, i) =>
            `${pageBreak}\n<p class="title">支出决算表${i > 0 ? '（续）' : ''}</p>\n<p class="dept">部门：测试市续表局</p>\n<p class="unit">单位：万元</p>\n` +
            `<table border="0" cellspacing="0" cellpadding="2" style="table-layout: fixed">${FIXED_COLS}${headerOneCode()}\n${bodyOneCode(part)}</table>`,
        )
        .join('\n'),
    ).replace(/<t([dh])/g, '<t$1 style="font-size: 7pt; border: none"'),
    rows: rowsFull,
  },
  // (d) two units' tables with the same title, each over two pages: the second is another table, not a continuation.
  'writer-two-units': {
    html: doc(
      [
        ...chunks(rows, 50).map((part) => `${pageBreak}\n${head('测试市续表局')}\n<table border="1" cellspacing="0" cellpadding="2">${headerOneCode()}\n${bodyOneCode(part)}</table>`),
        ...chunks(rows2, 30).map((part) => `${pageBreak}\n${head('测试市续表局下属中心')}\n<table border="1" cellspacing="0" cellpadding="2">${headerOneCode()}\n${bodyOneCode(part)}</table>`),
      ].join('\n'),
    ),
    rows,
  },
};

mkdirSync(OUT, { recursive: true });
const tmp = join(OUT, '.tmp');
mkdirSync(tmp, { recursive: true });
const only = process.argv[2];
for (const [name, f] of Object.entries(fixtures).filter(([n]) => !only || n.includes(only))) {
  writeFileSync(join(OUT, `${name}.html`), f.html);
  execFileSync('soffice', ['--headless', '--writer', '--convert-to', 'pdf:writer_pdf_Export', '--outdir', tmp, join(OUT, `${name}.html`)], { stdio: 'inherit' });
  renameSync(join(tmp, `${name}.pdf`), join(OUT, `${name}.pdf`));
  writeFileSync(join(OUT, `${name}.truth.json`), JSON.stringify(truth(`${name}.pdf`, f.rows), null, 0).replace(/\},\{/g, '},\n{') + '\n');
}
rmSync(tmp, { recursive: true, force: true });
