import { z } from 'zod';
import { GroundTruthSchema, type Fact, type GroundTruth } from '../../schemas/facts.js';
import { compact } from '../../lib/text.js';

/**
 * Cell accuracy of extracted facts against a fixture's ground truth. A truth cell is "exact" when a
 * fact with the same table, section, row and column has the same exact value (or, for non-numeric
 * cells, the same text).
 */
export interface AccuracyReport {
  truthCells: number;
  exact: number;
  wrongValue: number;
  missing: number;
  /** extracted facts with no truth counterpart */
  extra: number;
  rate: number;
  mismatches: { key: string; expected: string; got: string | null }[];
}

type TruthFact = GroundTruth['facts'][number];
type Keyed = Pick<TruthFact, 'table' | 'section' | 'row_code' | 'row_label' | 'line_no' | 'column'>;

export function factKey(f: Keyed): string {
  // Rows are identified by code, else by 行次, else by label; t7 has a single row per section.
  const row = f.row_code ? `c${f.row_code}` : f.line_no !== null ? `l${f.line_no}` : f.table === 't7' ? '' : `n${compact(f.row_label)}`;
  return `${f.table}|${f.section}|${row}|${f.column}`;
}

/** An exported fact in the truth's shape: the export names table and column `table_id` and `column_key`. */
export function asTruth(f: Fact): TruthFact {
  return { table: f.table_id, section: f.section, row_code: f.row_code, row_label: f.row_label, line_no: f.line_no, column: f.column_key, text: f.text, value: f.value };
}

const exportedKey = (f: Fact) => factKey(asTruth(f));

export function compareFacts(truth: GroundTruth['facts'], allGot: Fact[]): AccuracyReport {
  // The truth is of the nine tables' cells; the narrative's figures are no table cells.
  const got = allGot.filter((f) => f.table_id !== 'narrative');
  const byKey = new Map<string, Fact[]>();
  for (const f of got) {
    const k = exportedKey(f);
    byKey.set(k, [...(byKey.get(k) ?? []), f]);
  }
  const used = new Set<Fact>();
  let exact = 0;
  let wrongValue = 0;
  let missing = 0;
  const mismatches: AccuracyReport['mismatches'] = [];
  for (const t of truth) {
    const k = factKey(t);
    const candidates = (byKey.get(k) ?? []).filter((f) => !used.has(f));
    const hit = candidates.find((f) => same(f, t)) ?? candidates[0];
    if (!hit) {
      missing++;
      mismatches.push({ key: k, expected: t.text, got: null });
      continue;
    }
    used.add(hit);
    if (same(hit, t)) exact++;
    else {
      wrongValue++;
      mismatches.push({ key: k, expected: t.text, got: hit.text });
    }
  }
  const truthCells = truth.length;
  return { truthCells, exact, wrongValue, missing, extra: got.length - used.size, rate: truthCells ? exact / truthCells : 1, mismatches };
}

function same(f: Pick<Fact, 'value' | 'text'>, t: Pick<Fact, 'value' | 'text'>): boolean {
  return t.value !== null ? f.value === t.value : compact(f.text) === compact(t.text);
}

/** Accuracy per table (t1..t9) of one document: truth and extracted facts split by table. */
export function compareByTable(truth: GroundTruth['facts'], got: Fact[]): Map<string, AccuracyReport> {
  const out = new Map<string, AccuracyReport>();
  for (const table of new Set(truth.map((f) => f.table))) {
    out.set(
      table,
      compareFacts(
        truth.filter((f) => f.table === table),
        got.filter((f) => f.table_id === table),
      ),
    );
  }
  return out;
}

/** How a table is printed, for accuracy per layout: lines everywhere, none, 三线表, or over several pages. */
export const LayoutSchema = z.enum(['ruled', 'unruled', 'three-line', 'continued']);
export type Layout = z.infer<typeof LayoutSchema>;

/**
 * test/fixtures/producers/manifest.json: born-digital documents of several producers with ground truth
 * (paths relative to that folder), and each table's layout and pages.
 */
/** The held-out producer sets, in the order they were made (scripts/fixtures/producers/list.ts). */
export const HeldoutSetSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6), z.literal(7), z.literal(8), z.literal(9), z.literal(10), z.literal(11), z.literal(12)]);
export type HeldoutSet = z.infer<typeof HeldoutSetSchema>;

export const ProducerManifestSchema = z.object({
  generator: z.string(),
  documents: z.array(
    z.object({
      name: z.string(),
      producer: z.string(),
      variant: z.string(),
      doc: z.string(),
      pdf: z.string(),
      truth: z.string(),
      pages: z.number().int(),
      facts: z.number().int(),
      expectedFailures: z.number().int(),
      tables: z.record(z.string(), z.object({ layout: LayoutSchema, pages: z.array(z.number().int()) })),
      varies: z.array(z.string()),
      /** held-out set (scripts/fixtures/producers/list.ts: HELDOUT, HELDOUT2 … HELDOUT8): the bench reports each apart */
      heldout: HeldoutSetSchema.optional(),
    }),
  ),
});
export type ProducerManifest = z.infer<typeof ProducerManifestSchema>;

/**
 * Hand-verified cells of real documents (test/fixtures/producers/real-cells.json): a partial truth, so
 * only these cells count (extra facts are not errors).
 */
export const HandCheckedSchema = z.object({
  documents: z.array(
    z.object({
      name: z.string(),
      pdf: z.string(),
      source: z.string(),
      tables: z.record(z.string(), LayoutSchema),
      facts: GroundTruthSchema.shape.facts,
    }),
  ),
});
export type HandChecked = z.infer<typeof HandCheckedSchema>;
