/**
 * Small LibreOffice Writer fixtures for tables printed without a full grid of rules:
 * borders none / three-line (a rule above the header, one under it, one at the bottom), header text
 * aligned left / centre / right, real 决算 headers that wrap in narrow columns.
 *
 *   node --import tsx scripts/make-unruled-fixtures.ts      (needs `soffice` on PATH)
 *
 * Writes test/fixtures/unruled/<name>.html (the source), <name>.pdf (soffice --headless
 * --convert-to pdf, i.e. Writer's HTML import) and <name>.expected.json: every non-blank body cell
 * in the facts shape (table, section, row_code, row_label, line_no, column, text, value) plus the
 * printed header of each table, so tests and measurements compare against what was written, not
 * against what our reader happens to produce.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GroundTruth } from '../schemas/facts.js';

type Align = 'left' | 'center' | 'right';
type Borders = 'none' | 'three-line';

/** One written cell, in the ground-truth facts shape. */
type Fact = GroundTruth['facts'][number];

const OUT = 'test/fixtures/unruled';

/** Amount in 万元 printed with thousands separators, from hundredths. */
function money(cents: number): string {
  const s = (cents / 100).toFixed(2);
  const [i, f] = s.split('.');
  return `${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${f}`;
}
const value = (cents: number) => (cents / 100).toFixed(2);

interface Cell {
  text: string;
  cs?: number;
  rs?: number;
  /** body cells: number (aligned like the variant's numbers) or label (always left) */
  num?: boolean;
}

interface Table {
  id: string;
  title: string;
  /** relative column widths */
  widths: number[];
  header: Cell[][];
  body: Cell[][];
}

// ------------------------------------------------------------------------------------------------
// Data (deterministic, identities hold: 合计 = sum of 类 rows, total = basic + project + …)

const T3_ITEMS: { code: string; name: string; v: number[] }[] = [
  { code: '201', name: '一般公共服务支出', v: [] },
  { code: '20101', name: '人大事务', v: [] },
  { code: '2010101', name: '行政运行', v: [4523110, 4523110, 0, 0, 0, 0] },
  { code: '2010104', name: '人大会议', v: [86000, 0, 86000, 0, 0, 0] },
  { code: '208', name: '社会保障和就业支出', v: [] },
  { code: '20805', name: '行政事业单位养老支出', v: [] },
  { code: '2080505', name: '机关事业单位基本养老保险缴费支出', v: [512044, 512044, 0, 0, 0, 0] },
  { code: '2080506', name: '机关事业单位职业年金缴费支出', v: [204817, 204817, 0, 0, 0, 0] },
  { code: '213', name: '农林水支出', v: [] },
  { code: '21301', name: '农业农村', v: [] },
  { code: '2130104', name: '事业运行', v: [1250000, 1020000, 0, 0, 150000, 80000] },
  { code: '2130153', name: '农田建设', v: [3002500, 0, 3002500, 0, 0, 0] },
];

function rollUp(items: { code: string; name: string; v: number[] }[], n: number) {
  const leaf = items.filter((i) => i.v.length);
  for (const i of items) {
    if (i.v.length) continue;
    i.v = new Array(n).fill(0);
    for (const l of leaf) if (l.code.startsWith(i.code)) l.v.forEach((x, k) => (i.v[k] += x));
  }
  const total = new Array(n).fill(0);
  for (const i of items) if (i.code.length === 3) i.v.forEach((x, k) => (total[k] += x));
  return total;
}

function t3(facts: Fact[]): Table {
  const items = T3_ITEMS.map((i) => ({ ...i, v: [...i.v] }));
  const total = rollUp(items, 6);
  const cols = ['total', 'basic', 'project', 'remit_superior', 'operating', 'subsidy_affiliated'];
  const body: Cell[][] = [];
  const row = (code: string, name: string, v: number[]) => {
    v.forEach((x, k) => facts.push({ table: 't3', section: '', row_code: code, row_label: name, line_no: null, column: cols[k], text: money(x), value: value(x) }));
  };
  body.push([{ text: '合计', cs: 2 }, ...total.map((x) => ({ text: money(x), num: true }))]);
  row('', '合计', total);
  for (const i of items) {
    body.push([{ text: i.code }, { text: i.name }, ...i.v.map((x) => ({ text: money(x), num: true }))]);
    row(i.code, i.name, i.v);
  }
  return {
    id: 't3',
    title: '支出决算表',
    widths: [12, 26, 11, 11, 11, 9, 9, 11],
    header: [
      [{ text: '项目', cs: 2 }, { text: '本年支出合计', rs: 2 }, { text: '基本支出', rs: 2 }, { text: '项目支出', rs: 2 }, { text: '上缴上级支出', rs: 2 }, { text: '经营支出', rs: 2 }, { text: '对附属单位补助支出', rs: 2 }],
      [{ text: '科目编码' }, { text: '科目名称' }],
      [{ text: '栏次', cs: 2 }, ...[1, 2, 3, 4, 5, 6].map((k) => ({ text: String(k) }))],
    ],
    body,
  };
}

