/**
 * `/swarm retry` up to the run: the last run from the sticky comment's state block, its artifact
 * downloaded, and the plan of its workers that did not succeed. Each way it cannot go on (no
 * earlier run, an expired artifact, nothing to retry) is one reply, and nothing runs.
 */
import path from 'node:path';
import * as core from '@actions/core';
import type { ActionInputs } from '../config/inputs.js';
import type { GitHubClient } from '../github/client.js';
import type { Plan } from '../plan/types.js';
import { downloadPreviousRun } from '../publish/outputs/previousRun.js';
import { replyToComment } from '../publish/comment/replies.js';
import type { ReadState } from '../publish/comment/stickyState.js';
import { readEarlierRun, retryPlan, type EarlierRun } from '../swarm/retry.js';
import type { RouteDecision, RunDecision } from '../trigger/route.js';
import { redact } from '../util/redact.js';
import type { RunContext } from '../github/runContext.js';
import { loadStickyState } from './parts/pullRequestReview.js';

export interface PreparedRetry {
  earlier: EarlierRun;
  plan: Plan;
  previous: ReadState;
  /** The retry as a run of the earlier run's command. */
  decision: RunDecision;
}

type RetryDecision = Extract<RouteDecision, { action: 'retry' }>;

export async function prepareRetry(o: {
  inputs: ActionInputs;
  ctx: RunContext;
  octokit: GitHubClient;
  decision: RetryDecision;
}): Promise<PreparedRetry | null> {
  const { ctx, octokit, decision } = o;
  const repoRef = { owner: ctx.owner, repo: ctx.repo };
  const reply = async (text: string) => {
    core.info(`codex-swarm: retry: ${text}`);
    await replyToComment({ octokit, ...repoRef, issueNumber: decision.prNumber, body: `@${decision.actor.login} ${text}` });
    return null;
  };
  const previous = await loadStickyState({ octokit, ...repoRef, prNumber: decision.prNumber });
  const dest = path.join(ctx.tempDir, 'codex-swarm', 'previous', `${ctx.runId}-${ctx.runAttempt}`);
  const download = await downloadPreviousRun({ state: previous.state, token: o.inputs['github-token'], ...repoRef, dest });
  if (!download.ok) {
    if (download.reason === 'none') return reply(`Nothing to retry: ${download.message}${previous.note ? ` (${previous.note})` : ''}.`);
    if (download.reason === 'expired') return reply(`Cannot retry: ${download.message}. Start a fresh \`${o.inputs['trigger-phrase']} review\` instead.`);
    return reply(`Cannot retry: ${download.message}.`);
  }
  let earlier: EarlierRun;
  try {
    earlier = await readEarlierRun(download.dir);
  } catch (error) {
    return reply(`Cannot retry: ${redact(error instanceof Error ? error.message : String(error))}.`);
  }
  const plan = retryPlan(earlier);
  if (!plan) return reply(`Nothing to retry: every worker of run ${previous.state.runId} succeeded.`);
  core.info(`codex-swarm: retrying ${plan.workers.map((w) => w.id).join(', ')} of run ${previous.state.runId}.`);
  return {
    earlier,
    plan,
    previous,
    decision: {
      action: 'run',
      trigger: 'comment',
      prNumber: decision.prNumber,
      commentId: decision.commentId,
      actor: decision.actor,
      command: earlier.plan.command,
      task: earlier.plan.task,
      paths: [],
    },
  };
}
