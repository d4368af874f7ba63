/**
 * Which lines of a file a review comment may point at: GitHub accepts a comment only on a line
 * inside a hunk of that file's patch (from `pulls.listFiles`), on the side it names. The right
 * side is the PR's head, which is what findings point at.
 */

export interface LineRange {
  start: number;
  /** Inclusive. */
  end: number;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** The head-side line ranges of a unified-diff patch's hunks (context and added lines). */
export function rightSideRanges(patch: string | null | undefined): LineRange[] {
  const ranges: LineRange[] = [];
  for (const line of (patch ?? '').split('\n')) {
    const m = HUNK_HEADER.exec(line);
    if (!m) continue;
    const start = Number(m[3]);
    const count = m[4] === undefined ? 1 : Number(m[4]);
    if (count > 0) ranges.push({ start, end: start + count - 1 });
  }
  return ranges;
}

/** The range holding every line from `from` to `to`, if one hunk holds them all. */
export function rangeHolding(ranges: LineRange[], from: number, to = from): LineRange | undefined {
  return ranges.find((r) => r.start <= from && to <= r.end);
}
