/**
 * `/swarm dismiss [reason]`, `/swarm confirm` and `/swarm help` in a finding's thread (and the
 * PR-comment forms naming a short id): no model call. A verdict is answered with a 👍 on the
 * command once its finding is found, and goes into memory at once (other PRs learn it even if no
 * run follows on this one); the next run on the pull request applies it with the rest of the
 * feedback. Help is one reply in the thread. All of it is answered while planning: nothing runs.
 */
import * as core from '@actions/core';
import { addReaction } from '../publish/comment/reactions.js';
import { setOutputs } from '../publish/outputs/stepOutputs.js';
import { shortId } from '../publish/review/fingerprint.js';
import { isBotActor } from '../trigger/permissions.js';
import type { FindingDecision } from '../trigger/route.js';
import { loadMemoryFile, saveMemoryFile } from '../memory/persist.js';
import { readPullFeedback, recordPullFeedback } from './parts/feedback.js';
import { answerWhere, inOneJob, loadCommandThread } from './parts/findingThread.js';
import { runKeyOf } from './parts/planning.js';
import { loadStickyState } from './parts/pullRequestReview.js';
import { openRunnerMemory, uploadAndConsolidate, warnOnFailure } from './parts/runnerMemory.js';
import type { DirectMode, ModeContext, Planned } from './types.js';

export const findingVerdictMode: DirectMode<FindingDecision, Planned> = {
  name: 'finding-verdict',
  async plan(c) {
    if (!(await inOneJob(c))) return null;
    await (c.decision.command === 'help' ? answerHelp(c) : takeVerdict(c));
    return null;
  },
  publish: () => Promise.resolve(),
};

async function takeVerdict(c: ModeContext<FindingDecision>): Promise<void> {
  const { decision } = c;
  const react = (content: '+1' | 'confused') =>
    addReaction({ octokit: c.octokit, owner: c.ctx.owner, repo: c.ctx.repo, commentId: decision.commentId, content, review: decision.via === 'thread' });
  if (c.inputs.feedback !== 'learn' || isBotActor(decision.actor)) {
    // A bot's verdict never counts; a person learns once why theirs does not here.
    const why = isBotActor(decision.actor) ? "bots' verdicts are not counted" : 'this workflow has `feedback: off`, so verdicts are not read';
    await react('confused');
    if (!isBotActor(decision.actor)) await answerWhere(c, null, `@${decision.actor.login} the ${decision.command} was not taken: ${why}.`);
    core.info(`codex-swarm: ${decision.command} not taken: ${why}.`);
    setOutputs({ conclusion: 'skipped' });
    return;
  }
  const thread = await loadCommandThread(c);
  if (!thread) return setOutputs({ conclusion: 'skipped' });
  await react('+1');
  await recordVerdictNow(c);
  core.info(`codex-swarm: ${decision.command} on ${shortId(thread.finding.fingerprint)} noted; the next run on the pull request applies it.`);
  setOutputs({ conclusion: 'success' });
}

/**
 * A verdict given by a thread command goes into memory at once and up in this run's delta: other
 * PRs learn it even when no other run follows on this PR (it is merged right after). The sticky
 * comment is left alone; the next run on the PR takes the verdict in again, and memory files it once.
 */
async function recordVerdictNow(c: ModeContext<FindingDecision>): Promise<void> {
  if (c.inputs.memory !== 'cache') return;
  const { octokit, ctx, decision } = c;
  const previous = await loadStickyState({ octokit, owner: ctx.owner, repo: ctx.repo, prNumber: decision.prNumber });
  const feedback = await readPullFeedback(c, { number: decision.prNumber }, previous.state);
  if (!feedback?.taken.length) return;
  try {
    const synced = await openRunnerMemory(c, 'whole', null);
    const store = await loadMemoryFile(synced.file, { maxEntries: c.inputs['memory-max-entries'] });
    recordPullFeedback(store, feedback, previous.state, runKeyOf(ctx));
    await saveMemoryFile(synced.file, store);
    await uploadAndConsolidate(synced);
  } catch (err) {
    warnOnFailure('recording the verdict')(err);
  }
}

async function answerHelp(c: ModeContext<FindingDecision>): Promise<void> {
  const p = c.inputs['trigger-phrase'];
  const body = [
    "**codex-swarm** answers these replies in the thread of one of its findings (or on the PR, with the finding's short id after the command):",
    '',
    '| Reply | What it does |',
    '| --- | --- |',
    `| \`${p} fix [instructions]\` | One coder fixes the finding: a suggestion to commit, or the patch |`,
    `| \`${p} explain\` or \`${p} <question>\` | One read-only worker answers here |`,
    `| \`${p} dismiss [reason]\` | The finding is wrong: it is not raised again on this PR, and memory learns from it (👎 does the same) |`,
    `| \`${p} confirm\` | The finding is right (👍 does the same) |`,
  ].join('\n');
  await answerWhere(c, null, body);
  setOutputs({ conclusion: 'skipped' });
}
