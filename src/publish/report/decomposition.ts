/**
 * The orchestrated `code` task's decomposition in the report: the planner's subtasks with the coder,
 * status and patch size of each, why the run fell back to one coder, and which coders changed files
 * outside their subtask. Subtask titles and paths come from a model: untrusted, escaped.
 */
import type { Decomposition, PatchSize, SwarmOutcome } from '../../swarm/types.js';
import { quotePath } from '../../util/quotePath.js';
import { STATUS_ICONS, statusWords } from './format.js';
import { mdCode, mdInline, mdRow, plainLine } from './markdown.js';
import type { ReportSection } from './reportSection.js';

const FILES_SHOWN = 4;

function planLine(d: Decomposition): string {
  const hash = d.planSha256 ? ` (plan ${mdCode(d.planSha256.slice(0, 12))})` : '';
  const who = d.source === 'approved' ? `Approved plan${hash}` : `Planner${hash}`;
  return d.summary.trim() ? `**${who}:** ${mdInline(d.summary, 400)}` : `**${who}**`;
}

const patchText = (p: PatchSize | null) => (p ? `+${p.added} −${p.removed} in ${p.files} file${p.files === 1 ? '' : 's'}` : '—');

/** The report's plan section, as markdown and as terminal text; null for runs without a planner. */
export function decompositionSection(outcome: SwarmOutcome): ReportSection | null {
  return outcome.decomposition
    ? { markdown: decompositionMarkdown(outcome, outcome.decomposition), text: decompositionText(outcome, outcome.decomposition).join('\n') }
    : null;
}

function decompositionMarkdown(outcome: SwarmOutcome, d: Decomposition): string {
  const lines = [`### Plan`, planLine(d)];
  if (d.fallback) lines.push(`> ⚠️ ${mdInline(d.fallback, 500)}`);
  if (d.subtasks.length) {
    const status = (workerId: string) => {
      const r = outcome.results.find((x) => x.id === workerId);
      if (r) return `${STATUS_ICONS[r.status]} ${statusWords(r.status)}`;
      return d.planOnly ? '📝 planned' : '⏸️ not run';
    };
    const files = (list: string[]) =>
      `${list
        .slice(0, FILES_SHOWN)
        .map((f) => mdCode(quotePath(f), { maxLength: 80, inTable: true }))
        .join(', ')}${list.length > FILES_SHOWN ? `, +${list.length - FILES_SHOWN} more` : ''}`;
    const after = (ids: string[]) => {
      const coders = ids.map((id) => d.subtasks.find((s) => s.subtask.id === id)?.workerId ?? id);
      return coders.length ? ` (after ${coders.map((c) => mdCode(c, { inTable: true })).join(', ')})` : '';
    };
    lines.push(
      [
        mdRow(['#', 'Subtask', 'Files', 'Coder', 'Status', 'Patch']),
        mdRow(['---:', '---', '---', '---', '---', '---']),
        ...d.subtasks.map(({ subtask, workerId, patch }, i) =>
          mdRow([
            String(i + 1),
            `${mdInline(subtask.title, 120)}${after(subtask.dependsOn)}`,
            files(subtask.files),
            mdCode(workerId, { inTable: true }),
            status(workerId),
            patchText(patch),
          ]),
        ),
      ].join('\n'),
    );
  }
  for (const o of d.outOfScope) {
    lines.push(
      `> ⚠️ ${mdCode(o.workerId)} changed files outside its subtask (kept and merged like any other): ${o.files.map((f) => mdCode(quotePath(f), { maxLength: 80 })).join(', ')}`,
    );
  }
  return lines.join('\n\n');
}

function decompositionText(outcome: SwarmOutcome, d: Decomposition): string[] {
  const out = [`Plan${d.planSha256 ? ` ${d.planSha256.slice(0, 12)}` : ''}${d.summary.trim() ? `: ${plainLine(d.summary, 300)}` : ''}`];
  if (d.fallback) out.push(`  ${plainLine(d.fallback, 500)}`);
  d.subtasks.forEach(({ subtask, workerId, patch }, i) => {
    const r = outcome.results.find((x) => x.id === workerId);
    const status = r ? statusWords(r.status) : d.planOnly ? 'planned' : 'not run';
    const coders = subtask.dependsOn.map((id) => d.subtasks.find((s) => s.subtask.id === id)?.workerId ?? plainLine(id, 40));
    const deps = coders.length ? ` (after ${coders.join(', ')})` : '';
    out.push(`  ${i + 1}. ${plainLine(subtask.title, 120)}${deps} — ${workerId}, ${status}${patch ? `, ${patchText(patch)}` : ''}`);
    out.push(`     files: ${subtask.files.map((f) => plainLine(quotePath(f), 120)).join(', ')}`);
  });
  for (const o of d.outOfScope) out.push(`  ${o.workerId} changed files outside its subtask: ${o.files.map((f) => plainLine(quotePath(f), 120)).join(', ')}`);
  return out;
}
