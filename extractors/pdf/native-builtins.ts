import { runInNewContext } from 'node:vm';

/**
 * pdf.js's legacy build bundles core-js, which on Node 20 replaces Array.prototype.push — for the
 * whole process — with a JavaScript version (a workaround for a V8 edge case with non-writable array
 * lengths that neither pdf.js nor juesuan relies on). Every push then costs several times more: on a
 * 25-page document this was a fifth of the CPU time. We put the native push back after pdf.js loads.
 */
const isNative = (fn: unknown) => typeof fn === 'function' && /\[native code\]/.test(Function.prototype.toString.call(fn));

// Captured before pdf.js is imported when this module loads first; otherwise taken from a fresh realm
// (built-in push is generic, so another realm's works on our arrays).
const nativePush: typeof Array.prototype.push = isNative(Array.prototype.push)
  ? Array.prototype.push
  : (runInNewContext('Array.prototype.push') as typeof Array.prototype.push);

export function restoreNativeArrayPush(): void {
  if (Array.prototype.push !== nativePush) {
    Object.defineProperty(Array.prototype, 'push', { value: nativePush, writable: true, configurable: true, enumerable: false });
  }
}
