/**
 * Deterministic mutations of a document's bytes for fuzzing (test/fuzz.test.ts, the --hostile
 * bench): the kinds of damage real downloads and hostile files have. A fixed seed gives the same
 * mutants on every machine, so a failure names a case that can be replayed.
 */
export type Mutation = 'flip' | 'truncate' | 'cut' | 'repeat' | 'garbage' | 'digits' | 'zero' | 'splice-keyword';

export const MUTATIONS: readonly Mutation[] = ['flip', 'truncate', 'cut', 'repeat', 'garbage', 'digits', 'zero', 'splice-keyword'];

/** A small PRNG (mulberry32): the same seed, the same sequence, everywhere. */
export function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * n | 0;
  };
}

/** PDF and HTML words whose damage reaches the parser's deeper branches. */
const KEYWORDS = ['obj', 'endobj', 'stream', 'endstream', 'xref', 'trailer', '/Length', '/Filter', '/FlateDecode', '/Type', '/Page', '/Font', '<table', '</td>', '<tr>', '<a href="', '<meta charset="gbk">', '&#x', '<!--'];

export function mutate(bytes: Uint8Array, kind: Mutation, rand: (n: number) => number): Uint8Array {
  const n = bytes.length;
  const at = rand(n);
  const span = 1 + rand(Math.max(1, Math.min(4096, n >> 3)));
  const out = (parts: Uint8Array[]) => {
    const len = parts.reduce((s, p) => s + p.length, 0);
    const r = new Uint8Array(len);
    let o = 0;
    for (const p of parts) {
      r.set(p, o);
      o += p.length;
    }
    return r;
  };
  switch (kind) {
    case 'flip': {
      const r = bytes.slice();
      for (let i = 0, k = 1 + rand(32); i < k; i++) r[rand(n)] ^= 1 << rand(8);
      return r;
    }
    case 'truncate':
      return bytes.slice(0, at);
    case 'cut':
      return out([bytes.subarray(0, at), bytes.subarray(Math.min(n, at + span))]);
    case 'repeat':
      return out([bytes.subarray(0, at + span), bytes.subarray(at, n)]);
    case 'garbage':
      return out([bytes.subarray(0, at), Uint8Array.from({ length: span }, () => rand(256)), bytes.subarray(at)]);
    case 'digits': {
      // Object numbers, offsets, lengths and amounts: the numbers a parser trusts.
      const r = bytes.slice();
      for (let i = 0, k = 1 + rand(64); i < k; i++) {
        const j = rand(n);
        if (r[j]! >= 0x30 && r[j]! <= 0x39) r[j] = 0x30 + rand(10);
      }
      return r;
    }
    case 'zero':
      return out([bytes.subarray(0, at), new Uint8Array(Math.min(span, n - at)), bytes.subarray(Math.min(n, at + span))]);
    case 'splice-keyword':
      return out([bytes.subarray(0, at), new TextEncoder().encode(KEYWORDS[rand(KEYWORDS.length)]!.repeat(1 + rand(3))), bytes.subarray(at)]);
  }
}

export interface Mutant {
  id: string;
  kind: Mutation;
  bytes: Uint8Array;
}

/** `count` mutants of `seed` under the PRNG seed `seedNumber`: each names how to rebuild it. */
export function* mutants(name: string, seed: Uint8Array, count: number, seedNumber: number): Generator<Mutant> {
  const rand = prng(seedNumber);
  for (let i = 0; i < count; i++) {
    const kind = MUTATIONS[i % MUTATIONS.length]!;
    // One to three mutations stacked, so damage compounds as it does in a bad download.
    let bytes = mutate(seed, kind, rand);
    for (let k = rand(3); k > 0; k--) bytes = mutate(bytes, MUTATIONS[rand(MUTATIONS.length)]!, rand);
    yield { id: `${name}#${i} (${kind}, seed ${seedNumber})`, kind, bytes };
  }
}
