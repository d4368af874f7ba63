/**
 * The run's report as markdown: the sticky comment, the job summary and report.md (final and
 * live), rendered from the report model (./reportModel.js; the CLI's plain text is
 * ./reportText.js). Everything from a model, a file name or an event line is untrusted and goes
 * through ./markdown.js; the result is redacted as a whole.
 */
import type { Plan } from '../../plan/types.js';
import { elapsedMs } from '../../swarm/state.js';
import type { SwarmOutcome, WorkerState } from '../../swarm/types.js';
import { redact } from '../../util/redact.js';
import { quotePath } from '../../util/quotePath.js';
import { SEVERITIES, type WorkerResult } from '../../workers/types.js';
import { describeCounts } from './conclusion.js';
import { describeUsage, formatDuration, formatTokens, OVERALL_LABELS, plural, SEVERITY_ICONS, STATUS_ICONS, statusWords } from './format.js';
import { mdCode, mdInline, mdRow, mdText } from './markdown.js';
import { SELF_MARKER } from '../comment/markers.js';
import { buildReportModel, overBudgetNote, patchHasContent, type ReportModel } from './reportModel.js';
import type { ReportExtras } from './reportSection.js';

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
  /** Notes and sections later stages add. */
  extras?: ReportExtras;
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

export function renderReport({ outcome, links, title = 'codex-swarm', maxChars = DEFAULT_REPORT_MAX_CHARS, extras }: RenderReportOptions): string {
  const model = buildReportModel(outcome, extras);
  const full = DETAIL_STEPS[0];
  for (const detail of DETAIL_STEPS) {
    const pointer = detail === full ? null : shortenedNote(model, detail, links);
    const text = redact(composeReport(model, links, title, detail, pointer));
    if (text.length <= maxChars) return text;
  }
  const least = DETAIL_STEPS[DETAIL_STEPS.length - 1];
  return cutToFit(redact(composeReport(model, links, title, least, shortenedNote(model, least, links))), maxChars, links);
}

function composeReport(model: ReportModel, links: ReportLinks, title: string, detail: Detail, pointer: string | null): string {
  const status = OVERALL_LABELS[model.status];
  const parts = [
    SELF_MARKER,
    `### ${status.icon} ${title} · \`${model.command}\` ${status.words}`,
    taskLine(model.task),
    overBudgetLine(model.overBudget),
    `${totalsLine(model, true)}${model.notes.map((n) => `<br>\n${mdInline(n, 500)}`).join('')}`,
    linksLine(links),
    pointer,
    model.decomposition?.markdown,
    workerTable(model.workers),
    problems(model),
    findingsSection(model, detail),
    ...model.sections.map((s) => s.markdown),
    patchSection(model),
    detail.gantt ? timeline(model.workers) : null,
    detail.notes ? workerNotes(model.workers) : null,
    `<sub>run ${mdCode(model.runId)} · started ${model.startedAt}</sub>`,
  ];
  return `${parts.filter((p): p is string => Boolean(p)).join('\n\n')}\n`;
}

/** Only when max-workers held the fan-out below the budget: the reader should know shards are big. */
function overBudgetLine(note: string | null): string | null {
  return note ? `> ⚠️ ${mdInline(note, 400)}` : null;
}

function taskLine(task: string): string | null {
  return task.trim() ? `> **Task:** ${mdInline(task, 300)}` : null;
}

