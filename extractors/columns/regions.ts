/**
 * Where unruled tables sit among a page's lines.
 *
 * A *data line* has a number among its words and at least one gap wider than a word space. A run
 * of data lines close together (with the label fragments between them) is a body; it is cut at a
 * line that does not fit its columns (a paragraph). The header is every line above the body up to
 * what bounds it from above: a title (another font size), a preamble (单位：万元, 部门：…), a rule
 * (a three-line table's top rule), a big vertical gap, a line that is a sentence, or another
 * table's data. Tall heading rows leave wider gaps between their centred lines: lines above such a
 * gap stay in the header only when a title, a 单位 line or a rule closes it from above. The header
 * is not bounded by the data columns' width: a left-aligned heading may stand far from its one-digit
 * 栏次 column.
 */
import type { Band, Tok } from './bands.js';
import { columnBands, overlap, overlapped, tok } from './bands.js';
import { AFTER_AMOUNT_GAP_EM, type HRule, splitAtGaps, type WordLine } from './words.js';
import { ENUMERATED_ITEM } from '../../schemas/header-vocabulary.js';

/** A data line has at least one gap this wide (narrative text only has word spaces around numbers). */
const COLUMN_GAP_EM = 1.2;
/** Lines further apart than this many ems are not in the same table body. */
const ROW_GAP_EM = 2.6;
/**
 * Label-only lines (wrapped labels, rows whose amounts are blank) allowed in a row between two data
 * lines; a paragraph is cut off anyway because its lines do not fit the columns.
 */
const MAX_FRAGMENT_LINES = 40;
const MAX_HEADER_LINES = 14;
/**
 * Header lines (and the header and the body) may stand this many ems apart: a spreadsheet's heading
 * rows are taller than its body rows (Calc: 1.65 em between two heading lines); a title of the body's
 * size stands further off (2 em and more).
 */
const HEADER_GAP_EM = 1.8;
/**
 * The most space between header lines (or the header and the body) that a title or a 单位 line above
 * the header may vouch for: a spreadsheet's heading rows may be several lines tall, their text centred
 * (Calc, 36 pt rows at 11 pt: 2 em between the lines of neighbouring rows).
 */
const TALL_ROW_GAP_EM = 4;
const MIN_DATA_LINES = 2;
/**
 * How far beside its heading a one-row table's amount may stand: an amount centred in its cell under a
 * right- (or left-) aligned heading may end just short of it (Calc: 7.63 0.8 pt left of 决算数).
 */
const HEAD_REACH_EM = 0.5;
const MIN_NUMERIC_COLS = 2;
/** Enumerated rows (一、… 二、…) that let a data line with a single amount make a body. */
const MIN_ENUMERATED_ROWS = 3;
// (OCR may lose the colon of a small 编制单位： line: the longer words open a preamble without it)
const PREAMBLE = /单位[:：]|^(?:部门|单位名称)[:：]|^(?:编制单位|填报单位|编报单位|报送单位|编制部门|金额单位)|金额单位[:：]?万?元$/;
const TITLE = /^表[0-9一二三四五六七八九十]+|决算表$|总表$|明细表$/;
/** The label of a total row: 合计, 总计, 人员经费合计 … */
const TOTAL_LABEL = /^(?:\S*合计|总计)$/;
/** A note under the table (注：本表反映…) closes its body: it is no wrapped label of the last row. */
const NOTE = /^(注|备注|说明)\d*[:：]/;

export interface Ln {
  line: WordLine;
  toks: Tok[];
  data: boolean;
}

export interface Region {
  header: Ln[];
  /** The header's last line is the row of column numbers (栏次 1 2 3 …). */
  numbersRow: boolean;
  body: Ln[];
  data: Ln[];
  em: number;
  /**
   * Header lines above a gap wider than header rows leave that nothing bounded from above (no title,
   * 单位 line or rule): left out of the header, but a header continued from the previous page may
   * bound them (findColumnTables).
   */
  unbounded: Ln[];
}

export function median(values: number[]): number {
  if (!values.length) return 0;
  const v = [...values].sort((a, b) => a - b);
  return v[v.length >> 1];
}

/** An amount of money as a cell prints it: decimals after the point (5,776.34), not a year or a count. */
const MONEY = /^[-−(（]?\d{1,3}(?:[,，]\d{3})*\.\d{2}[)）]?$|^[-−(（]?\d+\.\d{2}[)）]?$/;

