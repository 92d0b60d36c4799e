import { readFileSync } from 'node:fs';
import { GroundTruthSchema, type GroundTruth } from '../schemas/facts.js';
import type { DocumentRecord } from '../schemas/record.js';
import { extractDocument } from '../src/pipeline/index.js';
import { recordFacts } from '../src/export/facts.js';
import { compareByTable, compareFacts, HandCheckedSchema, ProducerManifestSchema } from '../src/evaluate/accuracy.js';
import { failures } from '../scripts/fixtures/identities.js';

/**
 * Born-digital documents from producers other than our pdfkit generator (LibreOffice Writer from HTML,
 * LibreOffice Calc from XLSX; test/fixtures/producers/README.md), read by the real pipeline and compared
 * cell by cell with their ground truth. The pdfkit documents of the same manifest are tested in
 * generated-fixtures.test.ts.
 *
 * The target (issue 7) is ≥ 99.9 % exact cells for every producer. Documents that do not reach it yet
 * have a floor just under the rate measured on the code of the commit that set it, so that a regression
 * fails; the lead raises a floor (to TARGET at best) as fixes land. A floor of 0 means no cell is read
 * yet: the cell test is a `todo` then, not a test that cannot fail.
 * `PRODUCERS_MEASURE=1` prints the measured rates, to update this table.
 */
const TARGET = 0.999;

interface Expect {
  /** minimum exact-cell rate */
  cells: number;
  /** department, year, kind and region read right */
  identity: boolean;
  /** why the document is below target today (the general assumption that breaks) */
  why?: string;
}

