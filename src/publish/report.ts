/**
 * The run's report: the markdown of the sticky comment, the job summary and report.md (final and
 * live), and the plain-text summary the CLI prints. Everything from a model, a file name or an
 * event line is untrusted and goes through ./markdown.js; the result is redacted as a whole.
 */
import path from 'node:path';
import type { Plan } from '../plan/types.js';
import { elapsedMs } from '../swarm/state.js';
import type { SwarmOutcome, WorkerState } from '../swarm/types.js';
import { SELF_MARKER } from '../trigger/route.js';
import { redact } from '../util/redact.js';
import { SEVERITIES, WORKER_STATUSES, type Severity, type WorkerResult } from '../workers/types.js';
import { allFindings, describeCounts, findingsBySeverity } from './conclusion.js';
import { describeUsage, formatDuration, formatTokens, OVERALL_LABELS, overallStatus, plural, SEVERITY_ICONS, STATUS_ICONS, statusWords } from './format.js';
import { mdCode, mdInline, mdRow, mdText, plainLine } from './markdown.js';

/** GitHub refuses a comment body longer than this. */
export const COMMENT_MAX_CHARS = 65_536;
/** Room left under the cap, so a caller may add a line without crossing it. */
export const DEFAULT_REPORT_MAX_CHARS = COMMENT_MAX_CHARS - 1_000;
/** The artifact file that holds the report in full. */
export const FULL_REPORT_FILE = 'report.md';

export interface ReportLinks {
  runUrl?: string;
  artifactUrl?: string;
}

export interface RenderReportOptions {
  outcome: SwarmOutcome;
  links: ReportLinks;
  /** Shown in the heading; default `codex-swarm`. */
  title?: string;
  /** Default DEFAULT_REPORT_MAX_CHARS; pass Infinity for report.md. */
  maxChars?: number;
}

/** How much of the report fits; each step down leaves out more, least useful first. */
interface Detail {
  notes: boolean;
  findingDetails: boolean;
  /** Findings of the first `severities` severities are listed; the rest only counted. */
  severities: number;
  gantt: boolean;
}

const DETAIL_STEPS: Detail[] = [
  { notes: true, findingDetails: true, severities: SEVERITIES.length, gantt: true },
  { notes: false, findingDetails: true, severities: SEVERITIES.length, gantt: true },
  ...[5, 4, 3, 2, 1].map((severities) => ({ notes: false, findingDetails: false, severities, gantt: true })),
  { notes: false, findingDetails: false, severities: 0, gantt: false },
];

export function renderReport({ outcome, links, title = 'codex-swarm', maxChars = DEFAULT_REPORT_MAX_CHARS }: RenderReportOptions): string {
  const full = DETAIL_STEPS[0];
  for (const detail of DETAIL_STEPS) {
    const pointer = detail === full ? null : shortenedNote(outcome, detail, links);
    const text = redact(composeReport(outcome, links, title, detail, pointer));
    if (text.length <= maxChars) return text;
  }
  const least = DETAIL_STEPS[DETAIL_STEPS.length - 1];
  return cutToFit(redact(composeReport(outcome, links, title, least, shortenedNote(outcome, least, links))), maxChars, links);
}

function composeReport(outcome: SwarmOutcome, links: ReportLinks, title: string, detail: Detail, pointer: string | null): string {
  const status = OVERALL_LABELS[overallStatus(outcome)];
  const parts = [
    SELF_MARKER,
    `### ${status.icon} ${title} · \`${outcome.plan.command}\` ${status.words}`,
    taskLine(outcome.plan),
    totalsLine(outcome),
    linksLine(links),
    pointer,
    workerTable(outcome.results),
    problems(outcome.results),
    findingsSection(outcome, detail),
    patchSection(outcome),
    detail.gantt ? timeline(outcome.results) : null,
    detail.notes ? workerNotes(outcome.results) : null,
    `<sub>run ${mdCode(outcome.runId)} · started ${outcome.startedAt}</sub>`,
  ];
  return `${parts.filter((p): p is string => Boolean(p)).join('\n\n')}\n`;
}

function taskLine(plan: Plan): string | null {
  return plan.task.trim() ? `> **Task:** ${mdInline(plan.task, 300)}` : null;
}

