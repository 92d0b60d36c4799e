/**
 * Title correction against the lexicon with two characters misread: the OCR reading of the title of
 * lo-three-line-200--lo-threeline-xiling-t5 (full scan corpus; tesseract chi_sim, 200 dpi), which
 * sent the table to t3 (支出决算表) before.
 */
import { correctPhrase } from '../extractors/ocr/lexicon.js';

it('corrects a long title with two characters misread', () => {
  expect(correctPhrase('2020年度一般公共预算对政拔款支出决算表(表5)')).toBe('2020年度一般公共预算财政拨款支出决算表(表5)');
});

it('leaves short phrases with two characters misread alone', () => {
  // 基本支出 (4 characters) two off: not the phrase.
  expect(correctPhrase('基础收出合计')).toBe('基础收出合计');
});
