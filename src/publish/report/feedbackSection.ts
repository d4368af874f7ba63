/**
 * The report's part about maintainers' feedback: what this run took in ("2 dismissed, 1 confirmed
 * since the last run"), the findings dismissed on this PR (listed once, folded: "dismissed by
 * @<maintainer>: <reason>"), and those held back from the review because they are like one
 * dismissed on another PR ("held back: like one @<maintainer> dismissed in #12", linked), so
 * nothing is hidden. Names render as text, not mentions: editing the comment pings nobody.
 */
import { plural } from './format.js';
import { mdCode, mdInline, plainLine } from './markdown.js';
import type { ReportSection } from './reportSection.js';
import { whereOf } from './reportModel.js';
import type { DismissedFinding, HeldBackFinding } from '../review/feedbackFilter.js';

export interface FeedbackReport {
  /** `describeTaken`'s line, or null. */
  taken: string | null;
  dismissed: DismissedFinding[];
  heldBack: HeldBackFinding[];
  /** The URL of a pull request of this repository. */
  pullUrl(pr: number): string;
}

const reasonOf = (reason: string) => (reason ? `: ${reason}` : '');

/** Paragraphs of markdown: the taken line, the folded dismissals, the held-back list. */
function markdownBlocks(r: FeedbackReport): string[] {
  const blocks: string[] = [];
  if (r.taken) blocks.push(`🗣️ Feedback taken in: ${r.taken}.`);
  if (r.dismissed.length) {
    const items = r.dismissed.map(
      (d) =>
        `- ${mdCode(whereOf(d))} — ${mdInline(d.title, 200)} — dismissed by ${mdInline(`@${d.verdict.by}`, 60)}${mdInline(reasonOf(d.verdict.reason), 200)}`,
    );
    const summary = `🙅 ${plural(r.dismissed.length, 'finding')} dismissed by maintainers: not posted, not counted`;
    blocks.push(`<details><summary>${summary}</summary>\n\n${items.join('\n')}\n\n</details>`);
  }
  if (r.heldBack.length) {
    const items = r.heldBack.map(
      ({ finding, like }) =>
        `- ${mdCode(whereOf(finding))} — ${mdInline(finding.title, 200)} — held back: like one ${mdInline(`@${like.by}`, 60)} dismissed in [#${like.pr}](${r.pullUrl(like.pr)})`,
    );
    blocks.push(`⏸️ ${plural(r.heldBack.length, 'finding')} held back from the review:\n${items.join('\n')}`);
  }
  return blocks;
}

function textLines(r: FeedbackReport): string[] {
  const out: string[] = [];
  if (r.taken) out.push(`Feedback taken in: ${r.taken}.`);
  if (r.dismissed.length) out.push(`${plural(r.dismissed.length, 'finding')} dismissed by maintainers (not posted, not counted):`);
  for (const d of r.dismissed)
    out.push(`- ${plainLine(whereOf(d), 120)} ${plainLine(d.title, 200)}: dismissed by @${d.verdict.by}${plainLine(reasonOf(d.verdict.reason), 200)}`);
  if (r.heldBack.length) out.push(`${plural(r.heldBack.length, 'finding')} held back from the review:`);
  for (const { finding, like } of r.heldBack) {
    out.push(
      `- ${plainLine(whereOf(finding), 120)} ${plainLine(finding.title, 200)}: held back, like one @${like.by} dismissed in #${like.pr} (${r.pullUrl(like.pr)})`,
    );
  }
  return out;
}

/** Null when there is nothing to say. */
export function renderFeedbackSection(r: FeedbackReport): ReportSection | null {
  const blocks = markdownBlocks(r);
  if (!blocks.length) return null;
  return { markdown: `### Feedback\n\n${blocks.join('\n\n')}`, text: `Feedback\n${textLines(r).join('\n')}` };
}
