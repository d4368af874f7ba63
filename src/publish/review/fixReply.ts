/**
 * `/swarm fix`'s answer in the finding's thread: the coder's change as a ```suggestion block when
 * it stays within the lines the finding's comment covers (one click commits it), else the patch,
 * collapsed, to `git apply` at the head — and, with `apply`, what was committed or opened.
 */
import { fenceAsData } from '../../plan/prompts.js';
import { mdCode, mdText } from '../report/markdown.js';
import { plural } from '../report/format.js';

/** A patch longer than this goes to the job log instead: the reply must stay under GitHub's 65,536 characters. */
export const MAX_PATCH_CHARS = 50_000;

export interface FixAnswer {
  shortId: string;
  workerId: string;
  /** The coder's summary (model text, escaped here). */
  summary: string;
  /** The suggestion block (`fixSuggestion`), or null. */
  suggestion: string | null;
  /** Why the change is not a suggestion, when it is not: "changes lines outside this comment's". */
  why: string | null;
  /** The coder's patch; empty when it changed nothing. */
  patch: string;
  /** `apply`'s line (`**Changes:** …`), or null. */
  applied: string | null;
}

const heading = (a: FixAnswer) => `🛠️ **codex-swarm fix** for ${mdCode(a.shortId)} by ${mdCode(a.workerId)}`;

export function fixReplyBody(a: FixAnswer): string {
  const summary = a.summary.trim() ? mdText(a.summary, { maxLength: 2000 }) : null;
  if (!a.patch.trim()) return [`${heading(a)}: nothing changed.`, summary].filter(Boolean).join('\n\n');
  if (a.suggestion) {
    return [`${heading(a)}:`, summary, a.suggestion, '<sub>Commit the suggestion to apply it, or reply with what to do instead.</sub>']
      .filter(Boolean)
      .join('\n\n');
  }
  return [
    `${heading(a)}:`,
    summary,
    `The change ${a.why ?? 'is not a suggestion'}: here is the patch, to \`git apply\` at the head.`,
    patchBlock(a.patch),
    a.applied,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** The patch, folded; a patch too long for a comment is named and left to the job log. */
function patchBlock(patch: string): string {
  const files = patch.match(/^diff --git /gm)?.length ?? 0;
  const added = patch.match(/^\+(?!\+\+ )/gm)?.length ?? 0;
  const removed = patch.match(/^-(?!-- )/gm)?.length ?? 0;
  const summary = `${plural(files, 'file')}, +${added} −${removed}`;
  if (patch.length > MAX_PATCH_CHARS) return `The patch (${summary}, ${patch.length} characters) is too long for a comment: it is in the job log.`;
  return `<details><summary>patch: ${summary}</summary>\n\n${fenceAsData(patch.replace(/\n$/, ''), 'diff')}\n\n</details>`;
}
