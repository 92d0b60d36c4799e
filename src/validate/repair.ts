import type { Cell, Check, Row, Table, Tables, Warning } from '../../schemas/record.js';
import { Decimal, parseAmount } from '../normalize/number.js';
import { rowName } from './check.js';
import { checkIdentities } from './identities.js';

/**
 * Identity repair of OCR readings. A failed identity whose numbers came from OCR is repaired only
 * when the evidence leaves no choice:
 *
 *  - the candidates are single-character substitutions inside one OCR'd number cell of the failing
 *    identity, taken from that cell's own OCR alternatives (tesseract's per-character choices);
 *  - a candidate is kept when, with it, every identity the cell takes part in holds and no identity
 *    that held before fails;
 *  - the failing identity is repaired only when exactly one candidate (one cell, one character, one
 *    replacement) is kept for it. Two candidates, or none, leave it flagged: nothing is guessed.
 *
 * The repaired cell keeps its reading in `repaired.originalText`, and a warning says what changed.
 */
export interface RepairOptions {
  /** Rounds of repair (one cell each) before giving up; default 20. */
  maxRepairs?: number;
}

interface Candidate {
  cell: Cell;
  table: Table;
  text: string;
  value: string;
  kind: Cell['kind'];
  position: number;
  from: string;
  to: string;
  /** ids of the failing checks this candidate makes hold */
  fixes: string[];
}

type Ref = Check['left'];

const refKey = (r: Pick<Ref, 'table' | 'section' | 'row' | 'column'>) => `${r.table}|${r.section}|${r.row}|${r.column}`;

/** Every (table, section, row name, column) → cell, as check references name them. */
function cellIndex(tables: Tables): Map<string, { cell: Cell; table: Table; row: Row }> {
  const index = new Map<string, { cell: Cell; table: Table; row: Row }>();
  for (const table of Object.values(tables) as Table[]) {
    if (table.status !== 'present') continue;
    for (const row of table.rows) {
      for (const cell of row.cells) {
        const k = refKey({ table: table.id, section: row.section, row: rowName(row), column: cell.key });
        if (!index.has(k)) index.set(k, { cell, table, row });
      }
    }
  }
  return index;
}

const refsOf = (c: Check): Array<Ref & { sign: 1 | -1 }> => [{ ...c.left, sign: 1 }, ...c.right];

/** Single-character substitutions of a cell's reading drawn from its OCR alternatives, that parse as numbers. */
function variantsOf(cell: Cell): Array<{ text: string; value: string; kind: Cell['kind']; position: number; from: string; to: string }> {
  const chars = [...cell.text];
  const alts = cell.alternatives;
  if (!alts || alts.length !== chars.length) return [];
  const out: ReturnType<typeof variantsOf> = [];
  const seen = new Set<string>();
  alts.forEach((options, i) => {
    for (const alt of options) {
      if (alt === chars[i] || [...alt].length !== 1) continue;
      const text = [...chars.slice(0, i), alt, ...chars.slice(i + 1)].join('');
      const parsed = parseAmount(text);
      if (parsed.kind !== 'number' || parsed.value === null || parsed.value === cell.value || seen.has(parsed.value)) continue;
      seen.add(parsed.value);
      out.push({ text, value: parsed.value, kind: parsed.kind, position: i, from: chars[i], to: alt });
    }
  });
  return out;
}

/**
 * Repairs what the rules above allow, mutating `tables`, and returns the checks recomputed after the
 * repairs (the input checks when nothing was repaired). Warnings: one `ocr-repair` per repaired cell,
 * one `ocr-repair-ambiguous` per failing identity with several possible single-character fixes.
 */
