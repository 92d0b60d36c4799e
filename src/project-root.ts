import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The juesuan package directory, found by walking up from this module, so paths to bundled files
 * (package.json, samples/) are right whether the code runs from src/ (tsx, Jest) or from dist/.
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'juesuan') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('juesuan: cannot find the package directory (package.json named "juesuan")');
    dir = parent;
  }
}

export const PROJECT_ROOT = findRoot();
export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
