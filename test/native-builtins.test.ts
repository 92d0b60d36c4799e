import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { openPdf } from '../extractors/pdf/loader.js';

// core-js replaces Function.prototype.toString too, printing its polyfills as native: ask a clean realm's.
const sourceOf = runInNewContext('Function.prototype.toString') as (this: unknown) => string;
const native = (fn: unknown) => /\{\s*\[native code\]\s*\}$/.test(sourceOf.call(fn));

describe('built-ins after pdf.js loads', () => {
  it('push, JSON.parse and JSON.stringify are the native ones again (core-js replaces them process-wide)', async () => {
    const doc = await openPdf(new Uint8Array(readFileSync('test/fixtures/generated/hubei-2020-xiling-minzheng.pdf')), 'x.pdf');
    await (await doc.getPage(1)).getTextContent();
    await doc.destroy();
    for (const fn of [Array.prototype.push, JSON.parse, JSON.stringify]) expect(native(fn)).toBe(true);
    const parsed = JSON.parse('{"a":[1,2]}') as { a: number[] };
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Array.isArray(parsed.a) && parsed.a instanceof Array).toBe(true);
  });
});
