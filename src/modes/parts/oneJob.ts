/**
 * A run in one job: what it knows once it has planned (the pull request, what the last run left in
 * the sticky comment, which of the PR's files this run reviews, the instructions the workers
 * follow), how its workers run, and how it publishes.
 */
import * as core from '@actions/core';
import { getPullRequestContext, type PullRequestContext } from '../../github/pullRequest.js';
import { PlanError } from '../../plan/buildPlan.js';
import { resolveInstructions, type ProjectInstructions } from '../../plan/instructions.js';
import type { SavedPlan } from '../../plan/savedPlan.js';
import type { Plan } from '../../plan/types.js';
import type { ReadState } from '../../publish/comment/stickyState.js';
import type { ModeContext, ModeDecision, ModeWorkers, Planned, Ran } from '../types.js';
import { instructionsEngine } from './engine.js';
import { createLiveView, type LiveView } from './liveView.js';
import { readPullFeedback, recordPullFeedback } from './feedback.js';
import { publishOutcome, type PlanStage } from './publishOutcome.js';
import { logPlan, modelAccessProblem, planFor, runKeyOf, type CodeTaskArgs } from './planning.js';
import { loadStickyState, noReview, scopeReviewFiles, type ReviewContext } from './pullRequestReview.js';

export interface OneJobPlanned extends Planned {
  pr: PullRequestContext | null;
  review: ReviewContext;
  instructions: ProjectInstructions;
  /** What a `code` task's orchestrator needs besides the first plan. */
  codeArgs: CodeTaskArgs;
}

export async function fetchPullRequest({ octokit, ctx, decision }: ModeContext<ModeDecision>): Promise<PullRequestContext | null> {
  return decision.prNumber ? getPullRequestContext(octokit, { owner: ctx.owner, repo: ctx.repo, number: decision.prNumber }) : null;
}

/** A run planned from scratch; an approved plan's run keeps the state its plan was posted with. */
export async function planOneJob(c: ModeContext, approved?: { plan: SavedPlan; previous: ReadState }): Promise<OneJobPlanned> {
  const pr = await fetchPullRequest(c);
  let review = noReview();
  if (pr) {
    const previous = approved?.previous ?? (await loadStickyState({ octokit: c.octokit, owner: c.ctx.owner, repo: c.ctx.repo, prNumber: pr.number }));
    const [scope, feedback] = await Promise.all([
      scopeReviewFiles({ inputs: c.inputs, decision: c.decision, pr, state: previous.state, repoDir: c.ctx.workspace }),
      readPullFeedback(c, pr, previous.state),
    ]);
    review = { previous, scope, feedback };
  }
  const { plan, codeArgs } = await planFor(c, { pr, files: review.scope?.files, ...(approved ? { approved: approved.plan } : {}) });
  logPlan(plan);
  return { plan, pr, review, codeArgs, instructions: await trustedInstructions(c, plan, pr) };
}

/** The instructions the workers follow (a PR's base commit's AGENTS.md), once the plan shows who needs a model. */
export async function trustedInstructions(c: ModeContext<ModeDecision>, plan: Plan, pr: PullRequestContext | null): Promise<ProjectInstructions> {
  const problem = modelAccessProblem(c.inputs, plan);
  if (problem) throw new PlanError(problem);
  const instructions = await resolveInstructions(c.inputs['project-instructions'], c.ctx.workspace, pr ?? undefined);
  if (instructions.warning) core.warning(`codex-swarm: ${instructions.warning}`);
  return instructions;
}

type OneJobRun = Pick<OneJobPlanned, 'pr' | 'review' | 'instructions'>;

/** What every one-job run's workers share: this run's key, the trusted instructions, maintainers' new verdicts recorded in memory first, what they learn uploaded after, the live comment. */
export function oneJobWorkers(c: ModeContext<ModeDecision>, p: OneJobRun): ModeWorkers<LiveView> {
  return {
    key: runKeyOf(c.ctx),
    engine: instructionsEngine(c.inputs, p.instructions),
    memory: 'save',
    memoryOpened: (store) => recordPullFeedback(store, p.review.feedback, p.review.previous.state, runKeyOf(c.ctx)),
    pr: p.pr,
    view: createLiveView(c, p.pr ? p.review.previous.state : null),
  };
}

/** Publishes a one-job run: the live comment finished with the report, a `code` run's plan stage with it. */
export function publishOneJob(c: ModeContext, p: OneJobRun, ran: Ran<LiveView>, planStage: PlanStage | null = null): Promise<void> {
  return publishOutcome(c, {
    decision: c.decision,
    pr: p.pr,
    review: p.review,
    instructions: p.instructions,
    outcome: ran.outcome,
    runKey: runKeyOf(c.ctx),
    runDir: ran.runDir,
    live: ran.view.comment,
    memory: ran.memory,
    planStage,
  });
}
