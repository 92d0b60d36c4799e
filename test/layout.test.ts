import { joinWrappedLines } from '../extractors/layout.js';

describe('joinWrappedLines', () => {
  it('joins CJK wrapped lines without spaces', () => {
    expect(joinWrappedLines(['机关事业单位基本养老保险', '缴费支出'])).toBe('机关事业单位基本养老保险缴费支出');
  });
  it('keeps a space between Latin words', () => {
    expect(joinWrappedLines(['Total', 'amount'])).toBe('Total amount');
  });
});