/** What a sentence goes on with after an amount: its unit, a percent sign, punctuation. */
const AFTER_AMOUNT_IN_TEXT = /^(?:万|元|亿|千|百|%|％|[，。；、：,.;:)）])/;

export function toLn(line: WordLine): Ln {
  const toks = line.words.flatMap(splitAtGaps).map(tok).sort((p, q) => p.x0 - q.x0);
  let wide = false;
  for (let k = 1; k < toks.length && !wide; k++) {
    const gap = toks[k].x0 - toks[k - 1].x1;
    const size = Math.min(toks[k].size, toks[k - 1].size);
    // In a tightly set table a right-aligned amount may stand less than a column gap from the next
    // column's left-aligned label (5,776.34 一、一般公共服务支出): a gap after money that its unit or
    // punctuation does not follow is a column gap too, as soon as it ends the amount's cell (the same
    // AFTER_AMOUNT_GAP_EM that splitAtGaps cuts at; Chromium at 9.5 pt leaves 0.47 em there). A
    // justified sentence spreads its spaces, but it goes on with the amount's unit: 1980.09 万元.
    // Two amounts of money side by side are two cells too: narrowed amount columns leave less than a
    // column gap between them, and a right-aligned label ends just as close to the first (合计 1,980.09
    // 1,980.09); a sentence never runs two amounts together.
    const money = gap > AFTER_AMOUNT_GAP_EM * size && MONEY.test(toks[k - 1].text);
    wide =
      gap > COLUMN_GAP_EM * size ||
      (money && !toks[k].numeric && !AFTER_AMOUNT_IN_TEXT.test(toks[k].text)) ||
      (money && MONEY.test(toks[k].text));
  }
  return { line, toks, data: wide && toks.some((t) => t.numeric) };
}

const boundsTable = (l: Ln) => PREAMBLE.test(lineText(l)) || TITLE.test(lineText(l));
const lineText = (l: Ln) => l.toks.map((t) => t.text).join('').replace(/\s+/g, '');

/** Is the line part of the body given its bands (a data line or a label fragment)? */
function fitsBody(l: Ln, bands: Band[], em: number, leftLabels = false): boolean {
  // `leftLabels`: a word wholly left of the first band may be a label of a column no data line
  // reaches (every label of it wrapped over two lines around its row's amounts), beside the wrapped
  // label of another column.
  const lo = (t: Tok) => (leftLabels && t.x1 < bands[0].x0 ? -Infinity : bands[0].x0 - 2 * em);
  const last = bands[bands.length - 1];
  // A label starting in the last band is its column's, however far it reaches: the columns right of
  // it may be blank on this page (a long label wrapped, the last amounts column empty).
  const hi = (t: Tok) => (!t.numeric && t.x0 >= last.x0 - 0.5 && t.x0 < last.x1 ? Infinity : last.x1 + 2 * em);
  // A word ending in the first band is a label of its column however far left it starts: a
  // right-aligned label longer than any on a data line (its wrapped first line) reaches further left.
  const endsInFirst = (t: Tok) => t.x1 > bands[0].x0 && t.x1 <= bands[0].x1 + 0.5;
  return l.toks.every((t) => (t.x0 >= lo(t) || endsInFirst(t)) && t.x1 <= hi(t) && overlapped(t.x0, t.x1, bands).length <= 2);
}

function isHeaderLine(l: Ln, em: number, bands: Band[]): boolean {
  if (l.data) return false;
  if (l.line.size > em * 1.3 || l.line.size < em * 0.7) return false;
  const text = lineText(l);
  if (PREAMBLE.test(text) || TITLE.test(text)) return false;
  // A sentence: one long run of text wider than half the table (headings are short, one per column).
  const tableWidth = bands[bands.length - 1].x1 - bands[0].x0;
  return !l.toks.some((t) => t.x1 - t.x0 > 0.5 * tableWidth && t.text.length > 16);
}

/**
 * A body needs two data lines, or one whose every amount stands under a heading of its own in the
 * lines just above it: a one-row table (the 三公 table) is headed by a row of leaf headings
 * (预算数 决算数 …, some wrapped in narrow columns). Or one among several enumerated rows under a
 * header line, with one amount or more: a page of a table split every few rows may print one data line
 * among rows whose amounts are blank (九、卫生健康支出 5,184.50, 十、… blank).
 */
