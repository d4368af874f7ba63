/**
 * `mode: aggregate`, the last job of a matrix: downloads every work job's shard, merges them into
 * one run (a shard that never arrived counts its workers as lost), uploads what they learned as the
 * run's one delta (consolidated where the token may), and publishes exactly as a one-job run does.
 */
import path from 'node:path';
import * as core from '@actions/core';
import type { PullRequestContext } from '../github/pullRequest.js';
import { exportRunMemory, loadMemoryFile, saveMemoryFile } from '../memory/persist.js';
import type { MemoryStore } from '../memory/store.js';
import { readLearnedParts } from '../memory/syncedMemory.js';
import type { Plan } from '../plan/types.js';
import { ACTIONS_BOT_LOGIN } from '../publish/comment/markers.js';
import { createLiveComment } from '../publish/comment/stickyComment.js';
import { emptyState } from '../publish/comment/stickyState.js';
import { downloadRunArtifact, newestAttempt, runArtifactNames, shardArtifactName, type ScalePlan } from '../publish/outputs/matrixArtifacts.js';
import { describeWorkerEnd } from '../swarm/log.js';
import { mergeShards } from '../swarm/mergeShards.js';
import { redact } from '../util/redact.js';
import { readScalePlan } from './parts/matrixRun.js';
import { fetchPullRequest } from './parts/oneJob.js';
import { baseDirOf, runKeyOf } from './parts/planning.js';
import { readPullFeedback, recordPullFeedback } from './parts/feedback.js';
import { publishOutcome } from './parts/publishOutcome.js';
import { openRunnerMemory, warnOnFailure } from './parts/runnerMemory.js';
import { resolveInstructions } from '../plan/instructions.js';
import type { DirectMode, ModeContext } from './types.js';

interface AggregatePlanned {
  plan: Plan;
  scale: ScalePlan;
}

export const matrixAggregateMode: DirectMode<ModeContext['decision'], AggregatePlanned> = {
  name: 'matrix-aggregate',
  async plan(c) {
    const scale = await readScalePlan(c, 'aggregate');
    return scale ? { plan: scale.plan, scale } : null;
  },
  async publish(c, { scale }) {
    const runKey = runKeyOf(c.ctx);
    const runDir = path.join(baseDirOf(c.ctx), 'runs', runKey);
    const shardDirs = await downloadShards(c, scale);
    const outcome = await mergeShards({
      plan: scale.plan,
      jobs: scale.jobs,
      shardDirs,
      runId: runKey,
      runDir,
      repoDir: c.ctx.workspace,
      scratchDir: path.join(baseDirOf(c.ctx), 'scratch', `${runKey}-aggregate`),
      startedAt: scale.startedAt,
    });
    for (const r of outcome.results) core.info(describeWorkerEnd(r));
    const pr = await fetchPullRequest(c);
    const review = reviewOf(scale);
    // The work jobs' reviewers read memory as the last run left it: this run's verdicts reach reviewers from the next run on.
    const feedback = pr ? await readPullFeedback(c, pr, review.previous.state) : null;
    const saving =
      c.inputs.memory === 'cache'
        ? uploadLearned(
            c,
            pr,
            [...shardDirs.values()].filter((d): d is string => Boolean(d)),
            runDir,
            (store) => recordPullFeedback(store, feedback, review.previous.state, runKey),
          )
        : null;
    const live =
      c.inputs.comment === 'sticky' && c.decision.prNumber
        ? createLiveComment({ octokit: c.octokit, owner: c.ctx.owner, repo: c.ctx.repo, issueNumber: c.decision.prNumber, selfLogin: ACTIONS_BOT_LOGIN })
        : null;
    const instructions = await resolveInstructions(c.inputs['project-instructions'], c.ctx.workspace, pr ?? undefined);
    // The run artifact carries the run's memory folder: written before publishing, consolidated meanwhile.
    const memory = await saving;
    await Promise.all([
      publishOutcome(c, {
        decision: c.decision,
        pr,
        review: { ...review, feedback },
        instructions,
        outcome,
        runKey,
        runDir,
        live,
        memory: memory?.store ?? null,
        planStage: null,
      }),
      memory?.consolidating,
    ]);
  },
};

/**
 * Every work job's shard, from the newest attempt that ran the job since the plan's (a job not
 * re-run keeps its earlier attempt's); a missing one is null, and its workers count as lost.
 */
async function downloadShards(c: ModeContext, scale: ScalePlan): Promise<Map<number, string | null>> {
  const shardDirs = new Map<number, string | null>();
  const names = await runArtifactNames().catch((err: Error) => {
    core.warning(`codex-swarm: could not list this run's artifacts: ${redact(err.message)}; every work job's workers count as lost.`);
    return new Set<string>();
  });
  for (let job = 1; job <= scale.jobs.length; job++) {
    const attempt = newestAttempt(names, (a) => shardArtifactName(c.ctx.runId, a, job), c.ctx.runAttempt, scale.attempt ?? 1);
    const name = shardArtifactName(c.ctx.runId, attempt ?? c.ctx.runAttempt, job);
    const dest = path.join(baseDirOf(c.ctx), 'shards-in', runKeyOf(c.ctx), String(job));
    const dir =
      attempt === null
        ? null
        : await downloadRunArtifact(name, dest).catch((err: Error) => {
            core.warning(`codex-swarm: could not download ${name}: ${redact(err.message)}; its workers count as lost.`);
            return null;
          });
    if (!dir) core.warning(`codex-swarm: work job ${job} uploaded no results (${name}); its workers (${scale.jobs[job - 1].join(', ')}) count as lost.`);
    else if (attempt !== c.ctx.runAttempt) core.info(`codex-swarm: work job ${job}'s results are attempt ${attempt}'s (${name}).`);
    shardDirs.set(job, dir);
  }
  return shardDirs;
}

/** The review context the plan job read before it rewrote the comment. */
function reviewOf(scale: ScalePlan) {
  const scope = scale.review?.scope;
  return {
    previous: scale.review?.previous ?? { state: emptyState(), note: null },
    scope: scope ? { files: scope.files, description: scope.description, ...(scope.reviewed ? { reviewed: new Set(scope.reviewed) } : {}) } : null,
  };
}

/**
 * What this job records itself (maintainers' verdicts) and every work job's learning, uploaded as
 * the run's one delta and merged into this job's memory, whose patterns go into the run folder;
 * returns that memory and the consolidation, still running.
 */
async function uploadLearned(
  c: ModeContext,
  pr: PullRequestContext | null,
  shardDirs: string[],
  runDir: string,
  record: (store: MemoryStore) => void,
): Promise<{ store: MemoryStore | null; consolidating: Promise<unknown> }> {
  try {
    // On a PR it recalls dismissals on other PRs (feedback: learn), so it reads what other runs learned.
    const synced = await openRunnerMemory(c, 'aggregate', pr, Boolean(pr) && c.inputs.feedback === 'learn');
    const load = () => loadMemoryFile(synced.file, { maxEntries: c.inputs['memory-max-entries'] });
    const own = await load();
    record(own);
    await saveMemoryFile(synced.file, own);
    await synced.uploadDelta(await readLearnedParts(shardDirs));
    const store = await load();
    await exportRunMemory(store, runDir);
    return { store, consolidating: synced.consolidate().catch(warnOnFailure('consolidating the memory')) };
  } catch (err) {
    warnOnFailure('saving what the work jobs learned')(err);
    return { store: null, consolidating: Promise.resolve() };
  }
}
