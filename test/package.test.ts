/**
 * juesuan as an installed package: `npm pack` (its prepack builds dist/ and the declarations) in a
 * copy of the project, the tarball unpacked into a fresh folder's node_modules, `import('juesuan')`,
 * one document extracted, and the fast text path checked to be active with a pdfjs-dist that does NOT
 * carry our change (as npm installs it). The pdf.js patch must then be applied at run time: it used to
 * be applied by patch-package on our own install only, and an installed juesuan read without it.
 *
 * `npm install ./juesuan-*.tgz` cannot run here: the machine is offline and npm's cache holds tarballs
 * but not the registry metadata it needs to resolve the dependencies. So the dependencies are linked
 * from this project's node_modules, except pdfjs-dist, which gets its original (unpatched) build files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { applyHunks, parsePatch } from '../extractors/pdf/pdfjs.js';
import { extractFile } from '../src/pipeline/index.js';

const ROOT = resolve('.');
const NM = join(ROOT, 'node_modules');
const SAMPLE = 'samples/pdf/putuo-caizhengju-2024.pdf';
const PATCH = readdirSync(join(ROOT, 'patches')).find((f) => f.startsWith('pdfjs-dist+'))!;

/** The project's pdf.js build files as npm ships them: our patch taken out with GNU patch when it is in. */
function pristinePdfjs(into: string): void {
  mkdirSync(join(into, 'legacy'), { recursive: true });
  // package.json copied, not linked: Node resolves it to its real path, which names the package folder
  for (const e of readdirSync(join(NM, 'pdfjs-dist'))) if (e !== 'legacy' && e !== 'package.json') symlinkSync(join(NM, 'pdfjs-dist', e), join(into, e));
  cpSync(join(NM, 'pdfjs-dist', 'package.json'), join(into, 'package.json'));
  cpSync(join(NM, 'pdfjs-dist', 'legacy', 'build'), join(into, 'legacy', 'build'), { recursive: true });
  const patch = join(ROOT, 'patches', PATCH);
  const reversed = spawnSync('patch', ['-R', '-p3', '-s', '-f', '--dry-run', '-i', patch], { cwd: into });
  if (reversed.status === 0) execFileSync('patch', ['-R', '-p3', '-s', '-f', '-i', patch], { cwd: into });
  const text = readFileSync(join(into, 'legacy', 'build', 'pdf.worker.mjs'), 'utf8');
  if (text.includes('textOnlyFonts')) throw new Error('could not take the patch out of pdf.worker.mjs');
}

describe('the packed package', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'juesuan-pack-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs, imports, and extracts with the fast text path from an unpatched pdf.js', async () => {
    // npm pack in a copy, so the prepack build never rewrites this checkout's dist/ under other tests.
    const src = join(dir, 'src');
    mkdirSync(src);
    for (const e of readdirSync(ROOT)) {
      if (['node_modules', 'dist', 'output', 'scratch', 'test', '.git'].includes(e)) continue;
      cpSync(join(ROOT, e), join(src, e), { recursive: true });
    }
    // the build compiles scripts/, and the harvest benches take their test site from test/helpers/
    cpSync(join(ROOT, 'test', 'helpers'), join(src, 'test', 'helpers'), { recursive: true });
    symlinkSync(NM, join(src, 'node_modules'));
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: src, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['dist/src/index.js', 'dist/src/index.d.ts', 'dist/extractors/pdf/pdfjs.js', `patches/${PATCH}`, 'bin/juesuan.mjs', 'schemas/data/divisions.json']));
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('dist/scripts/'))).toBe(false);

    const app = join(dir, 'app');
    const appNm = join(app, 'node_modules');
    mkdirSync(join(appNm, 'juesuan'), { recursive: true });
    execFileSync('tar', ['xzf', join(dir, packed[0]!.filename), '-C', join(appNm, 'juesuan'), '--strip-components=1']);
    for (const e of readdirSync(NM)) if (!['juesuan', 'pdfjs-dist', '.cache', '.bin'].includes(e)) symlinkSync(join(NM, e), join(appNm, e));
    pristinePdfjs(join(appNm, 'pdfjs-dist'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));

    const script = `
      import { extractFile, pdfjsStatus, DocumentRecordSchema } from 'juesuan';
      const record = await extractFile(${JSON.stringify(join('node_modules', 'juesuan', SAMPLE))}, { ocr: 'never' });
      DocumentRecordSchema.parse(record);
      console.log(JSON.stringify({ status: await pdfjsStatus(), summary: record.summary, department: record.document.department }));`;
    const run = () => spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', XDG_CACHE_HOME: join(dir, 'user-cache') } });
    const first = run();
    expect(first.stderr).not.toMatch(/without the fast text path/);
    expect(first.status).toBe(0);
    const got = JSON.parse(first.stdout.trim().split('\n').pop()!);
    expect(got.status).toMatchObject({ fastPath: true, source: 'copy' });
    expect(got.status.module.startsWith(appNm)).toBe(true);
    // the copy sits next to the installed pdfjs-dist, carries the change, and the original is untouched
    expect(got.status.module).toBe(join(appNm, '.cache', 'juesuan', got.status.module.split('/.cache/juesuan/')[1]));
    expect(readFileSync(got.status.module.replace(/pdf\.mjs$/, 'pdf.worker.mjs'), 'utf8')).toContain('textOnlyFonts');
    expect(readFileSync(join(appNm, 'pdfjs-dist', 'legacy', 'build', 'pdf.worker.mjs'), 'utf8')).not.toContain('textOnlyFonts');
    // the same record as this checkout reads
    const here = await extractFile(SAMPLE, { ocr: 'never' });
    expect(got.summary).toEqual(here.summary);
    expect(got.department).toBe(here.document.department);
    expect(got.summary.cells).toBeGreaterThan(100);
    // a second process reuses the copy
    const second = run();
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout.trim().split('\n').pop()!).status.module).toBe(got.status.module);

    // the declarations serve a TypeScript consumer
    writeFileSync(join(app, 'use.ts'), `import { extractFile, type DocumentRecord } from 'juesuan';\nexport const r: Promise<DocumentRecord> = extractFile('x.pdf');\n`);
    const tsc = spawnSync(process.execPath, [join(NM, 'typescript', 'bin', 'tsc'), '--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', 'use.ts'], { cwd: app, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(existsSync(join(appNm, 'juesuan', 'dist', 'src', 'index.d.ts'))).toBe(true);
  }, 600_000);
});

describe('the pdf.js patch applied at run time', () => {
  const perFile = parsePatch(readFileSync(join(ROOT, 'patches', PATCH), 'utf8'));
  it('finds every hunk of both build files, and leaves a patched file as it is', () => {
    expect([...perFile.keys()].sort()).toEqual(['legacy/build/pdf.mjs', 'legacy/build/pdf.worker.mjs']);
    for (const [rel, hunks] of perFile) {
      const installed = readFileSync(join(NM, 'pdfjs-dist', rel), 'utf8');
      const once = applyHunks(installed, hunks, rel);
      expect(applyHunks(once.text, hunks, rel)).toEqual({ text: once.text, changed: false });
      expect(once.text).toContain('juesuan:');
    }
  });
  it('refuses a pdf.js the patch does not fit, naming the file', () => {
    const [rel, hunks] = [...perFile][1]!;
    expect(() => applyHunks('export const x = 1;\n', hunks, rel)).toThrow(/pdf\.worker\.mjs: hunk 1 of the pdf.js patch matches no single place/);
  });
});
