import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { expandInputs, runExtract } from '../src/commands/extract.js';

/** Every record under `dir`, by relative path, with the one field that differs between runs blanked. */
function records(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    out[relative(dir, path)] = readFileSync(path, 'utf8').replace(/"extractedAt": "[^"]+"/, '"extractedAt": ""');
  }
  return out;
}

describe('extract --jobs', () => {
  const work = mkdtempSync(join(tmpdir(), 'juesuan-jobs-'));
  const bad = join(work, 'error-page.pdf');
  const truncated = join(work, 'truncated.pdf');
  writeFileSync(bad, '<!DOCTYPE html><html><body>404 Not Found</body></html>');
  writeFileSync(truncated, readFileSync('test/fixtures/generated/hubei-2019-jiangan-jiaoyu.pdf').subarray(0, 20000));
  // Mixed: born-digital PDFs of two producers, converter text, an HTML error page and a truncated PDF.
  const inputs = [
    'test/fixtures/generated/hubei-2020-xiling-minzheng.pdf',
    bad,
    'test/fixtures/text/hanyang-xinfang-2020.txt',
    'samples/pdf/putuo-caizhengju-2024.pdf',
    truncated,
    'test/fixtures/generated/shanghai-2024-minhang-sifa.pdf',
  ];

  it('2 worker threads write byte-identical records to 1 job, report in input order, and a bad file stops nothing', async () => {
    const lines: Record<number, string[]> = {};
    for (const jobs of [1, 2]) {
      const out = join(work, `out-${jobs}`);
      const outcomes = await runExtract(inputs, { out, quiet: true, ocr: 'never', jobs });
      expect(outcomes.map((o) => o.file)).toEqual(inputs);
      expect(outcomes.map((o) => o.ok)).toEqual([true, false, true, true, false, true]);
      lines[jobs] = outcomes.map((o) => (o.ok ? `${o.status} ${relative(out, o.path!)}` : o.error!));
    }
    expect(lines[2]).toEqual(lines[1]);
    expect(lines[1]![1]).toContain(`${bad}: not a PDF: an HTML page saved as .pdf`);
    expect(lines[1]![4]).toMatch(/truncated/);
    const one = records(join(work, 'out-1'));
    expect(Object.keys(one)).toHaveLength(4);
    expect(records(join(work, 'out-2'))).toEqual(one);
  }, 300_000);

  it('a folder of links to documents is read like a folder of the documents', async () => {
    const dir = join(work, 'links');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    symlinkSync(resolve('test/fixtures/generated/hubei-2020-xiling-minzheng.pdf'), join(dir, 'a.pdf'));
    symlinkSync(resolve('test/fixtures/text/hanyang-xinfang-2020.txt'), join(dir, 'sub', 'b.txt'));
    symlinkSync(join(work, 'nowhere.pdf'), join(dir, 'dangling.pdf'));
    expect(await expandInputs([dir])).toEqual([join(dir, 'a.pdf'), join(dir, 'sub', 'b.txt')]);
  });
});
