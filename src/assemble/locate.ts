import type { LayoutBlock, LayoutGrid, LayoutPage, LayoutText } from '../../extractors/layout.js';
import type { TableSpec } from '../../schemas/catalog.js';
import { isFurniture, NO_DATA, titleSpec } from '../../schemas/captions.js';
import { HEADER_VOCABULARY } from '../../schemas/header-vocabulary.js';
import { compact } from '../../lib/text.js';
import type { Warning } from '../../schemas/record.js';

/**
 * Finds the standard tables in a document's block stream: a title line (matched by its words, never
 * its number) followed by one or more grids — the first on the title's page, the rest continuations
 * on following pages — and the text around them (unit line, notes under the table).
 *
 * Whether a later grid really continues the table (its columns can be placed, its rows continue) is
 * decided by the assembler, which reads the rows; here a grid is only *offered* as a continuation.
 */

export interface LocatedTable {
  spec: TableSpec;
  title: LayoutText;
  /** lines between the title and the first grid (部门：, 单位：万元, header lines left as text) */
  preamble: LayoutText[];
  grids: LocatedGrid[];
  /** lines after the grids that belong to the table (注：…, identity notes, 故本表无数据) */
  notes: LayoutText[];
}

export interface LocatedGrid {
  grid: LayoutGrid;
  pageSource: LayoutPage['source'];
  /**
   * The table's title was printed again above this grid (Word users retype title and header on every
   * page; 续表). It may continue the table or be another unit's table with the same title.
   */
  reprint: { title: LayoutText; preamble: LayoutText[] } | null;
}

interface Positioned {
  block: LayoutBlock;
  pageSource: LayoutPage['source'];
}


/**
 * Words printed in table headers (the header vocabulary, plus the small words that join them). A line
 * made of them (an unruled header the reader left as text, a 栏次 line) belongs to the grid below it;
 * narrative prose does not.
 */
const HEADER_WORDS = [
  ...new Set([
    ...[...HEADER_VOCABULARY.stub, ...HEADER_VOCABULARY.sections, ...Object.values(HEADER_VOCABULARY.columns).flat()].flatMap((e) => [...e.printed, ...e.stems]),
    ...HEADER_VOCABULARY.rowMarkers.flatMap((m) => m.printed),
    ...HEADER_VOCABULARY.totalRow,
    ...['和', '及', '本年', '上年', '年初', '年末', '全年', '小计', '金额', '单位', '万元', '元', '费', '数', '收入', '支出', '经费', '财政拨款'],
  ]),
]
  .map((w) => compact(w).replace(/[()（）]/g, ''))
  .filter(Boolean)
  .sort((a, b) => b.length - a.length);
const HEADER_WORD_RE = new RegExp(HEADER_WORDS.map((w) => w.replace(/[.*+?^${}|[\]\\/]/g, '\\$&')).join('|'), 'g');

