/**
 * Title correction against the lexicon with two characters misread: the OCR reading of the title of
 * lo-three-line-200--lo-threeline-xiling-t5 (full scan corpus; tesseract chi_sim, 200 dpi), which
 * sent the table to t3 (支出决算表) before.
 */
import type { LayoutCell } from '../extractors/layout.js';
import { correctHeaderCell, correctMarkerRow, correctPhrase, dropStrayQuote, shortWordsNear } from '../extractors/ocr/lexicon.js';

it('corrects a long title with two characters misread', () => {
  expect(correctPhrase('2020年度一般公共预算对政拔款支出决算表(表5)')).toBe('2020年度一般公共预算财政拨款支出决算表(表5)');
});

it('leaves short phrases with two characters misread alone', () => {
  // 基本支出 (4 characters) two off: not the phrase.
  expect(correctPhrase('基础收出合计')).toBe('基础收出合计');
});

describe('whole header cells (correctHeaderCell)', () => {
  it('corrects a header word broken over the lines of its cell as one phrase', () => {
    // h6-cairo-yangpu-t2 of the held-out scan set: 财政拨 / 款收入 read 财政搜 / 款收入 (each line too short alone)
    expect(correctPhrase('财政搜')).toBe('财政搜');
    expect(correctHeaderCell('财政搜款收入')).toBe('财政拨款收入');
    expect(correctHeaderCell('上级视助收入')).toBe('上级补助收入');
  });

  it('takes a two-character cell one off exactly one stub word for that word, and nothing else', () => {
    expect(correctHeaderCell('行欣')).toBe('行次'); // the real Xi'an 决算 p.146 at 200 dpi
    expect(correctHeaderCell('项日')).toBe('项目');
    expect(correctHeaderCell('行次')).toBe('行次');
    // two characters off, or one off two words (科目/项目 share 目), or not CJK: left as read
    expect(correctHeaderCell('琏里')).toBe('琏里');
    expect(correctHeaderCell('某目')).toBe('某目');
    expect(correctHeaderCell('行1')).toBe('行1');
  });
});

it('drops a quotation mark with no partner at either end of a cell (the crop\'s edge read as “)', () => {
  // unruled-200--h5-calc-unruled-yiling-t5: “科目名称, “项, “行政运行 at the left edge of their column's crops
  expect(dropStrayQuote('“行政运行')).toBe('行政运行');
  expect(dropStrayQuote('“项')).toBe('项');
  expect(dropStrayQuote('公务接待费”')).toBe('公务接待费');
  // quotes in pairs are the document's
  expect(dropStrayQuote('“三公”经费')).toBe('“三公”经费');
  expect(dropStrayQuote('财政拨款“三公”经费')).toBe('财政拨款“三公”经费');
});

it('takes a short word with a mark or letter read at its edge, or one character off, as worth reading again', () => {
  // noise-blur-200--xian-final-p146 of the held-out scans: the expense side's bold 决算数 read 欧算数E
  // (one off 预算数 as well: the re-reading decides)
  expect(shortWordsNear('欧算数E')).toEqual(['决算数', '预算数']);
  expect(shortWordsNear('决算数|')).toEqual(['决算数']);
  expect(shortWordsNear('决算政')).toEqual(['决算数']);
  // noise-blur-200--jingan-t2: 合计 read 吾计, one off each of the total labels (the re-reading decides)
  expect(shortWordsNear('吾计')).toEqual(['合计', '小计', '总计']);
  // the word itself, two characters off, or longer text: nothing to do
  expect(shortWordsNear('决算数')).toEqual([]);
  expect(shortWordsNear('欧算政')).toEqual([]);
  expect(shortWordsNear('决算数合计')).toEqual([]);
  expect(shortWordsNear('2计')).toEqual([]);
});

describe('the 类/款/项 marker row (correctMarkerRow)', () => {
  const cell = (row: number, col: number, text: string, colSpan = 1): LayoutCell => ({ page: 1, row, col, rowSpan: 1, colSpan, lines: text ? [text] : [], source: 'ocr' });
  it('takes the single characters under a heading ending in 编码 for the markers in order, whatever they were read as', () => {
    // noise-blur-200--h6-cairo-yangpu-t2 of the held-out scans: bold serif 类 款 read 奏 散
    const cells = [cell(0, 0, '支出功能分类科目编码', 3), cell(0, 3, '科目名称'), cell(1, 0, '奏'), cell(1, 1, '散'), cell(1, 2, '项'), cell(1, 3, '')];
    correctMarkerRow(cells);
    expect(cells.slice(2).map((c) => c.lines.join(''))).toEqual(['类', '款', '项', '']);
    // two columns under 科目编码: 类 and 款
    const two = [cell(0, 0, '科目编码', 2), cell(1, 0, '类'), cell(1, 1, '欲')];
    correctMarkerRow(two);
    expect(two.slice(1).map((c) => c.lines.join(''))).toEqual(['类', '款']);
  });
  it('leaves cells that are not one character each, or not one per column, as read', () => {
    const digits = [cell(0, 0, '科目编码', 3), cell(1, 0, '201'), cell(1, 1, '01'), cell(1, 2, '02')];
    correctMarkerRow(digits);
    expect(digits.slice(1).map((c) => c.lines.join(''))).toEqual(['201', '01', '02']);
    const missing = [cell(0, 0, '科目编码', 3), cell(1, 0, '奏'), cell(1, 1, '散')];
    correctMarkerRow(missing);
    expect(missing.slice(1).map((c) => c.lines.join(''))).toEqual(['奏', '散']);
  });
});