function enoughData(lns: Ln[], data: Ln[]): boolean {
  if (data.length >= MIN_DATA_LINES) return true;
  if (data.length !== 1) return false;
  const d = data[0];
  const amounts = d.toks.filter((t) => t.numeric);
  // The last row of a table run over onto a page of its own, with no header there: a total and its
  // amounts of money (总计 29 9,052.62 总计 58 9,052.62).
  if (amounts.length >= MIN_NUMERIC_COLS && d.toks.some((t) => TOTAL_LABEL.test(t.text)) && amounts.some((t) => MONEY.test(t.text))) return true;
  const at = lns.indexOf(d);
  const above = linesAbove(lns, at);
  const heads = above.flatMap((l) => l.toks);
  // Among enumerated rows under a header line, its amounts need not stand under their headings (an
  // amount centred in a wide column stands well beside a right-aligned one).
  if (amounts.length >= 1 && headed(above) && enumeratedRows([...above, d, ...linesBelow(lns, at)]) >= MIN_ENUMERATED_ROWS) return true;
  if (amounts.length < MIN_NUMERIC_COLS) return false;
  // Or the amounts take turns with the headings of the line above, one amount at most between two
  // of them: an amount centred in its cell under a heading at the cell's edge stands well beside it
  // (Calc, headings right-aligned: 4.50 five ems left of its 预算数). Or with the headings of all the
  // lines above, the lines of one wrapped heading counted once (Writer, headings left-aligned over wide
  // amounts, the leaf headings two lines up, over a 类 款 项 row).
  const mid = (t: { x0: number; x1: number }) => (t.x0 + t.x1) / 2;
  const takeTurns = (leaves: ReadonlyArray<{ x0: number; x1: number }>) => {
    if (leaves.length < amounts.length) return false;
    const slots = amounts.map((t) => leaves.filter((h) => mid(h) < mid(t)).length);
    return new Set(slots).size === slots.length;
  };
  if (above.length && takeTurns(above[0].toks.filter((t) => !t.numeric))) return true;
  if (takeTurns(headingColumns(above.flatMap((l) => l.toks.filter((t) => !t.numeric))))) return true;
  const used = new Set<Tok>();
  return amounts.every((t) => {
    // the lowest heading over the amount
    const h = heads.find((a) => !used.has(a) && overlap(a.x0 - HEAD_REACH_EM * d.line.size, a.x1 + HEAD_REACH_EM * d.line.size, t.x0, t.x1) > 0);
    if (h) used.add(h);
    return !!h;
  });
}

/** Headings merged where they overlap side to side (the lines of one wrapped heading): one span each, left to right. */
function headingColumns(toks: readonly Tok[]): Array<{ x0: number; x1: number }> {
  const spans = toks.map((t) => ({ x0: t.x0, x1: t.x1 })).sort((p, q) => p.x0 - q.x0);
  const out: Array<{ x0: number; x1: number }> = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.x0 < last.x1) last.x1 = Math.max(last.x1, s.x1);
    else out.push({ ...s });
  }
  return out;
}

const isItem = (l: Ln) => l.toks.some((t) => ENUMERATED_ITEM.test(t.text));

/** The lines just above line `at` (no data line, title or wide gap between): its header, if any. */
function linesAbove(lns: Ln[], at: number): Ln[] {
  const above: Ln[] = [];
  const size = lns[at].line.size;
  let top = lns[at].line.y0;
  for (let k = at - 1; k >= 0 && at - k <= MAX_HEADER_LINES; k--) {
    const l = lns[k];
    if (l.data || boundsTable(l) || top - l.line.y1 > ROW_GAP_EM * size) break;
    above.push(l);
    top = Math.min(top, l.line.y0);
  }
  return above;
}

/** A header line among them: a line of several words that is no enumerated row. */
const headed = (above: Ln[]) => above.some((l) => !isItem(l) && l.toks.length >= MIN_NUMERIC_COLS);

/**
 * Enumerated rows of money under a header line, all amounts in one column: a page of a two-sided table
 * (表1 continued: 十三、交通运输支出 - …) whose other side has ended, or blank amounts printed as dashes.
 */
function itemsUnderHeader(lns: Ln[], body: Ln[], data: Ln[]): boolean {
  return headed(linesAbove(lns, lns.indexOf(body[0]))) && enumeratedRows(body) >= MIN_ENUMERATED_ROWS && data.some((l) => l.toks.some((t) => MONEY.test(t.text)));
}