/** A line of header words or of 栏次 numbers ("1 2 3 4 5"). */
export function isHeaderLike(text: string): boolean {
  const t = compact(text);
  if (!t) return false;
  if (/^\d{1,2}(\s+\d{1,2})+$/.test(text.trim())) return true;
  if (/[。；！？]/.test(t)) return false;
  const rest = t.replace(HEADER_WORD_RE, '').replace(/[\d（）()\/、:：,，.\-—"“”]/g, '');
  return rest.length <= Math.max(1, t.length * 0.15);
}

/** Narrative: sentences, or a long run of text without the spaces that separate header words. */
export function isProse(text: string): boolean {
  const t = compact(text);
  if (/[。；！？]/.test(t) && t.length > 8) return true;
  if (/[，,]/.test(t) && t.length > 20 && /[\u4e00-\u9fff]/.test(t)) return true;
  const longestRun = Math.max(0, ...text.trim().split(/\s+/).map((w) => w.length));
  return longestRun > 40;
}

/**
 * A heading of the document's parts (第二部分) or another table's title. Enumerated lines (三、…) are
 * not: table rows print them too, and an unruled reader may leave rows as text.
 */
/** An amount with cents, as table cells print them. */
const AMOUNT = /\d\.\d{2}(?!\d)/;

function startsSomethingElse(text: string): boolean {
  const t = compact(text);
  if (/^第[一二三四五六七八九十\d]+部分/.test(t)) return true;
  // A table title that is none of the standard ones (项目支出决算表, 政府采购情况表).
  return t.length <= 40 && /表([（(].*[)）])?$/.test(t);
}

export function locateTables(pages: LayoutPage[], warnings: Warning[] = []): LocatedTable[] {
  const stream: Positioned[] = pages.flatMap((p) => p.blocks.map((block) => ({ block, pageSource: p.source })));
  const running = runningLines(pages);
  const found: LocatedTable[] = [];
  let current: LocatedTable | null = null;
  /** true once something that is not part of the current table was seen */
  let closed = true;
  /** 'preamble' between a title and its grid, 'body' after a grid */
  let phase: 'preamble' | 'body' = 'preamble';
  /** the title printed again: the next grid is offered as a continuation with it */
  let reprint: LocatedGrid['reprint'] = null;
  /** lines with amounts on pages after a table's last grid, while it is open: rows no grid holds */
  const stray = new Map<LocatedTable, LayoutText[]>();

  for (const { block, pageSource } of stream) {
    if (block.kind === 'text') {
      const spec = titleSpec(block.text);
      // The same title again while the table is open, or marked 续 (continued) right after it closed.
      const continued = current && current.spec.id === spec?.id && current.grids.length > 0 && (!closed || /续/.test(compact(block.text)));
      if (spec && current && continued) {
        closed = false;
        reprint = { title: block, preamble: [] };
        phase = 'preamble';
        continue;
      }
      if (spec) {
        current = { spec, title: block, preamble: [], grids: [], notes: [] };
        found.push(current);
        closed = false;
        phase = 'preamble';
        reprint = null;
        continue;
      }
      if (!current || closed) continue;
      if (running.has(runningKey(block.text))) continue;
      const furniture = isFurniture(block.text);
      if (phase === 'preamble') {
        // Above a grid: the unit line, the 部门 line, header words the reader left as text, a subtitle —
        // anything but narrative or the start of something else (then the title was a heading).
        if (furniture || isHeaderLike(block.text) || !(isProse(block.text) || startsSomethingElse(block.text))) {
          (reprint ? reprint.preamble : current.preamble).push(block);
        } else {
          closed = true;
          reprint = null;
        }
        continue;
      }
      if (furniture) current.notes.push(block);
      // Under a grid, header words printed again above the next page's grid, or rows a reader left as
      // text, keep the table open; narrative or the start of something else ends it.
      else if (isProse(block.text) || startsSomethingElse(block.text)) closed = true;
      else if (AMOUNT.test(block.text) && current.grids.length && block.page > current.grids[current.grids.length - 1].grid.page) {
        stray.set(current, [...(stray.get(current) ?? []), block]);
      }
      continue;
    }
    // A grid: the first one after a title, or one offered as a continuation of the open table.
    if (!current || closed) continue;
    if (current.grids.length > 0) {
      const last = current.grids[current.grids.length - 1].grid;
      // A table continues on a later page, or after its title is printed again (text input has no pages).
      if (block.page <= last.page && !reprint) {
        closed = true;
        continue;
      }
    }
    current.grids.push({ grid: block, pageSource, reprint });
    reprint = null;
    phase = 'body';
  }
  // Rows of a table continued on a page where no grid was found (a page of one or two rows): say so.
  for (const [t, lines] of stray) {
    const pages = [...new Set(lines.map((l) => l.page))];
    const shown = lines.slice(0, 3).map((l) => `"${l.text.trim()}"`).join(', ');
    const n = lines.length;
    warnings.push({
      code: 'continuation-unread',
      message: `${t.spec.id}: ${n} line${n > 1 ? 's' : ''} with amounts on page ${pages.join(', ')} ${n > 1 ? 'follow' : 'follows'} the table but ${n > 1 ? 'are' : 'is'} not in a table grid (${shown}${n > 3 ? ', …' : ''}); ${n > 1 ? 'their' : 'its'} values are not recorded`,
      table: t.spec.id,
      page: pages[0],
    });
  }
  // A title without a grid is a table-of-contents line or a heading — unless the document says the
  // table has no data (some print only the title and "故本表无数据").
  const kept = found.filter((t) => t.grids.length > 0 || [...t.preamble, ...t.notes].some((b) => NO_DATA.test(compact(b.text))));
  // A title followed by amounts but no grid: the table is printed, but not as anything we could read.
  for (const t of found) {
    if (kept.includes(t) || kept.some((k) => k.spec.id === t.spec.id)) continue;
    const amounts = t.preamble.filter((b) => /\d\.\d{2}(?!\d)/.test(b.text));
    if (amounts.length >= 2) {
      warnings.push({
        code: 'table-not-read',
        message: `${t.spec.id} "${t.title.text}" (page ${t.title.page}) is followed by ${amounts.length} lines with amounts but no table grid was found; its values are not recorded`,
        table: t.spec.id,
        page: t.title.page,
      });
    }
  }
  return kept;
}

/** Running heads and feet: the same line (page numbers aside) first or last on three or more pages. */
function runningLines(pages: LayoutPage[]): Set<string> {
  const counts = new Map<string, number>();
  for (const page of pages) {
    const texts = page.blocks.filter((b): b is LayoutText => b.kind === 'text');
    const ends = new Set([texts[0], texts[texts.length - 1]].filter(Boolean).map((b) => b.text));
    for (const text of ends) {
      if (titleSpec(text) || isFurniture(text)) continue;
      const key = runningKey(text);
      if (key.replace(/#/g, '').length < 2) continue;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return new Set([...counts].filter(([, n]) => n >= 3).map(([k]) => k));
}

function runningKey(text: string): string {
  return compact(text).replace(/\d+/g, '#');
}
