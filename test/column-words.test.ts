import { splitAtGaps, splitAtSeams, type Word } from '../extractors/columns/words.js';

/** A word from characters laid out left to right: each char 0.55 em wide, `gaps` (in ems) before given indexes, else `gap`. */
function word(text: string, gaps: Record<number, number>, size = 9, gap = 0.05): Word {
  let x = 100;
  const chars = Array.from(text.replace(/ /g, '')).map((ch, k) => {
    x += (gaps[k] ?? gap) * size;
    const c = { ch, x0: x, x1: x + 0.55 * size };
    x = c.x1;
    return c;
  });
  return { text, bbox: { x0: chars[0].x0, y0: 0, x1: chars[chars.length - 1].x1, y1: size }, size, chars };
}

describe('splitAtGaps', () => {
  it('cuts at gaps wider than half an em', () => {
    expect(splitAtGaps(word('合计 12.00', { 2: 0.8 })).map((w) => w.text)).toEqual(['合计', '12.00']);
  });

  it('cuts a decimal amount set against the next column\'s code or label by a narrow space', () => {
    // Chromium, a tight unruled 表6: "9,017,838.63 302" is the 人员经费 amount and the 公用经费 code
    expect(splitAtGaps(word('9,017,838.63 302', { 12: 0.35 })).map((w) => w.text)).toEqual(['9,017,838.63', '302']);
    expect(splitAtGaps(word('121,911.73 办公费', { 10: 0.3 })).map((w) => w.text)).toEqual(['121,911.73', '办公费']);
  });

  it('cuts a decimal amount from the next cell\'s text at a space the reader saw, however narrow its estimated gap', () => {
    // Calc, an unruled sheet: pdf.js runs "1,980.09 一、一般公共服务支出" into one item, its space 0.08 em wide
    const w = word('1,980.09 一、一般公共服务支出', { 8: 0.08 });
    expect(splitAtGaps(w).map((p) => p.text)).toEqual(['1,980.09 一、一般公共服务支出']);
    w.chars![8].spaceBefore = true;
    expect(splitAtGaps(w).map((p) => p.text)).toEqual(['1,980.09', '一、一般公共服务支出']);
    // a space inside a number is no seam
    const grouped = word('5 863 600.00', { 1: 0.08, 4: 0.08 });
    grouped.chars![1].spaceBefore = grouped.chars![4].spaceBefore = true;
    expect(splitAtGaps(grouped).map((p) => p.text)).toEqual(['5 863 600.00']);
  });

  it('cuts an amount set solid from the next cell\'s text 0.15 em away, unless its unit follows', () => {
    // Chromium, 三线表 with 1 px cell padding (chromium-threeline-right-pad1-uminghk…): a right-aligned amount
    // 0.151 em from the next column's left-aligned label, no space in the text layer; t1 0/42 before
    expect(splitAtGaps(word('25,444,886.54 一、一般公共服务支出', { 13: 0.15 }, 10, 0)).map((w) => w.text)).toEqual(['25,444,886.54', '一、一般公共服务支出']);
    expect(splitAtGaps(word('2,427,232.25 2,427,232.25', { 12: 0.15 }, 10, 0)).map((w) => w.text)).toEqual(['2,427,232.25', '2,427,232.25']);
    // running text goes on with the figure's unit
    expect(splitAtGaps(word('2940.05 万元', { 7: 0.15 }, 10, 0)).length).toBe(1);
    // characters not set solid (OCR ink, a spread line) need the wider space
    expect(splitAtGaps(word('1,980.09 一、一般公共服务支出', { 8: 0.15 }, 10, 0.05)).length).toBe(1);
  });

  it('cuts a dash printed for zero from the next column\'s label or code', () => {
    // Writer, unruled 表1 and 表6 in 元 with zeros printed "-" (heldout5-writer-none-margin6…): the right-aligned
    // dash of the 收入 amounts ran into the 支出 label, the 人员经费 dash into the 公用经费 code
    expect(splitAtGaps(word('- 三、国防支出', { 1: 0.3 })).map((w) => w.text)).toEqual(['-', '三、国防支出']);
    expect(splitAtGaps(word('- 302', { 1: 0.3 })).map((w) => w.text)).toEqual(['-', '302']);
    // a sign set solid before its number stays with it
    expect(splitAtGaps(word('-12.30', {})).map((w) => w.text)).toEqual(['-12.30']);
  });

  it('cuts ideographs that touch at the seams where they stand apart: headings of neighbouring cells run together', () => {
    // Writer, 三线表, Noto Sans CJK TC 10 pt: the first lines of three wrapped headings of narrow columns,
    // 一般公共预算 | 政府性基金预 | 国有资本经营, 0.14 and 0.23 em apart, their own characters touching
    const w = word('一般公共预算政府性基金预国有资本经营', { 6: 0.14, 12: 0.23 }, 10, 0);
    expect(splitAtGaps(w).map((p) => p.text)).toEqual(['一般公共预算', '政府性基金预', '国有资本经营']);
    // a justified line spreads all its characters alike: no seam
    expect(splitAtGaps(word('本表反映部门本年度一般公共预算财政拨款支出情况', {}, 10, 0.15)).length).toBe(1);
    // nor does one wider gap among characters that do not touch
    expect(splitAtGaps(word('本表反映部门本年度一般公共预算财政拨款支出情况', { 9: 0.3 }, 10, 0.05)).length).toBe(1);
  });

  it('keeps numbers that a narrow space does not end: digit groups, and touching characters', () => {
    expect(splitAtGaps(word('5 863 600.00', { 1: 0.3, 4: 0.3 })).map((w) => w.text)).toEqual(['5 863 600.00']);
    expect(splitAtGaps(word('12.34%', {})).map((w) => w.text)).toEqual(['12.34%']);
    expect(splitAtGaps(word('1.5 %', { 3: 0.3 })).map((w) => w.text)).toEqual(['1.5 %']);
  });
});

