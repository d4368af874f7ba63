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
export function normaliseLine(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** 16 hex digits of sha256 over the path, the normalised title and the text of the line pointed at. */
export function fingerprintFinding(file: string, title: string, lineText: string | null): string {
  return createHash('sha256')
    .update(`${file}\0${normaliseTitle(title)}\0${normaliseLine(lineText)}`)
    .digest('hex')
    .slice(0, 16);
}

/** Normalised characters of a title a finding key reads: comments and the state block keep titles shortened. */
const KEY_TITLE_CHARS = 64;

/**
 * A finding's identity for maintainers' verdicts: 16 hex of sha256 over the path and the start of
 * the normalised title, without the line, so a verdict follows the finding when its line moves or
 * changes.
 */
export function findingKey(file: string, title: string): string {
  return createHash('sha256')
    .update(`${file}\0${titleKey(title)}`)
    .digest('hex')
    .slice(0, 16);
}

/** The start of the normalised title: two titles are the same finding's when these are equal. */
export const titleKey = (title: string): string => normaliseTitle(title).slice(0, KEY_TITLE_CHARS).trim();

/** What people type to name a finding (`/swarm fix 1edf69d5`): the first 8 hex of its fingerprint. */
export const SHORT_ID_LENGTH = 8;
export const shortId = (fingerprint: string): string => fingerprint.slice(0, SHORT_ID_LENGTH);
