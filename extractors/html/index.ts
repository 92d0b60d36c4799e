import * as cheerio from 'cheerio';
import type { DocumentLayout, LayoutBlock, LayoutCell, LayoutGrid } from '../layout.js';

/**
 * Reads a 决算 published as an HTML page: every <table> becomes a grid (rowspan/colspan kept), and
 * block-level text outside tables becomes text lines, in document order.
 */
export function readHtmlLayout(html: string): DocumentLayout {
  const $ = cheerio.load(html);
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
        blocks.push(tableGrid($, $(el)));
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
  return { pages: [{ number: 1, blocks, source: 'html' }], pageCount: 1, warnings: [] };
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
