/**
 * `/swarm dismiss [reason]`, `/swarm confirm` and `/swarm help` in a finding's thread (and the
 * PR-comment forms naming a short id): no model call. A verdict is answered with a 👍 on the
 * command once its finding is found; the next run on the pull request reads it with the rest of the
 * feedback. Help is one reply in the thread. All of it is answered while planning: nothing runs.
 */
import * as core from '@actions/core';
import { addReaction } from '../publish/comment/reactions.js';
import { setOutputs } from '../publish/outputs/stepOutputs.js';
import { shortId } from '../publish/review/fingerprint.js';
import { isBotActor } from '../trigger/permissions.js';
import type { FindingDecision } from '../trigger/route.js';
import { answerWhere, inOneJob, loadCommandThread } from './parts/findingThread.js';
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
  core.info(`codex-swarm: ${decision.command} on ${shortId(thread.finding.fingerprint)} noted; the next run on the pull request takes it in.`);
  setOutputs({ conclusion: 'success' });
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
