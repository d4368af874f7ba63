/**
 * A writer's patch as one-click suggestions: each hunk that replaces lines lying inside one hunk
 * of the PR's diff becomes a review comment with a ```suggestion block over those lines. Hunks
 * elsewhere (or pure additions, which replace no line) stay in the patch artifact only.
 */
import { rangeHolding, type LineRange } from './diffHunks.js';
import { mdCode } from '../report/markdown.js';
import type { ReviewComment } from './inlineComments.js';

export interface PatchHunk {
  file: string;
  /** Head-side lines the hunk replaces, inclusive. */
  start: number;
  end: number;
  /** The lines that replace them. */
  replacement: string[];
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@/;

/** The hunks of a `git diff` patch that change an existing file in place (no renames, no binary). */
export function patchHunks(patch: string): PatchHunk[] {
  const hunks: PatchHunk[] = [];
  let file: string | null = null;
  let current: PatchHunk | null = null;
  let inPlace = false;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = null;
      file = null;
      inPlace = true;
    } else if (line.startsWith('rename from ') || line.startsWith('new file mode') || line.startsWith('deleted file mode')) {
      inPlace = false;
    } else if (line.startsWith('+++ ') && !current) {
      // `+++ b/path` (paths with odd characters come quoted: not offered as suggestions).
      file = inPlace && line.startsWith('+++ b/') ? line.slice(6) : null;
    } else if (HUNK.test(line)) {
      const m = HUNK.exec(line)!;
      const count = m[2] === undefined ? 1 : Number(m[2]);
      current = file && count > 0 ? { file, start: Number(m[1]), end: Number(m[1]) + count - 1, replacement: [] } : null;
      if (current) hunks.push(current);
    } else if (current && (line.startsWith('+') || line.startsWith(' '))) {
      current.replacement.push(line.slice(1));
    }
  }
  return hunks;
}

/** Suggestion comments for the hunks inside the PR's diff; `workerId` is named in each. */
export function suggestionComments(patch: string, workerId: string, diff: Map<string, LineRange[]>): ReviewComment[] {
  return patchHunks(patch)
    .filter((h) => rangeHolding(diff.get(h.file) ?? [], h.start, h.end))
    .map((h) => {
      const text = h.replacement.join('\n');
      const fence = '`'.repeat(Math.max(3, ...(text.match(/`+/g) ?? []).map((r) => r.length + 1)));
      const body = `💡 Suggested by ${mdCode(workerId)} (codex-swarm):\n\n${fence}suggestion\n${text}${text ? '\n' : ''}${fence}`;
      return {
        path: h.file,
        line: h.end,
        side: 'RIGHT' as const,
        ...(h.end > h.start ? { start_line: h.start, start_side: 'RIGHT' as const } : {}),
        body,
      };
    });
}
