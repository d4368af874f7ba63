/**
 * What a run in one job knows once it has planned: the pull request, what the last run left in the
 * sticky comment, which of the PR's files this run reviews, and the instructions the workers follow.
 */
import * as core from '@actions/core';
import { getPullRequestContext, type PullRequestContext } from '../../github/pullRequest.js';
import { PlanError } from '../../plan/buildPlan.js';
import { resolveInstructions, type ProjectInstructions } from '../../plan/instructions.js';
import type { SavedPlan } from '../../plan/savedPlan.js';
import type { Plan } from '../../plan/types.js';
import { emptyState, type ReadState } from '../../publish/comment/stickyState.js';
import type { ModeContext, ModeDecision, Planned } from '../types.js';
import { logPlan, modelAccessProblem, planFor, type CodeTaskArgs } from './planning.js';
import { loadStickyState, scopeReviewFiles, type ScopedFiles } from './pullRequestReview.js';

/** What the last run left in the sticky comment, and which of the PR's files this run reviews (null: all, or no PR). */
export interface ReviewContext {
  previous: ReadState;
  scope: ScopedFiles | null;
}

export interface OneJobPlanned extends Planned {
  pr: PullRequestContext | null;
  review: ReviewContext;
  instructions: ProjectInstructions;
  /** What a `code` task's orchestrator needs besides the first plan. */
  codeArgs: CodeTaskArgs;
}

export const noReview = (): ReviewContext => ({ previous: { state: emptyState(), note: null }, scope: null });

export async function fetchPullRequest({ octokit, ctx, decision }: ModeContext<ModeDecision>): Promise<PullRequestContext | null> {
  return decision.prNumber ? getPullRequestContext(octokit, { owner: ctx.owner, repo: ctx.repo, number: decision.prNumber }) : null;
}

/** A run planned from scratch; an approved plan's run keeps the state its plan was posted with. */
export async function planOneJob(c: ModeContext, approved?: { plan: SavedPlan; previous: ReadState }): Promise<OneJobPlanned> {
  const pr = await fetchPullRequest(c);
  let review = noReview();
  if (pr) {
    const previous = approved?.previous ?? (await loadStickyState({ octokit: c.octokit, owner: c.ctx.owner, repo: c.ctx.repo, prNumber: pr.number }));
    review = { previous, scope: await scopeReviewFiles({ inputs: c.inputs, decision: c.decision, pr, state: previous.state, repoDir: c.ctx.workspace }) };
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
