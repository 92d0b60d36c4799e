import { Decimal } from 'decimal.js';
import { nfkc } from './text.js';

/**
 * Parsing of printed amounts. Money never passes through a binary float: values are kept as exact
 * decimal strings (and Decimal for arithmetic), beside the text as printed.
 */

export type ParsedKind = 'blank' | 'number' | 'percent' | 'dash' | 'text';

export interface ParsedNumber {
  kind: ParsedKind;
  /** Exact decimal string ("1511.90", "-3", "0"), null unless kind is number or percent. */
  value: string | null;
  /** For percent values, the printed percentage as a number string ("11.9" for "11.9%"). */
  percent?: boolean;
}

// A printed amount after NFKC and space removal: optional sign, digits with optional thousands separators, optional decimals.
const AMOUNT = /^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
const DASHES = /^[-‐‑‒–—―ー一]+$/u;

/**
 * Parses one cell's printed text.
 * - `707. 12`, `5,863,600.00`, `１２３．４５` (full-width), `(12.30)` (accounting negative) are numbers;
 * - `-`, `—`, `——` are dashes (printed "nothing"); empty or whitespace is blank;
 * - `11.9%` is a percent; anything else is text.
 */
export function parseAmount(printed: string | null | undefined): ParsedNumber {
  if (printed == null) return { kind: 'blank', value: null };
  let s = nfkc(printed).trim();
  if (s === '') return { kind: 'blank', value: null };
  if (DASHES.test(s.replace(/\s+/g, ''))) return { kind: 'dash', value: null };
  // Converters break numbers at their separators ("707. 12", "1, 511.90") or print thousands with
  // spaces ("5 863 600.00"). Other spaces separate two values ("3 3"): that is not one number.
  s = joinNumberSpaces(s);
  if (/\s/.test(s)) return { kind: 'text', value: null };
  let negative = false;
  const paren = /^\((.*)\)$/.exec(s);
  if (paren) {
    negative = true;
    s = paren[1];
  }
  let percent = false;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1);
  }
  if (!AMOUNT.test(s)) return { kind: 'text', value: null };
  let value = s.replace(/,/g, '').replace(/^\+/, '');
  if (negative) value = value.startsWith('-') ? value.slice(1) : `-${value}`;
  // Canonical exact form: no leading zeros ("007" → "7"), keep printed decimals ("0.00" stays).
  value = canonicalDecimal(value);
  return percent ? { kind: 'percent', value, percent: true } : { kind: 'number', value };
}

/** Removes the spaces a converter put inside one number; leaves spaces between two numbers. */
export function joinNumberSpaces(text: string): string {
  return text
    .replace(/([.,])\s+(?=\d)/g, '$1')
    .replace(/(\d)\s+(?=[.,]\d)/g, '$1')
    .replace(/(\d)\s+(?=\d{3}(?!\d))/g, (m, d: string, offset: number, all: string) => (isThousandsRun(all) ? d : m))
    .replace(/^([-+(])\s+/, '$1')
    .replace(/\s+(?=[%)])/g, '');
}

/** "5 863 600.00": groups of exactly three digits after the first, the space used as separator. */
function isThousandsRun(text: string): boolean {
  return /^[-+(]?\d{1,3}(\s\d{3})+(\.\d+)?\)?%?$/.test(text.trim());
}

function canonicalDecimal(value: string): string {
  const neg = value.startsWith('-');
  const body = neg ? value.slice(1) : value;
  const [int, frac] = body.split('.');
  const intPart = int.replace(/^0+(?=\d)/, '');
  const out = frac !== undefined ? `${intPart}.${frac}` : intPart;
  return neg && !/^0(\.0+)?$/.test(out) ? `-${out}` : out;
}

/** True when the text is a run of column numbers 1 2 3 … (the 栏次 row), or a single small integer. */
export function isColumnNumber(printed: string): boolean {
  return /^\d{1,2}$/.test(nfkc(printed).trim());
}

export function toDecimal(value: string | null): Decimal {
  return new Decimal(value ?? 0);
}

/** Digits after the decimal point of a decimal string ("654.40" → 2, "3" → 0). */
export function decimalsOf(value: string | null | undefined): number {
  const dot = value?.indexOf('.') ?? -1;
  return value && dot >= 0 ? value.length - dot - 1 : 0;
}

/** Half a unit of the last printed digit of a decimal string: how far its rounding may have moved it. */
export function halfUnit(value: string): Decimal {
  return new Decimal(10).pow(-decimalsOf(value)).dividedBy(2);
}

export { Decimal };
