/**
 * What every thread command shares: the finding it is about (by the thread it was written in, or
 * by the short id a PR comment names), the answer as one reply in that finding's thread, and the
 * finding as a worker's prompt shows it (sanitised: a model wrote the finding, people the replies).
 * Nothing else is written: no sticky comment, no review.
 */
import * as core from '@actions/core';
import type { PullRequestContext } from '../../github/pullRequest.js';
import { findingPlan, type FindingBrief, type FindingWork } from '../../plan/findingPrompt.js';
import type { ProjectInstructions } from '../../plan/instructions.js';
import { ACTIONS_BOT_LOGIN } from '../../publish/comment/markers.js';
import { replyToComment } from '../../publish/comment/replies.js';
import { writeJobSummary } from '../../publish/outputs/jobSummary.js';
import { setOutputs } from '../../publish/outputs/stepOutputs.js';
import { conclude } from '../../publish/report/conclusion.js';
import { shortId } from '../../publish/review/fingerprint.js';
import { replyInThread, type PullTarget } from '../../publish/review/inlineComments.js';
import { logWorkerGroups } from '../../swarm/log.js';
import { instructionsEngine } from './engine.js';
import { logHooks } from './liveView.js';
import { fetchPullRequest, trustedInstructions } from './oneJob.js';
import { engineChoice, logPlan, runKeyOf } from './planning.js';
import { loadFindingThread, type FindingThread } from '../../trigger/findingThread.js';
import type { FindingDecision } from '../../trigger/route.js';
import { sanitizeUntrusted } from '../../util/sanitize.js';
import type { ModeContext, ModeWorkers, Planned, Ran, RunView } from '../types.js';

export type { FindingThread };

/** Replies of the thread a worker is shown at most (the latest), and the characters of each. */
const MAX_REPLIES = 20;
const MAX_REPLY_CHARS = 2000;

export function pullTarget({ octokit, ctx, decision }: ModeContext<FindingDecision>): PullTarget {
  return { octokit, owner: ctx.owner, repo: ctx.repo, pullNumber: decision.prNumber, selfLogin: ACTIONS_BOT_LOGIN };
}

/**
 * The finding the command is about, or null after one answer saying why there is none: a thread
 * the swarm did not start, a short id no finding (or two) has, an id that is not this thread's.
 */
export async function loadCommandThread(c: ModeContext<FindingDecision>): Promise<FindingThread | null> {
  const { decision } = c;
  const by = decision.via === 'thread' && decision.threadRootId ? { rootId: decision.threadRootId } : { shortId: decision.shortId ?? '' };
  const found = await loadFindingThread({ ...pullTarget(c), by });
  const id = decision.shortId ? `\`${decision.shortId}\`` : '';
  let why: string | null = null;
  if (found && 'error' in found) why = found.error;
  else if (!found && 'rootId' in by) why = "this thread is not one of codex-swarm's findings: reply in the thread of one of its inline comments";
  else if (!found) why = `no inline finding of codex-swarm on this pull request has the id ${id}`;
  else if (decision.shortId && shortId(found.finding.fingerprint) !== decision.shortId) {
    why = `${id} is not this thread's finding (\`${shortId(found.finding.fingerprint)}\`): reply without an id, or in the other finding's thread`;
  }
  if (why === null && found && !('error' in found)) return found;
  await answerWhere(c, null, `@${decision.actor.login} ${why}.`);
  await (await c.reaction)?.finish('confused');
  core.info(`codex-swarm: not running: ${why}.`);
  return null;
}

/**
 * One reply: in the finding's thread when there is one (or the thread the command was written
 * in), else on the pull request. A reply GitHub refuses is a warning; false then.
 */
export async function answerWhere(c: ModeContext<FindingDecision>, thread: FindingThread | null, body: string): Promise<boolean> {
  const rootId = thread?.finding.commentId ?? (c.decision.via === 'thread' ? c.decision.threadRootId : undefined);
  if (rootId === undefined) {
    const { octokit, ctx, decision } = c;
    return (await replyToComment({ octokit, owner: ctx.owner, repo: ctx.repo, issueNumber: decision.prNumber, body })) !== null;
  }
  const posted = await replyInThread(pullTarget(c), rootId, body);
  if ('error' in posted) core.warning(`codex-swarm: could not answer in the finding's thread: ${posted.error}`);
  return 'id' in posted;
}

/** The finding as a worker's prompt shows it: every text sanitised, the thread's latest replies. */
export function briefOf({ finding, replies }: FindingThread): FindingBrief {
  const lines = finding.currentLine === null ? { startLine: null, line: null } : { startLine: finding.startLine, line: finding.currentLine };
  return {
    shortId: shortId(finding.fingerprint),
    path: finding.path,
    ...lines,
    severity: finding.severity,
    title: sanitizeUntrusted(finding.title, { maxLength: 300 }),
    comment: sanitizeUntrusted(finding.body, { maxLength: 4000 }),
    replies: replies.slice(-MAX_REPLIES).map((r) => ({ by: r.login, text: sanitizeUntrusted(r.body, { maxLength: MAX_REPLY_CHARS }) })),
  };
}

