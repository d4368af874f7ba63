/**
 * Findings as workflow annotations: they show in the job's log and on the checks view, at the
 * line, with no permission beyond the job's own. Critical and high are errors, medium and low
 * warnings, info notices.
 *
 * GitHub shows at most 10 annotations of each level per step (50 per job) and drops the rest
 * without a word, and the action's own warnings spend the same budget. So findings get what the
 * step has left, most severe first, keeping a slot for the error of a failed step and two for
 * warnings the action may print after them; one notice says how many more are in the report.
 * (With `checks: write`, the check run carries every finding instead: review/checkRun.ts.)
 * A finding that could not be placed gets no file, so GitHub does not point at a line that is not there.
 */
import * as core from '@actions/core';
import { SEVERITIES, type Severity } from '../../workers/types.js';
import type { AnnotationCounts, AnnotationLevel } from '../../util/annotationCount.js';
import { describeCounts } from '../report/conclusion.js';
import { plainLine } from '../report/markdown.js';
import type { ReviewFinding } from './placeFindings.js';

/** GitHub's cap per level per step. */
export const ANNOTATIONS_PER_LEVEL = 10;
/** Slots left for what the action prints after the findings: a failed step's error, later warnings. */
const KEPT_FOR_THE_ACTION: AnnotationCounts = { error: 1, warning: 2, notice: 0 };
const NONE: AnnotationCounts = { error: 0, warning: 0, notice: 0 };

export const annotationLevel = (severity: Severity): AnnotationLevel =>
  severity === 'critical' || severity === 'high' ? 'error' : severity === 'info' ? 'notice' : 'warning';

export interface AnnotateOptions {
  /** Annotations the step printed already (util/annotationCount.ts): they spend the same caps. */
  spent?: AnnotationCounts;
  /** Where every finding is, for the notice about the ones left out. */
  where?: string;
}

export interface AnnotatedFindings {
  annotated: number;
  /** Findings left out, to stay within what GitHub shows. */
  omitted: number;
}

export function annotateFindings(
  findings: ReviewFinding[],
  { spent = NONE, where = "the run's report (the job summary)" }: AnnotateOptions = {},
): AnnotatedFindings {
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  const ordered = [...findings].sort((a, b) => rank(a.severity) - rank(b.severity));
  const room = (level: AnnotationLevel) => Math.max(0, ANNOTATIONS_PER_LEVEL - spent[level] - KEPT_FOR_THE_ACTION[level]);
  let chosen = pick(ordered, room);
  // Something left out: the notice that says so takes a notice slot.
  if (chosen.length < ordered.length) chosen = pick(ordered, (level) => room(level) - (level === 'notice' ? 1 : 0));
  for (const f of chosen) annotate(f);
  const left = ordered.filter((f) => !chosen.includes(f));
  if (left.length) {
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, left.filter((f) => f.severity === s).length])) as Record<Severity, number>;
    core.notice(
      `codex-swarm: ${left.length} more finding${left.length === 1 ? '' : 's'} (${describeCounts(bySeverity)}) not annotated here: GitHub shows ${ANNOTATIONS_PER_LEVEL} annotations of each level per step. Every finding is in ${where}.`,
      { title: 'codex-swarm: more findings in the report' },
    );
  }
  return { annotated: chosen.length, omitted: left.length };
}

/** The first findings of each level that fit in its room, in the order given. */
function pick(ordered: ReviewFinding[], room: (level: AnnotationLevel) => number): ReviewFinding[] {
  const used: AnnotationCounts = { ...NONE };
  return ordered.filter((f) => {
    const level = annotationLevel(f.severity);
    if (used[level] >= room(level)) return false;
    used[level]++;
    return true;
  });
}

function annotate(f: ReviewFinding): void {
  const placed = f.placement !== 'unplaced' && f.file.trim() !== '';
  const message = plainLine(`${f.detail.trim() || f.title} (${f.workers.join(', ')})`, 1000);
  const properties: core.AnnotationProperties = {
    title: plainLine(`${f.severity}: ${f.title}`, 200),
    ...(placed ? { file: f.file, ...(f.line !== null ? { startLine: f.line } : {}) } : {}),
  };
  const level = annotationLevel(f.severity);
  if (level === 'error') core.error(message, properties);
  else if (level === 'warning') core.warning(message, properties);
  else core.notice(message, properties);
}