/** The totals in one line; `bold` marks the counts as markdown does. Shared with the plain text. */
export function totalsLine(model: ReportModel, bold: boolean): string {
  const strong = (s: string) => (bold ? `**${s}**` : s);
  const byStatus = model.byStatus.map((s) => `${s.count} ${statusWords(s.status)}`);
  const total = model.findings.length;
  const findings = total > 0 ? `${strong(plural(total, 'finding'))} (${describeCounts(model.findingCounts)})` : 'no findings';
  return [
    `${strong(plural(model.workers.length, 'worker'))}${byStatus.length ? ` (${byStatus.join(', ')})` : ''}`,
    formatDuration(model.durationMs),
    describeUsage(model.usage, model.engineUsage),
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

function shortenedNote(model: ReportModel, detail: Detail, links: ReportLinks): string {
  const left: string[] = [];
  if (!detail.notes && model.workers.some((r) => r.answer?.summary.trim())) left.push('worker notes');
  if (!detail.findingDetails && model.findings.some((f) => f.detail.trim())) left.push('finding details');
  const hidden = describeCounts(model.findingCounts, SEVERITIES.slice(detail.severities));
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
  const names = files.slice(0, shown).map((f) => mdCode(quotePath(f), { maxLength: 60, inTable: true }));
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
        `${STATUS_ICONS[r.status]} ${statusWords(r.status)}${r.retried ? ' (retried)' : ''}`,
        r.startedAt === null ? '—' : formatDuration(r.durationMs),
        `${formatTokens(r.usage.input)} / ${formatTokens(r.usage.output)}`,
      ]),
    ),
  ].join('\n');
}

function problems(model: ReportModel): string | null {
  const statusOf = new Map(model.workers.map((r) => [r.id, r.status]));
  const lines = model.problems.map((p) =>
    p.answer
      ? `- ${mdCode(p.workerId)}'s answer could not be read: ${mdInline(p.text, 300)}`
      : `- ${mdCode(p.workerId)} ${statusWords(statusOf.get(p.workerId)!)}: ${mdInline(p.text, 300)}`,
  );
  return lines.length ? `**Problems**\n${lines.join('\n')}` : null;
}

const capitalise = (s: string) => s[0].toUpperCase() + s.slice(1);

function findingsSection(model: ReportModel, detail: Detail): string {
  const findings = model.findings;
  if (findings.length === 0) return '### Findings\n\nNo findings.';
  const groups = SEVERITIES.slice(0, detail.severities)
    .filter((s) => model.findingCounts[s] > 0)
    .map((severity) => {
      const items = findings
        .filter((f) => f.severity === severity)
        .map((f) => {
          const item = `- ${mdCode(quotePath(f.where), { maxLength: 120 })} — ${mdInline(f.title, 200)} · ${f.workers.map((w) => mdCode(w)).join(', ')}`;
          if (!detail.findingDetails || !f.detail.trim()) return item;
          return [item, '  <details><summary>Details</summary>', '', mdText(f.detail, { maxLength: 4000, indent: '  ' }), '', '  </details>', ''].join('\n');
        });
      return `#### ${SEVERITY_ICONS[severity]} ${capitalise(severity)} (${items.length})\n\n${items.join('\n').trimEnd()}`;
    });
  const hidden = describeCounts(model.findingCounts, SEVERITIES.slice(detail.severities));
  if (hidden) groups.push(`_Not listed here: ${hidden} findings._`);
  return `### Findings (${findings.length})\n\n${groups.join('\n\n')}`;
}

function fileList(files: string[], shown = 5): string {
  const names = files.slice(0, shown).map((f) => mdCode(quotePath(f), { maxLength: 80 }));
  return `${plural(files.length, 'file')}${names.length ? `: ${names.join(', ')}` : ''}${files.length > shown ? `, +${files.length - shown} more` : ''}`;
}

function patchSection(model: ReportModel): string | null {
  const merge = model.patch;
  if (!merge) return null;
  if (!patchHasContent(merge)) return '### Patch\n\nNo changes.';
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
  /** The run stopped with this error before it could report: the comment says so and is final. */
  failure?: string;
  /**
   * One row per group of workers instead of one per worker (a matrix run's jobs, job n at index
   * n-1), for plans too large for a row each in one comment.
   */
  foldBy?: string[][];
}

