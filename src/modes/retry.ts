/**
 * `/swarm retry`: the last run from the sticky comment's state block, its artifact downloaded, and
 * its workers that did not succeed run again, merged into that run's results. Each way it cannot
 * go on (no earlier run, an expired artifact, nothing to retry, a matrix workflow) is one reply,
 * and nothing runs. With `dry-run`, it shows the workers it would run again.
 */
import path from 'node:path';
import * as core from '@actions/core';
import { describePlan } from '../plan/buildPlan.js';
import type { Plan } from '../plan/types.js';
import { replyToComment } from '../publish/comment/replies.js';
import { downloadPreviousRun } from '../publish/outputs/previousRun.js';
import { setOutputs } from '../publish/outputs/stepOutputs.js';
import { mergeRetried, readEarlierRun, retryPlan, type EarlierRun } from '../swarm/retry.js';
import { writeResultsFile } from '../swarm/results.js';
import type { RunDecision } from '../trigger/route.js';
import { redact } from '../util/redact.js';
import { publishDryRun } from './dryRun.js';
import type { LiveView } from './parts/liveView.js';
import { fetchPullRequest, oneJobWorkers, publishOneJob, trustedInstructions, type OneJobPlanned } from './parts/oneJob.js';
import { baseDirOf, runKeyOf } from './parts/planning.js';
import { loadStickyState } from './parts/pullRequestReview.js';
import type { ModeContext, RetryDecision, WorkerMode } from './types.js';

interface RetryPlanned extends Omit<OneJobPlanned, 'codeArgs'> {
  earlier: EarlierRun;
  /** The retry as a run of the earlier run's command. */
  decision: RunDecision;
}

export const retryMode: WorkerMode<RetryDecision, RetryPlanned, LiveView> = {
  name: 'retry',
  codexWhilePlanning: false,
  async plan(c) {
    if (c.inputs.mode !== 'all') return notInOneJob(c);
    const earlier = await earlierRun(c);
    if (!earlier) return answered(c);
    const { run, previous, plan } = earlier;
    const decision = asRunDecision(c.decision, run);
    const rc = { ...c, decision };
    const pr = await fetchPullRequest(rc);
    if (c.inputs['dry-run']) {
      await publishDryRun(c, plan, pr);
      return null;
    }
    core.info(describePlan(plan));
    return { plan, pr, review: { previous, scope: null }, instructions: await trustedInstructions(rc, plan, pr), earlier: run, decision };
  },
  workers: oneJobWorkers,
  async publish(c, p, ran) {
    const merged = await mergeRetried(p.earlier, ran.outcome, ran.runDir);
    await writeResultsFile(merged);
    await publishOneJob({ ...c, decision: p.decision }, p, { ...ran, outcome: merged });
  },
};

/** A retry re-runs an earlier one-job run's workers; a matrix job has none of its own to re-run. */
async function notInOneJob({ inputs, ctx, octokit, decision }: ModeContext<RetryDecision>): Promise<null> {
  const why = `/swarm retry runs in a one-job workflow (mode: all), not in mode: ${inputs.mode}`;
  if (inputs.mode === 'plan')
    await replyToComment({ octokit, owner: ctx.owner, repo: ctx.repo, issueNumber: decision.prNumber, body: `codex-swarm did not run: ${why}.` });
  core.info(`codex-swarm: not running: ${why}.`);
  setOutputs({ conclusion: 'skipped', ...(inputs.mode === 'plan' ? { jobs: '0', matrix: '{"shard":[]}' } : {}) });
  return null;
}

async function answered(c: ModeContext<RetryDecision>): Promise<null> {
  await (await c.reaction)?.finish('confused');
  setOutputs({ conclusion: 'skipped' });
  return null;
}

/** The earlier run and the plan of its workers that did not succeed; null after one reply saying why there is none. */
async function earlierRun({
  inputs,
  ctx,
  octokit,
  decision,
}: ModeContext<RetryDecision>): Promise<{ run: EarlierRun; previous: Awaited<ReturnType<typeof loadStickyState>>; plan: Plan } | null> {
  const repoRef = { owner: ctx.owner, repo: ctx.repo };
  const reply = async (text: string) => {
    core.info(`codex-swarm: retry: ${text}`);
    await replyToComment({ octokit, ...repoRef, issueNumber: decision.prNumber, body: `@${decision.actor.login} ${text}` });
    return null;
  };
  const previous = await loadStickyState({ octokit, ...repoRef, prNumber: decision.prNumber });
  const dest = path.join(baseDirOf(ctx), 'previous', runKeyOf(ctx));
  const download = await downloadPreviousRun({ state: previous.state, token: inputs['github-token'], ...repoRef, dest });
  if (!download.ok) {
    if (download.reason === 'none') return reply(`Nothing to retry: ${download.message}${previous.note ? ` (${previous.note})` : ''}.`);
    if (download.reason === 'expired') return reply(`Cannot retry: ${download.message}. Start a fresh \`${inputs['trigger-phrase']} review\` instead.`);
    return reply(`Cannot retry: ${download.message}.`);
  }
  let run: EarlierRun;
  try {
    run = await readEarlierRun(download.dir);
  } catch (error) {
    return reply(`Cannot retry: ${redact(error instanceof Error ? error.message : String(error))}.`);
  }
  const plan = retryPlan(run);
  if (!plan) return reply(`Nothing to retry: every worker of run ${previous.state.runId} succeeded.`);
  core.info(`codex-swarm: retrying ${plan.workers.map((w) => w.id).join(', ')} of run ${previous.state.runId}.`);
  return { run, previous, plan };
}

function asRunDecision(decision: RetryDecision, earlier: EarlierRun): RunDecision {
  return {
    action: 'run',
    trigger: 'comment',
    prNumber: decision.prNumber,
    commentId: decision.commentId,
    actor: decision.actor,
    command: earlier.plan.command,
    task: earlier.plan.task,
    paths: [],
  };
}
