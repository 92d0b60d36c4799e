// Preloaded with `node --require` by test/startup.test.ts: at exit, writes the package names of every
// CommonJS module the process loaded (require()d, or imported from ESM: both go through the CJS cache)
// to the file named by JUESUAN_MODULE_PROBE. tesseract.js and @napi-rs/canvas are CommonJS.
const { writeFileSync } = require('node:fs');
const Module = require('node:module');
process.on('exit', () => {
  const packages = new Set();
  for (const file of Object.keys(Module._cache)) {
    const m = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file);
    if (m) packages.add(m[1].replace(/\\/g, '/'));
  }
  writeFileSync(process.env.JUESUAN_MODULE_PROBE, [...packages].sort().join('\n'));
});