function totalsLine(outcome: SwarmOutcome): string {
  const results = outcome.results;
  const byStatus = WORKER_STATUSES.map((s) => [s, results.filter((r) => r.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${statusWords(s)}`);
  const total = allFindings(outcome).length;
  const findings = total > 0 ? `**${plural(total, 'finding')}** (${describeCounts(findingsBySeverity(outcome))})` : 'no findings';
  return [
    `**${plural(results.length, 'worker')}**${byStatus.length ? ` (${byStatus.join(', ')})` : ''}`,
    formatDuration(outcome.durationMs),
    describeUsage(results),
    findings,
  ].join(' · ');
}

function linksLine(links: ReportLinks): string | null {
  const items = [links.runUrl ? `[Workflow run](${links.runUrl})` : null, links.artifactUrl ? `[Artifact](${links.artifactUrl})` : null];
  const shown = items.filter(Boolean);
  return shown.length ? `🔗 ${shown.join(' · ')}` : null;
}

function artifactReference(links: ReportLinks): string {
  if (links.artifactUrl) return `\`${FULL_REPORT_FILE}\` in the [run's artifact](${links.artifactUrl})`;
  if (links.runUrl) return `\`${FULL_REPORT_FILE}\` in the artifact of [the workflow run](${links.runUrl})`;
  return `\`${FULL_REPORT_FILE}\` in the run's artifact`;
}

function shortenedNote(outcome: SwarmOutcome, detail: Detail, links: ReportLinks): string {
  const counts = findingsBySeverity(outcome);
  const left: string[] = [];
  if (!detail.notes && outcome.results.some((r) => r.answer?.summary.trim())) left.push('worker notes');
  if (!detail.findingDetails && allFindings(outcome).some((f) => f.detail.trim())) left.push('finding details');
  const hidden = describeCounts(counts, SEVERITIES.slice(detail.severities));
  if (hidden) left.push(`${hidden} findings`);
  if (!detail.gantt) left.push('the timeline');
  const what = left.length ? `${left.join(', ')} left out` : 'parts left out';
  return `> ✂️ Shortened to fit in a comment (${what}). The full report is ${artifactReference(links)}.`;
}

/** Last resort: cut at a line break and say so; nothing above the cut is changed. */
function cutToFit(text: string, maxChars: number, links: ReportLinks): string {
  const tail = `\n\n> ✂️ Cut here to fit in a comment. The rest is ${artifactReference(links)}.\n`;
  if (tail.length >= maxChars) return text.slice(0, Math.max(0, maxChars));
  let end = text.lastIndexOf('\n', maxChars - tail.length);
  if (end <= 0) end = maxChars - tail.length;
  return redact(text.slice(0, end) + tail);
}

function filesCell(files: string[], shown = 3): string {
  if (files.length === 0) return '—';
  const names = files.slice(0, shown).map((f) => mdCode(f, { maxLength: 60, inTable: true }));
  return `${files.length}: ${names.join(', ')}${files.length > shown ? `, +${files.length - shown} more` : ''}`;
}

function workerTable(results: WorkerResult[]): string | null {
  if (results.length === 0) return 'No workers were planned.';
  return [
    mdRow(['Worker', 'Role', 'Engine', 'Files', 'Status', 'Duration', 'Tokens in / out']),
    mdRow(['---', '---', '---', '---', '---', '---:', '---:']),
    ...results.map((r) =>
      mdRow([
        mdCode(r.id, { inTable: true }),
        r.role,
        r.engine ?? 'codex',
        filesCell(r.files),
        `${STATUS_ICONS[r.status]} ${statusWords(r.status)}`,
        r.startedAt === null ? '—' : formatDuration(r.durationMs),
        `${formatTokens(r.usage.input)} / ${formatTokens(r.usage.output)}`,
      ]),
    ),
  ].join('\n');
}

function problems(results: WorkerResult[]): string | null {
  const lines = results.flatMap((r) => {
    const out: string[] = [];
    if (r.status !== 'succeeded') out.push(`- ${mdCode(r.id)} ${statusWords(r.status)}: ${mdInline(r.error ?? 'no reason was recorded', 300)}`);
    if (r.answerError) out.push(`- ${mdCode(r.id)}'s answer could not be read: ${mdInline(r.answerError, 300)}`);
    return out;
  });
  return lines.length ? `**Problems**\n${lines.join('\n')}` : null;
}

const capitalise = (s: string) => s[0].toUpperCase() + s.slice(1);

function findingsSection(outcome: SwarmOutcome, detail: Detail): string {
  const findings = allFindings(outcome);
  if (findings.length === 0) return '### Findings\n\nNo findings.';
  const counts = findingsBySeverity(outcome);
  const groups = SEVERITIES.slice(0, detail.severities)
    .filter((s) => counts[s] > 0)
    .map((severity) => {
      const items = findings
        .filter((f) => f.severity === severity)
        .sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0))
        .map((f) => {
          const where = f.file ? (f.line !== null ? `${f.file}:${f.line}` : f.file) : '(no file)';
          const item = `- ${mdCode(where, { maxLength: 120 })} — ${mdInline(f.title, 200)} · ${mdCode(f.workerId)}`;
          if (!detail.findingDetails || !f.detail.trim()) return item;
          return [item, '  <details><summary>Details</summary>', '', mdText(f.detail, { maxLength: 4000, indent: '  ' }), '', '  </details>', ''].join('\n');
        });
      return `#### ${SEVERITY_ICONS[severity]} ${capitalise(severity)} (${items.length})\n\n${items.join('\n').trimEnd()}`;
    });
  const hidden = describeCounts(counts, SEVERITIES.slice(detail.severities));
  if (hidden) groups.push(`_Not listed here: ${hidden} findings._`);
  return `### Findings (${findings.length})\n\n${groups.join('\n\n')}`;
}

function fileList(files: string[], shown = 5): string {
  const names = files.slice(0, shown).map((f) => mdCode(f, { maxLength: 80 }));
  return `${plural(files.length, 'file')}${names.length ? `: ${names.join(', ')}` : ''}${files.length > shown ? `, +${files.length - shown} more` : ''}`;
}

function patchSection(outcome: SwarmOutcome): string | null {
  const merge = outcome.merge;
  const writers = outcome.plan.workers.some((w) => w.sandbox === 'workspace-write');
  const anything = merge.merged.length > 0 || merge.conflicts.length > 0 || merge.applyError || merge.combinedPatchPath;
  if (!writers && !anything) return null;
  if (!anything) return '### Patch\n\nNo changes.';
  const lines: string[] = [];
  if (merge.merged.length > 0) {
    lines.push(`- Merged, in plan order: ${merge.merged.map((m) => `${mdCode(m.workerId)} (${fileList(m.files)})`).join('; ')}`);
  }
  if (merge.combinedPatchPath) {
    const where = merge.applied ? 'applied to the checkout' : 'in the artifact';
    lines.push(`- Combined patch: ${mdCode(merge.combinedPatchPath)}, ${where}`);
  }
  for (const c of merge.conflicts) {
    lines.push(
      `- ⚠️ Conflict: ${mdCode(c.workerId)} on ${fileList(c.files)} was left out; its patch is kept at ${mdCode(c.patchPath)}. ${mdInline(c.message, 300)}`,
    );
  }
  if (merge.applyError) lines.push(`- ❌ Not applied to the checkout: ${mdInline(merge.applyError, 500)}`);
  return `### Patch\n\n${lines.join('\n')}`;
}

/** Seconds as mermaid reads a duration (`42.1s`); a bar of 0 would vanish. */
const mermaidSeconds = (ms: number) => `${(Math.max(ms, 100) / 1000).toFixed(1)}s`;

function clockOffset(ms: number): string {
  const s = Math.min(Math.floor(ms / 1000), 24 * 3600 - 1);
  return [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');
}

function tickInterval(spanMs: number): string {
  const steps: [number, string][] = [
    [20_000, '2second'],
    [45_000, '5second'],
    [90_000, '10second'],
    [300_000, '30second'],
    [900_000, '1minute'],
    [3_600_000, '5minute'],
  ];
  return steps.find(([limit]) => spanMs <= limit)?.[1] ?? '15minute';
}

/**
 * A mermaid gantt of the workers' start offsets and durations. `HH:mm:ss` offsets from the run's
 * start read the same in every time zone (an epoch `dateFormat` follows the reader's zone).
 */
function timeline(results: WorkerResult[]): string | null {
  const ran = results.filter((r) => r.startOffsetMs !== null);
  if (ran.length === 0) return null;
  const span = Math.max(...ran.map((r) => r.startOffsetMs! + r.durationMs));
  const lines = [
    'gantt',
    '  dateFormat HH:mm:ss',
    `  axisFormat ${span >= 3_600_000 ? '%H:%M:%S' : '%M:%S'}`,
    `  tickInterval ${tickInterval(span)}`,
    '  todayMarker off',
  ];
  const roles = [...new Set(ran.map((r) => r.role))];
  for (const role of roles) {
    lines.push(`  section ${role}`);
    for (const r of ran.filter((x) => x.role === role)) {
      const tag = r.status === 'succeeded' ? 'done' : 'crit';
      lines.push(`  ${r.id} (${r.engine ?? 'codex'}) :${tag}, w${results.indexOf(r) + 1}, ${clockOffset(r.startOffsetMs!)}, ${mermaidSeconds(r.durationMs)}`);
    }
  }
  return `### Timeline\n\n\`\`\`mermaid\n${lines.join('\n')}\n\`\`\``;
}

function workerNotes(results: WorkerResult[]): string | null {
  const notes = results
    .filter((r) => r.answer?.summary.trim())
    .map((r) => `<details><summary>${r.id} · ${r.role}</summary>\n\n${mdText(r.answer!.summary, { maxLength: 3000 })}\n\n</details>`);
  return notes.length ? `### Worker notes\n\n${notes.join('\n\n')}` : null;
}

// ---------------------------------------------------------------------------------------------
// The live report, while workers run.

export interface RenderLiveReportOptions {
  plan: Plan;
  /** `SwarmState.snapshot()`; a worker of the plan without a state shows as queued. */
  states: WorkerState[];
  links: ReportLinks;
  now?: number;
  title?: string;
  maxChars?: number;
}

export function renderLiveReport({
  plan,
  states,
  links,
  now = Date.now(),
  title = 'codex-swarm',
  maxChars = DEFAULT_REPORT_MAX_CHARS,
}: RenderLiveReportOptions): string {
  const byId = new Map(states.map((s) => [s.id, s]));
  const finished = states.filter((s) => s.state !== 'queued' && s.state !== 'running').length;
  const rows = plan.workers.map((spec) => {
    const s = byId.get(spec.id);
    const state = s?.state ?? 'queued';
    const label = state === 'queued' ? '⏳ queued' : state === 'running' ? '🔄 running' : `${STATUS_ICONS[state]} ${statusWords(state)}`;
    return mdRow([
      mdCode(spec.id, { inTable: true }),
      spec.role,
      spec.engine ?? 'codex',
      filesCell(spec.files),
      label,
      s && s.startedAt !== null ? formatDuration(elapsedMs(s, now)) : '—',
      s?.lastEvent ? mdCode(s.lastEvent, { maxLength: 100, inTable: true }) : '—',
    ]);
  });
  const parts = [
    SELF_MARKER,
    `### 🔄 ${title} · \`${plan.command}\` running — ${finished} of ${plural(plan.workers.length, 'worker')} finished`,
    taskLine(plan),
    linksLine(links),
    [mdRow(['Worker', 'Role', 'Engine', 'Files', 'State', 'Elapsed', 'Last event']), mdRow(['---', '---', '---', '---', '---', '---:', '---']), ...rows].join(
      '\n',
    ),
    `<sub>Updated ${new Date(now).toISOString().replace(/\.\d+Z$/, 'Z')}; the final report replaces this when the run ends.</sub>`,
  ];
  const text = redact(`${parts.filter((p): p is string => Boolean(p)).join('\n\n')}\n`);
  return text.length <= maxChars ? text : cutToFit(text, maxChars, links);
}

// ---------------------------------------------------------------------------------------------
// The plain-text summary the CLI prints.

function columns(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

export function renderPlainSummary(outcome: SwarmOutcome): string {
  const status = OVERALL_LABELS[overallStatus(outcome)];
  const runDir = path.dirname(outcome.resultsFile);
  const out: string[] = [`codex-swarm ${outcome.plan.command}: ${status.words}`, totalsLine(outcome).replace(/\*\*/g, '')];

  if (outcome.results.length > 0) {
    out.push(
      '',
      ...columns([
        ['worker', 'role', 'engine', 'status', 'duration', 'tokens in/out', 'files'],
        ...outcome.results.map((r) => [
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
    for (const r of outcome.results) {
      if (r.status !== 'succeeded') out.push(`  ${r.id}: ${plainLine(r.error ?? 'no reason was recorded', 300)}`);
      if (r.answerError) out.push(`  ${r.id}: answer could not be read: ${plainLine(r.answerError, 300)}`);
    }
  }

  const findings = allFindings(outcome);
  if (findings.length > 0) {
    const bySeverity = (s: Severity) => SEVERITIES.indexOf(s);
    const sorted = [...findings].sort(
      (a, b) => bySeverity(a.severity) - bySeverity(b.severity) || a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0),
    );
    out.push(
      '',
      'Findings',
      ...columns(
        sorted.map((f) => [
          `  ${f.severity}`,
          plainLine(f.file ? (f.line !== null ? `${f.file}:${f.line}` : f.file) : '(no file)', 80),
          `${plainLine(f.title, 160)} [${f.workerId}]`,
        ]),
      ),
    );
  }

  const merge = outcome.merge;
  if (merge.merged.length > 0 || merge.conflicts.length > 0 || merge.applyError) {
    out.push('', 'Patch');
    if (merge.merged.length > 0) out.push(`  merged: ${merge.merged.map((m) => `${m.workerId} (${plural(m.files.length, 'file')})`).join(', ')}`);
    if (merge.combinedPatchPath) {
      out.push(`  combined patch: ${path.join(runDir, merge.combinedPatchPath)}${merge.applied ? ' (applied to the checkout)' : ''}`);
    }
    for (const c of merge.conflicts) {
      out.push(`  conflict: ${c.workerId} on ${c.files.map((f) => plainLine(f, 80)).join(', ')}; patch kept at ${path.join(runDir, c.patchPath)}`);
    }
    if (merge.applyError) out.push(`  not applied: ${plainLine(merge.applyError, 500)}`);
  }

  out.push('', `Results: ${outcome.resultsFile}`);
  return redact(`${out.join('\n')}\n`);
}
