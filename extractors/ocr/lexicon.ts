/**
 * Post-correction of OCR'd text against the fixed vocabulary of 决算 tables. tesseract's chi_sim
 * misreads a few header characters at 150–200 dpi (拨→拓, 缴→绍, 款→欧/欣, ＝→二) and its
 * per-character alternatives do not contain the right one, yet these words decide which column is
 * which: 财政拨款收入 is the `fiscal` column, a 款 marker makes a code column. Corrections are
 * deliberately narrow:
 *
 *  - phrases (≥ 4 characters) of the vocabulary below: a window of the text that differs from a
 *    phrase in exactly one character (two for a phrase of 12 or more: a title) is corrected, unless another phrase matches that window
 *    exactly or two phrases want different characters at one position;
 *  - the 类/款/项 marker row of a grid: a single non-digit character right after 类 (or 款) is 款
 *    (or 项);
 *  - in a note, "N栏各行二(" is "N栏各行＝(".
 *
 * Numbers are never touched here (amounts are checked by the identities, see src/validate/repair.ts).
 */
import type { LayoutCell } from '../layout.js';

/** Header words, titles and labels printed in the standard 决算 tables. */
export const LEXICON: readonly string[] = [
  '收入支出决算总表', '收入决算表', '支出决算表', '财政拨款收入支出决算总表', '一般公共预算财政拨款支出决算表',
  '一般公共预算财政拨款基本支出决算表', '三公经费支出决算表', '“三公”经费支出决算表', '经费支出决算表', '政府性基金预算财政拨款收入支出决算表',
  '国有资本经营预算财政拨款收入支出决算表', '国有资本经营预算财政拨款支出决算表',
  '本年收入合计', '本年支出合计', '财政拨款收入', '上级补助收入', '事业收入', '经营收入', '附属单位上缴收入', '其他收入',
  '功能分类科目编码', '经济分类科目编码', '科目编码', '科目名称', '基本支出', '项目支出', '上缴上级支出', '经营支出',
  '对附属单位补助支出', '人员经费', '公用经费', '人员经费合计', '公用经费合计', '因公出国（境）费', '因公出国(境)费',
  '公务用车购置及运行维护费', '公务用车购置及运行费', '公务用车购置费', '公务用车运行维护费', '公务用车运行费', '公务接待费',
  '年初结转和结余', '年末结转和结余', '本年收入', '本年支出', '一般公共预算财政拨款', '政府性基金预算财政拨款',
  '国有资本经营预算财政拨款', '一般公共预算', '政府性基金预算', '国有资本经营预算', '财政拨款结转和结余',
  '使用非财政拨款结余', '结余分配', '收入决算', '支出决算', '决算数合计',
];

/** Phrases this long (characters) are corrected with up to two characters misread. */
const LONG_PHRASE = 12;

const PHRASES = LEXICON.map((p) => [...p.replace(/\s+/g, '')]).filter((p) => p.length >= 4);

/**
 * A quotation mark with no partner at either end of a cell's text is a speck read as one: quotes in a
 * 决算 table come in pairs (“三公”经费), and tesseract reads the edge of a crop as “ (“行政运行, “项).
 */
