/**
 * pdf.js as juesuan runs it: the legacy build with our changes (patches/pdfjs-dist+<version>.patch:
 * the canvas loaded only when a page is drawn, Node's zlib for Flate streams, text-only fonts) applied
 * when the module loads, not by patch-package on install. An installed juesuan never ran that
 * postinstall on its pdfjs-dist (npm runs it in juesuan's own folder, where pdfjs-dist is not), and read
 * several times slower without a word.
 *
 * A pdfjs-dist that already carries the change (a checkout patched by hand or by patch-package) is
 * used as it is. Otherwise the two build files are copied, patched, into a cache folder once per
 * pdf.js version and patch, and imported from there; `import.meta.url` in the copies still names the
 * original files, so they resolve @napi-rs/canvas and their assets from where pdfjs-dist is installed.
 * If the patch does not fit the installed pdf.js, or no cache folder is writable, the original is used
 * and one warning says the reading is slower: extraction still works and gives the same result.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
// Imported before pdf.js so it captures the native built-ins pdf.js replaces.
import './native-builtins.js';

export type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

export interface PdfjsStatus {
  /** Whether our change is active (text-only fonts, zlib, lazy canvas). */
  fastPath: boolean;
  /** installed: pdfjs-dist already patched; copy: a patched copy in the cache; original: unpatched. */
  source: 'installed' | 'copy' | 'original';
  /** The pdf.mjs that was imported. */
  module: string;
  /** Why the fast path is off, when it is. */
  reason?: string;
}

/** The two files of the legacy build that the patch changes, relative to the pdfjs-dist folder. */
const BUILD = 'legacy/build';
const MAIN = `${BUILD}/pdf.mjs`;

interface Hunk {
  before: string;
  after: string;
}

/** Unified-diff hunks per file (path relative to the pdfjs-dist folder) of a patch-package patch. */
export function parsePatch(text: string): Map<string, Hunk[]> {
  const files = new Map<string, Hunk[]>();
  let hunks: Hunk[] | undefined;
  let before: string[] = [];
  let after: string[] = [];
  const flush = () => {
    if (hunks && (before.length || after.length)) hunks.push({ before: before.join('\n'), after: after.join('\n') });
    before = [];
    after = [];
  };
  for (const line of text.split('\n')) {
    const file = /^diff --git a\/(?:.*\/)?node_modules\/pdfjs-dist\/(\S+) /.exec(line);
    if (file) {
      flush();
      hunks = [];
      files.set(file[1]!, hunks);
    } else if (line.startsWith('@@')) flush();
    else if (!hunks || line.startsWith('---') || line.startsWith('+++') || line.startsWith('index ') || line.startsWith('\\')) continue;
    else if (line.startsWith('+')) after.push(line.slice(1));
    else if (line.startsWith('-')) before.push(line.slice(1));
    else if (line.startsWith(' ')) {
      before.push(line.slice(1));
      after.push(line.slice(1));
    }
  }
  flush();
  return files;
}

/**
 * The source with every hunk applied, or `applied: false` when each hunk is there already. Each hunk
 * must match exactly one place (changed or not): anything else means another pdf.js build.
 */
export function applyHunks(source: string, hunks: readonly Hunk[], name: string): { text: string; changed: boolean } {
  let text = source;
  let changed = false;
  for (const [i, h] of hunks.entries()) {
    const once = (s: string) => text.indexOf(s) >= 0 && text.indexOf(s) === text.lastIndexOf(s);
    if (once(h.after)) continue;
    if (!once(h.before)) throw new Error(`${name}: hunk ${i + 1} of the pdf.js patch matches no single place`);
    text = text.replace(h.before, () => h.after);
    changed = true;
  }
  return { text, changed };
}

function findPatch(version: string): string | undefined {
  const file = `pdfjs-dist+${version}.patch`;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'patches', file))) return join(dir, 'patches', file);
    if (dirname(dir) === dir) return undefined;
  }
}

/** Cache folders to try, most local first: next to the installed pdfjs-dist, then the user's cache. */
function cacheRoots(pdfjsDir: string): string[] {
  const roots: string[] = [];
  const nodeModules = dirname(pdfjsDir);
  if (basename(nodeModules) === 'node_modules') roots.push(join(nodeModules, '.cache', 'juesuan'));
  roots.push(join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'juesuan'));
  return roots;
}

