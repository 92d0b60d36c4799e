import type { Cell, Check, Row, Table, Tables, Warning } from '../../schemas/record.js';
import { Decimal, parseAmount } from '../../lib/number.js';
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
 *  - one amount is often printed twice and read the same twice (a 类 with a single 款: 204 and 20406
 *    both "1,491.33"); the identity tying them (204 = 20406) holds, so correcting either alone breaks
 *    it. When a cell's candidate is refused, the same substitution in every cell tied to it this way
 *    (same reading, same alternative among its own) is tried as one candidate, refused when an
 *    identity it makes hold sets it against one other OCR reading alone (that side could as well be
 *    the misread one).
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
  /** every cell corrected (the cell and the cells printing the same amount, see above); keys as in refKey */
  group: Array<{ key: string; cell: Cell; table: Table }>;
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
 * The cells that print the same amount as `key`'s cell and are tied to it by identities that hold
 * with nothing else in them (A = B, the other operands blank or zero): OCR'd number cells with the
 * same reading, reached one identity after another. The cell itself first.
 */
function sameAmountGroup(key: string, checks: Check[], index: ReturnType<typeof cellIndex>): string[] {
  const text = index.get(key)!.cell.text;
  const group = [key];
  for (let k = 0; k < group.length; k++) {
    for (const c of checks) {
      if (c.status === 'fail') continue;
      const refs = refsOf(c);
      if (!refs.some((r) => refKey(r) === group[k])) continue;
      const live = refs.filter((r) => !new Decimal(r.value).isZero());
      const cells = live.map((r) => index.get(refKey(r)));
      if (!cells.every((h) => h && h.cell.source === 'ocr' && h.cell.kind === 'number' && h.cell.text === text)) continue;
      for (const r of live) if (!group.includes(refKey(r))) group.push(refKey(r));
    }
  }
  return group;
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
        // (only under a standard amount column: one kept as x_* may be 行次 line numbers, summed as money only by mistake)
        if (hit && hit.cell.source === 'ocr' && hit.cell.kind === 'number' && hit.cell.alternatives && !hit.cell.key.startsWith('x_')) targets.set(refKey(ref), hit);
      }
    }

    const candidates: Candidate[] = [];
    const tried = new Set<string>();
    // Applies the substitution to the cells of `keys`; kept when every identity they are in holds and nothing that held breaks.
    const consider = (keys: string[], v: ReturnType<typeof variantsOf>[number]): boolean => {
      const id = `${[...keys].sort().join('/')}@${v.position}:${v.to}`;
      if (tried.has(id)) return false;
      tried.add(id);
      const group = keys.map((k) => ({ key: k, ...index.get(k)! }));
      const delta = new Decimal(v.value).minus(group[0].cell.value ?? 0);
      // Quick test on the failing identities the cells are in: the new value must bring each within tolerance.
      const involved = failing.filter((c) => refsOf(c).some((r) => keys.includes(refKey(r))));
      const closes = involved.every((c) => {
        // difference = left − Σ sign·right: a cell moves it by +δ as the left side, by −sign·δ as a part.
        const shift = refsOf(c).reduce((s, r, i) => (!keys.includes(refKey(r)) ? s : i === 0 ? s.plus(delta) : s.minus(delta.times(r.sign))), new Decimal(0));
        return new Decimal(c.difference).plus(shift).abs().lte(c.tolerance);
      });
      if (!closes) return false;
      const saved = group.map(({ cell }) => ({ text: cell.text, value: cell.value, kind: cell.kind }));
      for (const { cell } of group) Object.assign(cell, { text: v.text, value: v.value, kind: v.kind });
      const after = checkIdentities(tables, []);
      group.forEach(({ cell }, i) => Object.assign(cell, saved[i]));
      const mine = after.filter((c) => refsOf(c).some((r) => keys.includes(refKey(r))));
      if (mine.some((c) => c.status === 'fail')) return false;
      if (after.some((c) => c.status === 'fail' && passingBefore.has(c.id))) return false;
      const fixed = new Set(after.filter((c) => c.status !== 'fail').map((c) => c.id));
      // Several cells read alike are not corrected against one other OCR reading alone (A = B): B,
      // perhaps read alike as often without the alternative, may as well be the misread side.
      const againstOneReading = (c: Check) => {
        const others = refsOf(c).filter((r) => !keys.includes(refKey(r)) && !new Decimal(r.value).isZero());
        return others.length === 1 && index.get(refKey(others[0]))?.cell.source === 'ocr';
      };
      if (keys.length > 1 && after.some((c) => fixed.has(c.id) && !passingBefore.has(c.id) && againstOneReading(c))) return false;
      candidates.push({ cell: group[0].cell, table: group[0].table, group, ...v, fixes: failing.filter((c) => fixed.has(c.id)).map((c) => c.id) });
      return true;
    };
    for (const [key, { cell }] of targets) {
      for (const v of variantsOf(cell)) {
        if (consider([key], v)) continue;
        // Refused alone: the same substitution in the cells printing the same amount, when each has it among its alternatives.
        const group = sameAmountGroup(key, current, index);
        if (group.length > 1 && group.every((k) => index.get(k)!.cell.alternatives?.[v.position]?.includes(v.to))) consider(group, v);
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
    const twice = applied.group.length > 1 ? ` in the ${applied.group.length} cells printing this amount` : '';
    const reason = `OCR alternative: character ${applied.position + 1} "${applied.from}"→"${applied.to}"${twice} is the only single-character correction that makes ${applied.fixes.length === 1 ? 'the identity' : `${applied.fixes.length} identities`} hold (${applied.fixes.join(', ')})`;
    for (const { key, cell, table } of applied.group) {
      cell.repaired = { originalText: cell.text, reason };
      cell.text = applied.text;
      cell.value = applied.value;
      cell.kind = applied.kind;
      const row = key.split('|')[2];
      warnings.push({ code: 'ocr-repair', message: `${table.id} ${row} ${cell.column}: OCR read "${cell.repaired.originalText}", repaired to "${cell.text}" (${reason})`, table: table.id, page: cell.page });
    }
    current = checkIdentities(tables, []);
  }
  return current;
}
