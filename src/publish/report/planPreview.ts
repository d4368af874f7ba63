/** A dry run's plan (swarm/preview) as plain text for the CLI and as markdown for a comment or summary. */
import type { PlanPreview, WorkerPreview } from '../../swarm/preview.js';
import { quotePath } from '../../util/quotePath.js';
import { formatTokens, plural } from './format.js';

const FILES_SHOWN = 8;

function fileList(w: WorkerPreview): string {
  const shown = w.files.slice(0, FILES_SHOWN).map((f) => quotePath(f));
  return w.files.length > FILES_SHOWN ? `${shown.join(', ')}, … ${w.files.length - FILES_SHOWN} more` : shown.join(', ') || '(none)';
}

function headline(preview: PlanPreview): string {
  const { plan } = preview;
  return `dry run: ${plan.command} → ${plural(plan.workers.length, 'worker')} over ${plural(plan.fileCount, 'file')} (${plan.fileSource === 'pull-request' ? "the pull request's" : 'the repository'}); prompts ${preview.totalPromptBytes.toLocaleString('en-US')} bytes, ≈ ${formatTokens(preview.totalPromptTokens)} tokens`;
}

const NOTE =
  'Nothing was run: no model was called and no Codex was installed. Token figures count the prompts alone; what each worker reads and writes comes on top.';

export function renderPreviewText(preview: PlanPreview): string {
  const lines = [headline(preview), ''];
  for (const w of preview.workers) {
    const after = w.dependsOn.length ? `, after ${w.dependsOn.join(', ')}` : '';
    lines.push(`${w.id}  ${w.role} (${w.sandbox}${after})  prompt ${w.promptBytes.toLocaleString('en-US')} bytes ≈ ${formatTokens(w.promptTokens)} tokens`);
    lines.push(`  files (${w.files.length}): ${fileList(w)}`);
    lines.push(`  memory: ${w.patterns.length ? w.patterns.join(', ') : 'no matching patterns'}`);
  }
  lines.push('', NOTE);
  return lines.join('\n');
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderPreviewMarkdown(preview: PlanPreview): string {
  const rows = preview.workers.map((w) =>
    [
      `\`${w.id}\``,
      w.role + (w.dependsOn.length ? ` (after ${w.dependsOn.join(', ')})` : ''),
      `${w.files.length}: ${cell(fileList(w))}`,
      `${w.promptBytes.toLocaleString('en-US')} B ≈ ${formatTokens(w.promptTokens)}`,
      w.patterns.length ? cell(w.patterns.join(', ')) : '—',
    ].join(' | '),
  );
  return [
    `**${headline(preview).replace(/^dry run/, 'Dry run')}**`,
    '',
    '| worker | role | files | prompt (tokens) | memory patterns |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r} |`),
    '',
    `_${NOTE}_`,
  ].join('\n');
}