/** Writes the patched files into `<root>/<key>/` (atomically: a finished folder is renamed into place). */
function writeCopy(root: string, key: string, files: Map<string, string>): string {
  const dir = join(root, key);
  if (existsSync(join(dir, MAIN))) return dir;
  const tmp = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    for (const [rel, text] of files) {
      mkdirSync(dirname(join(tmp, rel)), { recursive: true });
      writeFileSync(join(tmp, rel), text);
    }
    try {
      renameSync(tmp, dir);
    } catch (err) {
      // Another process finished first: its copy is the same.
      if (!existsSync(join(dir, MAIN))) throw err;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}

interface Resolved {
  url: string;
  status: PdfjsStatus;
}

function resolvePdfjs(): Resolved {
  const require = createRequire(import.meta.url);
  const pdfjsDir = dirname(require.resolve('pdfjs-dist/package.json'));
  const original = join(pdfjsDir, MAIN);
  const fallback = (reason: string): Resolved => {
    process.emitWarning(`juesuan: ${reason}; reading PDFs without the fast text path (slower, same results)`);
    return { url: pathToFileURL(original).href, status: { fastPath: false, source: 'original', module: original, reason } };
  };
  const { version } = JSON.parse(readFileSync(join(pdfjsDir, 'package.json'), 'utf8')) as { version: string };
  const patchFile = findPatch(version);
  if (!patchFile) return fallback(`no patches/pdfjs-dist+${version}.patch for the installed pdf.js ${version}`);
  const patch = readFileSync(patchFile, 'utf8');
  const perFile = parsePatch(patch);
  // The key changes with the patch, the installed files and where they are (the copies name them), so
  // a stale copy, or one made for another install, is never used.
  const hash = createHash('sha256').update(patch).update(`\0${pdfjsDir}`);
  for (const rel of perFile.keys()) {
    const st = statSync(join(pdfjsDir, rel));
    hash.update(`\0${rel}\0${st.size}\0${st.mtimeMs}`);
  }
  const key = `pdfjs-dist-${version}-${hash.digest('hex').slice(0, 16)}`;
  const roots = cacheRoots(pdfjsDir);
  for (const root of roots) {
    const copy = join(root, key, MAIN);
    if (existsSync(copy)) return { url: pathToFileURL(copy).href, status: { fastPath: true, source: 'copy', module: copy } };
  }
  const patched = new Map<string, string>();
  let changed = false;
  try {
    for (const [rel, hunks] of perFile) {
      const file = join(pdfjsDir, rel);
      const r = applyHunks(readFileSync(file, 'utf8'), hunks, file);
      changed ||= r.changed;
      // The copy behaves as if it sat where the original does (createRequire, wasm and asset lookups).
      patched.set(rel, r.text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(file).href)));
    }
  } catch (err) {
    return fallback((err as Error).message);
  }
  if (!changed) return { url: pathToFileURL(original).href, status: { fastPath: true, source: 'installed', module: original } };
  // pdf.mjs imports its worker as ./pdf.worker.mjs: both must sit in the copy.
  if (!patched.has(MAIN) || !patched.has(`${BUILD}/pdf.worker.mjs`)) return fallback('the pdf.js patch must change pdf.mjs and pdf.worker.mjs');
  const errors: string[] = [];
  for (const root of roots) {
    try {
      const copy = join(writeCopy(root, key, patched), MAIN);
      return { url: pathToFileURL(copy).href, status: { fastPath: true, source: 'copy', module: copy } };
    } catch (err) {
      errors.push(`${root}: ${(err as Error).message}`);
    }
  }
  return fallback(`cannot write the patched pdf.js (${errors.join('; ')})`);
}

const resolved = resolvePdfjs();

/** pdf.js, patched. Import pdf.js values (getDocument, OPS) from here, never from pdfjs-dist. */
export const pdfjs = (await import(resolved.url)) as Pdfjs;
export const { getDocument, OPS } = pdfjs;

export function pdfjsStatus(): PdfjsStatus {
  return { ...resolved.status };
}
