/** The run's report as the plain text the CLI prints, rendered from the same model as the markdown. */
import path from 'node:path';
import type { SwarmOutcome } from '../../swarm/types.js';
import { quotePath } from '../../util/quotePath.js';
import { redact } from '../../util/redact.js';
import { formatDuration, formatTokens, OVERALL_LABELS, plural, statusWords } from './format.js';
import { plainLine } from './markdown.js';
import { totalsLine } from './markdownReport.js';
import { buildReportModel, patchHasContent } from './reportModel.js';
import type { ReportExtras } from './reportSection.js';

function columns(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

export function renderPlainSummary(outcome: SwarmOutcome, extras?: ReportExtras): string {
  const model = buildReportModel(outcome, extras);
  const out: string[] = [`codex-swarm ${model.command}: ${OVERALL_LABELS[model.status].words}`, totalsLine(model, false)];
  for (const note of model.notes) out.push(plainLine(note, 500));
  if (model.decomposition) out.push('', model.decomposition.text);

  if (model.workers.length > 0) {
    out.push(
      '',
      ...columns([
        ['worker', 'role', 'engine', 'status', 'duration', 'tokens in/out', 'files'],
        ...model.workers.map((r) => [
          r.id,
          r.role,
          r.engine ?? 'codex',
          statusWords(r.status),
          r.startedAt === null ? '-' : formatDuration(r.durationMs),
          `${formatTokens(r.usage.input)}/${formatTokens(r.usage.output)}`,
          String(r.files.length),
        ]),
      ]),
    );
    for (const p of model.problems) out.push(`  ${p.workerId}: ${p.answer ? 'answer could not be read: ' : ''}${plainLine(p.text, 300)}`);
  }

  if (model.findings.length > 0) {
    out.push(
      '',
      'Findings',
      ...columns(model.findings.map((f) => [`  ${f.severity}`, plainLine(quotePath(f.where), 80), `${plainLine(f.title, 160)} [${f.workers.join(', ')}]`])),
    );
  }

  for (const section of model.sections) out.push('', section.text);

  const merge = model.patch;
  if (merge && patchHasContent(merge)) {
    out.push('', 'Patch');
    if (merge.merged.length > 0) out.push(`  merged: ${merge.merged.map((m) => `${m.workerId} (${plural(m.files.length, 'file')})`).join(', ')}`);
    if (merge.combinedPatchPath) {
      out.push(`  combined patch: ${path.join(model.runDir, merge.combinedPatchPath)}${merge.applied ? ' (applied to the checkout)' : ''}`);
    }
    for (const c of merge.conflicts) {
      out.push(
        `  conflict: ${c.workerId} on ${c.files.map((f) => plainLine(quotePath(f), 80)).join(', ')}; patch kept at ${path.join(model.runDir, c.patchPath)}`,
      );
    }
    if (merge.applyError) out.push(`  not applied: ${plainLine(merge.applyError, 500)}`);
  }

  out.push('', `Results: ${model.resultsFile}`);
  return redact(`${out.join('\n')}\n`);
}
