import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PROBE = resolve('test/helpers/module-probe.cjs');
const OCR_STACK = ['tesseract.js', '@napi-rs/canvas'];

const work = mkdtempSync(join(tmpdir(), 'juesuan-startup-'));
const extract = (pdf: string) => ['extract', pdf, '-q', '--out', join(work, 'out')];

/** The packages a CLI run loaded (from the sources, as a developer runs them). */
async function packagesLoaded(args: string[]): Promise<string[]> {
  const probe = join(work, `modules-${args.join('_').replace(/\W+/g, '_')}.txt`);
  await run('node', ['--require', PROBE, 'bin/juesuan.mjs', ...args], {
    env: { ...process.env, JUESUAN_FROM_SOURCE: '1', JUESUAN_MODULE_PROBE: probe },
    maxBuffer: 16 << 20,
  }).catch((e: { code?: number }) => {
    if (e.code !== 0 && e.code !== 1) throw e;
  });
  return readFileSync(probe, 'utf8').split('\n').filter(Boolean);
}

describe('start-up loads only what the command needs', () => {
  it('--help and --version load neither the OCR stack nor the readers', async () => {
    for (const flag of ['--help', '--version']) {
      const loaded = await packagesLoaded([flag]);
      expect(loaded).toContain('commander');
      for (const p of [...OCR_STACK, 'cheerio', 'undici', 'better-sqlite3', 'cfb']) expect(loaded).not.toContain(p);
    }
  }, 120_000);

  it('extract of a born-digital PDF never loads tesseract.js or @napi-rs/canvas; a scanned page does', async () => {
    const born = await packagesLoaded(extract('test/fixtures/generated/hubei-2020-xiling-minzheng.pdf'));
    expect(born).toContain('cfb'); // the reader registry ran
    for (const p of [...OCR_STACK, 'cheerio', 'undici', 'better-sqlite3']) expect(born).not.toContain(p);
    // The probe does see the OCR stack when a page needs it (so the assertion above can fail).
    const scanned = await packagesLoaded(extract('test/fixtures/scanned/putuo-p8-150dpi.pdf'));
    for (const p of OCR_STACK) expect(scanned).toContain(p);
  }, 240_000);
});
