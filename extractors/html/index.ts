import * as cheerio from 'cheerio';
import type { DocumentLayout, LayoutBlock, LayoutCell, LayoutGrid } from '../layout.js';

/**
 * Reads a 决算 published as an HTML page: every <table> becomes a grid (rowspan/colspan kept), and
 * block-level text outside tables becomes text lines, in document order.
 */
export function readHtmlLayout(html: string): DocumentLayout {
  const $ = cheerio.load(html);
  const title = $('title').first().text().replace(/\s+/g, ' ').trim() || undefined;
  $('script, style, noscript').remove();
  const blocks: LayoutBlock[] = [];
  const body = $('body').length ? $('body') : $.root();

  const walk = (node: cheerio.Cheerio<any>) => {
    node.contents().each((_, el) => {
      if (el.type === 'text') {
        pushText($(el).text());
        return;
      }
      if (el.type !== 'tag') return;
      const tag = el.tagName.toLowerCase();
      if (tag === 'table') {
        // A layout table that holds tables: read what is inside it.
        if ($(el).find('table').length > 0) {
          $(el)
            .children('tbody, thead, tfoot')
            .addBack()
            .children('tr')
            .children('td, th')
            .each((_, td) => walk($(td)));
        } else blocks.push(...tableBlocks(tableGrid($, $(el))));
        return;
      }
      if (tag === 'br') return;
      const hasBlocks = $(el).find('table, p, div, h1, h2, h3, h4, li, tr').length > 0;
      if (hasBlocks) walk($(el));
      else pushText($(el).text());
    });
  };
  const pushText = (text: string) => {
    for (const line of text.split(/\n/)) {
      const t = line.replace(/\s+/g, ' ').trim();
      if (t) blocks.push({ kind: 'text', text: t, page: 1, source: 'text' });
    }
  };
  walk(body);
  return { pages: [{ number: 1, blocks, source: 'html' }], pageCount: 1, title, warnings: [] };
}

/**
 * Rows made of one cell spanning the whole table (a title, 单位：万元, a note) are lines of text around
 * the grid, as a PDF would print them.
 */
function tableBlocks(grid: LayoutGrid): LayoutBlock[] {
  const fullWidth = (r: number) => {
    const cells = grid.cells.filter((c) => c.row === r);
    return cells.length === 1 && cells[0].colSpan === grid.nCols && grid.nCols > 1;
  };
  let top = 0;
  while (top < grid.nRows && fullWidth(top)) top++;
  let bottom = grid.nRows;
  while (bottom > top && fullWidth(bottom - 1)) bottom--;
  if (top === 0 && bottom === grid.nRows) return [grid];
  const text = (r: number): LayoutBlock[] =>
    grid.cells
      .filter((c) => c.row === r)
      .flatMap((c) => c.lines.map((line) => ({ kind: 'text' as const, text: line, page: 1, source: 'text' as const })));
  const inner: LayoutGrid = {
    ...grid,
    nRows: bottom - top,
    cells: grid.cells.filter((c) => c.row >= top && c.row < bottom).map((c) => ({ ...c, row: c.row - top, rowSpan: Math.min(c.rowSpan, bottom - c.row) })),
  };
  const before = Array.from({ length: top }, (_, r) => text(r)).flat();
  const after = Array.from({ length: grid.nRows - bottom }, (_, i) => text(bottom + i)).flat();
  return [...before, ...(inner.nRows > 0 ? [inner] : []), ...after];
}

function tableGrid($: cheerio.CheerioAPI, table: cheerio.Cheerio<any>): LayoutGrid {
  const cells: LayoutCell[] = [];
  const taken = new Set<string>();
  let nCols = 0;
  const rows = table.find('tr').filter((_, tr) => $(tr).closest('table').is(table));
  rows.each((r, tr) => {
    let c = 0;
    $(tr)
      .children('td, th')
      .each((_, td) => {
        while (taken.has(`${r}:${c}`)) c++;
        const rowSpan = Math.max(1, Number($(td).attr('rowspan')) || 1);
        const colSpan = Math.max(1, Number($(td).attr('colspan')) || 1);
        for (let dr = 0; dr < rowSpan; dr++) for (let dc = 0; dc < colSpan; dc++) taken.add(`${r + dr}:${c + dc}`);
        $(td).find('br').replaceWith('\n');
        $(td).find('p, div').append('\n');
        const lines = $(td)
          .text()
          .split('\n')
          .map((l) => l.replace(/\s+/g, ' ').trim())
          .filter(Boolean);
        cells.push({ row: r, col: c, rowSpan, colSpan, lines, page: 1, source: 'text' });
        c += colSpan;
        nCols = Math.max(nCols, c);
      });
  });
  return { kind: 'grid', page: 1, nRows: rows.length, nCols, cells, ruled: true };
}
