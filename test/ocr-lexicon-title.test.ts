/**
 * Title correction against the lexicon with two characters misread: the OCR reading of the title of
 * lo-three-line-200--lo-threeline-xiling-t5 (full scan corpus; tesseract chi_sim, 200 dpi), which
 * sent the table to t3 (支出决算表) before.
 */
import { correctHeaderCell, correctPhrase, dropStrayQuote } from '../extractors/ocr/lexicon.js';

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
