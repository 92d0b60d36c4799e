import { parseAmount } from '../lib/number.js';
import { cleanLabel, compact } from '../lib/text.js';
import { unifyIdeographs } from '../lib/ideographs.js';

describe('parseAmount', () => {
  it.each([
    ['707.12', 'number', '707.12'],
    ['707. 12', 'number', '707.12'],
    ['5,863,600.00', 'number', '5863600.00'],
    ['1, 511.90', 'number', '1511.90'],
    ['5 863 600.00', 'number', '5863600.00'],
    ['707 .12', 'number', '707.12'],
    ['１２３．４５', 'number', '123.45'],
    ['0', 'number', '0'],
    ['0.00', 'number', '0.00'],
    ['-3.5', 'number', '-3.5'],
    ['(12.30)', 'number', '-12.30'],
    ['007', 'number', '7'],
    ['11.9%', 'percent', '11.9'],
    ['100.0 %', 'percent', '100.0'],
  ])('%s is a %s %s', (printed, kind, value) => {
    expect(parseAmount(printed)).toMatchObject({ kind, value });
  });

  it.each([['-'], ['—'], ['——'], ['－']])('%s is a dash, not zero', (printed) => {
    expect(parseAmount(printed)).toEqual({ kind: 'dash', value: null });
  });

  it('tells blank from text', () => {
    expect(parseAmount('')).toEqual({ kind: 'blank', value: null });
    expect(parseAmount('   ')).toEqual({ kind: 'blank', value: null });
    expect(parseAmount(null)).toEqual({ kind: 'blank', value: null });
    expect(parseAmount('合计')).toEqual({ kind: 'text', value: null });
    expect(parseAmount('1.2.3')).toEqual({ kind: 'text', value: null });
    expect(parseAmount('12,34.5')).toEqual({ kind: 'text', value: null });
    // Two values in one cell are not one number.
    expect(parseAmount('3 3')).toEqual({ kind: 'text', value: null });
    expect(parseAmount('707 12')).toEqual({ kind: 'text', value: null });
    expect(parseAmount('284. 57 369. 83')).toEqual({ kind: 'text', value: null });
  });

  it('keeps values exact beyond float precision', () => {
    expect(parseAmount('12345678901234567.89').value).toBe('12345678901234567.89');
  });
});

describe('labels', () => {
  it('rejoins words a converter split', () => {
    expect(cleanLabel('本年收 入合计')).toBe('本年收入合计');
    expect(cleanLabel('机关事业单位基本养老保险 缴费支出')).toBe('机关事业单位基本养老保险缴费支出');
    expect(cleanLabel('因 公 出 国 （ 境 ） 费')).toBe('因公出国(境)费');
  });
  it('keeps spaces that separate Latin words and numbers from CJK for reading', () => {
    expect(cleanLabel('2020 年度')).toBe('2020 年度');
    expect(compact('2020 年度 收入决算表（表 2）')).toBe('2020年度收入决算表(表2)');
  });
});

describe('radical code points (Chromium/Skia and some Word fonts write them in ToUnicode)', () => {
  it('reads Kangxi radicals and CJK Radicals Supplement characters as the ideographs the page shows', () => {
    expect(unifyIdeographs('\u2f8f次')).toBe('行次'); // Kangxi radical WALK ENCLOSURE
    expect(unifyIdeographs('公务用\u2ecb购置费')).toBe('公务用车购置费'); // C-SIMPLIFIED CART: no NFKC mapping
    expect(unifyIdeographs('\u2ea0生')).toBe('民生');
    expect(compact('\u2fa6 额')).toBe('金额');
    expect(cleanLabel('\u2f64\u2ecb')).toBe('用车');
  });

  it('leaves other text alone, and a radical without an equivalent ideograph as it is', () => {
    expect(unifyIdeographs('本年收入合计 1,234.56')).toBe('本年收入合计 1,234.56');
    expect(unifyIdeographs('\u2e80')).toBe('\u2e80');
  });
});
