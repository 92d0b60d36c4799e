import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Temp files are `<final name>.<pid>.<random>.tmp`: the pid says whether their writer still lives. */
const TEMP_NAME = /\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Write a file so that a crash at any point leaves either the old file or the whole new one: the
 * data is written to a temp file beside it and fsynced before the rename (a rename alone can reach
 * the disk before the data), then the folder is fsynced so the rename itself survives a power cut.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, opts: { tmpDir?: string } = {}): Promise<void> {
  const tmp = await tempPathFor(path, opts.tmpDir);
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await commitTemp(tmp, path);
}

/** Writes whole output to a file (atomically) or, with no file, to standard output. */
export async function writeOutput(path: string | null, data: string | Uint8Array): Promise<void> {
  if (path) return writeFileAtomic(path, data);
  await new Promise<void>((resolve, reject) => process.stdout.write(data, (e) => (e ? reject(e) : resolve())));
}

/**
 * The same guarantee for output too large to hold in memory (exports): `write` appends to the temp
 * file, `commit` syncs and renames it into place, `abort` removes it and leaves the old file as it was.
 */
export async function openAtomic(path: string): Promise<{ write(s: string | Uint8Array): Promise<void>; commit(): Promise<void>; abort(): Promise<void> }> {
  const tmp = await tempPathFor(path);
  const fh = await open(tmp, 'w');
  let closed = false;
  const close = async () => {
    if (!closed) await fh.close();
    closed = true;
  };
  return {
    write: async (s) => void (await fh.writeFile(s)),
    commit: async () => {
      await fh.sync();
      await close();
      await commitTemp(tmp, path);
    },
    abort: async () => {
      await close();
      await rm(tmp, { force: true });
    },
  };
}

/**
 * The same guarantee for output another library writes by path (a SQLite file, a folder of files):
 * `write` fills a temp path beside `path`, which then replaces it (an old folder is moved aside first,
 * since a rename cannot replace a non-empty folder, and removed after). A failed `write` leaves the old output.
 */
export async function writeAtomicPath(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = await tempPathFor(path);
  try {
    await write(tmp);
    const st = await stat(tmp);
    if (st.isFile()) {
      const fh = await open(tmp, 'r+');
      await fh.sync().finally(() => fh.close());
    }
    const old = (await stat(path).catch(() => null))?.isDirectory() ? await tempPathFor(path) : null;
    if (old) await rename(path, old);
    await commitTemp(tmp, path);
    if (old) await rm(old, { recursive: true, force: true });
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

async function tempPathFor(path: string, tmpDir?: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  // `tmpDir` (same file system): the content store keeps its temp files apart from its objects.
  return join(tmpDir ?? dirname(path), `${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

async function commitTemp(tmp: string, path: string): Promise<void> {
  await rename(tmp, path);
  await syncFolder(dirname(path));
}

async function syncFolder(dir: string): Promise<void> {
  const fh = await open(dir, 'r').catch(() => undefined);
  if (!fh) return;
  try {
    await fh.sync();
  } catch {
    /* some file systems cannot fsync a folder; the data itself is synced */
  } finally {
    await fh.close();
  }
}

/** Is this pid a running process on this machine? */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Remove temp files that a killed writer left under `root` (any depth; folders whose name starts
 * with a dot, such as `.juesuan`, are not entered). A temp file of a process still running (another
 * run writing into the same folder) is left alone. Returns the removed paths.
 */
export async function sweepTempFiles(root: string): Promise<string[]> {
  const removed: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, e.name);
      if (e.isDirectory() && !e.name.startsWith('.')) await walk(path);
      const m = e.isFile() ? TEMP_NAME.exec(e.name) : null;
      if (!m || processAlive(Number(m[1]))) continue;
      await rm(path, { force: true });
      removed.push(path);
    }
  };
  await walk(root);
  return removed;
}
