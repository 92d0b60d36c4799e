import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile, open } from 'node:fs/promises';
import { join } from 'node:path';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Content-addressed store: `<root>/<sha[0..2]>/<sha>`. Writes go to `<root>/tmp/` and are renamed
 * into place after fsync, so a file under its hash is always complete.
 */
export class ContentStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async init(): Promise<void> {
    await mkdir(join(this.root, 'tmp'), { recursive: true });
  }

  /** Remove temp files left by a crashed run. */
  async cleanupTemp(): Promise<number> {
    const dir = join(this.root, 'tmp');
    let n = 0;
    for (const f of await readdir(dir).catch(() => [] as string[])) {
      await rm(join(dir, f), { force: true });
      n++;
    }
    return n;
  }

  async has(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then((s) => s.isFile(), () => false);
  }

  async put(bytes: Uint8Array): Promise<{ sha256: string; path: string; existed: boolean }> {
    const sha256 = sha256Hex(bytes);
    const path = this.pathOf(sha256);
    if (await this.has(sha256)) return { sha256, path, existed: true };
    await mkdir(join(this.root, sha256.slice(0, 2)), { recursive: true });
    const tmp = join(this.root, 'tmp', `${sha256}.${process.pid}.${randomBytes(4).toString('hex')}`);
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    return { sha256, path, existed: false };
  }

  async get(sha256: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(this.pathOf(sha256)));
  }
}
