/**
 * Whole-process speed of the CLI, as a user pays for it: CPU (user+sys) and wall seconds and peak RSS
 * of `juesuan extract` on the 25-page real document, of a 100-document batch with --jobs 1 and
 * --jobs 2, and of poppler's `pdftotext -layout` on the same document as the floor. Measured with GNU
 * time (children included: worker threads are in the process). Wall-time ratios only mean something on
 * an idle machine; CPU ratios hold under load.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const TIME = '/usr/bin/time';
const REAL = 'test/fixtures/real/putuo-caizhengju-2024.pdf';

interface Run {
  cpu: number;
  wall: number;
  rssMiB: number;
}

function timed(cmd: string, args: string[]): Run {
  const r = spawnSync(TIME, ['-f', '%U %S %e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const m = /^([\d.]+) ([\d.]+) ([\d.]+) (\d+)$/.exec(last);
  if (!m) throw new Error(`${cmd} ${args.join(' ')}: no timing (${r.stderr.slice(-300)})`);
  return { cpu: Number(m[1]) + Number(m[2]), wall: Number(m[3]), rssMiB: Number(m[4]) / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function medianOf(n: number, once: () => Run): Run {
  const runs = Array.from({ length: n }, once);
  return { cpu: median(runs.map((r) => r.cpu)), wall: median(runs.map((r) => r.wall)), rssMiB: median(runs.map((r) => r.rssMiB)) };
}

/** `pdfs` repeated to `count` files (links) in a fresh folder, in a fixed order. */
function batchFolder(pdfs: string[], count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'juesuan-bench-batch-'));
  for (let i = 0; i < count; i++) {
    const src = pdfs[i % pdfs.length]!;
    symlinkSync(resolve(src), join(dir, `${String(i).padStart(3, '0')}-${basename(src)}`));
  }
  return dir;
}

export function processBench(pdfs: string[], opts: { repeat?: number; batch?: number } = {}): string {
  if (!existsSync(TIME)) return `whole-process bench skipped: ${TIME} (GNU time) not installed`;
  const repeat = opts.repeat ?? 3;
  const batch = opts.batch ?? 100;
  const cli = ['bin/juesuan.mjs'];
  const out = mkdtempSync(join(tmpdir(), 'juesuan-bench-out-'));
  const folder = batchFolder(pdfs, batch);
  try {
    const rows: Array<[string, Run]> = [];
    const floor = medianOf(repeat, () => timed('pdftotext', ['-layout', '-q', REAL, join(out, 'floor.txt')]));
    rows.push([`pdftotext -layout, ${REAL} (median of ${repeat})`, floor]);
    rows.push(['juesuan --help', medianOf(repeat, () => timed(process.execPath, [...cli, '--help']))]);
    const one = medianOf(repeat, () => timed(process.execPath, [...cli, 'extract', REAL, '-q', '--out', join(out, 'one')]));
    rows.push([`juesuan extract, ${REAL} (median of ${repeat})`, one]);
    const batchRuns: Run[] = [];
    for (const jobs of [1, 2]) {
      const r = timed(process.execPath, [...cli, 'extract', folder, '-q', '--jobs', String(jobs), '--out', join(out, `batch-${jobs}`)]);
      batchRuns.push(r);
      rows.push([`juesuan extract, ${batch} documents, --jobs ${jobs}`, r]);
    }
    const w = Math.max(...rows.map(([n]) => n.length));
    const lines = [`${'run'.padEnd(w)}  cpu s    wall s   peak RSS MiB   cpu ÷ floor  wall ÷ floor`];
    for (const [name, r] of rows) {
      lines.push(`${name.padEnd(w)}  ${r.cpu.toFixed(2).padStart(6)}  ${r.wall.toFixed(2).padStart(7)}  ${r.rssMiB.toFixed(0).padStart(13)}  ${(r.cpu / Math.max(floor.cpu, 0.01)).toFixed(1).padStart(11)}×  ${(r.wall / Math.max(floor.wall, 0.01)).toFixed(1).padStart(10)}×`);
    }
    const [j1, j2] = batchRuns as [Run, Run];
    lines.push(
      `batch of ${batch}: --jobs 2 is ${(j1.wall / j2.wall).toFixed(2)}× faster than --jobs 1 in wall time (target ≥ 1.8× on an idle 2-core machine); ` +
        `${(j1.cpu / batch).toFixed(2)} vs ${(j2.cpu / batch).toFixed(2)} CPU s per document`,
    );
    return lines.join('\n');
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(folder, { recursive: true, force: true });
  }
}
