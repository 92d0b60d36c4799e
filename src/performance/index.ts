import type { LayoutGrid, LayoutPage, LayoutText } from '../../extractors/layout.js';
import { titleSpec } from '../../schemas/captions.js';
import type { Performance, PerfForm, PerfOverall } from '../../schemas/performance.js';
import { isProse } from '../assemble/locate.js';
import { compact } from '../../lib/text.js';
import { performanceChecks } from './checks.js';
import { readForm } from './form.js';
import { formRows, type FormRow } from './items.js';
import { isExecutionHeader, isScoreHeader, readExecutionTable, readScoreTable } from './overall.js';
export { checkAgainstNarrative, type NarrativeFigure } from './narrative.js';

/**
 * Finds and reads the 绩效自评 parts of a document from the same layout model the nine tables come
 * from: a form is a title ending in 自评表 with the grids under it (up to the next title or prose);
 * the 整体 report's score and 执行率 tables are grids told by their header words.
 */
export function readPerformance(pages: LayoutPage[]): Performance {
  const warnings: string[] = [];
  const forms: PerfForm[] = [];
  const overall: PerfOverall = { scores: [], execution: null, pages: [] };
  let open: { title: LayoutText; rows: FormRow[] } | null = null;
  let lastText: LayoutText | null = null;

  const close = () => {
    if (open?.rows.length) {
      const t = compact(open.title.text);
      forms.push(readForm(open.rows, open.title.text, /整体/.test(t) ? 'department' : 'project', warnings));
    }
    open = null;
  };

  for (const page of pages) {
    const withPages = page.source === 'text-layer' || page.source === 'ocr';
    for (const block of page.blocks) {
      if (block.kind === 'text') {
        if (isFormTitle(block.text)) {
          close();
          open = { title: block, rows: [] };
        } else if (open && (isProse(block.text) || titleSpec(block.text))) close();
        lastText = block;
        continue;
      }
      const rows = formRows(block, withPages);
      const head = rows.findIndex((r) => r.items.length > 0);
      if (isScoreHeader(rows[head]) || isExecutionHeader(rows[head])) {
        close();
        const body = rows.slice(head);
        if (isScoreHeader(body[0])) overall.scores.push(...readScoreTable(body));
        else overall.execution = readExecutionTable(body, unitAbove(lastText, block));
        if (withPages && !overall.pages.includes(block.page)) overall.pages.push(block.page);
        continue;
      }
      if (open) open.rows.push(...rows);
    }
  }
  close();
  const projects = forms.filter((f) => f.scope === 'project');
  const department = forms.filter((f) => f.scope === 'department');
  const hasOverall = overall.scores.length > 0 || overall.execution !== null;
  const performance: Performance = { projects, department, overall: hasOverall ? overall : null, checks: [], warnings };
  performance.checks = performanceChecks(performance);
  return performance;
}

/** "2020 年度信访工作经费项目自评表", "西安市级…项目绩效自评表", "…部门整体绩效自评表" (not a sentence naming one). */
export function isFormTitle(text: string): boolean {
  const t = compact(text).replace(/[(（][^)）]*[)）]$/, '');
  return t.length <= 60 && /自评表$/.test(t) && !/[。；，,]/.test(t);
}

/** 单位：元 printed right above the table (the 执行率 table prints 元 where the forms print 万元). */
function unitAbove(text: LayoutText | null, grid: LayoutGrid): string | null {
  if (!text) return null;
  if (text.bbox && grid.bbox && (text.page !== grid.page || grid.bbox.y0 - text.bbox.y1 > 60)) return null;
  return /单位[:：]?(万元|千元|元)$/.exec(compact(text.text))?.[1] ?? null;
}
