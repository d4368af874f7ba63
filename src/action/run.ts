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
import type { ModeName } from '../modes/types.js';
import { startWorkingReaction } from '../publish/comment/reactions.js';
import { ACTIONS_BOT_LOGIN } from '../publish/comment/markers.js';
import { replyToComment } from '../publish/comment/replies.js';
import { replyInThread } from '../publish/review/inlineComments.js';
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
  // Not awaited: 👀 goes up while the run plans; whoever finishes the reaction waits for it.
  const inThread = decision.action === 'finding' && decision.via === 'thread';
  const reaction = reactsWhileWorking(decision, mode.name, inputs.mode)
    ? startWorkingReaction({ octokit, ...repoRef, commentId: decision.commentId!, review: inThread })
    : null;
  await mode.run({ inputs, ctx, octokit, reaction });
}

/**
 * 👀 on the comment while the run works: not in a matrix's work jobs (the plan and aggregate jobs
 * react), not for a verdict (its answer is a reaction of its own), and not for a thread command
 * outside a one-job workflow (it does not run there).
 */
function reactsWhileWorking(decision: ActionableDecision, mode: ModeName, jobMode: ActionInputs['mode']): boolean {
  if (!decision.commentId || mode === 'matrix-work' || mode === 'finding-verdict') return false;
  return decision.action !== 'finding' || jobMode === 'all';
}

/** The gate said no: people learn why once, in a reply (in the thread they wrote in, for a thread command); bots get none (no reply loops between bots). */
async function refused(octokit: GitHubClient, ctx: RunContext, decision: ActionableDecision, reason: string): Promise<void> {
  core.info(`codex-swarm: not running: ${reason}.`);
  const asked = decision.action !== 'run' || decision.trigger === 'comment';
  if (asked && decision.actor && !isBotActor(decision.actor) && decision.prNumber) {
    const body = `@${decision.actor.login} codex-swarm did not run: ${reason}.`;
    const repoRef = { owner: ctx.owner, repo: ctx.repo };
    const threadRoot = decision.action === 'finding' && decision.via === 'thread' ? decision.threadRootId : undefined;
    if (threadRoot) {
      const posted = await replyInThread({ octokit, ...repoRef, pullNumber: decision.prNumber, selfLogin: ACTIONS_BOT_LOGIN }, threadRoot, body);
      if ('error' in posted) core.warning(`codex-swarm: could not reply in the thread: ${posted.error}`);
    } else await replyToComment({ octokit, ...repoRef, issueNumber: decision.prNumber, body });
  }
  setOutputs({ conclusion: 'skipped' });
}
