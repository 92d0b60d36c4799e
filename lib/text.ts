/**
 * Text normalisation shared by every stage: NFKC (full-width digits and punctuation become ASCII),
 * and removal of the spaces a PDF converter leaves inside Chinese words ("本年收 入合计").
 */
import { unifyIdeographs } from './ideographs.js';

const CJK = '()\\u3400-\\u9fff\\uf900-\\ufaff\\u3000-\\u303f\\uff00-\\uffef“”‘’（）《》、，。：；';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}])\\s+(?=[${CJK}])`, 'gu');
const SPACE_CJK_DIGIT = new RegExp(`(?<=[${CJK}])\\s+(?=[0-9])|(?<=[0-9])\\s+(?=[${CJK}])`, 'gu');

/**
 * NFKC plus whitespace folding; keeps Chinese punctuation that NFKC maps to ASCII as ASCII. Radical code
 * points become the ideographs they stand for (NFKC does that for Kangxi radicals only).
 */
export function nfkc(text: string): string {
  return unifyIdeographs(text).normalize('NFKC').replace(/[\u00a0\u2002-\u200b\u3000\t]/g, ' ');
}

/**
 * The form used to *compare* labels and titles: NFKC, no whitespace at all, unified quotes.
 * Never stored as the printed text.
 */
export function compact(text: string): string {
  return nfkc(text)
    .replace(/\s+/g, '')
    .replace(/[“”"‘’']/g, '"')
    .replace(/……|…|\.{3,}/g, '…');
}

/**
 * A label as a reader should see it: wrapped and split words rejoined ("本年收 入合计" → "本年收入合计",
 * "2020 年度" kept), outer spaces trimmed. Used for row labels and column headers.
 */
export function cleanLabel(text: string): string {
  return nfkc(text)
    .replace(/\s+/g, ' ')
    .replace(SPACE_BETWEEN_CJK, '')
    .trim();
}

/** Like cleanLabel, but also drops spaces between CJK and digits ("2020 年度" → "2020年度"). For matching. */
export function tightLabel(text: string): string {
  return cleanLabel(text).replace(SPACE_CJK_DIGIT, '');
}
