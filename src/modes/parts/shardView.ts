/**
 * A matrix work job's view: its rows of the shared comment, written in this job's time slots so the
 * whole matrix stays within GitHub's request budget (publish/comment/sharedProgressWriter.ts), and
 * log lines. A cancelled job writes its rows at once: it has seconds before it is killed.
 *
 * A job re-run in a later attempt than the plan's ("Re-run failed jobs") leaves the comment alone:
 * it holds the earlier attempt's report, which the aggregate job of this attempt replaces.
 */
import * as core from '@actions/core';
import { createSharedProgressWriter, type SharedProgressWriter } from '../../publish/comment/sharedProgressWriter.js';
import type { CommentRef } from '../../publish/comment/stickyComment.js';
import type { ScalePlan } from '../../publish/outputs/matrixArtifacts.js';
import { describeWorkerEnd } from '../../swarm/log.js';
import type { SwarmState } from '../../swarm/state.js';
import type { ModeContext, RunView } from '../types.js';
import { scaleStateBlock } from './matrixRun.js';

export interface ShardView extends RunView {
  /** This job's last rows: in its next slot, or at once when the run was cancelled. */
  flush(cancelled: boolean): Promise<CommentRef | null>;
}

export function shardView(c: ModeContext, scale: ScalePlan, job: number): ShardView {
  const rerun = c.ctx.runAttempt > (scale.attempt ?? 1);
  const writes = Boolean(c.decision.prNumber) && c.inputs.comment === 'sticky' && !rerun;
  if (rerun) core.info(`codex-swarm: attempt ${c.ctx.runAttempt} re-runs job ${job}: the comment keeps the last report until this attempt's aggregate job.`);
  let writer: SharedProgressWriter | null = null;
  let state: SwarmState | null = null;
  const push = () => {
    if (writer && state) writer.update(state.snapshot());
  };
  const last = (now: boolean) => (writer && state ? writer.finish(state.snapshot(), { now }) : Promise.resolve(null));
  return {
    show(_plan, s) {
      state = s;
      if (!writes) return;
      writer = createSharedProgressWriter({
        target: { octokit: c.octokit, owner: c.ctx.owner, repo: c.ctx.repo, issueNumber: c.decision.prNumber! },
        plan: scale.plan,
        jobs: scale.jobs,
        job,
        links: { runUrl: c.ctx.runUrl },
        after: scaleStateBlock(scale),
      });
    },
    hooks: {
      onWorkerStart: (spec) => {
        core.info(`▶ ${spec.id} started (${spec.role}, ${spec.files.length} file(s))`);
        push();
      },
      onWorkerEnd: (result) => {
        core.info(describeWorkerEnd(result));
        push();
      },
      onWarning: (message) => core.warning(message),
    },
    fail: () => Promise.resolve(),
    flush: last,
  };
}
