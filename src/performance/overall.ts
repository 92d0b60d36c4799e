import type { ExecutionRole, PerfOverall, PerfScoreRow } from '../../schemas/performance.js';
import { cleanLabel } from '../../lib/text.js';
import { assignRoles, type Expect, type RoleCol } from './assign.js';
import { label, valueOf, type FormRow, type Item } from './items.js';

/**
 * The two tables of a 整体支出绩效自评报告: the score table (绩效评价项目 | 权重 | 得分 | 得分率, 目标 N
 * rows with their 产出/效益/满意度 rows under them, 合计) and the 执行率 table (年初预算数 … 执行率, in
 * 元 where the forms print 万元). Both are told by their header words.
 */

type ScoreRole = 'weight' | 'score' | 'rate';
const SCORE_WORDS: [ScoreRole, RegExp][] = [
  ['weight', /^权重|^分值/],
  ['rate', /得分率/],
  ['score', /^得分$|^评分$/],
];
const EXEC_WORDS: [ExecutionRole, RegExp][] = [
  ['initial', /年初预算/],
  ['adjusted', /调整后|全年预算/],
  ['adjustment', /追加|调整/],
  ['actual', /实际支出|执行数|决算数/],
  ['difference', /差异|差额/],
  ['rate', /执行率/],
];

function roles<R extends string>(items: Item[], words: [R, RegExp][]): RoleCol<R>[] {
  const out: RoleCol<R>[] = [];
  for (const item of items) {
    const hit = words.find(([, re]) => re.test(item.key));
    if (hit && !out.some((r) => r.role === hit[0])) out.push({ role: hit[0], col: item.col });
  }
  return out;
}

export function isScoreHeader(row: FormRow | undefined): boolean {
  const r = row ? roles(row.items, SCORE_WORDS) : [];
  return r.some((x) => x.role === 'weight') && r.some((x) => x.role === 'score') && !row!.items.some((x) => /指标$/.test(x.key));
}

export function isExecutionHeader(row: FormRow | undefined): boolean {
  const r = row ? roles(row.items, EXEC_WORDS) : [];
  return r.some((x) => x.role === 'initial') && r.some((x) => x.role === 'actual') && r.some((x) => x.role === 'rate') && !row!.items.some((x) => /指标/.test(x.key));
}

const expectOf = (r: string): Expect => (r === 'rate' ? 'percent' : 'number');

export function readScoreTable(rows: FormRow[]): PerfScoreRow[] {
  const header = roles(rows[0].items, SCORE_WORDS);
  const out: PerfScoreRow[] = [];
  let group: string | null = null;
  for (const { items } of rows.slice(1)) {
    if (!items.length) continue;
    const first = Math.min(...header.map((h) => h.col));
    const name = items.filter((x) => x.col < first);
    const { placed } = assignRoles(items.filter((x) => !name.includes(x)), header, expectOf);
    const text = label(name[0]) ?? '';
    const total = /^(合计|总计|总分)/.test(text);
    // 目标 1: / 汇总: head the rows under them.
    const isGroup = /[:：]$/.test(text) || /^目标\d/.test(text.replace(/\s+/g, ''));
    out.push({
      group: isGroup || total ? null : group,
      label: text,
      weight: valueOf(placed.get('weight')),
      score: valueOf(placed.get('score')),
      rate: valueOf(placed.get('rate')),
      total,
    });
    if (isGroup) group = text;
    if (total) group = null;
  }
  return out;
}

export function readExecutionTable(rows: FormRow[], unit: string | null): NonNullable<PerfOverall['execution']> {
  const header = roles(rows[0].items, EXEC_WORDS);
  const printed = new Map(rows[0].items.map((x) => [x.col, cleanLabel(x.text)]));
  const first = Math.min(...header.map((h) => h.col));
  return {
    unit,
    rows: rows.slice(1).filter((r) => r.items.length).map(({ items }) => {
      const name = items.filter((x) => x.col < first);
      const { placed } = assignRoles(items.filter((x) => !name.includes(x)), header, expectOf);
      return {
        label: label(name[0]) ?? '',
        cells: header.flatMap((h) => {
          const v = valueOf(placed.get(h.role));
          return v ? [{ ...v, role: h.role, column: printed.get(h.col) ?? h.role }] : [];
        }),
      };
    }),
  };
}
