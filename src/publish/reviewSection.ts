/**
 * The sticky comment's part about the review: how many findings went inline (with a link to the
 * review), which could not be placed and why, which of the last run's findings are resolved, and
 * how much of the PR this run reviewed. Untrusted text goes through ./markdown.js.
 */
import { plural } from './format.js';
import { mdCode, mdInline } from './markdown.js';
import type { ReviewPublication } from './publishReview.js';

const where = (f: { file: string; line: number | null }) => mdCode(f.line !== null ? `${f.file}:${f.line}` : f.file || '(no file)', { maxLength: 120 });

export function renderReviewSection(pub: ReviewPublication, scope: string | null, notes: string[] = []): string {
  const lines: string[] = [];
  if (scope) lines.push(`- 🔎 ${mdInline(scope, 300)}`);
  const inline = pub.findings.filter((f) => f.placement === 'inline').length - pub.fellBack.length;
  if (pub.review) {
    const earlier = pub.alreadyInline ? ` (${pub.alreadyInline} of them already commented on by an earlier run)` : '';
    const suggested = pub.review.suggestions ? `, with ${plural(pub.review.suggestions, 'suggestion')}` : '';
    lines.push(`- 💬 ${plural(inline, 'finding')} inline in [the review](${pub.review.url})${earlier}${suggested}`);
  } else if (inline > 0) {
    lines.push(`- 💬 ${plural(inline, 'finding')} inline, all already commented on by an earlier run`);
  }
  const elsewhere = pub.findings.filter((f) => f.placement === 'sticky').length;
  if (elsewhere) lines.push(`- 📄 ${plural(elsewhere, 'finding')} not on the diff: in this comment only`);
  if (pub.fellBack.length)
    lines.push(`- ⚠️ ${plural(pub.fellBack.length, 'finding')} could not be posted inline (GitHub refused the review): in this comment only`);
  const unplaced = pub.findings.filter((f) => f.placement === 'unplaced');
  if (unplaced.length) {
    lines.push(`- ❓ ${plural(unplaced.length, 'finding')} could not be placed:`);
    for (const f of unplaced)
      lines.push(`  - ${where(f)} — ${mdInline(f.title, 200)} · ${f.workers.map((w) => mdCode(w)).join(', ')} (${f.reason ?? 'unknown place'})`);
  }
  if (pub.resolved.length) {
    const since = pub.resolvedSince ? ` since ${mdCode(pub.resolvedSince)}` : '';
    lines.push(`- ✅ ${plural(pub.resolved.length, 'finding')} resolved${since}:`);
    for (const f of pub.resolved) lines.push(`  - ~~${where(f)} — ${mdInline(f.title, 200)}~~`);
  }
  for (const note of notes) lines.push(`- ℹ️ ${mdInline(note, 300)}`);
  return lines.length ? `### Review\n\n${lines.join('\n')}` : '';
}
