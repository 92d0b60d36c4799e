import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sweepTempFiles, writeFileAtomic } from '../files/atomic.js';

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

  /** Remove temp files left by a crashed run (not those of a run still writing). */
  async cleanupTemp(): Promise<number> {
    return (await sweepTempFiles(join(this.root, 'tmp'))).length;
  }

  async has(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then((s) => s.isFile(), () => false);
  }

  async put(bytes: Uint8Array): Promise<{ sha256: string; path: string; existed: boolean }> {
    const sha256 = sha256Hex(bytes);
    const path = this.pathOf(sha256);
    if (await this.has(sha256)) return { sha256, path, existed: true };
    await writeFileAtomic(path, bytes, { tmpDir: join(this.root, 'tmp') });
    return { sha256, path, existed: false };
  }

  async get(sha256: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(this.pathOf(sha256)));
  }
}
