import { z } from 'zod';

const DecimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'exact decimal string');

/**
 * How a stated percentage is made from the document's own figures: `share` (part / whole, 占…%),
 * `change` (change / (current − change), 增长/下降…%), `completion` (actual / budget, 完成预算的…%).
 */
export const NarrativeBasisSchema = z.object({
  kind: z.enum(['share', 'change', 'completion']),
  numerator: z.string(),
  denominator: z.string(),
});

/** One figure stated in the 概况 or 情况说明 parts of a document. */
export const NarrativeFigureSchema = z.object({
  /**
   * canonical key: income_expense_total, gpb_class:210:actual, three_public_reception,
   * perf_project:<name>:budget|actual|pct, staff_active:行政, vehicles:机要通信用车 … (src/narrative/subjects.ts)
   */
  key: z.string(),
  /** the subject words the figure was tied to, as printed (收、支总计, 卫生健康(类)支出 …) */
  subject: z.string(),
  /** number and unit as printed ("707.12 万元", "11.9%") */
  text: z.string(),
  /** exact decimal in the printed unit; signed for changes (增加 +, 减少 −) */
  value: DecimalString,
  /** unit as printed, 万 read as 万元: 万元, 元, 亿元, %, 人, 辆, 台（套）, 个 … */
  unit: z.string(),
  /** the clause it came from, wrapped lines and page breaks joined */
  clause: z.string(),
  /** heading path of the section it sits in (第三部分 … / 五、… / (三)…) */
  section: z.string(),
  page: z.number().int().nullable(),
  /** box of the printed line(s) the number sits on, PDF points, top-left origin */
  bbox: z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() }).optional(),
  /** line of a text input */
  line: z.number().int().optional(),
  /** for a percentage: which figures it is computed from */
  basis: NarrativeBasisSchema.optional(),
});
export type NarrativeFigure = z.infer<typeof NarrativeFigureSchema>;

export const NarrativeSchema = z.array(NarrativeFigureSchema);
