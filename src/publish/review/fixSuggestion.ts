/**
 * `/swarm fix`'s answer as GitHub's one-click form: a ```suggestion block for the finding's
 * comment that, committed as GitHub commits it (the commented lines, `start_line` to `line` on the
 * head side, replaced by the block's lines), gives the file exactly the coder's change. That is
 * only possible when the coder changed nothing but those lines (insertions right before or after
 * them included); otherwise there is no suggestion and the caller posts the patch instead.
 */
import { patchHunks, suggestionBlock } from './suggestions.js';

/** The lines a finding's review comment covers, on the head side (`side: RIGHT`). */
export interface CommentedLines {
  path: string;
  /** First line of a multi-line comment; null for one line. */
  startLine: number | null;
  line: number;
}

/** The file's changes as the patch makes them: old lines removed, and lines inserted before an old line. */
interface Changes {
  removed: Set<number>;
  /** Old line number → the lines inserted before it (one past the end: appended). */
  inserted: Map<number, string[]>;
}

/**
 * The suggestion block, or null when the patch changes anything outside the commented lines,
 * touches another file, does not apply to `fileText` (the head's content of the file), changes
 * nothing there, or ends a file without a newline (a suggestion cannot say that).
 */
export function fixSuggestion(patch: string, lines: CommentedLines, fileText: string): string | null {
  const files = patch.match(/^diff --git /gm)?.length ?? 0;
  const hunks = patchHunks(patch);
  if (files !== 1 || !hunks.length || hunks.some((h) => h.file !== lines.path)) return null;
  const old = fileText.split('\n');
  if (old.at(-1) === '') old.pop();
  const changes = readChanges(hunks, old);
  if (!changes || (!changes.removed.size && !changes.inserted.size)) return null;
  const first = lines.startLine ?? lines.line;
  const inside = (n: number, last: number) => n >= first && n <= last;
  if (![...changes.removed].every((n) => inside(n, lines.line)) || ![...changes.inserted.keys()].every((n) => inside(n, lines.line + 1))) return null;
  const replacement: string[] = [];
  for (let n = first; n <= lines.line; n++) {
    replacement.push(...(changes.inserted.get(n) ?? []));
    if (!changes.removed.has(n)) replacement.push(old[n - 1]);
  }
  replacement.push(...(changes.inserted.get(lines.line + 1) ?? []));
  return suggestionBlock(replacement);
}

/** Walks the hunks over the old file; null when a context or removed line is not what the file holds. */
function readChanges(hunks: ReturnType<typeof patchHunks>, old: string[]): Changes | null {
  const removed = new Set<number>();
  const inserted = new Map<number, string[]>();
  for (const hunk of hunks) {
    let n = hunk.start;
    for (const line of hunk.lines) {
      const mark = line[0];
      const text = line.slice(1);
      if (mark === '\\') return null;
      if (mark === '+') {
        inserted.set(n, [...(inserted.get(n) ?? []), text]);
        continue;
      }
      if (old[n - 1] !== text) return null;
      if (mark === '-') removed.add(n);
      n++;
    }
  }
  return { removed, inserted };
}
