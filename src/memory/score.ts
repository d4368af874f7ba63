/**
 * The one relevance formula of the memory (docs/memory.md explains it with examples).
 *
 * An entry is split into fields: its key, and each top-level property of its value (a pattern's
 * `task`, `approach` and `context`); a string value is one field. Each field and the query are
 * bags of terms (lower-cased words, accents and stop words dropped, a light English stemmer).
 *
 *   weight(t, x) = (1 + ln tf(t, x)) · idf(t)          idf(t) = ln(1 + N / max(df(t), 1))
 *   cosine(q, f) = Σ weight(t, q) · weight(t, f) / (|q| · |f|)
 *   relevance    = max over the entry's fields of cosine(q, f)
 *   score        = clamp01(relevance · (1 + 0.2 · (r − 0.5)))     r = (successes + 1) / (successes + failures + 2)
 *
 * N is the number of fields in the namespace and df(t) the number holding t, so words every
 * entry has (`pattern`) count for little. Identical text scores 1, text without a shared word 0.
 * The success factor is 1 for a pattern never used (r = 0.5) and moves a score by at most ±10 %,
 * so patterns that helped rank above ones that did not. Scores are rounded to 6 decimals.
 */

const STOP_WORDS = new Set(
  (
    'a an and are as at be but by do does for from has have how i if in into is it its me my no not of on or our so ' +
    'that the their them then there these this those to was we were what when which who will with you your please'
  ).split(' '),
);

/** How much a pattern's track record can move its score: ±SUCCESS_BOOST / 2. */
export const SUCCESS_BOOST = 0.2;

/** Drops common English endings so `tests`, `testing` and `tested` meet. */
function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

const NON_ASCII = /[^\x00-\x7f]/;

export function tokenize(text: string): string[] {
  const split = text.replace(/([a-z])([A-Z])/g, '$1 $2');
  // Accents are dropped (café → cafe); ASCII text, the usual case, skips the costly Unicode steps.
  const words = NON_ASCII.test(split)
    ? split
        .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .match(/[\p{L}\p{N}]+/gu)
    : split.toLowerCase().match(/[a-z0-9]+/g);
  const terms: string[] = [];
  for (const w of words ?? []) if (!STOP_WORDS.has(w)) terms.push(stem(w));
  return terms;
}

/** Term counts of a text. */
export function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokenize(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

export const tfWeight = (tf: number): number => 1 + Math.log(tf);

export const idf = (fieldCount: number, df: number): number => Math.log(1 + fieldCount / Math.max(df, 1));

export const successRate = (successes: number, failures: number): number => (successes + 1) / (successes + failures + 2);

export function finalScore(relevance: number, successes: number, failures: number): number {
  const boosted = relevance * (1 + SUCCESS_BOOST * (successRate(successes, failures) - 0.5));
  return Math.round(Math.min(1, Math.max(0, boosted)) * 1e6) / 1e6;
}

/** All strings inside a JSON value, in order. */
function stringsIn(value: unknown, into: string[]): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, into);
  return into;
}

/** The searchable fields of an entry: its key and each top-level property of its value. */
export function textFields(key: string, value: unknown): string[] {
  const fields = [key];
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const v of Object.values(value)) fields.push(stringsIn(v, []).join(' '));
  } else {
    fields.push(stringsIn(value, []).join(' '));
  }
  return fields.filter((f) => f.trim() !== '');
}
