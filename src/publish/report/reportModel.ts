/**
 * What a run's report says, built once from the outcome: the markdown report (comment, job
 * summary, report.md) and the plain-text summary the CLI prints both render this, so the order of
 * findings, how a place in a file is written and what the patch summary holds cannot drift apart.
 */
import path from 'node:path';
import { sizingNote } from '../../plan/buildPlan.js';
import type { Plan } from '../../plan/types.js';
import type { SwarmOutcome } from '../../swarm/types.js';
import { SEVERITIES, WORKER_STATUSES, type Severity, type WorkerResult, type WorkerStatus } from '../../workers/types.js';
import { allFindings } from './conclusion.js';
import { decompositionSection } from './decomposition.js';
import { dedupeFindings } from '../review/placeFindings.js';
import { overallStatus, totalUsage, usageByEngine, type OverallStatus } from './format.js';
import type { ReportExtras, ReportSection } from './reportSection.js';

export interface ReportFinding {
  severity: Severity;
  /** `file:line`, `file`, or `(no file)`. */
  where: string;
  title: string;
  detail: string;
  /** Every worker that reported it: the same issue from several workers is one finding. */
  workers: string[];
}

export interface ReportModel {
  status: OverallStatus;
  command: Plan['command'];
  task: string;
  /** Set only when max-workers held the fan-out over the per-worker budget: the sentence that says so. */
  overBudget: string | null;
  runId: string;
  startedAt: string;
  durationMs: number;
  resultsFile: string;
  runDir: string;
  workers: WorkerResult[];
  /** Workers by status, statuses with none left out. */
  byStatus: { status: WorkerStatus; count: number }[];
  usage: { input: number; output: number };
  /** The same per engine, in the order engines first appear. */
  engineUsage: ReturnType<typeof usageByEngine>;
  /** Most severe first, then by file and line. */
  findings: ReportFinding[];
  findingCounts: Record<Severity, number>;
  /** One line per worker that did not succeed or whose answer could not be read. */
  problems: { workerId: string; text: string; answer: boolean }[];
  /** Null when no worker could write and nothing was merged. */
  patch: SwarmOutcome['merge'] | null;
  hadWriters: boolean;
  notes: string[];
  sections: ReportSection[];
  /** How an orchestrated `code` task was split; shown before the workers. */
  decomposition: ReportSection | null;
}

export function whereOf(finding: { file: string; line: number | null }): string {
  if (!finding.file) return '(no file)';
  return finding.line !== null ? `${finding.file}:${finding.line}` : finding.file;
}

const severityRank = (s: Severity) => SEVERITIES.indexOf(s);

export function buildReportModel(outcome: SwarmOutcome, extras: ReportExtras = {}): ReportModel {
  const results = outcome.results;
  const findings = dedupeFindings(allFindings(outcome))
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0))
    .map((f) => ({ severity: f.severity, where: whereOf(f), title: f.title, detail: f.detail, workers: f.workers }));
  const findingCounts = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length])) as Record<Severity, number>;
  const merge = outcome.merge;
  const hadWriters = outcome.plan.workers.some((w) => w.sandbox === 'workspace-write');
  return {
    status: overallStatus(outcome),
    command: outcome.plan.command,
    task: outcome.plan.task,
    overBudget: overBudgetNote(outcome.plan),
    runId: outcome.runId,
    startedAt: outcome.startedAt,
    durationMs: outcome.durationMs,
    resultsFile: outcome.resultsFile,
    runDir: path.dirname(outcome.resultsFile),
    workers: results,
    byStatus: WORKER_STATUSES.map((status) => ({ status, count: results.filter((r) => r.status === status).length })).filter((s) => s.count > 0),
    usage: totalUsage(results),
    engineUsage: usageByEngine(results),
    findings,
    findingCounts,
    problems: results.flatMap((r) => [
      ...(r.status !== 'succeeded' ? [{ workerId: r.id, text: r.error ?? 'no reason was recorded', answer: false }] : []),
      ...(r.answerError ? [{ workerId: r.id, text: r.answerError, answer: true }] : []),
    ]),
    patch: hadWriters || patchHasContent(merge) ? merge : null,
    hadWriters,
    notes: extras.notes ?? [],
    sections: extras.sections ?? [],
    decomposition: decompositionSection(outcome),
  };
}

export function overBudgetNote(plan: Plan): string | null {
  return plan.sizing?.capped ? sizingNote(plan)!.replace(/^sizing: /, '') : null;
}

export function patchHasContent(merge: SwarmOutcome['merge']): boolean {
  return merge.merged.length > 0 || merge.conflicts.length > 0 || Boolean(merge.applyError) || Boolean(merge.combinedPatchPath);
}