// Measured 2026-12-01 on main at d6946bc (second round of unruled, continue and header merged).
// History (exact-cell rate): writer-threeline-right 0.386 (0fb7ce6) → 0.332 (c40a47c) → 0.753 (37480e7,
// unruled) → 0.723 (5a2c2bb, continue); writer-none-right 0.378 → 0.477 → 0.497 → 0.444 (continue: t1, t4);
// calc-plain-stacked 0 → 0.178 (c40a47c) → 0 (37480e7, unruled: its t5 35/44 → 0/44).
// calc-plain-stacked 0 → 0.867 (2026-12-01, wt-calc: amount and label run into one pdf.js item cut apart,
// taller spreadsheet heading rows, header-only columns no alignment evidence) → 0.959 (t6 36/36: a heading
// is homed by its column's values, not by a 合计 label centred over merged cells that sticks out of the next column).
// calc-plain-stacked-left (added by wt-calc, a second stacked sheet: Hubei, portrait, left-aligned headers):
// 0.094 on the code before the stacked-sheet fixes, 0.941 after (t7 0/12, one data row); 0.871 after the
// cols+calc merge (615cc48: t6 16/30, the 公用经费合计 label alone between two headed columns kept as a column
// of its own) → 0.941 again (a lone label no heading stands over is not kept apart). calc-plain-stacked 0.990
// at 615cc48 (t7 6/8 with the one-row tables of wt-cols).
// calc-grid, calc-grid-text: identity read from the peeled cover (checked since wt-calc); calc-grid-text 285/285
// with 1 extra (its t7 note read as a row) → no extra: a row of 部门 and 单位 lines side by side and a note that
// quotes header words are captions (extractors/grid/captions.ts).
// At d6946bc: threeline-right 0.906, none-right 0.980, none-left 0.802, none-reprint 0.856, threeline-left 0.781.
// 2026-12-01 at 27aab42 (column model: blank columns by header alignment, one-row tables, spans from vertical
// centring): none-left 0.9958, threeline-right 0.9950, none-reprint 0.9128, none-right 1.0, threeline-left 1.0.
// Then none-left and threeline-right 1.0 (blank standard rows of t4 kept, an amount cut off the next column's 总计).
// 2026-12-01, wt-cont (unruled continuations placed by where their text lies, wrapped-label test by line fill):
// none-left 0.802 → 0.819 (t4 19/19, t6 35/35, extra 25 → 10), none-reprint 0.856 → 0.872 (t1 10/10, extra 30 → 23),
// none-right 0.980 → 0.984 (t6 31/31, extra 8 → 5). Then none-reprint 0.872 → 0.933 (t4 0/17 → 12/17: its continuation
// read under the header it prints, the first page's header not being understood).
const EXPECT: Record<string, Expect> = {
  'writer-full-center-hubei-2019-jiangan-jiaoyu': { cells: TARGET, identity: true },
  'writer-reprint-center-hubei-2020-xiling-minzheng': { cells: TARGET, identity: true },
  'writer-full-noheader-hubei-2021-fancheng-nongye': { cells: TARGET, identity: true },
  'calc-borders-hubei-2019-jiangan-jiaoyu': { cells: TARGET, identity: true },
  'writer-none-left-shanghai-2024-pudong-wenlv': { cells: TARGET, identity: true },
  'writer-threeline-right-hubei-2021-fancheng-nongye': { cells: TARGET, identity: true },
  // 2026-12-02 (wt-cols2): 0.9128 → 1.0 (t4 0/17 → 17/17: a money amount 0.7 em before the next column's label
  // ends a cell, a label column whose labels all wrap around their amounts is a column, and the first row's
  // label starting above its amount is the row's); 3 extra cells remained (t1 2, t4 1: the continuation's rows
  // above its first amount, 十七、… with blank values, were read as header lines, so the reprinted headings
  // fell into them) → none on wt-heldout (an enumerated item is a body row, never a heading: extractors/columns/regions.ts)
  'writer-none-reprint-shanghai-2022-jingan-weijian': { cells: TARGET, identity: true },
  'writer-none-right-hubei-2019-jiangan-jiaoyu': { cells: TARGET, identity: true },
  'writer-threeline-left-shanghai-2024-minhang-sifa': { cells: TARGET, identity: true },
  'calc-grid-shanghai-2022-jingan-weijian': { cells: TARGET, identity: true },
  'calc-grid-text-hubei-2020-xiling-minzheng': { cells: TARGET, identity: true },
  // 2026-12-02 (wt-cols2): 0.9406 → 1.0, no extra (t7 0/12 → 12/12: 栏次 numbers left-aligned beside the
  // amounts of a full one-row table go to the header; a left-aligned heading left of the first values starts their cell)
  'calc-plain-stacked-left-hubei-2021-fancheng-nongye': { cells: TARGET, identity: true },
  // Chromium (Skia PDF), measured 2026-12-01 on main after the radical-code-point fix (src/normalize/ideographs.ts)
  'chromium-full-right-shanghai-2024-pudong-wenlv': { cells: TARGET, identity: true },
  // 0.812 / 0.829 before an amount set against the next column's code by a narrow space was cut (extractors/columns/words.ts)
  // 202/202, no extra cells measured 2026-12-02 on wt-cols2 (already so on main at 309fbbe)
  'chromium-none-center-hubei-2021-fancheng-nongye': { cells: TARGET, identity: true },
  // 2026-12-02 (wt-cols2): 0.9737 → 0.9868 (t3 70/74 → 74/74: amounts no heading stands over go to the
  // nearest of two centred headings in their gap, the other one alone is a blank column).
  // 2026-12-02 (wt-groupspan): 0.9868 → 1.0, no extra (t7 8/12 → 12/12: the centred header was read as
  // left-aligned, headings as wide as their values counting for both edges but not for the centre; and
  // 公务用车购置及运行费 kept off its 小计 column by 预算数 a row above, whose span was not found yet)
  'chromium-threeline-center-hubei-2019-jiangan-jiaoyu': { cells: TARGET, identity: true },
  // 2026-12-02 (wt-groupspan): 0.990 → 1.0, no extra (t7 6/8 → 8/8: 公务用车购置及运行费 kept off its 小计
  // column by 财政拨款“三公”经费 a row above, whose span was not found yet)
  'calc-plain-stacked-shanghai-2024-minhang-sifa': { cells: TARGET, identity: true },
  // Added 2026-12-02 by wt-chromium-mono (regression for heldout3-chromium-none-mono11): 274/304 = 0.901 on the
  // code before (t3 70/74, t4 0/21: the 栏次 row started the body and centred labels wrapped in both label
  // columns did not fit it; t6 29/31: its total row alone on the last page made no table) → 304/304.
  'writer-none-mono105-centerlabels-plain-hubei-2019-jiangan-jiaoyu': { cells: TARGET, identity: true },
  // 2026-12-02 (wt-calc-center), header rows 30 pt tall over centred labels, what broke the held-out 3 Calc
  // sheet with 36 pt heading rows: 177/195 on the code before (t1 0/10, t7 0/8: the walk up from the body
  // stopped at the first tall gap between heading rows, the headings were taken as centred, and a group
  // heading and its leaf rows of space apart were not seen stacked) → 195/195.
  'chromium-none-left-centerlabels-tall-shanghai-2022-jingan-weijian': { cells: TARGET, identity: true },
  // the same in Writer (28 pt header rows, landscape, Hubei with 行次/栏次 rows): 44/202 on the code before
  // (t1, t2, t3, t5 0/141: the header ended at the first tall gap; t6 19/30, t7 6/12: headings taken as centred) → 202/202.
  'writer-none-left-centerlabels-tall-hubei-2021-fancheng-nongye': { cells: TARGET, identity: true },
  // Added 2026-12-02 (wt-rows): 230/237 on the code before (t1 12/13, t4 13/19: pages of a table split every
  // 7 rows that hold one data line among blank enumerated rows made no table, and 收入 centred over the
  // blank income half of such a page was read as a column of its own) → 237/237.
  'chromium-threeline-tc10-center-reprint7-shanghai-2024-pudong-wenlv': { cells: TARGET, identity: true },
  // Added 2026-12-02 (wt-rows): 235/237 on the code before (t4 17/19: the wrapped last line of
  // 二十六、抗疫特别国债安排的支出, printed in a row too short for it, fell into the 本年支出合计 cell
  // under it) → 237/237.
  'calc-borders-mono10-portrait-shanghai-2024-pudong-wenlv': { cells: TARGET, identity: true },
  // Added 2026-12-02 (wt-rightlabels), regression for heldout2-writer-none-rightlabels-reprint4: 224/237 on
  // the code before (t1 0/13 +49: left-aligned headings in the gaps after right-aligned labels and amounts,
  // nothing stacked to show their alignment, taken as centred) → 237/237.
  'calc-plain-left-rightlabels-shanghai-2024-pudong-wenlv': { cells: TARGET, identity: true },
  // Added 2026-12-02 (wt-born4): Chromium with right-aligned labels under left-aligned headings, read
  // 196/196 on the code before too (the combination that failed in an uncommitted variant did not recur here).
  'chromium-none-left-rightlabels-uming-reprint9-shanghai-2024-minhang-sifa': { cells: TARGET, identity: true },
  // Added 2026-12-02 (wt-born4): the same on a Hubei document, landscape, wide 元 amounts: t4 17/19, t6 8/30 on
  // the code before (left-aligned headings that reach over the amounts after right-aligned labels were not
  // counted as starting their cells, so the header was taken as centred) → 202/202.
  'chromium-none-left-uming-rightlabels-reprint10-hubei-2021-fancheng-nongye': { cells: TARGET, identity: true },
  // Added 2026-12-02 (wt-born4), regression for heldout4-chromium-threeline-zenhei-right: 279/285 on the code
  // before (t7 6/12: header rows closer than wrapped lines, 公务用车购置及运行费 read as wrapped onto the
  // two headings under it) → 285/285.
  'chromium-threeline-zenhei-right-hubei-2020-xiling-minzheng': { cells: TARGET, identity: true },
  // Added 2026-12-02 (wt-heldout5), regressions for held-out 5: on main a129ef2 chromium-none-dash-reprint10 read
  // 602/613 (t1 32/42: "-" run into the next label, a page of 表1 with one amount column no table; t4 124/125: a
  // row whose only value is "-" taken for a header line) and writer-threeline-a3-center 230/285 (t5 3/58: 栏次
  // centred in a wide name cell taken for a blank column) → 613/613 and 285/285.
  'chromium-none-dash-reprint10-shanghai-2021-changning-wenlv': { cells: TARGET, identity: true },
  'writer-threeline-a3-center-hubei-2020-xiling-minzheng': { cells: TARGET, identity: true },
  // The held-out set (scripts/fixtures/producers/list.ts, HELDOUT): never tuned against. Measured once on
  // 2026-12-02 at 9e150c1 (main) before any extractor change, the honest held-out figure: 1219/1345 = 90.63 %,
  // writer 399/432, chromium 399/480, calc 421/433 (the floors here are those measurements).
  'heldout-writer-full-right-reprint10-shanghai-2024-pudong-wenlv': { cells: TARGET, identity: true },
  // 0.83 → 1.0, no extra (wt-heldfix; t6 0/32 +32: a centred 决算数 ends 12 pt short of its right-aligned
  // amounts, which no heading stood over, and was a blank column; t7 7/8 +1: 公务用车运行费 took the 预算数
  // of 公务接待费, a group heading a half row higher whose span was not found yet)
  'heldout-writer-threeline-center-small-shanghai-2022-jingan-weijian': { cells: TARGET, identity: true },
  // 0.707 (t2 20/40, t3 24/44: 本年收入 / 合计 wrapped over two lines read as two levels, no column word) → 0.964
  // → 1.0, no extra (t4 10/17 +34: 5,776.34 stands 0.47 em before the next column's label, under the
  // 0.5 em that made a gap after money a column gap, so the first page had one data line too few)
  'heldout-chromium-none-left-shanghai-2022-jingan-weijian': { cells: TARGET, identity: true },
  // 0.915 → 0.964 (wt-heldfix; t4 12/26 +12 → 26/26: 项目行次 printed as one word, 项目 right-aligned past
  // its left-aligned labels, was not cut since it overlaps one band only, and the 栏次 word under it made it
  // a group heading) → 1.0, no extra (t6 22/32 → 32/32: page 19's last amounts column is blank, so a wrapped
  // label of the column before it, 对民间非营利组织和群众, reached 2 em past the last band and cut the body)
  'heldout-chromium-threeline-right-reprint-hubei-2020-xiling-minzheng': { cells: TARGET, identity: true },
  // 0.949 → 0.991 (t7 0/10 → 10/10: its amounts are centred under right-aligned headings, 7.63 ends 0.8 pt
  // short of 决算数, and a one-row body needed every amount to overlap a heading) → 1.0 (t6 33/35 → 35/35:
  // its continuation page holds only the two 合计 rows, no codes, so its grid starts right of the table)
  'heldout-calc-plain-serif-right-shanghai-2024-pudong-wenlv': { cells: TARGET, identity: true },
  'heldout-calc-borders-text-serif-shanghai-2024-minhang-sifa': { cells: TARGET, identity: true },
  // The second held-out set (scripts/fixtures/producers/list.ts, HELDOUT2), never tuned: measured once on
  // 2026-12-02 at a57aad3 (main, no extractor change) with npm run bench: 1365/1461 = 93.43 %, writer 440/481,
  // chromium 445/500, calc 480/480. The floors are those measurements.
  'heldout2-writer-full-shaded-mono12-narrow-hubei-2020-xiling-minzheng': { cells: TARGET, identity: true },
  // writer-none 0.79 → 0.954, chromium-none 0.819 → 0.967 on wt-held2fix: a right-aligned label longer than
  // any on a data line starts left of the label band (the body was cut at it); two amounts side by side
  // make a data line (a 合计 row in narrowed columns was taken for a heading); an enumerated item under
  // another in one column starts a row, and such pairs show the row gap (rows set without spacing
  // touch as wrapped lines do); wrapped heading lines 0.5 em apart (1.5 spacing) are one cell.
  // → 1.0, no extra (wt-rightlabels; t1 0/9 +28: left-aligned headings standing in the gaps after right-aligned
  // labels and amounts, none stacked to show their alignment, were taken as centred, so 决算数 was a blank
  // column; the labels' shared right edge is now alignment evidence, extractors/columns/header.ts)
  'heldout2-writer-none-rightlabels-reprint4-shanghai-2024-minhang-sifa': { cells: TARGET, identity: true },
  'heldout2-chromium-full-shaded-margin5-mono-shanghai-2024-minhang-sifa': { cells: TARGET, identity: true },
  // 0.967 (t7 2/12: right-aligned headings of narrow columns run together, 小计车购置车运行, were not cut because a
  // wrapped line stands under them) → 1.0 on wt-chromium-mono: a space between two ideographs a quarter em wider
  // than the word's usual one is a seam between two cells' texts (extractors/columns/words.ts splitAtSeams).
  'heldout2-chromium-none-tc12-narrow-hubei-2019-jiangan-jiaoyu': { cells: TARGET, identity: true },
  'heldout2-calc-borders-shaded-droid12-shanghai-2022-jingan-weijian': { cells: TARGET, identity: true },
  'heldout2-calc-grid-stacked-rightlabels-tc-hubei-2020-xiling-minzheng': { cells: TARGET, identity: true },
  // held-out 3, never tuned, measured 2026-12-02 at 9cf0090 (main 4224132 plus the fixtures, no extractor
  // change) with npm run bench: 1032/1419 = 72.73 %, writer 419/432, chromium 384/487, calc 229/500. The floors
  // are those measurements; the documents are left undiagnosed (scripts/fixtures/producers/list.ts, HELDOUT3).
  // 182/195 at 9cf0090 → 194/195 (wt-rows, 2026-12-02: one data line among blank enumerated rows makes a table; the top
  // rule is not the one under the header when enumerated rows stand between)
  // → 195/195 (wt-born4: a label line short of its column's width ends its cell, so 总计 under a blank wrapped row is a row)
  'heldout3-writer-threeline-tc10-centeramounts-reprint8-shanghai-2022-jingan-weijian': { cells: TARGET, identity: true },
  'heldout3-writer-full-droid11-plain-shanghai-2024-pudong-wenlv': { cells: TARGET, identity: true },
  'heldout3-chromium-threeline-left-centeramounts-reprint6-hubei-2021-fancheng-nongye': { cells: TARGET, identity: true },
  // 183/285 at 9cf0090 → 285/285 on wt-chromium-mono (t2, t8: headings of narrow cells fused, a 栏次 number short
  // of its values, 项目 homed on a blank column; t4: the 栏次 row starting the body; t6: a code and its wrapped name
  // on a page without header taken for one column)
  'heldout3-chromium-none-mono11-plain-margin10-hubei-2020-xiling-minzheng': { cells: TARGET, identity: true },
  // 194/196 → 196/196 (wt-rows: a wrapped label overflowing its too-short ruled row goes back to its cell)
  'heldout3-calc-borders-right-centeramounts-mono10-shanghai-2024-minhang-sifa': { cells: TARGET, identity: true },
  // 35/304 → 304/304 on wt-calc-center: heading rows 36 pt tall leave 2 em between their centred lines, where
  // the walk up from the body stopped (now a title or 单位 line above vouches for such gaps); its left-aligned
  // headings over centred labels were taken as centred (centred values no heading is centred over now rule that out).
  'heldout3-calc-plain-droid11-centerlabels-hubei-2019-jiangan-jiaoyu': { cells: TARGET, identity: true },
  // held-out 4 (new data, fonts and PDF writers), never tuned: measured once on 2026-12-02 at f8454f1 (main, no
  // extractor change made against it): 1580/1620 = 97.53 %. Not diagnosed: kept unseen until the final measurement.
  'heldout4-writer-full-zenhei-portrait-hubei-2022-zhangwan-xinfang': { cells: TARGET, identity: true },
  // 187/200 → 196/200 at b7fe204 after wt-rightlabels (right-aligned labels' shared end as header-alignment evidence,
  // found on heldout2-writer-none-rightlabels and a Calc fixture; this document was not looked at)
  // → 200/200 (wt-born4: a reprinted 表1 page filling one amount column among enumerated rows is a table; t7's
  // header rows closer than wrapped lines)
  'heldout4-writer-none-uming-rightlabels-reprint10-shanghai-2023-fengxian-nongye': { cells: TARGET, identity: true },
  // 198/200 → 200/200 (wt-born4: two headings side by side under a heading make it a group heading however close)
  'heldout4-chromium-threeline-zenhei-right-shanghai-2023-fengxian-nongye': { cells: TARGET, identity: true },
  'heldout4-chromium-full-uming13-leftamounts-plain-margin20-hubei-2022-zhangwan-xinfang': { cells: TARGET, identity: true },
  'heldout4-calc-borders-zenhei-leftamounts-hubei-2022-zhangwan-xinfang': { cells: TARGET, identity: true },
  // 175/200 → 200/200 (wt-born4: t6 a 合计 label under a group heading only is no column; t7 one-row amounts
  // centred far from right-aligned headings, taking turns with them, make a table)
  'heldout4-calc-plain-stacked-uming-shanghai-2023-fengxian-nongye': { cells: TARGET, identity: true },
  'heldout4-ghostscript-writer-none-serif-center-shanghai-2023-fengxian-nongye': { cells: TARGET, identity: true },
  'heldout4-cairo-calc-grid-hubei-2022-zhangwan-xinfang': { cells: TARGET, identity: true },
  // held-out 5 (zeros 0.00/"-", split and one-cell codes, 附表/公开 titles, page footers, A3, zoom 80 %, Writer from
  // .docx; new data), measured once on 2026-12-02 on main a129ef2 with no extractor change: 3202/3606 = 88.80 %
  // (writer-none-margin6 529/613, chromium-threeline-a3 269/589, the others 100 %); then diagnosed on wt-heldout5.
  'heldout5-writer-docx-full-footer-hubei-2023-yiling-sifa': { cells: TARGET, identity: true },
  'heldout5-writer-none-margin6-footer-reprint12-shanghai-2021-changning-wenlv': { cells: TARGET, identity: true },
  'heldout5-chromium-threeline-a3-zoom80-footer-hubei-2023-yiling-sifa': { cells: TARGET, identity: true },
  'heldout5-chromium-full-zoom80-footer-plain-shanghai-2021-changning-wenlv': { cells: TARGET, identity: true },
  'heldout5-calc-borders-a3-footer-shanghai-2021-changning-wenlv': { cells: TARGET, identity: true },
  'heldout5-calc-plain-narrow-footer-hubei-2023-yiling-sifa': { cells: TARGET, identity: true },
  // held-out 6 (negative amounts "-4.44" and "(33,248.52)", bold headers, line breaks inside header words, tables
  // 85–90 % wide and centred with 8 px padding, tables flowing mid-page, mixed orientations in Chromium, Noto Serif
  // CJK TC, WenQuanYi Zen Hei Mono, AR PL UMing TW; new data), measured once on 2026-12-02 on main 3620d3c with no
  // extractor change: 1247/1248 = 99.92 %. Not diagnosed by any fix: kept unseen (the lead re-measures).
  'heldout6-writer-full-bold-breaks-flow-seriftc-hubei-2024-huangzhou-shuili': { cells: TARGET, identity: true },
  'heldout6-ghostscript-writer-none-narrow-pad8-zenheimono-shanghai-2020-yangpu-shichang': { cells: TARGET, identity: true },
  'heldout6-chromium-threeline-bold-flow-umingtw-shanghai-2020-yangpu-shichang': { cells: 0.994, identity: true, why: 'held-out 6, never tuned (195/196 at 3620d3c): t4 1 cell, the table starts at the foot of a page' },
  'heldout6-chromium-full-mixed-narrow-pad8-breaks-hubei-2024-huangzhou-shuili': { cells: TARGET, identity: true },
  'heldout6-cairo-calc-borders-bold-breaks-seriftc-shanghai-2020-yangpu-shichang': { cells: TARGET, identity: true },
  'heldout6-calc-plain-bold-breaks-zenheimono-hubei-2024-huangzhou-shuili': { cells: TARGET, identity: true },
  // Held-out 7 (2026-12-02, wt-heldout): measured once on main 84676ce, never tuned against; the failures
  // and their diagnosis are in test/fixtures/producers/HELDOUT7.md. Floors just under the first measurement.
  // A header ending a page, the body on the next without one (the held-out 7 failure), other producers.
  'writer-none-right-foot-hubei-2019-jiangan-jiaoyu': { cells: TARGET, identity: true },
  'calc-plain-left-foot-shanghai-2022-jingan-weijian': { cells: TARGET, identity: true },
  // Added 2026-12-03, regressions for held-out 8 printed by other producers (scripts/fixtures/producers/list.ts
  // TUNED8), on the code before: 542/613 (t6 2/67: hand-broken headings whose lines touch, short over wide
  // 元 amounts; t7 6/12: a right-aligned group heading joined to its last sub-heading and the 栏次 under it)
  // → 613/613.
  'writer-none-rightbreaks-uming-shanghai-2021-changning-wenlv': { cells: TARGET, identity: true },
  // 157/304 (t2 7/79, t3 4/74: 栏次 taken as the wrapped line of 科目名称, so 项 spanned the name column and
  // codes fused with names; t7 7/12) → 304/304.
  'chromium-none-left-narrow-reprint6-hubei-2019-jiangan-jiaoyu': { cells: TARGET, identity: true },
  // 237/237 before too (right-aligned broken group headings in a Writer 三线表).
  'writer-threeline-rightbreaks-tc-shanghai-2024-pudong-wenlv': { cells: TARGET, identity: true },
  // 279/285 (t7 6/12: 公务用车购置及运行费 joined to its sub-heading and 栏次) → 285/285.
  'calc-plain-rightbreaks-tc-hubei-2020-xiling-minzheng': { cells: TARGET, identity: true },
  // Added 2026-12-03, regressions for heldout7-calc-plain-stacked-leftamounts-rightbreaks (right-aligned headings
  // over left-aligned values in a side-by-side 表6): Calc 202/237 on the code before (t6 0/35: read as centred,
  // 决算数 homed on the next block's code column) → 237/237; Chromium 195/195 before too.
  'chromium-none-right-leftamounts-serif-shanghai-2022-jingan-weijian': { cells: TARGET, identity: true },
  'calc-plain-right-leftamounts-zenhei-shanghai-2024-pudong-wenlv': { cells: TARGET, identity: true },
  // Added 2026-12-03, regressions for held-out 9: a ruled header split by a page break, printed by Writer with
  // tables flowing mid-page: 265/285 on the code before (t8 0/20) → 285/285; by Calc, stacked: 195/195 before too.
  'writer-full-center-flow-plain-sans-hubei-2020-xiling-minzheng': { cells: TARGET, identity: true },
  'calc-borders-stacked-center-serif-shanghai-2022-jingan-weijian': { cells: TARGET, identity: true },
  // Made as a regression for held-out 9's edge-to-edge wrapped headings; it failed for another reason (399/613
  // before d9dd13c+1): a right-aligned amount 0.15 em from the next column's text (1 px padding, no space in the
  // text layer) ran into it (t1 0/42, t4 7/125, t6 13/67) → 613/613.
  'chromium-threeline-right-pad1-uminghk-shanghai-2021-changning-wenlv': { cells: TARGET, identity: true },
  // Added as the same tight setting from another producer (cairo re-writing Chromium, unruled, another document):
  // its amounts stand 12 pt from the next text, so it did not test that; it found instead a 表7 read as left-aligned
  // (centred group headings filling their sub-headings' span: 234/237 on the code before, t7 7/10) → 237/237.
  'cairo-chromium-none-center-pad1-narrow-shanghai-2024-pudong-wenlv': { cells: TARGET, identity: true },
  // Added 2026-12-03, regressions for held-out 10's centred headings over left-aligned values (a short wrapped last
  // line, a "-" at the cell's left edge clear of its heading), printed by Chromium and Calc on other documents:
  // Chromium 531/550 on the code before (t3 95/114), Calc 509/557 (t3 95/114, t4 96/125) → all cells.
  'chromium-threeline-center-leftamounts-small-tc-hunan-2022-yuelu-xuanchuan': { cells: TARGET, identity: true },
  'calc-plain-center-leftamounts-small-tc-henan-2023-xinxian-keji': { cells: TARGET, identity: true },
  // Added 2026-12-04, regressions for held-out 11 (TUNED11): centred group headings over the gap between their
  // sub-headings in tall Calc rows (210/223 on the code before, t1 0/13) and 表7 headings broken by hand centred
  // over the gap between 预算数 and 决算数, printed by Writer (221/223 before, t7 6/8) → all cells. The Henan sheet,
  // found while making them, prints its 表7 narrower than its headings.
  'calc-plain-center-tall30-stacked-tc-guangdong-2022-panyu-huanjing': { cells: TARGET, identity: true },
  'writer-none-center-breaks-reprint10-serif-guangdong-2022-panyu-huanjing': { cells: TARGET, identity: true },
  'calc-plain-center-tall-stacked-sans-henan-2023-xinxian-keji': { cells: 0.989, identity: true, why: 'TUNED11 (551/557 at 961a3d2): t7 printed narrower than its headings, the 决算数 half overflowing its cells' },
  'heldout7-writer-threeline-centeramounts-uminghk-zhejiang-2023-xihu-jiaotong': { cells: 0.985, identity: true, why: 'held-out 7 (199/202 at 84676ce): t7 小计 under a spanning 公务用车购置及运行费 taken as total; t4 a blank-amount label joined to 总计 below it' },
  'heldout7-writer-docx-none-leftamounts-rightbreaks-monotc-sichuan-2022-wuhou-zhujian': { cells: TARGET, identity: true },
  'heldout7-chromium-none-centeramounts-rightbreaks-foot-serifhk-zhejiang-2023-xihu-jiaotong': { cells: TARGET, identity: true },
  // held-out 7 (245/255 at 84676ce): t5 项目支出 left-aligned amounts in a wide cell left of their centred heading,
  // read as a column of their own → 255/255 since the held-out 10 fixes (values no heading stands over are the
  // nearest heading's beyond them).
  'heldout7-chromium-threeline-leftamounts-foot-flow-sanshk-sichuan-2022-wuhou-zhujian': { cells: TARGET, identity: true },
  'heldout7-calc-plain-centeramounts-right-foot-uminghk-zhejiang-2023-xihu-jiaotong': { cells: TARGET, identity: true },
  'heldout7-calc-plain-stacked-leftamounts-rightbreaks-monotc-sichuan-2022-wuhou-zhujian': { cells: TARGET, identity: true },
  'heldout7-ghostscript-writer-none-centeramounts-left-reprint12-serifhk-sichuan-2022-wuhou-zhujian': { cells: TARGET, identity: true },
  'heldout7-cairo-calc-borders-leftamounts-rightbreaks-foot-sanshk-zhejiang-2023-xihu-jiaotong': { cells: TARGET, identity: true },
  // Held-out 8 (2026-12-02, wt-heldout8): measured once on main 1691503: 3068/3120 = 98.33 %; the failures and
  // the assumptions they break are in test/fixtures/producers/HELDOUT8.md. Fixed 2026-12-03 (tuned against since):
  // 3120/3120, identity right on all 8.
  'heldout8-writer-full-centeramounts-foot-droid-henan-2023-xinxian-keji': { cells: TARGET, identity: true },
  'heldout8-writer-docx-none-left-reprint14-xu-zenhei-guangdong-2022-panyu-huanjing': { cells: TARGET, identity: true },
  'heldout8-chromium-threeline-rightbreaks-foot-flow-umingtw-henan-2023-xinxian-keji': { cells: TARGET, identity: true },
  'heldout8-chromium-full-bold-centeramounts-plain-mono-guangdong-2022-panyu-huanjing': { cells: TARGET, identity: true },
  'heldout8-calc-borders-centeramounts-foot-serifhk-henan-2023-xinxian-keji': { cells: TARGET, identity: true },
  'heldout8-calc-plain-stacked-rightbreaks-uming-guangdong-2022-panyu-huanjing': { cells: TARGET, identity: true },
  'heldout8-ghostscript-writer-threeline-leftamounts-reprint12-xu-sanshk-guangdong-2022-panyu-huanjing': { cells: TARGET, identity: true },
  'heldout8-cairo-calc-grid-bold-right-repeat-tc-henan-2023-xinxian-keji': { cells: TARGET, identity: true },
  // Held-out 9 (2026-12-03): made after the held-out 8 fixes, measured once on main 242ce98, never tuned against:
  // 4066/4300 = 94.56 %; diagnosis in test/fixtures/producers/HELDOUT9.md. Floors just under.
  'heldout9-writer-full-left-small-seriftc-shandong-2023-licheng-shuiwu': { cells: TARGET, identity: true },
  'heldout9-writer-docx-threeline-right-reprint16-uminghk-hunan-2022-yuelu-xuanchuan': { cells: TARGET, identity: true },
  'heldout9-chromium-none-center-centeramounts-breaks-foot-zenheimono-shandong-2023-licheng-shuiwu': { cells: TARGET, identity: true },
  'heldout9-chromium-full-left-bold-flow-zoom90-serifhk-hunan-2022-yuelu-xuanchuan': { cells: TARGET, identity: true },
  'heldout9-calc-borders-stacked-left-monotc-hunan-2022-yuelu-xuanchuan': { cells: TARGET, identity: true },
  'heldout9-calc-plain-center-breaks-a3-foot-serif-shandong-2023-licheng-shuiwu': { cells: 0.995, identity: true, why: 'held-out 9 (523/525 at 242ce98): t7 小计 under 公务用车购置及运行费 not matched' },
  'heldout9-ghostscript-writer-none-right-centeramounts-reprint10-xu-sans-hunan-2022-yuelu-xuanchuan': { cells: TARGET, identity: true },
  'heldout9-cairo-calc-grid-left-rightlabels-umingtw-shandong-2023-licheng-shuiwu': { cells: 0.998, identity: true, why: 'held-out 9 (524/525 at 242ce98): t4 one "0" of the continuation page missing' },
  // Held-out 10 (2026-12-03): measured once on main 06ef3d5: 2867/2896 = 98.999 % (writer three-line t4 96/125; the
  // other seven 100 %); diagnosis in test/fixtures/producers/HELDOUT10.md. Fixed since (tuned against): 2896/2896.
  'heldout10-writer-threeline-center-leftamounts-small-tc-fujian-2024-siming-weijian': { cells: TARGET, identity: true },
  'heldout10-writer-docx-none-left-centeramounts-reprint12-xubiao-serifhk-beijing-2023-chaoyang-chengguan': { cells: TARGET, identity: true },
  'heldout10-chromium-threeline-left-breaks-uminghk-fujian-2024-siming-weijian': { cells: TARGET, identity: true },
  'heldout10-chromium-none-right-foot-zoom85-serif-beijing-2023-chaoyang-chengguan': { cells: TARGET, identity: true },
  'heldout10-calc-plain-left-centeramounts-breaks-mono-fujian-2024-siming-weijian': { cells: TARGET, identity: true },
  'heldout10-calc-borders-right-rightlabels-a3-zenhei-beijing-2023-chaoyang-chengguan': { cells: TARGET, identity: true },
  'heldout10-ghostscript-writer-full-right-leftamounts-flow-seriftc-fujian-2024-siming-weijian': { cells: TARGET, identity: true },
  'heldout10-cairo-calc-grid-center-stacked-bold-umingtw-beijing-2023-chaoyang-chengguan': { cells: TARGET, identity: true },
  // Held-out 11 (2026-12-03): measured once on main d8f7116: 3726/4428 = 84.146 %, identity right on all 8;
  // 4103/4428 = 92.66 % once the two Calc fixtures that printed 7-digit codes wrapped and overlapping were fixed
  // (no extractor change); 4181/4428 since. Diagnosis in test/fixtures/producers/HELDOUT11.md.
  'heldout11-writer-none-center-rightlabels-width80-pages-sanshk-anhui-2021-shushan-shijian': { cells: TARGET, identity: true },
  'heldout11-writer-docx-full-shaded-centerlabels-reprint9-xu-monotc-chongqing-2024-yuzhong-shengtai': { cells: TARGET, identity: true },
  'heldout11-chromium-none-left-leftamounts-tall-mixed-seriftc-chongqing-2024-yuzhong-shengtai': { cells: TARGET, identity: true },
  'heldout11-chromium-threeline-center-rightlabels-breaks-zoom90-pages-mono-anhui-2021-shushan-shijian': { cells: TARGET, identity: true },
  'heldout11-calc-plain-center-shaded-tall-leftamounts-stacked-uminghk-chongqing-2024-yuzhong-shengtai': { cells: 0.996, identity: true, why: 'held-out 11 (442/573 at d8f7116, 571/573 since): t7 公务接待费 given to 决算数 (centred 预算数 over a first column whose edge is unknown)' },
  'heldout11-calc-grid-left-centerlabels-text-a3-margin-sanshk-anhui-2021-shushan-shijian': { cells: TARGET, identity: true },
  'heldout11-ghostscript-calc-plain-right-breaks-foot-seriftc-anhui-2021-shushan-shijian': { cells: TARGET, identity: true },
  'heldout11-cairo-writer-threeline-right-centeramounts-breaks-zenhei-chongqing-2024-yuzhong-shengtai': { cells: TARGET, identity: true },
  // TUNED12 (2026-12-06): the held-out 12 features printed by other producers on documents of other sets.
  // Writer .docx unruled on the Hunan 元 document: 529/550 before ("-" zeros of the income column set 3 pt
  // before the expense labels, a column of their own); Writer unruled, left headings, on the Changning 元
  // document: 602/613 before (表2's last row alone under its repeated header, no heading over its amounts).
  'writer-docx-none-center-k12-sans-hunan-2022-yuelu-xuanchuan': { cells: TARGET, identity: true },
  'writer-none-left-centerlabels-k12-sans-shanghai-2021-changning-wenlv': { cells: 0.993, identity: true, why: '609/613: 表4 label 二十二、灾害防治及应急管理支出 wrapped over a page break (出 after the repeated header)' },
  'writer-threeline-center-breaks-rightlabels-k12-tc-hubei-2023-yiling-sifa': { cells: 0.988, identity: true, why: '582/589 (old code too): 表2 row 2080505 keyed wrong' },
  'chromium-threeline-left-centerlabels-k12-serif-fujian-2024-siming-weijian': { cells: 0.998, identity: true, why: '524/525 (old code too): 表6 one 公用经费 cell (30299)' },
  // Held-out set 12 (2026-12-06), first measured on 43bbdf3: 2880/2956 (test/fixtures/producers/HELDOUT12.md).
  'heldout12-writer-threeline-left-centerlabels-reprint14-xubiao-pages-serif-jiangxi-2022-donghu-shuili': { cells: TARGET, identity: true },
  'heldout12-writer-docx-none-right-centeramounts-width90-uminghk-guangxi-2020-qingxiu-minzheng': { cells: TARGET, identity: true },
  'heldout12-chromium-full-center-shaded-zoom110-zenhei-guangxi-2020-qingxiu-minzheng': { cells: TARGET, identity: true },
  'heldout12-chromium-none-right-breaks-leftamounts-pages-monotc-jiangxi-2022-donghu-shuili': { cells: TARGET, identity: true },
  'heldout12-calc-borders-right-stacked-seriftc-guangxi-2020-qingxiu-minzheng': { cells: TARGET, identity: true },
  'heldout12-calc-plain-left-breaks-text-repeat-uming-jiangxi-2022-donghu-shuili': { cells: TARGET, identity: true },
  'heldout12-ghostscript-writer-threeline-center-breaks-rightlabels-sanstc-guangxi-2020-qingxiu-minzheng': { cells: TARGET, identity: true },
  'heldout12-cairo-calc-grid-center-shaded-tall-centerlabels-a3-droid-jiangxi-2022-donghu-shuili': { cells: TARGET, identity: true },
};

