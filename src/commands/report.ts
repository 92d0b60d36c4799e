import { writeReport } from '../report/index.js';

/** `juesuan report`: the static audit site, with progress on stderr and a one-line summary. */
export async function runReport(opts: { in: string; out: string; dpi: number; quiet?: boolean }): Promise<{ documents: number; skipped: number }> {
  const progress = opts.quiet ? undefined : (m: string) => process.stderr.write(`report ${m}\n`);
  const s = await writeReport({ in: opts.in, out: opts.out, dpi: opts.dpi, onProgress: progress });
  for (const k of s.skipped) process.stderr.write(`skipped ${k}\n`);
  for (const w of s.withoutPages) process.stderr.write(`warning: pages not shown for ${w}\n`);
  process.stderr.write(`report: ${s.documents} document(s), ${s.pagesRendered} page image(s) rendered, ${s.skipped.length} file(s) skipped; open ${s.index}\n`);
  return { documents: s.documents, skipped: s.skipped.length };
}
