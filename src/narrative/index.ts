/**
 * record.narrative: the figures the 概况 and 情况说明 parts state, keyed (src/narrative/subjects.ts),
 * with their checks against the tables and against each other (src/narrative/checks.ts).
 */
import type { DocumentLayout } from '../../extractors/layout.js';
import type { NarrativeFigure } from '../../schemas/narrative.js';
import type { Check, Tables, Warning } from '../../schemas/record.js';
import { narrativeChecks, setBases } from './checks.js';
import { classIndex, unitFigures, type FigureWarning, type FoundFigure } from './figures.js';
import { readUnits } from './sections.js';

export { tableFigure } from './checks.js';

export function readNarrative(layout: DocumentLayout, tables: Tables, warnings: Warning[]): { narrative: NarrativeFigure[]; checks: Check[] } {
  const index = classIndex(tables);
  const found: FoundFigure[] = [];
  const notes: FigureWarning[] = [];
  let sentence = 0;
  // 2026年部门预算 on the cover: its figures are budgets (a 第…部分 heading, where printed, says so for its part)
  const cover = layout.pages[0]?.blocks.map((b) => (b.kind === 'text' ? b.text : '')).join('') ?? '';
  const budgetDocument = /预算/.test(cover) && !/决算/.test(cover);
  for (const unit of readUnits(layout)) {
    const r = unitFigures(unit, sentence, index, notes, budgetDocument);
    found.push(...r.figures);
    sentence += r.sentences;
  }
  setBases(found);
  for (const n of notes) warnings.push({ code: 'narrative-ambiguous', message: n.message, page: n.page });
  const narrative = found.map(({ role: _r, base: _b, referent: _f, def: _d, sentence: _n, ...figure }) => figure);
  return { narrative, checks: narrativeChecks(found, tables) };
}