const DIR = 'test/fixtures/producers';
const manifest = ProducerManifestSchema.parse(JSON.parse(readFileSync(`${DIR}/manifest.json`, 'utf8')));
const documents = manifest.documents.filter((d) => d.producer !== 'pdfkit');
const measured: string[] = [];

it('every producer fixture has an expectation and every expectation a fixture', () => {
  expect(documents.map((d) => d.name).sort()).toEqual(Object.keys(EXPECT).sort());
  for (const e of Object.values(EXPECT)) {
    expect(e.cells).toBeLessThanOrEqual(TARGET);
    if (e.cells < TARGET) expect(e.why).toBeTruthy();
  }
});

it('gives every table with cells a layout for the bench (manifest and real-cells.json)', () => {
  for (const d of manifest.documents) {
    const truth = GroundTruthSchema.parse(JSON.parse(readFileSync(`${DIR}/${d.truth}`, 'utf8')));
    expect([...new Set(truth.facts.map((f) => f.table))].filter((t) => !d.tables[t])).toEqual([]);
    expect(d.facts).toBe(truth.facts.length);
  }
  const real = HandCheckedSchema.parse(JSON.parse(readFileSync(`${DIR}/real-cells.json`, 'utf8')));
  for (const d of real.documents) expect([...new Set(d.facts.map((f) => f.table))].filter((t) => !d.tables[t])).toEqual([]);
});