export function repairIdentities(tables: Tables, checks: Check[], warnings: Warning[], opts: RepairOptions = {}): Check[] {
  const maxRepairs = opts.maxRepairs ?? 20;
  let current = checks;
  const ambiguous = new Set<string>();
  for (let round = 0; round < maxRepairs; round++) {
    const failing = current.filter((c) => c.status === 'fail');
    if (failing.length === 0) break;
    const index = cellIndex(tables);
    const passingBefore = new Set(current.filter((c) => c.status !== 'fail').map((c) => c.id));

    // OCR'd number cells with alternatives named by a failing identity.
    const targets = new Map<string, { cell: Cell; table: Table }>();
    for (const check of failing) {
      for (const ref of refsOf(check)) {
        const hit = index.get(refKey(ref));
        if (hit && hit.cell.source === 'ocr' && hit.cell.kind === 'number' && hit.cell.alternatives) targets.set(refKey(ref), hit);
      }
    }

    const candidates: Candidate[] = [];
    for (const [key, { cell, table }] of targets) {
      const involved = failing.filter((c) => refsOf(c).some((r) => refKey(r) === key));
      for (const v of variantsOf(cell)) {
        // Quick test on the failing identities the cell is in: the new value must bring each within tolerance.
        const delta = new Decimal(v.value).minus(cell.value ?? 0);
        const closes = involved.every((c) => {
          // difference = left − Σ sign·right: the cell moves it by +δ as the left side, by −sign·δ as a part.
          const shift = refsOf(c).reduce((s, r, i) => (refKey(r) !== key ? s : i === 0 ? s.plus(delta) : s.minus(delta.times(r.sign))), new Decimal(0));
          return new Decimal(c.difference).plus(shift).abs().lte(c.tolerance);
        });
        if (!closes) continue;
        // Full test: every identity holds where the cell takes part, and nothing that held breaks.
        const saved = { text: cell.text, value: cell.value, kind: cell.kind };
        Object.assign(cell, { text: v.text, value: v.value, kind: v.kind });
        const after = checkIdentities(tables, []);
        Object.assign(cell, saved);
        const mine = after.filter((c) => refsOf(c).some((r) => refKey(r) === key));
        if (mine.some((c) => c.status === 'fail')) continue;
        if (after.some((c) => c.status === 'fail' && passingBefore.has(c.id))) continue;
        const fixed = new Set(after.filter((c) => c.status !== 'fail').map((c) => c.id));
        candidates.push({ cell, table, ...v, fixes: failing.filter((c) => fixed.has(c.id)).map((c) => c.id) });
      }
    }

    // A failing identity is repaired only when exactly one candidate fixes it.
    let applied: Candidate | null = null;
    for (const check of failing) {
      const fixers = candidates.filter((c) => c.fixes.includes(check.id));
      if (fixers.length === 1) {
        applied = fixers[0];
        break;
      }
      if (fixers.length > 1 && !ambiguous.has(check.id)) {
        ambiguous.add(check.id);
        const options = fixers.map((f) => `${f.table.id} ${f.cell.column} "${f.cell.text}"→"${f.text}"`).join(', ');
        warnings.push({
          code: 'ocr-repair-ambiguous',
          message: `${check.rule}: ${fixers.length} single-character OCR corrections would make it hold (${options}); left as read`,
          table: check.tables[0],
          page: check.left.page,
        });
      }
    }
    if (!applied) break;
    const { cell, table } = applied;
    const reason = `OCR alternative: character ${applied.position + 1} "${applied.from}"→"${applied.to}" is the only single-character correction that makes ${applied.fixes.length === 1 ? 'the identity' : `${applied.fixes.length} identities`} hold (${applied.fixes.join(', ')})`;
    cell.repaired = { originalText: cell.text, reason };
    cell.text = applied.text;
    cell.value = applied.value;
    cell.kind = applied.kind;
    warnings.push({ code: 'ocr-repair', message: `${table.id} ${cell.column}: OCR read "${cell.repaired.originalText}", repaired to "${cell.text}" (${reason})`, table: table.id, page: cell.page });
    current = checkIdentities(tables, []);
  }
  return current;
}