function t2(facts: Fact[]): Table {
  const items = [
    { code: '201', name: '一般公共服务支出', v: [] as number[] },
    { code: '20101', name: '人大事务', v: [] },
    { code: '2010101', name: '行政运行', v: [4523110, 4523110, 0, 0, 0, 0, 0] },
    { code: '213', name: '农林水支出', v: [] },
    { code: '21301', name: '农业农村', v: [] },
    { code: '2130104', name: '事业运行', v: [1330000, 1000000, 0, 180000, 70000, 30000, 50000] },
  ];
  const total = rollUp(items, 7);
  const cols = ['total', 'fiscal', 'superior_subsidy', 'business', 'operating', 'affiliated_remittance', 'other'];
  const body: Cell[][] = [];
  const row = (code: string, name: string, v: number[]) =>
    v.forEach((x, k) => facts.push({ table: 't2', section: '', row_code: code, row_label: name, line_no: null, column: cols[k], text: money(x), value: value(x) }));
  body.push([{ text: '合计', cs: 2 }, ...total.map((x) => ({ text: money(x), num: true }))]);
  row('', '合计', total);
  for (const i of items) {
    body.push([{ text: i.code }, { text: i.name }, ...i.v.map((x) => ({ text: money(x), num: true }))]);
    row(i.code, i.name, i.v);
  }
  return {
    id: 't2',
    title: '收入决算表',
    widths: [11, 20, 10, 10, 10, 9, 9, 10, 9],
    header: [
      [{ text: '项目', cs: 2 }, { text: '本年收入合计', rs: 2 }, { text: '财政拨款收入', rs: 2 }, { text: '上级补助收入', rs: 2 }, { text: '事业收入', rs: 2 }, { text: '经营收入', rs: 2 }, { text: '附属单位上缴收入', rs: 2 }, { text: '其他收入', rs: 2 }],
      [{ text: '科目编码' }, { text: '科目名称' }],
      [{ text: '栏次', cs: 2 }, ...[1, 2, 3, 4, 5, 6, 7].map((k) => ({ text: String(k) }))],
    ],
    body,
  };
}

function t1(facts: Fact[]): Table {
  const income: [string, number][] = [
    ['一、一般公共预算财政拨款收入', 9398471],
    ['二、政府性基金预算财政拨款收入', 0],
    ['三、上级补助收入', 0],
    ['四、事业收入', 180000],
  ];
  const expense: [string, number][] = [
    ['一、一般公共服务支出', 4609110],
    ['二、社会保障和就业支出', 716861],
    ['三、农林水支出', 4252500],
    ['四、住房保障支出', 0],
  ];
  const inTotal = income.reduce((a, [, x]) => a + x, 0);
  const exTotal = expense.reduce((a, [, x]) => a + x, 0);
  const body: Cell[][] = [];
  const n = income.length;
  for (let k = 0; k < n; k++) {
    body.push([{ text: income[k][0] }, { text: String(k + 1) }, { text: money(income[k][1]), num: true }, { text: expense[k][0] }, { text: String(n + 3 + k) }, { text: money(expense[k][1]), num: true }]);
    facts.push({ table: 't1', section: 'income', row_code: '', row_label: income[k][0], line_no: k + 1, column: 'amount', text: money(income[k][1]), value: value(income[k][1]) });
    facts.push({ table: 't1', section: 'expense', row_code: '', row_label: expense[k][0], line_no: n + 3 + k, column: 'amount', text: money(expense[k][1]), value: value(expense[k][1]) });
  }
  body.push([{ text: '本年收入合计' }, { text: String(n + 1) }, { text: money(inTotal), num: true }, { text: '本年支出合计' }, { text: String(2 * n + 3) }, { text: money(exTotal), num: true }]);
  facts.push({ table: 't1', section: 'income', row_code: '', row_label: '本年收入合计', line_no: n + 1, column: 'amount', text: money(inTotal), value: value(inTotal) });
  facts.push({ table: 't1', section: 'expense', row_code: '', row_label: '本年支出合计', line_no: 2 * n + 3, column: 'amount', text: money(exTotal), value: value(exTotal) });
  return {
    id: 't1',
    title: '收入支出决算总表',
    widths: [30, 7, 13, 30, 7, 13],
    header: [
      [{ text: '收入', cs: 3 }, { text: '支出', cs: 3 }],
      [{ text: '项目' }, { text: '行次' }, { text: '金额' }, { text: '项目' }, { text: '行次' }, { text: '金额' }],
      [{ text: '栏次' }, { text: '' }, { text: '1' }, { text: '栏次' }, { text: '' }, { text: '2' }],
    ],
    body,
  };
}