describe.each(documents)('$name', ({ name, pdf, truth: truthFile, tables: layout }) => {
  const want = EXPECT[name];
  let record: DocumentRecord;
  let truth: GroundTruth;

  beforeAll(async () => {
    truth = GroundTruthSchema.parse(JSON.parse(readFileSync(`${DIR}/${truthFile}`, 'utf8')));
    record = await extractDocument({ bytes: new Uint8Array(readFileSync(`${DIR}/${pdf}`)), fileName: pdf });
  });

  afterAll(() => {
    if (!process.env.PRODUCERS_MEASURE || !truth) return;
    const rep = compareFacts(truth.facts, recordFacts(record));
    const per = [...compareByTable(truth.facts, recordFacts(record))].map(([t, r]) => `${t}(${layout[t]?.layout}) ${r.exact}/${r.truthCells}`);
    measured.push(`${name}: ${rep.exact}/${rep.truthCells} = ${rep.rate.toFixed(4)}, extra ${rep.extra}; ${per.join(', ')}`);
  });

  it('ground truth is consistent: its identities fail exactly where the model plants a discrepancy', () => {
    expect(failures(truth.facts)).toEqual(truth.expectedFailures);
    expect(truth.facts.length).toBeGreaterThan(100);
  });

  (want.identity ? it : it.skip)('reads department, year, kind and region', () => {
    expect(record.document.department).toBe(truth.document.department);
    expect(record.document.year).toBe(truth.document.year);
    expect(record.document.kind).toBe(truth.document.kind);
    expect(truth.document.region.endsWith(record.document.region)).toBe(true);
  });

  if (want.cells === 0) {
    it.todo(`extracts its cells (none read yet: ${want.why})`);
  } else {
    it(`extracts at least ${(want.cells * 100).toFixed(1)}% of the cells exactly${want.cells < TARGET ? ' (floor below target)' : ''}`, () => {
      const report = compareFacts(truth.facts, recordFacts(record));
      if (want.cells >= TARGET) expect(report.mismatches.slice(0, 10)).toEqual([]);
      expect(report.rate).toBeGreaterThanOrEqual(want.cells);
    });
  }

  if (want.cells >= TARGET) {
    it('finds each table as present, empty or missing, with no extra cells', () => {
      const got = Object.fromEntries(Object.values(record.tables).map((t) => [t.id, t.status]));
      const exp = Object.fromEntries(Object.entries(truth.tables).map(([id, t]) => [id, t.status]));
      expect(got).toEqual(exp);
      expect(compareFacts(truth.facts, recordFacts(record)).extra).toBe(0);
    });
  }
});

afterAll(() => {
  if (measured.length) console.log(measured.join('\n'));
});
