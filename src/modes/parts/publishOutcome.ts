/**
 * What a finished run publishes, whichever kind it was: the artifact, the changes (`apply`), the
 * review at the line, the comment or audit issue, the job summary and the outputs. Each step
 * degrades to a warning on its own; only the verdict (`fail-on`) fails the step.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import type { PullRequestContext } from '../../github/pullRequest.js';
import type { ProjectInstructions } from '../../plan/instructions.js';
import { ACTIONS_BOT_LOGIN } from '../../publish/comment/markers.js';
import type { LiveComment } from '../../publish/comment/stickyComment.js';
import { renderStickyState, type StickyState } from '../../publish/comment/stickyState.js';
import { upsertAuditIssue } from '../../publish/outputs/auditIssue.js';
import { writeJobSummary } from '../../publish/outputs/jobSummary.js';
import { defaultArtifactName, uploadRunArtifact } from '../../publish/outputs/runArtifact.js';
import { setOutputs } from '../../publish/outputs/stepOutputs.js';
import { conclude, countFindings, type Conclusion } from '../../publish/report/conclusion.js';
import { instructionsNote } from '../../publish/report/instructionsNote.js';
import { DEFAULT_REPORT_MAX_CHARS, renderReport, type ReportLinks } from '../../publish/report/markdownReport.js';
import { logWorkerGroups } from '../../swarm/log.js';
import type { MemoryStore } from '../../memory/store.js';
import { writeResultsFile } from '../../swarm/results.js';
import { writePlanFile } from '../../swarm/retry.js';
import type { SwarmOutcome } from '../../swarm/types.js';
import type { RunDecision } from '../../trigger/route.js';
import { redact } from '../../util/redact.js';
import type { ModeContext, ModeDecision } from '../types.js';
import { applyPatch } from './applyPatch.js';
import { applyPullFeedback, feedbackResults, feedbackSection, pastDismissals, type AppliedFeedback } from './feedback.js';
import { publishCancelled } from './publishCancelled.js';
import { publishFindingsGate } from './findingsGate.js';
import { publishPullRequestReview, type ReviewContext, type ReviewReport } from './pullRequestReview.js';

/** A `code` run's plan stage: the approval line for the comment, and the plan the state block holds next (null: none). */
export interface PlanStage {
  stage: 'plan' | 'approve';
  line: string | null;
  pendingPlan: StickyState['pendingPlan'];
}

export interface PublishArgs {
  /** The run's command as run (a retry's is the earlier run's). */
  decision: RunDecision;
  pr: PullRequestContext | null;
  review: ReviewContext;
  instructions: ProjectInstructions | null;
  outcome: SwarmOutcome;
  runKey: string;
  runDir: string;
  live: LiveComment | null;
  planStage: PlanStage | null;
  /** The run's memory, to recall dismissals on other PRs by (none without memory). */
  memory?: MemoryStore | null;
}

/** Publishes the run and fails the step when the verdict says so. */
export async function publishOutcome(c: ModeContext<ModeDecision>, a: PublishArgs): Promise<void> {
  // A cancelled job is killed seconds after its SIGINT: what the user sees goes first.
  const verdict = a.outcome.cancelled ? await publishCancelled(c, { ...a, previous: a.pr ? a.review.previous.state : null }) : await publishRun(c, a);
  if (verdict.failStep) core.setFailed(verdict.reason);
  else core.info(`codex-swarm: ${verdict.reason}`);
}

async function publishRun(c: ModeContext<ModeDecision>, a: PublishArgs): Promise<Conclusion> {
  const { inputs, ctx } = c;
  const { runDir } = a;
  // Findings a maintainer dismissed on this PR are not posted, annotated, counted or failed on; results.json keeps them.
  const feedback = applyPullFeedback(inputs, a.review, a.outcome, Boolean(a.pr));
  const outcome = feedback?.outcome ?? a.outcome;
  const verdict = conclude(outcome, inputs['fail-on']);
  const reacted = c.reaction?.then((r) => r.finish(verdict.conclusion === 'success' ? 'rocket' : 'confused'));
  await logWorkerGroups(outcome);
  const artifactName = inputs['artifact-name'] || defaultArtifactName(ctx.runId, ctx.runAttempt);
  const reportFile = path.join(runDir, 'report.md');
  // The file is the whole report (the comment may be shortened and points to it); written before the upload so the artifact holds it.
  await fs.writeFile(reportFile, renderReport({ outcome, links: { runUrl: ctx.runUrl }, maxChars: Infinity }));
  // The report is in the job summary whatever happens to the requests below (a rate limit's long wait, a kill); rewritten with them at the end.
  await writeJobSummary(renderReport({ outcome, links: { runUrl: ctx.runUrl } }));
  await writePlanFile(runDir, outcome.plan);
  const applying = applyIfAsked(c, a);
  // The review goes before the upload: what it held back belongs in the artifact's results.json.
  const reviewed = await reviewIfPullRequest(c, { ...a, outcome }, feedback);
  if (feedback) await writeResultsFile({ ...a.outcome, feedback: feedbackResults(feedback, reviewed?.heldBack ?? []) });
  const [artifact, applied] = await Promise.all([
    uploadRunArtifact({ runDir, name: artifactName, ...(inputs['retention-days'] ? { retentionDays: inputs['retention-days'] } : {}) }),
    applying,
  ]);
  if ('error' in artifact) core.warning(`codex-swarm: the run's artifact could not be uploaded: ${artifact.error}. The comment and summary still go out.`);
  const links: ReportLinks = { runUrl: ctx.runUrl, ...('url' in artifact && artifact.url ? { artifactUrl: artifact.url } : {}) };
  const uploaded = 'id' in artifact ? { artifactId: artifact.id, artifactName } : { artifactId: null, artifactName: null };
  const feedbackPart = feedback ? feedbackSection(feedback, reviewed?.heldBack ?? [], (n) => `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/pull/${n}`) : null;
  const { report, comment } = finalReport(
    { ...a, outcome },
    links,
    reviewed && { ...reviewed, state: { ...reviewed.state, ...uploaded }, sections: [...reviewed.sections, ...(feedbackPart ? [feedbackPart] : [])] },
    applied,
    feedback,
  );
  const [commentOut] = await Promise.all([
    a.live ? a.live.finish(comment) : auditIfScheduled(c, a.decision, report).then(() => null),
    writeJobSummary(report),
    reacted,
    // Dismissed findings are out of both lists already (the review ran on the outcome without them).
    reviewed && a.pr ? publishFindingsGate(c, { pr: a.pr, outcome, report, findings: reviewed.findings, openFindings: reviewed.stillOpen }) : null,
  ]);
  setOutputs({
    conclusion: verdict.conclusion,
    'results-file': outcome.resultsFile,
    'report-file': reportFile,
    ...(commentOut ? { 'comment-id': String(commentOut.id), 'comment-url': commentOut.url } : {}),
    ...('id' in artifact ? { 'artifact-id': String(artifact.id) } : {}),
    ...(outcome.merge.combinedPatchPath ? { 'patch-file': path.join(runDir, outcome.merge.combinedPatchPath) } : {}),
    'findings-count': String(countFindings(outcome)),
  });
  return verdict;
}