function t6(facts: Fact[]): Table {
  const pers: [string, string, number][] = [
    ['301', '工资福利支出', 4900000],
    ['30101', '基本工资', 1530000],
    ['30102', '津贴补贴', 2110000],
    ['30108', '机关事业单位基本养老保险缴费', 1260000],
    ['303', '对个人和家庭的补助', 143171],
    ['30305', '生活补助', 143171],
  ];
  const pub: [string, string, number][] = [
    ['302', '商品和服务支出', 801000],
    ['30201', '办公费', 313800],
    ['30205', '水费', 12000],
    ['30206', '电费', 89100],
    ['30211', '差旅费', 386100],
    ['310', '资本性支出', 15000],
  ];
  const pt = 4900000 + 143171;
  const ut = 801000 + 15000;
  const body: Cell[][] = [];
  for (let k = 0; k < pers.length; k++) {
    const [pc, pn, pv] = pers[k];
    const [uc, un, uv] = pub[k];
    body.push([{ text: pc }, { text: pn }, { text: money(pv), num: true }, { text: uc }, { text: un }, { text: money(uv), num: true }]);
    facts.push({ table: 't6', section: 'personnel', row_code: pc, row_label: pn, line_no: null, column: 'amount', text: money(pv), value: value(pv) });
    facts.push({ table: 't6', section: 'public', row_code: uc, row_label: un, line_no: null, column: 'amount', text: money(uv), value: value(uv) });
  }
  body.push([{ text: '人员经费合计', cs: 2 }, { text: money(pt), num: true }, { text: '公用经费合计', cs: 2 }, { text: money(ut), num: true }]);
  facts.push({ table: 't6', section: 'personnel', row_code: '', row_label: '人员经费合计', line_no: null, column: 'amount', text: money(pt), value: value(pt) });
  facts.push({ table: 't6', section: 'public', row_code: '', row_label: '公用经费合计', line_no: null, column: 'amount', text: money(ut), value: value(ut) });
  return {
    id: 't6',
    title: '一般公共预算财政拨款基本支出决算表',
    widths: [9, 28, 13, 9, 28, 13],
    header: [
      [{ text: '人员经费', cs: 3 }, { text: '公用经费', cs: 3 }],
      [{ text: '科目编码' }, { text: '科目名称' }, { text: '决算数' }, { text: '科目编码' }, { text: '科目名称' }, { text: '决算数' }],
    ],
    body,
  };
}

/**
 * 表5: codes in three columns (类/款/项) under 功能分类科目编码 under 项目, and the amount headings
 * centred over all three header rows (合计 then stands at the height of the second row).
 */
function t5(facts: Fact[]): Table {
  const items = T3_ITEMS.map((i) => ({ ...i, v: i.v.length ? [i.v[0], i.v[1], i.v[2]] : [] }));
  const total = rollUp(items, 3);
  const cols = ['total', 'basic', 'project'];
  const body: Cell[][] = [];
  const row = (code: string, name: string, v: number[]) =>
    v.forEach((x, k) => facts.push({ table: 't5', section: '', row_code: code, row_label: name, line_no: null, column: cols[k], text: money(x), value: value(x) }));
  body.push([{ text: '合计', cs: 4 }, ...total.map((x) => ({ text: money(x), num: true }))]);
  row('', '合计', total);
  for (const i of items) {
    const parts = [i.code.slice(0, 3), i.code.slice(3, 5), i.code.slice(5, 7)];
    body.push([...parts.map((text) => ({ text })), { text: i.name }, ...i.v.map((x) => ({ text: money(x), num: true }))]);
    row(i.code, i.name, i.v);
  }
  return {
    id: 't5',
    title: '一般公共预算财政拨款支出决算表',
    widths: [6, 5, 5, 30, 18, 18, 18],
    header: [
      [{ text: '项目', cs: 4 }, { text: '合计', rs: 3 }, { text: '基本支出', rs: 3 }, { text: '项目支出', rs: 3 }],
      [{ text: '功能分类科目编码', cs: 3 }, { text: '科目名称', rs: 2 }],
      [{ text: '类' }, { text: '款' }, { text: '项' }],
    ],
    body,
  };
}