/** A thread command's view: log lines while its worker runs; a failure is said in the thread. */
export function threadView(c: ModeContext<FindingDecision>, thread: FindingThread): RunView {
  return {
    show: () => undefined,
    hooks: logHooks,
    async fail(message) {
      await answerWhere(c, thread, `codex-swarm could not finish \`${c.decision.command}\` on \`${shortId(thread.finding.fingerprint)}\`: ${message}`);
    },
  };
}

/** A thread command with a worker, planned: the pull request, the finding's thread, the instructions the worker follows. */
export interface ThreadPlanned extends Planned {
  pr: PullRequestContext;
  thread: FindingThread;
  instructions: ProjectInstructions;
}

/**
 * Thread commands run in a one-job workflow (`mode: all`), as `/swarm retry` does: a matrix's plan
 * job says so once and starts no work job; its work and aggregate jobs do nothing.
 */
export async function inOneJob(c: ModeContext<FindingDecision>): Promise<boolean> {
  const { mode } = c.inputs;
  if (mode === 'all') return true;
  const why = `\`${c.decision.command}\` on a finding runs in a one-job workflow (mode: all), not in mode: ${mode}`;
  if (mode === 'plan') await answerWhere(c, null, `codex-swarm did not run: ${why}.`);
  core.info(`codex-swarm: not running: ${why}.`);
  setOutputs({ conclusion: 'skipped', ...(mode === 'plan' ? { jobs: '0', matrix: '{"shard":[]}' } : {}) });
  return false;
}

/** One worker about the finding (`fix`: a coder; an answer: a read-only reviewer), or null after one answer saying why not. */
export async function planThreadWork(c: ModeContext<FindingDecision>, work: FindingWork): Promise<ThreadPlanned | null> {
  if (!(await inOneJob(c))) return null;
  const [pr, thread] = await Promise.all([fetchPullRequest(c), loadCommandThread(c)]);
  if (!pr || !thread) return null;
  const { inputs } = c;
  const plan = findingPlan({
    work,
    brief: briefOf(thread),
    request: c.decision.text,
    pullRequest: pr.number,
    engine: engineChoice(inputs, c.decision),
    ...(inputs.model ? { model: inputs.model } : {}),
    ...(inputs.effort ? { effort: inputs.effort } : {}),
  });
  if (inputs['dry-run']) {
    const worker = plan.workers[0];
    await answerWhere(c, thread, `Dry run: \`${c.decision.command}\` would run ${worker.id} (${worker.sandbox}) on \`${thread.finding.path}\`; nothing ran.`);
    await (await c.reaction)?.finish('rocket');
    setOutputs({ conclusion: 'skipped' });
    return null;
  }
  logPlan(plan);
  return { plan, pr, thread, instructions: await trustedInstructions(c, plan, pr) };
}

/** Its worker runs without memory (one focused answer), in its own worktree when it writes, under the trusted instructions. */
export function threadWorkers(c: ModeContext<FindingDecision>, p: ThreadPlanned): ModeWorkers {
  return { key: runKeyOf(c.ctx), engine: instructionsEngine(c.inputs, p.instructions), memory: 'none', pr: p.pr, view: threadView(c, p.thread) };
}

/** The end of a thread command with a worker: the answer in the thread, the job summary, the reaction, the outputs; the step fails only when the worker did not succeed. */
export async function finishThreadRun(
  c: ModeContext<FindingDecision>,
  p: ThreadPlanned,
  ran: Ran,
  body: string,
  extra: Record<string, string> = {},
): Promise<void> {
  const verdict = conclude(ran.outcome, 'error');
  await logWorkerGroups(ran.outcome);
  await answerWhere(c, p.thread, body);
  await Promise.all([writeJobSummary(body), (await c.reaction)?.finish(verdict.conclusion === 'success' ? 'rocket' : 'confused')]);
  setOutputs({ conclusion: verdict.conclusion, 'results-file': ran.outcome.resultsFile, ...extra });
  if (verdict.failStep) core.setFailed(verdict.reason);
  else core.info(`codex-swarm: answered \`${c.decision.command}\` on ${shortId(p.thread.finding.fingerprint)} in its thread.`);
}

/** Why a worker's answer is missing, in one line. */
export function workerFailure(ran: Ran): string {
  const r = ran.outcome.results[0];
  if (!r) return 'no worker ran';
  return `${r.id} ${r.status.replace('_', ' ')}${r.error ? `: ${r.error}` : ''}`;
}
