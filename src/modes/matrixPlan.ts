/**
 * `mode: plan`, the first job of a run spread over a job matrix: it plans, writes the comment with
 * every worker queued, uploads the plan for the work and aggregate jobs, and outputs the matrix.
 * No model call, no Codex.
 */
import path from 'node:path';
import * as core from '@actions/core';
import type { PullRequestFile } from '../github/pullRequest.js';
import { PlanError } from '../plan/buildPlan.js';
import { MAX_MATRIX_JOBS, matrixOutput, planJobs } from '../plan/matrix.js';
import type { Plan } from '../plan/types.js';
import { ACTIONS_BOT_LOGIN } from '../publish/comment/markers.js';
import { renderSharedProgress } from '../publish/comment/sharedProgress.js';
import { upsertStickyComment } from '../publish/comment/stickyComment.js';
import { planArtifactName, uploadScalePlan, type ScalePlan } from '../publish/outputs/matrixArtifacts.js';
import { setOutputs } from '../publish/outputs/stepOutputs.js';
import { SwarmState } from '../swarm/state.js';
import { redact } from '../util/redact.js';
import { refuse } from './parts/answers.js';
import { scaleStateBlock } from './parts/matrixRun.js';
import { fetchPullRequest } from './parts/oneJob.js';
import { baseDirOf, logPlan, planFor, runKeyOf } from './parts/planning.js';
import { loadStickyState, scopeReviewFiles } from './parts/pullRequestReview.js';
import type { DirectMode, ModeContext } from './types.js';

interface MatrixPlanned {
  plan: Plan;
  review: ScalePlan['review'];
}

export const matrixPlanMode: DirectMode<ModeContext['decision'], MatrixPlanned> = {
  name: 'matrix-plan',
  async plan(c) {
    // A `code` task plans as it goes (a planner worker, then its coders): one job runs it.
    if (c.decision.command === 'code')
      throw new PlanError('code runs in one job (mode: all): its coders are planned by a worker while it runs, which a matrix fixed in advance cannot hold.');
    const pr = await fetchPullRequest(c);
    let files: PullRequestFile[] | undefined;
    let review: ScalePlan['review'] = null;
    if (pr) {
      // Read before this job rewrites the comment: the aggregate reviews against it.
      const previous = await loadStickyState({ octokit: c.octokit, owner: c.ctx.owner, repo: c.ctx.repo, prNumber: pr.number });
      const scope = await scopeReviewFiles({ inputs: c.inputs, decision: c.decision, pr, state: previous.state, repoDir: c.ctx.workspace });
      files = scope.files;
      review = { previous, scope: { files: scope.files, description: scope.description, reviewed: scope.reviewed ? [...scope.reviewed] : null } };
    }
    const { plan } = await planFor(c, { pr, files });
    logPlan(plan);
    return { plan, review };
  },
  async publish(c, { plan, review }) {
    const startedAt = new Date().toISOString();
    const jobs = planJobs(plan, c.inputs['workers-per-job']);
    if (jobs.length > MAX_MATRIX_JOBS) {
      return refuse(
        c,
        `the plan has ${jobs.length} work jobs but a matrix runs at most ${MAX_MATRIX_JOBS}: raise workers-per-job to ${Math.ceil(plan.workers.length / MAX_MATRIX_JOBS)} or more, or narrow paths.`,
      );
    }
    core.info(
      `codex-swarm: mode plan: ${jobs.length} work job(s) of at most ${c.inputs['workers-per-job']} workers: ${jobs.map((ids, i) => `${i + 1}: ${ids.join(', ')}`).join('; ')}`,
    );
    const scale: ScalePlan = { version: 1, attempt: c.ctx.runAttempt, plan, jobs, startedAt, review };
    const uploaded = await uploadScalePlan(path.join(baseDirOf(c.ctx), 'plan', runKeyOf(c.ctx)), planArtifactName(c.ctx.runId, c.ctx.runAttempt), scale);
    if ('error' in uploaded) return refuse(c, `mode plan: the plan could not be uploaded, so no work job could run: ${uploaded.error}`);
    const commentOut = await writeQueuedComment(c, scale);
    setOutputs({
      conclusion: 'success',
      matrix: matrixOutput(jobs.length),
      jobs: String(jobs.length),
      ...(commentOut ? { 'comment-id': String(commentOut.id), 'comment-url': commentOut.url } : {}),
    });
  },
};

/** The comment with every worker queued, which the work jobs then fill in. */
async function writeQueuedComment(c: ModeContext, scale: ScalePlan): Promise<{ id: number; url: string } | null> {
  const prNumber = c.decision.prNumber;
  if (c.inputs.comment !== 'sticky' || !prNumber) return null;
  const state = new SwarmState();
  state.reset(scale.plan.workers);
  // Rows fold by job when a row per worker would not fit in a comment.
  const body = renderSharedProgress(scale.plan, state.snapshot(), { runUrl: c.ctx.runUrl }, scaleStateBlock(scale), scale.jobs);
  return upsertStickyComment({ octokit: c.octokit, owner: c.ctx.owner, repo: c.ctx.repo, issueNumber: prNumber, selfLogin: ACTIONS_BOT_LOGIN, body }).catch(
    (err: Error) => {
      core.warning(`codex-swarm: could not write the comment on #${prNumber}: ${redact(err.message)}`);
      return null;
    },
  );
}
