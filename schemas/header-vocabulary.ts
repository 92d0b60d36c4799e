import { z } from 'zod';

/**
 * The one header vocabulary: every printed variant of a column role (code, name, 行次, value
 * columns of each standard table), of the section words over column groups, and of the marker words
 * that make up header rows (栏次, 类/款/项). The header reader (src/assemble/header.ts) and the
 * table catalog (schemas/catalog.ts) take their words from here and nowhere else.
 *
 * Words are compared after `compact()` (NFKC, no spaces, unified quotes), so `因公出国（境）费`
 * is listed as `因公出国(境)费`. A word entry has
 *   - `printed`: exact printed forms, tried first across all entries of a list;
 *   - `stems`: parts that identify the entry inside a longer, unlisted header ("本年财政拨款收入"),
 *     tried in entry order after no exact form matched. Order entries most specific first.
 * Checked against every header cell of the real corpus (test/fixtures/real/); words seen there that
 * are deliberately not standard 决算 columns are listed in `notStandardColumns` with the reason.
 * Cells the survey meets that are no header words at all are not listed: the names of a list of
 * 预算单位 (a grid without numbers reads as all header), and a title or 单位：万元 line caught in a grid.
 */

export const TableIdSchema = z.enum(['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9']);
export type TableId = z.infer<typeof TableIdSchema>;

