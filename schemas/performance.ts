import { z } from 'zod';

/**
 * `record.performance`: the 绩效自评 (performance self-evaluation) a 决算 prints after its nine tables —
 * one 项目支出绩效自评表 per project, the 部门整体支出绩效自评表, and the score and 执行率 tables of the
 * 整体支出绩效自评报告 — with the identities those forms state (执行率 = 执行数/预算数, 总分 = Σ 得分) and
 * the 执行数 of each project against the figures the narrative states for it.
 */

const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'exact decimal string');
const BBox = z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() });

/** One printed value of a form: its text as printed, the exact number when it is one, where it is. */
export const PerfValueSchema = z.object({
  text: z.string(),
  /** exact decimal of a number or a percent (75.18 for "75.18%"); null for blank, dash or words */
  value: Decimal.nullable(),
  kind: z.enum(['blank', 'number', 'percent', 'dash', 'text']),
  page: z.number().int().nullable(),
  bbox: BBox.optional(),
  line: z.number().int().optional(),
});
export type PerfValue = z.infer<typeof PerfValueSchema>;

/** A 资金 row of the budget part: 年度财政资金总额 / 其中：当年财政拨款 / 部门整体支出总额 … */
export const PerfFundingSchema = z.object({
  label: z.string(),
  /** 年初预算数, when the form prints it beside 全年预算数 */
  initial: PerfValueSchema.nullable(),
  /** 预算数 (A) / 全年预算数（A） */
  budget: PerfValueSchema.nullable(),
  /** 执行数 (B) / 全年执行数（B） */
  actual: PerfValueSchema.nullable(),
  /** 执行率 (B/A), a percent */
  rate: PerfValueSchema.nullable(),
  /** 分值 of the budget part, when printed per row */
  points: PerfValueSchema.nullable(),
  score: PerfValueSchema.nullable(),
});
export type PerfFunding = z.infer<typeof PerfFundingSchema>;

export const PerfIndicatorSchema = z.object({
  /** the 年度目标 the indicator belongs to (部门整体 forms print several), else null */
  goal: z.string().nullable(),
  /** 一级/二级 names without their printed points ("产出指标" for "产出指标 (40 分)") */
  level1: z.string().nullable(),
  level1Points: Decimal.nullable(),
  level2: z.string().nullable(),
  level2Points: Decimal.nullable(),
  /** 三级指标 as printed (wrapped lines joined) */
  name: z.string(),
  /** 分值 of the indicator, when the form has the column */
  points: PerfValueSchema.nullable(),
  /** 年初目标值 / 年度指标值 */
  target: PerfValueSchema.nullable(),
  /** 实际完成值 */
  actual: PerfValueSchema.nullable(),
  score: PerfValueSchema.nullable(),
  /** 偏差原因分析及改进措施 of this indicator, when the form has the column */
  note: z.string().nullable(),
  page: z.number().int().nullable(),
  line: z.number().int().optional(),
});
export type PerfIndicator = z.infer<typeof PerfIndicatorSchema>;

/** One 自评表: a project's (项目支出) or the department's as a whole (部门整体支出). */
export const PerfFormSchema = z.object({
  scope: z.enum(['project', 'department']),
  /** title as printed ("2020 年度信访工作经费项目自评表") */
  title: z.string(),
  /** 项目名称 (the department's name on a 部门整体 form) */
  name: z.string(),
  /** 主管部门 */
  department: z.string().nullable(),
  /** 实施单位 / 项目实施单位 */
  implementer: z.string().nullable(),
  /** unit of the amounts, as printed in the budget part ("预算执行情况（万元）") */
  unit: z.string().nullable(),
  funding: z.array(PerfFundingSchema),
  indicators: z.array(PerfIndicatorSchema),
  /** 总分 (the 分值 column's total is `totalPoints`) */
  total: PerfValueSchema.nullable(),
  totalPoints: PerfValueSchema.nullable(),
  /** 偏差大或目标未完成原因分析 */
  deviation: z.string().nullable(),
  /** 改进措施（及结果应用方案） */
  improvement: z.string().nullable(),
  pages: z.array(z.number().int()),
});
export type PerfForm = z.infer<typeof PerfFormSchema>;

/** A row of the 整体支出 score table (绩效评价项目 | 权重 | 得分 | 得分率). */
export const PerfScoreRowSchema = z.object({
  /** the group row above ("目标 1:", "汇总:"), null for a group row itself */
  group: z.string().nullable(),
  label: z.string(),
  weight: PerfValueSchema.nullable(),
  score: PerfValueSchema.nullable(),
  rate: PerfValueSchema.nullable(),
  total: z.boolean(),
});
export type PerfScoreRow = z.infer<typeof PerfScoreRowSchema>;

/** Column roles of the 执行率 table: 年初预算数, 年中追加调整, 调整后预算数, 实际支出数, 差异, 执行率. */
export const ExecutionRoleSchema = z.enum(['initial', 'adjustment', 'adjusted', 'actual', 'difference', 'rate']);
export type ExecutionRole = z.infer<typeof ExecutionRoleSchema>;

export const PerfExecutionRowSchema = z.object({
  label: z.string(),
  cells: z.array(PerfValueSchema.extend({ role: ExecutionRoleSchema, column: z.string() })),
});

export const PerfOverallSchema = z.object({
  /** the score table, with its printed heading */
  scores: z.array(PerfScoreRowSchema),
  /** the 执行率 table: its unit as printed (元 there, not 万元) */
  execution: z.object({ unit: z.string().nullable(), rows: z.array(PerfExecutionRowSchema) }).nullable(),
  pages: z.array(z.number().int()),
});
export type PerfOverall = z.infer<typeof PerfOverallSchema>;

/** One side of a performance check: which form or table, which row and column, the value. */
export const PerfRefSchema = z.object({
  /** form name, "overall" for the 整体 tables, "narrative" for a narrative figure */
  where: z.string(),
  row: z.string(),
  column: z.string(),
  value: Decimal,
  unit: z.string().nullable(),
  page: z.number().int().nullable(),
});

export const PerfCheckSchema = z.object({
  id: z.string(),
  /** rate: 执行率 = 执行数/预算数; total: 总分 = Σ 得分; sum: a printed sum of a table; narrative: a form figure against the narrative */
  kind: z.enum(['rate', 'total', 'sum', 'narrative']),
  rule: z.string(),
  left: PerfRefSchema,
  right: z.array(PerfRefSchema),
  expected: Decimal,
  actual: Decimal,
  difference: Decimal,
  tolerance: Decimal,
  status: z.enum(['pass', 'pass-rounding', 'fail']),
  /** why a failure may not be what it seems (the same digits printed with another unit) */
  note: z.string().optional(),
});
export type PerfCheck = z.infer<typeof PerfCheckSchema>;

export const PerformanceSchema = z.object({
  projects: z.array(PerfFormSchema),
  /** 部门整体支出绩效自评: its form(s) and the tables of the 自评报告 */
  department: z.array(PerfFormSchema),
  overall: PerfOverallSchema.nullable(),
  checks: z.array(PerfCheckSchema),
  /** what could not be read as printed (a row that fits no column) */
  warnings: z.array(z.string()),
});
export type Performance = z.infer<typeof PerformanceSchema>;