describe('splitAtSeams', () => {
  /** Ideographs set solid (1 em each), `gaps` (in ems) before given indexes. */
  const solid = (text: string, gaps: Record<number, number>, size = 11): Word => {
    let x = 200;
    const chars = Array.from(text).map((ch, k) => {
      x += (gaps[k] ?? 0) * size;
      const c = { ch, x0: x, x1: x + size };
      x = c.x1;
      return c;
    });
    return { text, bbox: { x0: chars[0].x0, y0: 0, x1: chars[chars.length - 1].x1, y1: size }, size, chars };
  };

  it('cuts headings of neighbouring cells set closer than a word space', () => {
    // Chromium, Noto Sans Mono CJK 11 pt, centred headings in columns just wider than their text: 0.45 em apart
    expect(splitAtSeams(solid('本年收入财政拨款上级补助', { 4: 0.45, 8: 0.45 })).map((w) => w.text)).toEqual(['本年收入', '财政拨款', '上级补助']);
    expect(splitAtSeams(solid('款项', { 1: 0.43 })).map((w) => w.text)).toEqual(['款', '项']);
  });

  it('keeps one heading whole: solid, spread evenly, or with a narrower space', () => {
    expect(splitAtSeams(solid('财政拨款收入', {})).map((w) => w.text)).toEqual(['财政拨款收入']);
    expect(splitAtSeams(solid('合计数', { 1: 0.4, 2: 0.4 })).map((w) => w.text)).toEqual(['合计数']);
    expect(splitAtSeams(solid('本年收入', { 2: 0.15 })).map((w) => w.text)).toEqual(['本年收入']);
    // only between ideographs: a space beside digits or Latin text is the word's own
    expect(splitAtSeams(solid('2019年决算', { 4: 0.4 })).map((w) => w.text)).toEqual(['2019年决算']);
    expect(splitAtSeams(solid('2019年决算', { 5: 0.4 })).map((w) => w.text)).toEqual(['2019年', '决算']);
    expect(splitAtSeams(solid('收入2', { 2: 0.4 })).map((w) => w.text)).toEqual(['收入2']);
  });
});
