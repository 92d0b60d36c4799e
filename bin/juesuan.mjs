#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm run build`, which `npm ci` runs through "prepare").
// When the sources are newer than the build — a developer editing src/ — it runs them through tsx
// instead, so the command never runs stale code. (Running through tsx costs startup time and memory:
// tsx also transforms pdf.js.)
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'src', 'cli.js');

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of ['src', 'extractors', 'schemas']) if (existsSync(join(root, d))) walk(join(root, d));
  return newest;
}

if (existsSync(built) && statSync(built).mtimeMs >= newestSource() && process.env.JUESUAN_FROM_SOURCE !== '1') {
  await import(built);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