/** The review at the line (the artifact is named in the state after its upload); a plan run reviewed nothing, so it must not mark the open findings resolved. */
function reviewIfPullRequest(c: ModeContext<ModeDecision>, a: PublishArgs, feedback: AppliedFeedback | null): Promise<ReviewReport | null> {
  if (!a.pr || a.planStage?.stage === 'plan') return Promise.resolve(null);
  return publishPullRequestReview({
    octokit: c.octokit,
    owner: c.ctx.owner,
    repo: c.ctx.repo,
    inputs: c.inputs,
    pr: a.pr,
    previous: a.review.previous,
    scope: a.review.scope ?? { files: a.pr.changedFiles, description: null },
    outcome: a.outcome,
    repoDir: c.ctx.workspace,
    run: { runId: c.ctx.runId, runAttempt: c.ctx.runAttempt, artifactId: null, artifactName: null },
    feedback: feedback && { verdicts: feedback.verdicts, pastDismissals: pastDismissals(c.inputs, a.memory ?? null, a.outcome, a.pr.number) },
  });
}

/** The report (with the notes under it) and the comment: the report, the approval line and the state block, which ends it and is never cut. */
function finalReport(
  a: PublishArgs,
  links: ReportLinks,
  reviewed: ReviewReport | null,
  applied: string | null,
  feedback: AppliedFeedback | null,
): { report: string; comment: string } {
  const extras = reviewed ? { notes: reviewed.notes, sections: reviewed.sections } : undefined;
  // One state block for the next run: the review's (or, reviewing nothing, the last one with the verdicts taken in), with the plan stage's pending plan when there is one.
  const kept = a.pr ? { ...a.review.previous.state, ...(feedback ? { verdicts: feedback.verdicts } : {}) } : null;
  const state = reviewed?.state ?? kept;
  const stateBlock = state ? `\n\n${renderStickyState(a.planStage ? { ...state, pendingPlan: a.planStage.pendingPlan } : state)}` : '';
  const approveLine = a.planStage?.line ? `\n\n${a.planStage.line}` : '';
  const note = a.instructions ? instructionsNote(a.instructions, a.pr?.changedFiles.map((f) => f.path) ?? []) : null;
  // The report makes room for the state block and the approval line.
  const report =
    renderReport({
      outcome: a.outcome,
      links,
      ...(extras ? { extras } : {}),
      maxChars: DEFAULT_REPORT_MAX_CHARS - stateBlock.length - approveLine.length,
    }) + [note, applied].map((line) => (line ? `\n\n${line}` : '')).join('');
  return { report, comment: report + approveLine + stateBlock };
}

async function auditIfScheduled({ inputs, ctx, octokit }: ModeContext<ModeDecision>, decision: RunDecision, report: string): Promise<void> {
  if (decision.prNumber || (decision.trigger !== 'schedule' && decision.command !== 'audit')) return;
  const issue = await upsertAuditIssue({
    octokit,
    owner: ctx.owner,
    repo: ctx.repo,
    label: inputs['audit-label'],
    title: `codex-swarm ${decision.command}: ${ctx.owner}/${ctx.repo}`,
    body: report,
    selfLogin: ACTIONS_BOT_LOGIN,
  }).catch((err: Error) => {
    core.warning(`codex-swarm: could not update the audit issue: ${redact(err.message)}`);
    return null;
  });
  if (issue) core.info(`codex-swarm: audit issue ${issue.created ? 'created' : 'updated'}: ${issue.url}`);
}

/** `apply`: the combined patch committed or opened as a PR; the line the comment says it with. */
function applyIfAsked(c: ModeContext<ModeDecision>, a: PublishArgs): Promise<string | null> {
  if (!a.outcome.merge.combinedPatchPath) return Promise.resolve(null);
  return applyPatch(c, {
    patchFile: path.join(a.runDir, a.outcome.merge.combinedPatchPath),
    pr: a.pr,
    runKey: a.runKey,
    summary: `codex-swarm ${a.decision.command}: ${a.outcome.merge.merged.map((m) => m.workerId).join(', ')}`,
  });
}
