import { runInNewContext } from 'node:vm';

/**
 * pdf.js's legacy build bundles core-js, which on Node 20 replaces built-ins for the whole process with
 * JavaScript versions: Array.prototype.push (a V8 edge case with non-writable array lengths) and
 * JSON.parse/JSON.stringify (JSON.rawJSON and parse-with-source, which Node 20 lacks). Neither pdf.js
 * nor juesuan relies on those additions, and every push, every record written and every JSON file read
 * then costs several times more (push alone was a fifth of the CPU time of a 25-page document). We put
 * the native functions back after pdf.js loads.
 */
// core-js also replaces Function.prototype.toString, to print its own functions as native code: a
// fresh realm's toString tells the truth (it works on functions of any realm).
const sourceOf = runInNewContext('Function.prototype.toString') as (this: unknown) => string;
const isNative = (fn: unknown) => typeof fn === 'function' && /\{\s*\[native code\]\s*\}$/.test(sourceOf.call(fn));

// Captured before pdf.js is imported when this module loads first. Otherwise push and stringify are
// taken from a fresh realm (both are generic and return nothing realm-bound); JSON.parse is not, since
// another realm's parse would build objects of that realm's Object and Array.
const foreign = <T>(expr: string): T => runInNewContext(expr) as T;
const NATIVE: Array<{ owner: object; key: string; fn: unknown }> = [
  { owner: Array.prototype, key: 'push', fn: isNative(Array.prototype.push) ? Array.prototype.push : foreign('Array.prototype.push') },
  { owner: JSON, key: 'stringify', fn: isNative(JSON.stringify) ? JSON.stringify : foreign('JSON.stringify') },
  { owner: JSON, key: 'parse', fn: isNative(JSON.parse) ? JSON.parse : null },
];

export function restoreNativeBuiltins(): void {
  for (const { owner, key, fn } of NATIVE) {
    if (fn && (owner as Record<string, unknown>)[key] !== fn) Object.defineProperty(owner, key, { value: fn, writable: true, configurable: true, enumerable: false });
  }
}