export function dropStrayQuote(text: string): string {
  let t = text;
  if (/^\s*[“"‘]/.test(t) && !/[”"’]/.test(t.replace(/^\s*[“"‘]/, ''))) t = t.replace(/^\s*[“"‘]\s*/, '');
  if (/[”"’]\s*$/.test(t) && !/[“"‘]/.test(t.replace(/[”"’]\s*$/, ''))) t = t.replace(/\s*[”"’]\s*$/, '');
  return t;
}

/** Corrects one line of OCR'd text against LEXICON; returns the line unchanged when nothing is sure. */
export function correctPhrase(line: string): string {
  const chars = [...line];
  if (chars.length < 4 || !/[\u4e00-\u9fff]/.test(line)) return line;
  // Per position: the longest phrase matching exactly there, and the fixes wanted by the longest near-matches.
  const confirmed = new Map<number, number>();
  const fixes = new Map<number, { len: number; want: Set<string> }>();
  for (const phrase of PHRASES) {
    const L = phrase.length;
    // A long phrase (a table title) is still itself with two characters misread (财→对 and 拨→拔).
    const allowed = L >= LONG_PHRASE ? 2 : 1;
    for (let i = 0; i + L <= chars.length; i++) {
      const misses: number[] = [];
      for (let k = 0; k < L && misses.length <= allowed; k++) if (chars[i + k] !== phrase[k]) misses.push(i + k);
      if (!misses.length) for (let k = 0; k < L; k++) confirmed.set(i + k, Math.max(L, confirmed.get(i + k) ?? 0));
      // Only CJK misreads of CJK characters: digits, brackets and punctuation are not guessed.
      else if (misses.length <= allowed && misses.every((m) => /[\u4e00-\u9fff]/.test(chars[m]) && /[\u4e00-\u9fff]/.test(phrase[m - i]))) {
        for (const miss of misses) {
          const f = fixes.get(miss);
          if (!f || f.len < L) fixes.set(miss, { len: L, want: new Set([phrase[miss - i]]) });
          else if (f.len === L) f.want.add(phrase[miss - i]);
        }
      }
    }
  }
  let changed = false;
  for (const [pos, { len, want }] of fixes) {
    // A character inside an exact phrase at least as long stays; two phrases wanting different characters: unsure.
    if ((confirmed.get(pos) ?? 0) >= len || want.size !== 1) continue;
    chars[pos] = [...want][0];
    changed = true;
  }
  let out = changed ? chars.join('') : line;
  // "1 栏各行＝（2+3）栏各行": ＝ read as 二.
  out = out.replace(/(栏各行|行)二([(（])/g, '$1＝$2');
  return out;
}

/** Two-character stub words of a header (the columns of codes, names and line numbers). */
const STUB_WORDS: readonly string[] = ['项目', '行次', '栏次', '科目', '名称', '编码', '金额'];

/**
 * A whole header cell: its text as one phrase (correctPhrase), or, when it is two CJK characters one off
 * exactly one stub word (行欣 → 行次) and that word shares the other character in place, that word. The
 * cell must be nothing else: a longer text, a digit or two candidates leave it as read.
 */
export function correctHeaderCell(text: string): string {
  return isTwoCjk(text) ? correctStubWord(text) : correctPhrase(text);
}

const isTwoCjk = (text: string) => /^[\u4e00-\u9fff]{2}$/.test(text.replace(/\s+/g, ''));

/** A two-character cell one off exactly one stub word is that word (see correctHeaderCell); anything else is left as read. */
export function correctStubWord(text: string): string {
  const compactText = text.replace(/\s+/g, '');
  if (!isTwoCjk(text) || STUB_WORDS.includes(compactText)) return text;
  const chars = [...compactText];
  const near = STUB_WORDS.filter((w) => [...w].filter((ch, i) => ch === chars[i]).length === 1);
  return near.length === 1 ? near[0] : text;
}

/**
 * Short words of the tables (column headers, total labels): too short to correct blindly (see
 * correctPhrase), but a whole line one CJK character off one of them is worth reading again
 * (recognize.ts re-reads it enlarged, or binarised differently, and takes the new reading only when
 * it is one of the words it was near).
 */
export const SHORT_WORDS: readonly string[] = ['决算数', '预算数', '年初数', '调整数', '合计', '小计', '总计'];

/** Latin letters and marks at either end of a line: specks and blur at a crop's edge read as E, l, | or '. */
const EDGE_MARKS = /^[A-Za-z|!'"`.,:;_~-]+|[A-Za-z|!'"`.,:;_~-]+$/g;

/**
 * The short words that `line` (as a whole, less Latin letters and marks at its ends) misses by
 * exactly one CJK character, or spells with such marks added (吾计 → 合计 小计 总计, 欧算数E →
 * 决算数); none when it is one of them as read.
 */
export function shortWordsNear(line: string): string[] {
  const compact = line.replace(/\s+/g, '');
  if (SHORT_WORDS.includes(compact)) return [];
  const chars = [...compact.replace(EDGE_MARKS, '')];
  if (SHORT_WORDS.includes(chars.join(''))) return [chars.join('')];
  return SHORT_WORDS.filter((w) => {
    const want = [...w];
    if (chars.length !== want.length) return false;
    const miss = chars.map((c, i) => (c === want[i] ? -1 : i)).filter((i) => i >= 0);
    return miss.length === 1 && /[\u4e00-\u9fff]/.test(chars[miss[0]]);
  });
}

const MARKERS = ['类', '款', '项'];

/**
 * The 类/款/项 marker row: in a row where some cell reads exactly 类, a single non-digit character
 * in the next cells is the next marker (款, then 项). And under a heading that ends in 编码 (科目编码,
 * 功能分类科目编码) spanning two or three columns, one single-character cell per column is the
 * markers in order, whatever they were read as (bold serif 类 款 under noise: 奏 散): the standard
 * tables print nothing else there. Mutates the cells' first line.
 */
export function correctMarkerRow(cells: LayoutCell[]): void {
  const byRow = new Map<number, LayoutCell[]>();
  for (const c of cells) {
    if (!byRow.has(c.row)) byRow.set(c.row, []);
    byRow.get(c.row)!.push(c);
  }
  const text = (c: LayoutCell) => c.lines.join('').replace(/\s+/g, '');
  const single = (t: string) => [...t].length === 1 && /[\u4e00-\u9fff]/.test(t);
  for (const head of cells) {
    if (head.colSpan < 2 || head.colSpan > MARKERS.length || !text(head).endsWith('编码')) continue;
    const under = (byRow.get(head.row + head.rowSpan) ?? []).filter((c) => c.col >= head.col && c.col + c.colSpan <= head.col + head.colSpan);
    if (under.length !== head.colSpan || !under.every((c) => c.colSpan === 1 && single(text(c)))) continue;
    under.sort((a, b) => a.col - b.col).forEach((c, m) => (c.lines = [MARKERS[m]]));
  }
  for (const row of byRow.values()) {
    row.sort((a, b) => a.col - b.col);
    row.forEach((start, i) => {
      if (text(start) !== '类') return;
      let next = start.col + start.colSpan;
      for (let m = 1; m < MARKERS.length; m++) {
        const c = row.slice(i + 1).find((x) => x.col === next);
        if (!c) return;
        const t = text(c);
        if (t === MARKERS[m]) {
          next = c.col + c.colSpan;
          continue;
        }
        if ([...t].length !== 1 || /[\d\s]/.test(t) || MARKERS.includes(t)) return;
        c.lines = [MARKERS[m]];
        next = c.col + c.colSpan;
      }
    });
  }
}