/** The 部门预算 tables: the nine in the standard order, then 项目支出表 (p1), 政府采购预算表 (p2) and others (x1…). */
export const BudgetTableIdSchema = z.enum(['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9', 'p1', 'p2', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6']);
export type BudgetTableId = z.infer<typeof BudgetTableIdSchema>;

export const SectionSchema = z.enum(['income', 'expense', 'personnel', 'public', 'budget', 'actual']);
export type Section = z.infer<typeof SectionSchema>;

/** What a column is for: classification code (or one of its 类/款/项 parts), row name, 行次, or amounts. */
export const ColumnRoleSchema = z.enum(['code', 'label', 'lineNo', 'value']);
export type ColumnRole = z.infer<typeof ColumnRoleSchema>;

/** Words that make a whole row a header row rather than a body row. */
export const RowMarkerSchema = z.enum(['columnNumbers', 'codeLevel']);
export type RowMarker = z.infer<typeof RowMarkerSchema>;

/** The label of an enumerated item (一、…, 十七、…): it starts a body row, it is never a heading. */
export const ENUMERATED_ITEM = /^[一二三四五六七八九十]+、/;

const Words = {
  printed: z.array(z.string()),
  stems: z.array(z.string()).default([]),
};
export const WordEntrySchema = z.object(Words);
export type WordEntry = z.infer<typeof WordEntrySchema>;

export const StubWordsSchema = z.object({ role: ColumnRoleSchema.exclude(['value']), ...Words });
export const SectionWordsSchema = z.object({ section: SectionSchema, ...Words });
export const ColumnWordsSchema = z.object({ key: z.string().regex(/^[a-z][a-z_]*$/), ...Words });
export type ColumnWords = z.infer<typeof ColumnWordsSchema>;

export const HeaderVocabularySchema = z.object({
  /** stub columns, stems tried in this order (名称 before 编码: 科目编码及名称 names the row); a stub word never names a value column */
  stub: z.array(StubWordsSchema),
  /** header levels that name a section (收入 | 支出, 人员经费 | 公用经费, 预算数 | 决算数), also as row labels (表7) */
  sections: z.array(SectionWordsSchema),
  rowMarkers: z.array(z.object({ marker: RowMarkerSchema, printed: z.array(z.string()) })),
  /** labels of total rows (合计, 总计): a column header only when a stub header stands above it */
  totalRow: z.array(z.string()),
  /** value columns of each standard table, canonical key → printed words */
  columns: z.record(TableIdSchema, z.array(ColumnWordsSchema)),
  /** value columns of the 部门预算 tables (schemas/catalog.ts, kind budget), canonical key → printed words */
  budgetColumns: z.record(BudgetTableIdSchema, z.array(ColumnWordsSchema)),
  /** header words printed in the real corpus that are deliberately not standard 决算 columns */
  notStandardColumns: z.array(z.object({ printed: z.array(z.string()), why: z.string() })),
});
export type HeaderVocabulary = z.infer<typeof HeaderVocabularySchema>;

/** 表8 and 表9 share their column set (Shanghai prints 表9 with the 表8 columns; Hubei 2020 with 合计/基本/项目). */
const FUND_COLUMNS = [
  { key: 'carryover_begin', printed: ['年初结转和结余', '年初结转结余', '上年结转'], stems: ['年初结转'] },
  { key: 'carryover_end', printed: ['年末结转和结余', '年末结转结余'], stems: ['年末结转'] },
  { key: 'income', printed: ['本年收入'], stems: ['本年收入'] },
  { key: 'basic', printed: ['基本支出'], stems: ['基本支出'] },
  { key: 'project', printed: ['项目支出'], stems: ['项目支出'] },
  { key: 'expense_total', printed: ['本年支出', '本年支出合计', '本年支出小计', '小计', '合计'], stems: ['小计', '合计', '本年支出'] },
];

/** 预算 amounts split by fund (收支总表 expense side, 财政拨款收支总表). */
const BUDGET_FUNDS = [
  { key: 'general_budget', printed: ['一般公共预算', '一般公共预算拨款', '一般公共预算资金', '一般公共预算拨款收入', '一般公共预算财政拨款', '公共预算拨款'], stems: ['一般公共预算', '公共预算'] },
  { key: 'gov_fund', printed: ['政府性基金', '政府性基金预算', '政府性基金拨款', '政府性基金预算拨款', '政府性基金预算拨款收入', '政府性基金预算财政拨款'], stems: ['政府性基金'] },
  { key: 'state_capital', printed: ['国有资本经营预算', '国有资本经营预算拨款', '国有资本经营预算拨款收入', '国有资本经营预算财政拨款'], stems: ['国有资本经营'] },
];

/** 预算 expenditure columns (支出表, 基本支出表, 基金支出表): 合计 = 基本 + 项目, 基本 = 人员 + 公用. */
const BUDGET_EXPENSE = [
  { key: 'basic', printed: ['基本支出'], stems: ['基本支出'] },
  // Xi'an calls 项目支出 专项业务经费
  { key: 'project', printed: ['项目支出', '专项业务经费支出', '专项业务经费'], stems: ['项目支出', '专项业务'] },
  { key: 'personnel', printed: ['人员经费', '人员支出', '人员经费支出', '工资福利支出'], stems: ['人员'] },
  { key: 'public', printed: ['公用经费', '日常公用支出', '公用经费支出', '日常公用经费'], stems: ['公用'] },
  // the total last: 基本支出/小计 is the 基本支出 column, not the table's 合计
  { key: 'total', printed: ['合计', '小计', '总计', '本年支出合计', '支出合计', '本年预算', '预算数', '预算', '金额', '本年支出', '2026年预算数', ''], stems: ['合计', '小计', '总计', '预算数', '金额'] },
];

/** A 总表 side printed as one amount (预算数, 金额, 2026年预算数). */
const BUDGET_AMOUNT = { key: 'amount', printed: ['', '金额', '预算数', '本年预算', '本年预算数', '预算', '预算金额'], stems: ['预算数', '预算', '金额'] };
const UNIT_FUNDS = { key: 'unit_funds', printed: ['单位资金'], stems: ['单位资金'] };

/** The expense side of a 收支总表 or 财政拨款收支总表 printed by 合计/基本/项目 or by fund. */
const BUDGET_SPLIT = [
  { key: 'total', printed: ['合计', '小计', '总计'], stems: ['合计', '小计'] },
  { key: 'basic', printed: ['基本支出'], stems: ['基本支出'] },
  { key: 'project', printed: ['项目支出'], stems: ['项目支出'] },
  { key: 'personnel', printed: ['人员经费'], stems: ['人员经费'] },
  { key: 'public', printed: ['公用经费'], stems: ['公用经费'] },
  ...BUDGET_FUNDS,
];

export const HEADER_VOCABULARY: HeaderVocabulary = HeaderVocabularySchema.parse({
  stub: [
    { role: 'lineNo', printed: ['行次', '行号'], stems: ['行次'] },
    {
      role: 'label',
      printed: [
        '项目', '项目名称', '名称', '科目名称',
        '功能分类科目名称', '功能科目名称', '支出功能分类科目名称',
        '经济分类科目名称', '经济科目名称', '部门经济分类科目名称', '部门预算支出经济分类科目名称', '部门预算支出经济科目名称',
        '政府经济分类科目名称', '政府预算支出经济分类科目名称',
        '单位名称', '预算单位名称', '单位(项目)名称', '部门(单位)名称', '部门名称', '预算单位',
      ],
      stems: ['名称'],
    },
    {
      role: 'code',
      printed: [
        // (the markers over columns that hold nothing, the code printed whole in the 类 column or across
        // the three, are read as one heading: 款项)
        '类', '款', '项', '类款项', '类款', '款项', '科目', '编码', '代码',
        '科目编码', '科目代码', '科目编号',
        '功能分类科目编码', '功能分类科目代码', '功能科目编码', '功能科目代码', '支出功能分类科目编码',
        '经济分类科目编码', '经济分类科目代码', '经济科目编码', '经济科目代码',
        '部门经济分类科目编码', '部门预算支出经济分类科目编码', '部门预算支出经济科目编码',
        '政府经济分类科目编码', '政府经济分类科目代码', '政府预算支出经济分类科目编码',
        '单位编码', '单位代码', '预算单位代码', '主管部门及代码',
      ],
      // "…编码" / "…代码" in an unlisted wording.
      stems: ['编码', '代码'],
    },
    {
      // A parent level over 编码 | 名称, or, printed alone, a column of names ("201 一般公共服务支出").
      role: 'label',
      printed: [
        '功能分类科目', '经济分类科目', '支出功能分类', '支出功能分类科目', '功能科目', '功能分类', '经济分类',
        '部门预算支出经济分类科目', '部门预算支出经济科目', '政府预算支出经济分类科目', '支出项目类别', '支出项目类别(资金使用单位)',
        '支出功能分类科目(按大类)', '政府预算支出经济分类科目(按大类)', '部门预算支出经济分类科目(按大类)', '部门预算支出经济科目(按大类)',
      ],
      stems: ['分类科目', '功能科目', '经济科目'],
    },
  ],
  sections: [
    { section: 'income', printed: ['收入'] },
    { section: 'expense', printed: ['支出'] },
    { section: 'personnel', printed: ['人员经费'] },
    { section: 'public', printed: ['公用经费'] },
    // 预算数/决算数 may carry words around them (全年预算数, 决算数(万元)).
    { section: 'budget', printed: ['预算数', '全年预算数', '年初预算数'], stems: ['预算数'] },
    { section: 'actual', printed: ['决算数', '本年决算数'], stems: ['决算数'] },
  ],
  rowMarkers: [
    // ** stands over the stub columns of a 栏次 row (Zhejiang 预算: ** ** 1 2 3 …)
    { marker: 'columnNumbers', printed: ['栏次', '**'] },
    { marker: 'codeLevel', printed: ['类', '款', '项', '类款项', '类款', '款项'] },
  ],
  totalRow: ['合计', '总计'],
  columns: {
    t1: [{ key: 'amount', printed: ['', '金额', '决算数', '本年决算数', '决算金额'], stems: ['金额', '决算数'] }],
    t2: [
      { key: 'total', printed: ['合计', '本年收入合计', '收入合计'], stems: ['收入合计'] },
      { key: 'fiscal', printed: ['财政拨款收入', '财政拨款'], stems: ['财政拨款'] },
      { key: 'superior_subsidy', printed: ['上级补助收入'], stems: ['上级补助'] },
      { key: 'business', printed: ['事业收入'], stems: ['事业收入'] },
      { key: 'operating', printed: ['经营收入', '事业单位经营收入'], stems: ['经营收入'] },
      { key: 'affiliated_remittance', printed: ['附属单位上缴收入'], stems: ['附属单位'] },
      { key: 'other', printed: ['其他收入'], stems: ['其他收入'] },
      { key: 'surplus_used', printed: ['使用非财政拨款结余'], stems: ['非财政拨款结余'] },
      { key: 'carryover_begin', printed: ['年初结转和结余'], stems: ['年初结转'] },
    ],
    t3: [
      { key: 'total', printed: ['合计', '本年支出合计', '支出合计'], stems: ['支出合计'] },
      { key: 'basic', printed: ['基本支出'], stems: ['基本支出'] },
      { key: 'project', printed: ['项目支出'], stems: ['项目支出'] },
      { key: 'remit_superior', printed: ['上缴上级支出'], stems: ['上缴上级'] },
      { key: 'operating', printed: ['经营支出', '事业单位经营支出'], stems: ['经营支出'] },
      { key: 'subsidy_affiliated', printed: ['对附属单位补助支出'], stems: ['附属单位'] },
      { key: 'carryover_end', printed: ['年末结转和结余'], stems: ['年末结转'] },
    ],
    t4: [
      { key: 'general_budget', printed: ['一般公共预算财政拨款', '一般公共预算', '一般公共预算拨款'], stems: ['一般公共预算'] },
      { key: 'gov_fund', printed: ['政府性基金预算财政拨款', '政府性基金预算', '政府性基金拨款'], stems: ['政府性基金'] },
      { key: 'state_capital', printed: ['国有资本经营预算财政拨款', '国有资本经营预算'], stems: ['国有资本经营'] },
      { key: 'total', printed: ['合计', '小计'], stems: ['合计', '小计'] },
      { key: 'amount', printed: ['', '金额', '决算数', '本年决算数'], stems: ['金额', '决算数'] },
    ],
    t5: [
      { key: 'basic', printed: ['基本支出'], stems: ['基本支出'] },
      { key: 'project', printed: ['项目支出'], stems: ['项目支出'] },
      { key: 'total', printed: ['小计', '合计', '本年支出合计'], stems: ['小计', '合计'] },
    ],
    t6: [{ key: 'amount', printed: ['', '决算数', '金额', '本年决算数'], stems: ['决算数', '金额'] }],
    t7: [
      // The subtotal first: its words contain the item words (公务用车购置及运行维护费 ⊃ 公务用车购置).
      { key: 'vehicle_subtotal', printed: ['公务用车购置及运行维护费', '公务用车购置及运行费'], stems: ['公务用车购置及运行'] },
      { key: 'vehicle_purchase', printed: ['公务用车购置费', '购置费', '公务用车购置', '其中:公务用车购置', '公务用车购置经费'], stems: ['公务用车购置'] },
      {
        key: 'vehicle_operation',
        printed: ['公务用车运行维护费', '公务用车运行费', '运行维护费', '运行费', '其中:公务用车运行费', '公务用车运行维护'],
        stems: ['公务用车运行'],
      },
      { key: 'overseas', printed: ['因公出国(境)费', '因公出国(境)费用', '因公出国(境)经费'], stems: ['因公出国'] },
      { key: 'reception', printed: ['公务接待费'], stems: ['公务接待费'] },
      // Many documents print the 会议费 and 培训费 of the year beside the 三公 items (not part of the 三公 total).
      { key: 'meeting', printed: ['会议费'], stems: ['会议费'] },
      { key: 'training', printed: ['培训费'], stems: ['培训费'] },
      { key: 'total', printed: ['合计', '小计'], stems: ['合计', '小计', '三公'] },
    ],
    t8: FUND_COLUMNS,
    t9: FUND_COLUMNS,
  },
  budgetColumns: {
    // 收支总表: one amount per side (预算数, 金额, 2026年预算数); some print the expense side by 合计/基本/项目 or by fund.
    t1: [...BUDGET_SPLIT, BUDGET_AMOUNT],
    t2: [
      // Jiangsu prints the 收入预算总表 as a list of sources with one 金额 column
      { key: 'total', printed: ['合计', '总计', '收入总计', '本年收入合计', '收入合计', '资金总额', '年度资金总额', '金额', '预算数'], stems: ['合计', '总计'] },
      { key: 'carryover', printed: ['上年结转', '上年结转资金', '上年结余、结转', '上年结转结余', '上年结转和结余'], stems: ['上年结转', '上年结余'] },
      // before 财政拨款: 使用非财政拨款结余 is no 财政拨款 (Xi'an)
      { key: 'surplus_used', printed: ['使用非财政拨款结余'], stems: ['非财政拨款'] },
      { key: 'account_balance', printed: ['上年实户资金余额'], stems: ['实户资金'] },
      { key: 'fiscal', printed: ['财政拨款', '财政拨款收入', '财政拨款小计', '当年财政拨款', '其中:当年财政拨款', '其中:财政拨款'], stems: ['财政拨款'] },
      ...BUDGET_FUNDS,
      { key: 'special_account', printed: ['财政专户管理资金', '财政专户管理资金收入', '财政专户拨款', '财政专户拨款收入', '教育收费', '其他专户收入拨款'], stems: ['财政专户', '专户'] },
      { key: 'superior_subsidy', printed: ['上级补助收入'], stems: ['上级补助'] },
      { key: 'business', printed: ['事业收入'], stems: ['事业收入'] },
      { key: 'operating', printed: ['经营收入', '事业单位经营收入'], stems: ['经营收入'] },
      { key: 'affiliated_remittance', printed: ['附属单位上缴收入'], stems: ['附属单位'] },
      { key: 'other', printed: ['其他收入', '其他资金', '其他资金收入'], stems: ['其他收入', '其他资金'] },
      UNIT_FUNDS,
      { key: 'fund_balance', printed: ['用事业基金弥补收支差额'], stems: ['事业基金'] },
    ],
    t3: [
      { key: 'total', printed: ['合计', '总计', '支出合计', '本年支出合计', '支出总计'], stems: ['合计', '总计'] },
      { key: 'basic', printed: ['基本支出'], stems: ['基本支出'] },
      { key: 'project', printed: ['项目支出', '专项业务经费支出', '专项业务经费'], stems: ['项目支出', '专项业务'] },
      { key: 'personnel', printed: ['人员经费', '人员支出', '人员经费支出'], stems: ['人员'] },
      { key: 'public', printed: ['公用经费', '日常公用支出', '公用经费支出'], stems: ['公用'] },
      { key: 'remit_superior', printed: ['上缴上级支出'], stems: ['上缴上级'] },
      { key: 'operating', printed: ['经营支出', '事业单位经营支出'], stems: ['经营支出'] },
      { key: 'subsidy_affiliated', printed: ['对附属单位补助支出'], stems: ['附属单位'] },
      { key: 'reserve', printed: ['单位预留机动经费', '预留机动经费'], stems: ['机动经费'] },
      { key: 'carryover_end', printed: ['结转下年', '结转下年资金'], stems: ['结转下年'] },
    ],
    t4: [...BUDGET_SPLIT, BUDGET_AMOUNT],
    t5: BUDGET_EXPENSE,
    t6: BUDGET_EXPENSE,
    t7: [
      { key: 'vehicle_subtotal', printed: ['公务用车购置及运行维护费', '公务用车购置及运行费'], stems: ['公务用车购置及运行'] },
      { key: 'vehicle_purchase', printed: ['公务用车购置费', '购置费', '公务用车购置', '其中:公务用车购置'], stems: ['公务用车购置'] },
      { key: 'vehicle_operation', printed: ['公务用车运行维护费', '公务用车运行费', '运行维护费', '运行费', '其中:公务用车运行费'], stems: ['公务用车运行', '运行'] },
      { key: 'overseas', printed: ['因公出国(境)费', '因公出国(境)费用', '因公出国(境)经费'], stems: ['因公出国'] },
      { key: 'reception', printed: ['公务接待费'], stems: ['公务接待'] },
      { key: 'meeting', printed: ['会议费'], stems: ['会议费'] },
      { key: 'training', printed: ['培训费'], stems: ['培训费'] },
      { key: 'admin', printed: ['行政经费', '机关运行经费'], stems: ['行政经费', '机关运行'] },
      // “三公”经费、会议费、培训费支出预算表 (Jiangsu, Xi'an): the 三公 subtotal beside 会议费 and 培训费, under the table's 合计
      { key: 'sangong', printed: ['"三公"经费/小计', '"三公"经费小计', '"三公"经费'], stems: ['三公'] },
      { key: 'total', printed: ['合计', '小计', '"三公"经费合计', '总计'], stems: ['合计', '小计', '总计'] },
    ],
    t8: BUDGET_EXPENSE,
    t9: BUDGET_EXPENSE,
    // 项目支出表: 合计 by use, or by fund (Huzhou: 一般公共预算 | 政府性基金 | 国有资本经营预算 | 单位资金)
    p1: [...BUDGET_EXPENSE, ...BUDGET_FUNDS, UNIT_FUNDS],
    p2: [{ key: 'amount', printed: ['', '金额', '预算数', '采购预算', '合计', '预算金额'], stems: ['预算数', '金额', '合计'] }],
    x1: BUDGET_EXPENSE,
    x2: BUDGET_EXPENSE,
    x3: BUDGET_EXPENSE,
    x4: BUDGET_EXPENSE,
    x5: BUDGET_EXPENSE,
    x6: BUDGET_EXPENSE,
  },
  notStandardColumns: [
    {
      why: '部门预算 words: value columns the nine 决算 tables do not print (the budget tables read them through budgetColumns)',
      printed: [
        '上年结转', '上年结转资金', '结转下年资金', '其他资金', '单位资金', '财政专户管理资金', '财政专户管理资金收入', '资金总额',
        '一般公共预算支出', '一般公共预算基本支出', '本年一般公共预算基本支出', '人员支出', '日常公用支出', '机关运行经费支出',
        '支出总计', '收入总计', '预算', '2026年预算数', '2026年预算', '增减变化情况', '单位预留机动经费', '其中:当年财政拨款',
        '其中:财政拨款', '其中:基本支出', '支出用途', '项目资金(万元)', '年度资金总额',
        '2026年政府采购项目', '其中:2026年政府采购项目中预留给中小企业的项目资金规模', '其中:2026年政府采购项目中预留给小型、微型企业的项目资金规模',
        '上年实户资金余额', '部门预算', '上年结余、结转', '上年结转结余', '其中:专项资金列入部门预算项目', '其中:专项资金列入部门预算的项目',
        '其中:', '年度', '项目类别', '财政专户拨款', '财政专户拨款收入', '其他资金收入', '教育收费', '其他专户收入拨款', '本年预算',
        '人员类', '拟变动情况', '人员经费支出', '公用经费支出', '行政', '事业', '用事业基金弥补收支差额', '公共预算拨款', '资金性质',
        '结转下年', '收入预算', '支出预算', '专项业务经费支出', '业务经费', '专项资金', '上年', '当年', '编制人数', '实有人数',
        '离退休人员', '专户资金结转结余', '单位资金结转结余', '2018年', '2019年', '2021年', '2022年', '2022比2021',
      ],
    },
    {
      why: 'fragments of headers the unruled reader cut apart (words of a neighbouring cell glued on): a reader matter, not a vocabulary one',
      printed: ['费会议费', '公公务接待费', '因公出国(', '务用车购置及运行维护', '部门预预算算数支', '政府预预算算支数', '府预算支出经济科目(按大类', '出经济分类科目(按大类)', '预算数政', ')预算数', '支出功能分科目(按大类)'],
    },
    {
      why: '绩效目标 / 政府采购 / 项目 tables: not financial tables of the standard',
      printed: [
        '主管部门', '实施单位', '得分', '分值', '执行率(B/A)', '全年执行数(B)', '全年预算数(A)', '一级指标', '二级指标', '三级指标',
        '绩效指标', '指标值', '绩效目标', '序号', '备注', '采购项目', '采购目录', '规格型号', '数量', '项目简介', '购买服务内容',
        '实施采购时间', '说明', '主要原因', '预算不单列,并入本级',
      ],
    },
  ],
});

/**
 * The entry a printed header word belongs to: an exact printed form of any entry first, then the
 * first entry (in list order) one of whose stems the word contains.
 */
export function findWord<T extends WordEntry>(text: string, entries: readonly T[]): T | undefined {
  return entries.find((e) => e.printed.includes(text)) ?? entries.find((e) => e.stems.some((s) => text.includes(s)));
}

export function stubRole(text: string): Exclude<ColumnRole, 'value'> | null {
  return findWord(text, HEADER_VOCABULARY.stub)?.role ?? null;
}

export function sectionWord(text: string): Section | null {
  return findWord(text, HEADER_VOCABULARY.sections)?.section ?? null;
}

export function rowMarker(text: string): RowMarker | null {
  return HEADER_VOCABULARY.rowMarkers.find((m) => m.printed.includes(text))?.marker ?? null;
}

export function isTotalWord(text: string): boolean {
  return HEADER_VOCABULARY.totalRow.includes(text);
}

/**
 * Words that only a header prints (stub, section and value-column words, 合计/总计 excepted): a row
 * holding one of them beside a bare 合计 is a header row, not the 合计 body row.
 */
export const HEADER_ONLY_WORDS: ReadonlySet<string> = new Set(
  [
    ...HEADER_VOCABULARY.stub.flatMap((e) => e.printed),
    ...HEADER_VOCABULARY.sections.flatMap((e) => e.printed),
    ...Object.values(HEADER_VOCABULARY.columns).flatMap((cols) => cols.flatMap((c) => c.printed)),
  ].filter((w) => w && !isTotalWord(w) && !rowMarker(w)),
);