export function renderLiveReport({
  plan,
  states,
  links,
  now = Date.now(),
  title = 'codex-swarm',
  maxChars = DEFAULT_REPORT_MAX_CHARS,
  failure,
  foldBy,
}: RenderLiveReportOptions): string {
  const byId = new Map(states.map((s) => [s.id, s]));
  const finished = states.filter((s) => s.state !== 'queued' && s.state !== 'running').length;
  const stateOf = (id: string): WorkerState['state'] => byId.get(id)?.state ?? 'queued';
  const label = (state: WorkerState['state']) =>
    (state === 'queued' || state === 'running') && failure !== undefined
      ? '🛑 stopped'
      : state === 'queued'
        ? '⏳ queued'
        : state === 'running'
          ? '🔄 running'
          : `${STATUS_ICONS[state]} ${statusWords(state)}`;
  const table = foldBy ? groupTable(foldBy, stateOf, label, byId, now) : workerRowsTable(plan, byId, label, now);
  const heading =
    failure === undefined
      ? `### 🔄 ${title} · \`${plan.command}\` running — ${finished} of ${plural(plan.workers.length, 'worker')} finished`
      : `### ❌ ${title} · \`${plan.command}\` failed — ${finished} of ${plural(plan.workers.length, 'worker')} finished`;
  const stamp = new Date(now).toISOString().replace(/\.\d+Z$/, 'Z');
  const parts = [
    SELF_MARKER,
    heading,
    failure === undefined ? null : `**The run stopped:** ${mdInline(failure, 500)}`,
    taskLine(plan.task),
    overBudgetLine(overBudgetNote(plan)),
    linksLine(links),
    table,
    failure === undefined
      ? `<sub>Updated ${stamp}; the final report replaces this when the run ends.</sub>`
      : `<sub>Stopped ${stamp}; see the workflow run's log for the whole error.</sub>`,
  ];
  const text = redact(`${parts.filter((p): p is string => Boolean(p)).join('\n\n')}\n`);
  return text.length <= maxChars ? text : cutToFit(text, maxChars, links);
}

function workerRowsTable(plan: Plan, byId: Map<string, WorkerState>, label: (state: WorkerState['state']) => string, now: number): string {
  const rows = plan.workers.map((spec) => {
    const s = byId.get(spec.id);
    return mdRow([
      mdCode(spec.id, { inTable: true }),
      spec.role,
      spec.engine ?? 'codex',
      filesCell(spec.files),
      label(s?.state ?? 'queued'),
      s && s.startedAt !== null ? formatDuration(elapsedMs(s, now)) : '—',
      s?.lastEvent ? mdCode(s.lastEvent, { maxLength: 100, inTable: true }) : '—',
    ]);
  });
  return [
    mdRow(['Worker', 'Role', 'Engine', 'Files', 'State', 'Elapsed', 'Last event']),
    mdRow(['---', '---', '---', '---', '---', '---:', '---']),
    ...rows,
  ].join('\n');
}

/** One row per group: its workers counted by state, and the time from its first start to its last end (or now). */
function groupTable(
  groups: string[][],
  stateOf: (id: string) => WorkerState['state'],
  label: (state: WorkerState['state']) => string,
  byId: Map<string, WorkerState>,
  now: number,
): string {
  const rows = groups.map((ids, i) => {
    const counts = new Map<string, number>();
    for (const id of ids) {
      const shown = label(stateOf(id));
      counts.set(shown, (counts.get(shown) ?? 0) + 1);
    }
    const started = ids.map((id) => byId.get(id)?.startedAt).filter((t): t is number => typeof t === 'number');
    const open = ids.some((id) => stateOf(id) === 'queued' || stateOf(id) === 'running');
    const ended = ids.map((id) => byId.get(id)?.endedAt ?? now);
    const elapsed = started.length ? formatDuration((open ? now : Math.max(...ended)) - Math.min(...started)) : '—';
    return mdRow([`job ${i + 1}`, String(ids.length), [...counts].map(([l, n]) => `${n} ${l}`).join(' · '), elapsed]);
  });
  return [mdRow(['Job', 'Workers', 'State', 'Elapsed']), mdRow(['---', '---:', '---', '---:']), ...rows].join('\n');
}