// ------------------------------------------------------------------------------------------------
// HTML

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

function tableHtml(t: Table, no: number, align: Align, borders: Borders): string {
  const rule = (w: string) => `border-top: ${w} solid #000;`;
  const head = t.header
    .map((row, r) => {
      const last = r === t.header.length - 1;
      const cells = row
        .map((c) => {
          const style = [`text-align:${align}`, 'font-weight:normal', 'vertical-align:middle'];
          if (borders === 'three-line') {
            if (r === 0) style.push(rule('1.5pt'));
            // the rule under the header: on the last header row, and on cells reaching down to it
            if (last || (c.rs && r + c.rs === t.header.length)) style.push('border-bottom: 0.75pt solid #000;');
          }
          return `<th${c.cs ? ` colspan="${c.cs}"` : ''}${c.rs ? ` rowspan="${c.rs}"` : ''} style="${style.join(';')}">${esc(c.text)}</th>`;
        })
        .join('');
      return `<tr>${cells}</tr>`;
    })
    .join('\n');
  const body = t.body
    .map((row, r) => {
      const last = r === t.body.length - 1;
      const cells = row
        .map((c) => {
          const style = [`text-align:${c.num ? align : 'left'}`];
          // the rule under the header is drawn on top of the first body row (Writer drops a th's bottom border)
          if (borders === 'three-line' && r === 0) style.push(rule('0.75pt'));
          if (borders === 'three-line' && last) style.push('border-bottom: 1.5pt solid #000;');
          return `<td${c.cs ? ` colspan="${c.cs}"` : ''} style="${style.join(';')}">${esc(c.text)}</td>`;
        })
        .join('');
      return `<tr>${cells}</tr>`;
    })
    .join('\n');
  const total = t.widths.reduce((a, b) => a + b, 0);
  const cols = t.widths.map((w) => `<col width="${Math.round((w / total) * 1000) / 10}%">`).join('');
  return `<h3 style="text-align:center; font-size:14pt; page-break-before:always">表${no} ${t.title}</h3>
<p style="font-size:9pt">部门：某某县农业农村局　　　　　　　　　　　　　　单位：万元</p>
<table width="100%" cellspacing="0" cellpadding="3" border="0" style="border-collapse:collapse; font-size:9pt">
<colgroup>${cols}</colgroup>
<thead>
${head}
</thead>
<tbody>
${body}
</tbody>
</table>`;
}

function documentHtml(tables: Table[], align: Align, borders: Borders): string {
  const numbers: Record<string, number> = { t1: 1, t2: 2, t3: 3, t5: 5, t6: 6 };
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>某某县农业农村局2023年度部门决算</title>
<style>body { font-family: "Noto Sans CJK SC", sans-serif; } th, td { font-size: 9pt; }</style></head>
<body>
<h1 style="text-align:center">某某县农业农村局2023年度部门决算</h1>
<p>本部门决算包括收入支出决算总表、收入决算表、支出决算表、一般公共预算财政拨款支出决算表和一般公共预算财政拨款基本支出决算表。</p>
${tables.map((t) => tableHtml(t, numbers[t.id], align, borders)).join('\n')}
</body></html>
`;
}

function main() {
  mkdirSync(OUT, { recursive: true });
  const scratch = join('scratch', 'unruled-fixtures');
  mkdirSync(scratch, { recursive: true });
  for (const borders of ['none', 'three-line'] as const) {
    for (const align of ['left', 'center', 'right'] as const) {
      const name = `writer-${borders}-${align}`;
      const facts: Fact[] = [];
      const tables = [t1(facts), t2(facts), t3(facts), t5(facts), t6(facts)];
      const html = documentHtml(tables, align, borders);
      writeFileSync(join(OUT, `${name}.html`), html);
      execFileSync('soffice', ['--headless', '--convert-to', 'pdf:writer_pdf_Export', '--outdir', OUT, join(OUT, `${name}.html`)], { stdio: 'ignore' });
      const header = Object.fromEntries(tables.map((t) => [t.id, t.header.map((row) => row.map((c) => ({ text: c.text, colSpan: c.cs ?? 1, rowSpan: c.rs ?? 1 })))]));
      writeFileSync(join(OUT, `${name}.expected.json`), JSON.stringify({ file: `${name}.pdf`, producer: 'LibreOffice Writer (HTML import)', align, borders, header, facts }, null, 1) + '\n');
      console.log(`${name}: ${facts.length} cells`);
    }
  }
}

main();
