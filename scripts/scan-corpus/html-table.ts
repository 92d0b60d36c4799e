/**
 * One standard table of a record written as HTML for LibreOffice Writer (soffice --infilter="HTML
 * (StarWriter)"), in one of the ruling styles real 决算 use: fully ruled (black or thin grey), ruled
 * inside only (no outer border), or a three-line table (三线表: top and bottom rules, one under the
 * header, no verticals). The cells are the record's printed texts, so the scan's truth is the record's.
 */
import type { Table } from '../../schemas/record.js';

export const HTML_STYLES = ['ruled', 'grey-thin', 'no-outer', 'three-line'] as const;
export type HtmlStyle = (typeof HTML_STYLES)[number];

export interface HtmlTableOptions {
  style: HtmlStyle;
  /** codes over 类/款/项 columns (Shanghai) or in one 科目编码 column (Hubei) */
  codes: 'split' | 'joined';
  font: string;
  /** printed above the table, e.g. 部门：… */
  caption?: string;
}

interface HeadCell {
  text: string;
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Header cells: code/name columns, then the value columns' printed paths as a spanning tree. */
function headCells(table: Table, codes: HtmlTableOptions['codes']): { cells: HeadCell[]; depth: number; ncols: number } {
  const paths = table.columns.map((c) => c.label.split('/'));
  // Split codes need a row for 类/款/项 under 科目编码; otherwise a header row no cell starts in
  // would be an empty <tr>, after which Writer lays the first body row beside the header.
  const depth = Math.max(codes === 'split' ? 2 : 1, ...paths.map((p) => p.length));
  const cells: HeadCell[] = [];
  let col = 0;
  if (codes === 'split') {
    cells.push({ text: '科目编码', row: 0, col: 0, rowSpan: depth - 1, colSpan: 3 });
    ['类', '款', '项'].forEach((t, i) => cells.push({ text: t, row: depth - 1, col: i, rowSpan: 1, colSpan: 1 }));
    col = 3;
  } else {
    cells.push({ text: '科目编码', row: 0, col: 0, rowSpan: depth, colSpan: 1 });
    col = 1;
  }
  cells.push({ text: '科目名称', row: 0, col, rowSpan: depth, colSpan: 1 });
  const first = col + 1;
  for (let level = 0; level < depth; level++) {
    for (let i = 0; i < paths.length; ) {
      const p = paths[i];
      if (p.length <= level) {
        i++;
        continue;
      }
      const prefix = p.slice(0, level + 1).join('/');
      let j = i + 1;
      while (j < paths.length && paths[j].length > level && paths[j].slice(0, level + 1).join('/') === prefix && p.length > level + 1) j++;
      const leaf = p.length === level + 1;
      cells.push({ text: p[level], row: level, col: first + i, rowSpan: leaf ? depth - level : 1, colSpan: j - i });
      i = j;
    }
  }
  return { cells, depth, ncols: first + paths.length };
}

const THIN = '0.5pt solid';
const RULE = '0.75pt solid #000000';
const HEAVY = '1.5pt solid #000000';

/** CSS borders of a cell spanning [row, row+rowSpan) × [col, col+colSpan) of a rows × cols grid. */
function borders(style: HtmlStyle, r0: number, r1: number, c1: number, rows: number, cols: number, headRows: number): string {
  const b: string[] = [];
  switch (style) {
    case 'ruled':
      return `border:${RULE}`;
    case 'grey-thin':
      return `border:${THIN} #9a9a9a`;
    case 'no-outer':
      if (c1 < cols) b.push(`border-right:${THIN} #000000`);
      if (r1 < rows) b.push(`border-bottom:${THIN} #000000`);
      return b.join(';');
    case 'three-line':
      if (r0 === 0) b.push(`border-top:${HEAVY}`);
      if (r1 === headRows) b.push(`border-bottom:${RULE}`);
      if (r1 === rows) b.push(`border-bottom:${HEAVY}`);
      return b.join(';');
  }
}

export function tableHtml(table: Table, opts: HtmlTableOptions): string {
  const { cells: head, depth, ncols } = headCells(table, opts.codes);
  const rows = depth + table.rows.length;
  const td = (text: string, style: string, attrs = '') => `<td${attrs} style="${style}">${esc(text) || '&nbsp;'}</td>`;
  const out: string[] = [];
  for (let r = 0; r < depth; r++) {
    const cells = head.filter((c) => c.row === r).sort((a, b) => a.col - b.col);
    out.push(
      `<tr>${cells
        .map((c) => td(c.text, borders(opts.style, c.row, c.row + c.rowSpan, c.col + c.colSpan, rows, ncols, depth), ` align="center"${c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : ''}${c.colSpan > 1 ? ` colspan="${c.colSpan}"` : ''}`))
        .join('')}</tr>`,
    );
  }
  table.rows.forEach((row, i) => {
    const r = depth + i;
    const codeTexts = opts.codes === 'split' ? splitCode(row.code ?? '') : [row.code ?? ''];
    const texts = [...codeTexts, row.label, ...table.columns.map((c) => row.cells.find((x) => x.key === c.key && x.column === c.label)?.text ?? '')];
    out.push(
      `<tr>${texts
        .map((t, c) => td(t, borders(opts.style, r, r + 1, c + 1, rows, ncols, depth), c > codeTexts.length ? ' align="right"' : ''))
        .join('')}</tr>`,
    );
  });
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page { size: 21cm 29.7cm; margin: 1.8cm 1.6cm }
body { font-family: "${opts.font}"; font-size: 9pt }
table { border-collapse: collapse }
td { padding: 1pt 3pt; font-size: 9pt }
</style></head><body>
<p align="center" style="font-size:15pt">${esc(table.title ?? '')}</p>
<table width="100%" cellspacing="0" cellpadding="0"><tr><td style="border:none">${esc(opts.caption ?? '')}</td><td align="right" style="border:none">单位：${esc(table.unit ?? '')}</td></tr></table>
<table width="100%" cellspacing="0" cellpadding="2">
${out.join('\n')}
</table>
${table.notes.map((n) => `<p>${esc(n)}</p>`).join('\n')}
</body></html>
`;
}

/** 2010601 → 201 | 06 | 01, as Shanghai prints codes over 类/款/项. */
function splitCode(code: string): string[] {
  return [code.slice(0, 3), code.slice(3, 5), code.slice(5, 7)];
}