/** The label-only lines under line `at` that a body may go on with (no gap, title or data line between). */
function linesBelow(lns: Ln[], at: number): Ln[] {
  const out: Ln[] = [];
  for (let k = at + 1; k < lns.length && k - at <= MAX_FRAGMENT_LINES; k++) {
    const l = lns[k];
    if (l.data || boundsTable(l) || l.line.y0 - lns[k - 1].line.y1 > ROW_GAP_EM * l.line.size) break;
    out.push(l);
  }
  return out;
}

/** Lines that start with an enumerated item (一、…): the rows of a table's stub, not narrative. */
function enumeratedRows(lines: readonly Ln[]): number {
  return new Set(lines.filter(isItem)).size;
}

export function findRegions(lns: Ln[], rules: readonly HRule[]): Region[] {
  const regions: Region[] = [];
  const taken = new Set<Ln>();
  let i = 0;
  while (i < lns.length) {
    if (!lns[i].data || taken.has(lns[i])) {
      i++;
      continue;
    }
    let j = i;
    let lastData = i;
    while (j + 1 < lns.length) {
      const prev = lns[j].line;
      const cur = lns[j + 1].line;
      if (cur.y0 - prev.y1 > ROW_GAP_EM * Math.max(prev.size, cur.size)) break;
      // A title or a 单位：万元 line starts the next table.
      if (!lns[j + 1].data && boundsTable(lns[j + 1])) break;
      if (lns[j + 1].data) lastData = j + 1;
      else if (j + 1 - lastData > MAX_FRAGMENT_LINES) break;
      j++;
    }
    const run = lns.slice(i, lastData + 1);
    const data = run.filter((l) => l.data);
    if (!enoughData(lns, data)) {
      i = lastData + 1;
      continue;
    }
    const em = median(data.map((l) => l.line.size));
    // The row of column numbers that starts a run is the header's last line, not a body row: its 栏次
    // words stand over the label column, where wrapped labels of the first rows may start further left.
    const rows = isColumnNumbers(data[0]) && data.length > MIN_DATA_LINES ? data.slice(1) : data;
    const { bands } = columnBands(rows.map((l) => l.toks), em);
    let end = run.findIndex((l) => !l.data && !fitsBody(l, bands, em, true));
    if (end < 0) end = run.length;
    const body = run.slice(0, end);
    const bodyData = body.filter((l) => l.data);
    const r = enoughData(lns, bodyData) ? accept(lns, i, body, bodyData, rules, taken) : null;
    if (r) {
      regions.push(r);
      for (const l of [...r.header, ...r.body]) taken.add(l);
      i = lns.indexOf(r.body[r.body.length - 1]) + 1;
    } else i = end < run.length ? i + Math.max(1, end) : lastData + 1;
  }
  return regions;
}

