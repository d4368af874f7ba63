/** How a run that cannot go on ends: a refusal answers on the PR; a matrix job's failure fails its own step. */
import * as core from '@actions/core';
import { replyToComment } from '../../publish/comment/replies.js';
import { setOutputs } from '../../publish/outputs/stepOutputs.js';
import { redact } from '../../util/redact.js';
import type { ModeContext, ModeDecision } from '../types.js';

/** Before anything is shown: a reply on the PR says why (when a comment asked), and the step fails. */
export async function refuse(c: ModeContext<ModeDecision>, message: string): Promise<void> {
  if (c.reaction && c.decision.prNumber) {
    await replyToComment({
      octokit: c.octokit,
      owner: c.ctx.owner,
      repo: c.ctx.repo,
      issueNumber: c.decision.prNumber,
      body: `codex-swarm could not run: ${redact(message)}`,
    });
  }
  await (await c.reaction)?.finish('confused');
  failStep(message);
}

/** A matrix work or aggregate job fails on its own step; the plan job already answered the comment. */
export function failStep(message: string): null {
  setOutputs({ conclusion: 'failure' });
  core.setFailed(redact(message));
  return null;
}
