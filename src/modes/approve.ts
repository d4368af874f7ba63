/** `/swarm approve`: runs the plan the sticky comment holds, checked against its hash; one reply when there is none. */
import * as core from '@actions/core';
import type { SavedPlan } from '../plan/savedPlan.js';
import { ACTIONS_BOT_LOGIN } from '../publish/comment/markers.js';
import { readPendingPlan, type PendingPlan } from '../publish/comment/pendingPlan.js';
import { replyToComment } from '../publish/comment/replies.js';
import { setOutputs } from '../publish/outputs/stepOutputs.js';
import { codeWorkers, publishCode } from './code.js';
import type { LiveView } from './parts/liveView.js';
import { planOneJob, type OneJobPlanned } from './parts/oneJob.js';
import type { ModeContext, WorkerMode } from './types.js';

interface ApprovedPlanned extends OneJobPlanned {
  approved: SavedPlan;
}

export const approveMode: WorkerMode<ModeContext['decision'], ApprovedPlanned, LiveView> = {
  name: 'approve',
  codexWhilePlanning: false,
  async plan(c) {
    const approval = await approvedPlan(c);
    if (!approval) return null;
    const planned = await planOneJob(c, { plan: approval.plan, previous: { state: approval.state, note: null } });
    return { ...planned, approved: approval.plan };
  },
  workers: (c, p) => codeWorkers(c, p, { approved: p.approved }),
  publish: (c, p, ran) => publishCode(c, p, ran, 'approve'),
};

/** The pending plan, or null after one reply saying why there is none (a tampered plan also fails the step). */
async function approvedPlan({ inputs, ctx, octokit, decision, reaction }: ModeContext): Promise<Extract<PendingPlan, { kind: 'plan' }> | null> {
  const repoRef = { owner: ctx.owner, repo: ctx.repo };
  const pending = decision.prNumber
    ? await readPendingPlan({ octokit, ...repoRef, issueNumber: decision.prNumber, selfLogin: ACTIONS_BOT_LOGIN, triggerPhrase: inputs['trigger-phrase'] })
    : null;
  if (pending?.kind === 'plan') {
    core.info(`codex-swarm: running the approved plan ${pending.sha256.slice(0, 12)}.`);
    return pending;
  }
  const message = pending?.message ?? 'approve needs a pull request.';
  if (decision.prNumber) await replyToComment({ octokit, ...repoRef, issueNumber: decision.prNumber, body: message });
  await (await reaction)?.finish('confused');
  core.info(`codex-swarm: ${message}`);
  setOutputs({ conclusion: pending?.kind === 'refused' ? 'failure' : 'skipped' });
  if (pending?.kind === 'refused') core.setFailed(message);
  return null;
}
