/**
 * The report's part about the review: how many findings went inline (with a link to the
 * review), which could not be placed and why, and which of the last run's findings are resolved.
 * Rendered as markdown (untrusted text through ./markdown.js) and as plain text.
 */
import { plural } from '../report/format.js';
import { mdCode, mdInline, plainLine } from '../report/markdown.js';
import type { ReviewPublication } from './publishReview.js';
import type { ReportSection } from '../report/reportSection.js';
import { whereOf } from '../report/reportModel.js';

interface Style {
  code(text: string): string;
  inline(text: string): string;
  link(text: string, url: string): string;
  struck(text: string): string;
}

const MARKDOWN: Style = {
  code: (t) => mdCode(t, { maxLength: 120 }),
  inline: (t) => mdInline(t, 200),
  link: (t, url) => `[${t}](${url})`,
  struck: (t) => `~~${t}~~`,
};
const TEXT: Style = { code: (t) => plainLine(t, 120), inline: (t) => plainLine(t, 200), link: (t, url) => `${t} (${url})`, struck: (t) => t };

function lines(pub: ReviewPublication, s: Style): string[] {
  const out: string[] = [];
  const inline = pub.findings.filter((f) => f.placement === 'inline').length - pub.fellBack.length;
  if (pub.review) {
    const earlier = pub.alreadyInline ? ` (${pub.alreadyInline} of them already commented on by an earlier run)` : '';
    const suggested = pub.review.suggestions ? `, with ${plural(pub.review.suggestions, 'suggestion')}` : '';
    out.push(`- 💬 ${plural(inline, 'finding')} inline in ${s.link('the review', pub.review.url)}${earlier}${suggested}`);
  } else if (inline > 0) {
    out.push(`- 💬 ${plural(inline, 'finding')} inline, all already commented on by an earlier run`);
  }
  const elsewhere = pub.findings.filter((f) => f.placement === 'sticky').length;
  if (elsewhere) out.push(`- 📄 ${plural(elsewhere, 'finding')} not on the diff: in this comment only`);
  if (pub.fellBack.length)
    out.push(`- ⚠️ ${plural(pub.fellBack.length, 'finding')} could not be posted inline (GitHub refused the review): in this comment only`);
  const unplaced = pub.findings.filter((f) => f.placement === 'unplaced');
  if (unplaced.length) {
    out.push(`- ❓ ${plural(unplaced.length, 'finding')} could not be placed:`);
    for (const f of unplaced) {
      out.push(`  - ${s.code(whereOf(f))} — ${s.inline(f.title)} · ${f.workers.map((w) => s.code(w)).join(', ')} (${f.reason ?? 'unknown place'})`);
    }
  }
  if (pub.resolved.length) {
    const since = pub.resolvedSince ? ` since ${s.code(pub.resolvedSince)}` : '';
    out.push(`- ✅ ${plural(pub.resolved.length, 'finding')} resolved${since}:`);
    for (const f of pub.resolved) out.push(`  - ${s.struck(`${s.code(whereOf(f))} — ${s.inline(f.title)}`)}`);
  }
  return out;
}

/** Null when there is nothing to say. */
export function renderReviewSection(pub: ReviewPublication): ReportSection | null {
  const md = lines(pub, MARKDOWN);
  if (md.length === 0) return null;
  return { markdown: `### Review\n\n${md.join('\n')}`, text: `Review\n${lines(pub, TEXT).join('\n')}` };
}
