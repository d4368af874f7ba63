/**
 * Untrusted text (model output, file names, codex event lines) on its way into what we post or
 * print. Whatever it holds, it must not ping anyone, cross-reference other issues, inject HTML,
 * break a table, list or fence, or reveal a registered secret.
 */
import { sanitizeUntrusted } from '../../util/sanitize.js';
import { redact } from '../../util/redact.js';

/**
 * Redacted, invisible and control characters dropped, capped. Redacted again after sanitizing:
 * dropping a zero-width character or decoding an entity could join the pieces of a secret.
 */
export function cleanText(text: string, maxLength: number): string {
  return redact(sanitizeUntrusted(redact(text), { maxLength }));
}

/** One line of plain text (terminal output). */
export function plainLine(text: string, maxLength = 300): string {
  return cleanText(text, maxLength).replace(/\s+/g, ' ').trim();
}

/**
 * Inline markdown: one line, HTML and markdown syntax escaped, `@mentions` and `#123` references
 * broken with a zero-width space (GitHub renders `&#8203;`, so readers see the text unchanged).
 */
export function mdInline(text: string, maxLength = 300): string {
  const escaped = plainLine(text, maxLength)
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)
    .replace(/[\\`*_[\]~|#]/g, '\\$&');
  return neutraliseReferences(escaped);
}

/** A code span (nothing inside renders, mentions included); `inTable` escapes pipes as GFM tables need. */
export function mdCode(text: string, { maxLength = 300, inTable = false } = {}): string {
  const content = plainLine(text, maxLength) || ' ';
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((r) => r.length));
  const ticks = '`'.repeat(longestRun + 1);
  const padded = content.startsWith('`') || content.endsWith('`') ? ` ${content} ` : content;
  return `${ticks}${inTable ? padded.replace(/\|/g, '\\|') : padded}${ticks}`;
}

/**
 * Several lines of escaped text that wrap like prose (a fence would scroll sideways): each line
 * escaped as inline markdown, with what would start a list, quote or heading at a line's start
 * escaped too, and hard line breaks kept. Indented by `indent` to sit inside a list item.
 */
export function mdText(text: string, { maxLength = 5000, indent = '' } = {}): string {
  return cleanText(text, maxLength)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map(
      (line) =>
        indent +
        mdInline(line, maxLength)
          .replace(/^([-+>=])/, '\\$1')
          .replace(/^(\d+)([.)])/, '$1\\$2'),
    )
    .join('<br>\n');
}

/** A GFM table row; cells are already inline markdown. */
export function mdRow(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\n/g, ' ')).join(' | ')} |`;
}

/** One pass, so the `#` of an inserted `&#8203;` is never taken for a reference. */
function neutraliseReferences(text: string): string {
  return text.replace(/@(?=[A-Za-z0-9])|#(?=\d)|\bGH-(?=\d)/gi, (m) => (m.length > 1 ? `${m.slice(0, 2)}&#8203;-` : `${m}&#8203;`));
}
