/**
 * The action after routing: the gate (who may run what), the answers that need no run (help, a
 * command error), then the one kind of run the decision picks. Each kind is a module of
 * src/modes/; publishing degrades to warnings on its own, and only the swarm's outcome and
 * `fail-on` fail the step.
 */
import * as core from '@actions/core';
import type { ActionInputs } from '../config/inputs.js';
import { createOctokit, type GitHubClient } from '../github/client.js';
import type { RunContext } from '../github/runContext.js';
import { pickMode } from '../modes/registry.js';
import { startWorkingReaction } from '../publish/comment/reactions.js';
import { replyToComment } from '../publish/comment/replies.js';
import { setOutputs } from '../publish/outputs/stepOutputs.js';
import { usageText } from '../trigger/parseCommand.js';
import { isBotActor } from '../trigger/permissions.js';
import { gateActor, type ActionableDecision } from '../trigger/route.js';
import { stepAnnotations } from '../util/annotationCount.js';
import { stepCancellation } from '../modes/parts/cancellation.js';
import { forkRunInputs } from './forkRun.js';

/** Everything after routing: the gate, the answer or the run. Loaded only for events that need it. */
export async function handleDecision({ inputs: given, ctx, decision }: { inputs: ActionInputs; ctx: RunContext; decision: ActionableDecision }): Promise<void> {
  // Findings get what GitHub shows of this step's annotations, less what the step printed before them.
  stepAnnotations();
  // From here a cancelled job (SIGINT, SIGTERM 7.5 s later) stops its workers and still says what finished.
  stepCancellation();
  const inputs = decision.action === 'run' ? forkRunInputs(given, ctx, decision) : given;
  if (!inputs) return;
  const octokit = createOctokit(inputs['github-token'], { rateLimitWaitSeconds: inputs['rate-limit-wait-minutes'] * 60 });
  const repoRef = { owner: ctx.owner, repo: ctx.repo };
  const gate = await gateActor(octokit, decision, { allowedBots: inputs['allowed-bots'], ...repoRef });
  if (!gate.ok) return refused(octokit, ctx, decision, gate.reason);

  if (decision.action === 'help' || decision.action === 'reply-error') {
    const lead = decision.action === 'help' ? '' : `${decision.message}\n\n`;
    await replyToComment({ octokit, ...repoRef, issueNumber: decision.prNumber, body: `${lead}${usageText(inputs['trigger-phrase'])}` });
    core.info(decision.action === 'help' ? 'codex-swarm: answered help.' : `codex-swarm: replied: ${decision.message}`);
    setOutputs({ conclusion: 'skipped' });
    return;
  }

  const mode = pickMode(decision, inputs);
  // A work job of a matrix leaves the reaction to the plan and aggregate jobs.
  // Not awaited: 👀 goes up while the run plans; whoever finishes the reaction waits for it.
  const reaction = decision.commentId && mode.name !== 'matrix-work' ? startWorkingReaction({ octokit, ...repoRef, commentId: decision.commentId }) : null;
  await mode.run({ inputs, ctx, octokit, reaction });
}

/** The gate said no: people learn why once, in a reply; bots get none (no reply loops between bots). */
async function refused(octokit: GitHubClient, ctx: RunContext, decision: ActionableDecision, reason: string): Promise<void> {
  core.info(`codex-swarm: not running: ${reason}.`);
  if (decision.action !== 'run' || decision.trigger === 'comment') {
    if (decision.actor && !isBotActor(decision.actor) && decision.prNumber) {
      await replyToComment({
        octokit,
        owner: ctx.owner,
        repo: ctx.repo,
        issueNumber: decision.prNumber,
        body: `@${decision.actor.login} codex-swarm did not run: ${reason}.`,
      });
    }
  }
  setOutputs({ conclusion: 'skipped' });
}