function accept(lns: Ln[], start: number, body: Ln[], bodyData: Ln[], rules: readonly HRule[], taken: Set<Ln>): Region | null {
  let data = bodyData;
  const em = median(data.map((l) => l.line.size));
  const { bands } = columnBands(data.map((l) => l.toks), em);
  if (bands.length < 2) return null;
  // (enoughData let a single amount through only among enumerated rows)
  if (bands.filter((b) => b.numeric > 0).length < MIN_NUMERIC_COLS && data.length >= MIN_DATA_LINES && !itemsUnderHeader(lns, body, data)) return null;
  const endIdx = lns.indexOf(body[body.length - 1]);
  // Trailing label-only lines (wrapped labels, rows with blank amounts) as close as the body's rows.
  const rowGaps: number[] = [];
  for (let k = 1; k < body.length; k++) rowGaps.push(body[k].line.y0 - body[k - 1].line.y1);
  const trailGap = Math.max(1.2 * em, 1.5 * median(rowGaps.filter((g) => g > 0)));
  for (let k = endIdx + 1; k < lns.length && k <= endIdx + MAX_FRAGMENT_LINES; k++) {
    const l = lns[k];
    if (l.data || boundsTable(l) || NOTE.test(lineText(l)) || l.line.y0 - body[body.length - 1].line.y1 > trailGap || !fitsBody(l, bands, em)) break;
    body.push(l);
  }
  // A label wrapped around the first row's amounts starts above them, on a line that overlaps theirs
  // (a heading never reaches down into the row under it): it is the row's, not the header's.
  const firstRow = body[0];
  for (;;) {
    const l = lns[start - 1];
    if (!l || l.data || taken.has(l) || l.line.y1 <= firstRow.line.y0 + 0.1 * em || boundsTable(l)) break;
    if (l.toks.some((t) => firstRow.toks.some((d) => overlap(t.x0, t.x1, d.x0, d.x1) > 0))) break;
    body.unshift(l);
    start--;
  }
  // Header: walk up until something bounds it.
  const x0 = bands[0].x0;
  const x1 = bands[bands.length - 1].x1;
  const width = x1 - x0;
  const ruleBetween = (top: number, bottom: number) =>
    rules.some((r) => r.y > top && r.y < bottom && overlap(r.x0, r.x1, x0, x1) > 0.5 * width);
  // No gap wider than the body's row gaps (a title or a paragraph stands apart), or than a tall heading row leaves.
  const gaps: number[] = [];
  for (let k = 1; k < body.length; k++) gaps.push(body[k].line.y0 - body[k - 1].line.y1);
  // A one-row body has no row gaps: the gap up to its header stands for them.
  const above = lns[start - 1];
  if (!gaps.length && above) gaps.push(body[0].line.y0 - above.line.y1);
  const maxGap = Math.max(HEADER_GAP_EM * em, 1.5 * median(gaps.filter((g) => g > 0)));
  const header: Ln[] = [];
  let headings = 0;
  let below = body[0].line;
  // Lines found above a gap wider than maxGap (a tall spreadsheet heading row, its text centred), kept
  // only if what ends the walk above them bounds a table: a title, a 单位 line or the top rule.
  let beyondGap = -1;
  let bounded = false;
  for (let k = start - 1; k >= 0 && header.length < MAX_HEADER_LINES; k--) {
    const l = lns[k];
    if (taken.has(l)) break;
    const gap = below.y0 - l.line.y1;
    if (gap > TALL_ROW_GAP_EM * em) break;
    // A rule above the header lines found so far is the table's top rule (the one under the header is
    // crossed). Lines under an enumerated item are body rows (below), not header lines found so far.
    if (headings > 0 && ruleBetween(l.line.y1 - 0.2 * em, below.y0 + 0.2 * em)) {
      bounded = true;
      break;
    }
    if (!isHeaderLine(l, em, bands)) {
      bounded = boundsTable(l) || l.line.size > em * 1.3;
      break;
    }
    if (gap > maxGap && beyondGap < 0) beyondGap = header.length;
    header.unshift(l);
    headings = isItem(l) ? 0 : headings + 1;
    if (l.line.y0 < below.y0) below = l.line;
  }
  const unbounded = beyondGap >= 0 && !bounded ? header.splice(0, header.length - beyondGap) : [];
  // A page may start with rows whose amounts are blank (a continuation: 十七、援助其他地区支出 …), which
  // the walk up from the first data line takes for headings. An enumerated item is a body row, never a
  // heading: it and every line under it belong to the body.
  const item = header.findIndex(isItem);
  if (item >= 0) body.unshift(...header.splice(item));
  // The row of column numbers (栏次 1 2 3 …) closes the header: its 类/款/项 are sub-headings.
  let numbersRow = false;
  // With one data row under it, the numbers stay in the body to show its columns (a row with blanks
  // needs them), unless they stand beside the amounts rather than over them (numbers left-aligned in
  // their cells, amounts right-aligned: number k+1 touches amount k) and the row fills every
  // numbered column, so that its amounts alone show the columns.
  const besideAmounts = () => {
    if (data.length !== MIN_DATA_LINES) return false;
    const nums = firstRow.toks.filter((t) => t.numeric);
    const amounts = data[1].toks.filter((t) => t.numeric);
    return amounts.length === nums.length && !nums.every((n, k) => overlap(n.x0, n.x1, amounts[k].x0, amounts[k].x1) > 0);
  };
  if (body[0] === firstRow && isColumnNumbers(firstRow) && (data.length > MIN_DATA_LINES || besideAmounts())) {
    const numbers = body.shift()!;
    header.push(numbers);
    data = data.filter((l) => l !== numbers);
    numbersRow = true;
  }
  return { header, numbersRow, body, data, em, unbounded };
}

/** A line of column numbers: its numbers are 1, 2, 3, … (or one run of them), no amounts. */
export function isColumnNumbers(l: Ln): boolean {
  const nums = l.toks.filter((t) => t.numeric);
  if (nums.length < 2 || !nums.every((t) => /^\d{1,2}$/.test(t.text))) return false;
  return nums.every((t, k) => k === 0 || Number(t.text) === Number(nums[k - 1].text) + 1);
}


