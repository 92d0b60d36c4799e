/**
 * Hostile-input benchmark (`npm run bench -- --hostile`): time and peak memory of the worst inputs
 * of issue 15, each in its own process (so each peak RSS is its own):
 *   robots   a 20 MB robots.txt of wildcard rules, then the demo site harvested
 *   links    a listing page of 60,000 links
 *   text     a 40 MB text file (refused by the text limit)
 *   poster   an 8000 × 8000 pt one-page PDF with a small image stretched over it, OCR on
 *   fuzz     1,000 mutated PDFs (scripts/hostile/fuzz.ts)
 *
 *   node dist/scripts/bench-hostile.js [--only NAME]
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../src/project-root.js';
import { posterPdf } from './hostile/poster.js';

const CASES = ['robots', 'links', 'text', 'poster', 'fuzz'] as const;
type CaseName = (typeof CASES)[number];

async function runCase(name: CaseName, dir: string): Promise<string> {
  const { runHarvest } = await import('../src/harvest/index.js');
  const { fakeProcessor } = await import('../test/helpers/fake-processor.js');
  const { startSiteServer } = await import('../test/helpers/site-server.js');
  const { materialiseSources } = await import('../src/harvest/demo-server.js');
  const { runExtract } = await import('../src/commands/extract.js');
  switch (name) {
    case 'robots':
    case 'links': {
      const server = await startSiteServer();
      try {
        if (name === 'robots') server.robots = `User-agent: *\nDisallow: /private/\n` + `Disallow: /${'*a'.repeat(30)}${'*b'.repeat(30)}$\n`.repeat(160_000);
        else server.setContent('/czyjs/index.html', `<html><body><ul>${Array.from({ length: 60_000 }, (_, i) => `<li><a href="./202506/t${i}.html">部门决算${i}</a></li>`).join('')}</ul></body></html>`, 'text/html; charset=utf-8');
        const sources = await materialiseSources(join(PROJECT_ROOT, 'samples', 'sources.yaml'), server.origin, dir);
        const s = await runHarvest({ sources, out: dir, progress: 'none', rateMs: 0, processor: fakeProcessor() });
        return name === 'links' ? `${s.fetched + s.failed + s.deferred} of 60,000 links queued (maxLinksPerPage), each asked for once (the site has none of them: 404)` : `site harvested: fetched ${s.fetched}, failed ${s.failed}`;
      } finally {
        await server.stop();
      }
    }
    case 'text': {
      const f = join(dir, 'huge.txt');
      await writeFile(f, '收入支出决算总表 123.45\n'.repeat(1_400_000));
      const [o] = await runExtract([f], { out: join(dir, 'out'), quiet: true });
      return o!.ok ? 'read' : `refused: ${o!.error!.replace(/^.*?: /, '').slice(0, 60)}`;
    }
    case 'poster': {
      // img2pdf is not needed: a minimal PDF with one 2×2 grey image drawn over an 8000 pt page.
      const f = join(dir, 'poster.pdf');
      await writeFile(f, posterPdf());
      const [o] = await runExtract([f], { out: join(dir, 'out'), quiet: true, ocr: 'always' });
      return o!.ok ? `read (${o!.status})` : `failed: ${o!.error!.slice(0, 60)}`;
    }
    case 'fuzz': {
      const { fuzz } = await import('./hostile/fuzz.js');
      const s = await fuzz([{ path: 'test/fixtures/header/libreoffice-kemu-daima.pdf', count: 700 }, { path: 'test/fixtures/real/chongqing-jiaotong-2026-htmlaspdf.pdf', count: 300 }], 20261202);
      return `${s.mutants} mutants: ${s.records} records, ${s.readErrors} named read errors, ${s.otherErrors.length} other; slowest ${s.slowest[0]?.ms ?? 0} ms`;
    }
  }
}

async function child(name: CaseName): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), `juesuan-hostile-${name}-`));
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    const outcome = await runCase(name, dir);
    const cpu = process.cpuUsage(cpu0);
    process.stdout.write(`${JSON.stringify({ name, outcome, seconds: (performance.now() - t) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const self = fileURLToPath(import.meta.url);
  console.log('hostile inputs, each in its own process\n');
  console.log(`${'case'.padEnd(8)} ${'wall s'.padStart(7)} ${'cpu s'.padStart(7)} ${'peak RSS MiB'.padStart(13)}  outcome`);
  for (const name of CASES.filter((c) => !only || c === only)) {
    const r = spawnSync(process.execPath, [...process.execArgv, self, '--case', name], { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 1 << 24, timeout: 30 * 60_000 });
    const line = r.stdout.trim().split('\n').pop() ?? '';
    try {
      const j = JSON.parse(line) as { outcome: string; seconds: number; cpuSeconds: number; peakRssMiB: number };
      console.log(`${name.padEnd(8)} ${j.seconds.toFixed(1).padStart(7)} ${j.cpuSeconds.toFixed(1).padStart(7)} ${String(j.peakRssMiB).padStart(13)}  ${j.outcome}`);
    } catch {
      console.log(`${name.padEnd(8)} ${'-'.padStart(7)} ${'-'.padStart(7)} ${'-'.padStart(13)}  CRASHED (exit ${r.status ?? r.signal}): ${(r.stderr || '').trim().split('\n').slice(-2).join(' ')}`);
    }
  }
}

const at = process.argv.indexOf('--case');
if (at >= 0) await child(process.argv[at + 1] as CaseName);
else main();
