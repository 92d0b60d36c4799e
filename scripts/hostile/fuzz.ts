/**
 * Fuzz run: mutated copies of seed documents through extractDocument (OCR off), in this process as a
 * user's batch would run them. Prints one JSON summary: how many gave a record, a named
 * DocumentReadError, or anything else (with the mutant's id to replay it), the slowest mutants, the
 * stray pdf.js rejections dropped, and peak RSS. A crash or a hang ends the process: its caller
 * (test/fuzz.test.ts, `npm run bench -- --hostile`) sees no summary.
 *
 *   node --import tsx scripts/hostile/fuzz.ts --seed 20261202 FILE:COUNT [FILE:COUNT ...]
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { DocumentReadError, extractDocument } from '../../src/pipeline/index.js';
import { droppedPdfjsRejections } from '../../extractors/pdf/stray-rejections.js';
import { mutants } from './mutate.js';

export interface FuzzSummary {
  mutants: number;
  records: number;
  readErrors: number;
  /** Anything that is not a record or a DocumentReadError naming the file: a bug. */
  otherErrors: Array<{ id: string; error: string }>;
  slowest: Array<{ id: string; ms: number }>;
  droppedPdfjsRejections: number;
  peakRssMiB: number;
}

export async function fuzz(seeds: Array<{ path: string; count: number }>, seed: number): Promise<FuzzSummary> {
  const s: FuzzSummary = { mutants: 0, records: 0, readErrors: 0, otherErrors: [], slowest: [], droppedPdfjsRejections: 0, peakRssMiB: 0 };
  const times: Array<{ id: string; ms: number }> = [];
  for (const { path, count } of seeds) {
    const fileName = `mutant${extname(path)}`;
    for (const m of mutants(basename(path), new Uint8Array(readFileSync(path)), count, seed)) {
      const t = performance.now();
      try {
        await extractDocument({ bytes: m.bytes, fileName }, { ocr: 'never' });
        s.records++;
      } catch (e) {
        if (e instanceof DocumentReadError && e.message.startsWith(`${fileName}: `) && e.reason.length > 5) s.readErrors++;
        else s.otherErrors.push({ id: m.id, error: String((e as Error)?.stack ?? e).slice(0, 800) });
      }
      times.push({ id: m.id, ms: Math.round(performance.now() - t) });
      s.mutants++;
      s.peakRssMiB = Math.max(s.peakRssMiB, Math.round(process.memoryUsage().rss / 1048576));
    }
  }
  s.slowest = times.sort((a, b) => b.ms - a.ms).slice(0, 5);
  // Let pdf.js's late rejections of the last documents arrive before counting them.
  await new Promise((r) => setTimeout(r, 200));
  s.droppedPdfjsRejections = droppedPdfjsRejections();
  return s;
}

if (process.argv[1] && /fuzz\.[jt]s$/.test(process.argv[1])) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--seed');
  const seed = at >= 0 ? Number(args.splice(at, 2)[1]) : 20261202;
  const seeds = args.map((a) => {
    const i = a.lastIndexOf(':');
    return { path: a.slice(0, i), count: Number(a.slice(i + 1)) };
  });
  process.stdout.write(`${JSON.stringify(await fuzz(seeds, seed))}\n`);
}
