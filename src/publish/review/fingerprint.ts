/**
 * A finding's identity across runs: the same issue reported again after a push, a little higher
 * or lower in the file, or by another worker with different wording of numbers and punctuation,
 * has the same fingerprint; a finding on another line text or of another title does not.
 */
import { createHash } from 'node:crypto';

/** Lower case, digits and punctuation dropped, spaces collapsed: "Unsafe input (line 12)!" → "unsafe input line". */
export function normaliseTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whitespace-insensitive: re-indenting the line keeps the fingerprint. */
function normaliseLine(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** 16 hex digits of sha256 over the path, the normalised title and the text of the line pointed at. */
export function fingerprintFinding(file: string, title: string, lineText: string | null): string {
  return createHash('sha256')
    .update(`${file}\0${normaliseTitle(title)}\0${normaliseLine(lineText)}`)
    .digest('hex')
    .slice(0, 16);
}
