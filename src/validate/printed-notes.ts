import { compact } from '../../lib/text.js';

/**
 * Parses the identity notes printed under 决算 tables:
 *   "27 行 = (1+2+3+4+5+6+7+8) 行"   "57 行＝（31+32+……+56）行"
 *   "1 栏各行＝（2+3+4+5+6+7）栏各行"  "6 栏各行 = (1+2-3) 栏各行"   "1 栏= (2+3+6) 栏"
 */
export interface PrintedRule {
  /** 行: rows by 行次; 栏: columns by 栏次, applied to every row */
  kind: 'row' | 'column';
  left: number;
  terms: { n: number; sign: 1 | -1 }[];
  text: string;
}

const RULE = /(\d+)(行|栏)(?:各行)?=\(?((?:\d+|…|\.\.+)(?:[+\-](?:\d+|…|\.\.+))*)\)?(行|栏)/g;

export function parsePrintedRules(note: string): PrintedRule[] {
  const text = compact(note).replace(/＝/g, '=').replace(/[．。]{2,}/g, '…');
  const rules: PrintedRule[] = [];
  for (const m of text.matchAll(RULE)) {
    if (m[2] !== m[4]) continue;
    const terms = expandTerms(m[3]);
    if (terms.length === 0) continue;
    rules.push({ kind: m[2] === '行' ? 'row' : 'column', left: Number(m[1]), terms, text: m[0] });
  }
  return rules;
}

function expandTerms(expr: string): { n: number; sign: 1 | -1 }[] {
  const tokens = expr.match(/[+\-]?(?:\d+|…|\.\.+)/g) ?? [];
  const out: { n: number; sign: 1 | -1 }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    const sign: 1 | -1 = tok.startsWith('-') ? -1 : 1;
    const body = tok.replace(/^[+\-]/, '');
    if (/^\d+$/.test(body)) {
      out.push({ n: Number(body), sign });
      continue;
    }
    // "31+32+…+56": fill the range between the neighbours.
    const prev = out[out.length - 1]?.n;
    const next = Number((tokens[i + 1] ?? '').replace(/^[+\-]/, ''));
    if (prev !== undefined && Number.isFinite(next)) for (let n = prev + 1; n < next; n++) out.push({ n, sign });
  }
  return out;
}
