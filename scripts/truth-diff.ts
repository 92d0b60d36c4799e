/**
 * Per-table accuracy and the mismatching cells of one fixture against its ground truth, for diagnosis:
 *   node --import tsx scripts/truth-diff.ts test/fixtures/producers/<name>.pdf [table] [--max N]
 * The truth file is the PDF's sibling `<name>.truth.json`.
 */
import { readFileSync } from 'node:fs';
import { GroundTruthSchema } from '../schemas/facts.js';
import { extractDocument } from '../src/pipeline/index.js';
import { recordFacts } from '../src/export/facts.js';
import { compareByTable } from '../src/evaluate/accuracy.js';

const args = process.argv.slice(2);
const maxAt = args.indexOf('--max');
const max = maxAt >= 0 ? Number(args[maxAt + 1]) : 40;
const [pdf, onlyTable] = args.filter((a, i) => !a.startsWith('--') && (maxAt < 0 || i !== maxAt + 1));
if (!pdf) throw new Error('usage: truth-diff.ts <fixture.pdf> [table] [--max N]');
const truth = GroundTruthSchema.parse(JSON.parse(readFileSync(pdf.replace(/\.pdf$/, '.truth.json'), 'utf8')));
const record = await extractDocument({ bytes: new Uint8Array(readFileSync(pdf)), fileName: pdf });
const facts = recordFacts(record);
for (const [table, r] of compareByTable(truth.facts, facts)) {
  if (onlyTable && table !== onlyTable) continue;
  console.log(`${table}: ${r.exact}/${r.truthCells} exact, ${r.wrongValue} wrong, ${r.missing} missing, ${r.extra} extra`);
  for (const m of r.mismatches.slice(0, max)) console.log(`   ${m.key}  expected ${m.expected}  got ${m.got ?? '(none)'}`);
}
for (const w of record.warnings ?? []) console.log(`warning: ${typeof w === 'string' ? w : JSON.stringify(w)}`);
