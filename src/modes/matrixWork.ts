/**
 * `mode: work`, one job of a matrix: runs its shard of the plan job's workers through the same
 * lifecycle as a one-job run, fills in its rows of the shared comment, and uploads its results for
 * the aggregate job. Its memory is synced like a one-job run's; what its workers learn goes into its
 * shard, and the aggregate job uploads what every shard learned as the run's one delta.
 */
import * as core from '@actions/core';
import type { PullRequestContext } from '../github/pullRequest.js';
import { resolveInstructions, type ProjectInstructions } from '../plan/instructions.js';
import type { Plan } from '../plan/types.js';
import { shardArtifactName, type ScalePlan } from '../publish/outputs/matrixArtifacts.js';
import { uploadRunArtifact } from '../publish/outputs/runArtifact.js';
import { setOutputs } from '../publish/outputs/stepOutputs.js';
import { logWorkerGroups } from '../swarm/log.js';
import { failStep } from './parts/answers.js';
import { instructionsEngine } from './parts/engine.js';
import { readScalePlan } from './parts/matrixRun.js';
import { shardView, type ShardView } from './parts/shardView.js';
import { fetchPullRequest } from './parts/oneJob.js';
import { modelAccessProblem, runKeyOf } from './parts/planning.js';
import type { ModeContext, WorkerMode } from './types.js';

interface WorkPlanned {
  plan: Plan;
  scale: ScalePlan;
  /** Which job of the plan this is, from 1. */
  job: number;
  instructions: ProjectInstructions;
  pr: PullRequestContext | null;
}

export const matrixWorkMode: WorkerMode<ModeContext['decision'], WorkPlanned, ShardView> = {
  name: 'matrix-work',
  codexWhilePlanning: false,
  async plan(c) {
    const scale = await readScalePlan(c, 'work');
    if (!scale) return null;
    const job = c.inputs.shard;
    if (job === undefined) return failStep('mode work needs `shard: ${{ matrix.shard }}`: which job of the plan this is.');
    if (job > scale.jobs.length)
      return failStep(`mode work: shard ${job} is out of range: the plan has ${scale.jobs.length} job(s) (shard 1 to ${scale.jobs.length}).`);
    const ids = new Set(scale.jobs[job - 1]);
    const plan = { ...scale.plan, workers: scale.plan.workers.filter((w) => ids.has(w.id)) };
    const noModel = modelAccessProblem(c.inputs, plan);
    if (noModel) return failStep(noModel);
    // The workers follow the same trusted instructions as a one-job run (a PR's base commit's AGENTS.md).
    const pr = await fetchPullRequest(c);
    const instructions = await resolveInstructions(c.inputs['project-instructions'], c.ctx.workspace, pr ?? undefined);
    if (instructions.warning) core.warning(`codex-swarm: ${instructions.warning}`);
    core.info(`codex-swarm: mode work: job ${job} of ${scale.jobs.length}: ${[...ids].join(', ')}`);
    return { plan, scale, job, instructions, pr };
  },
  workers: (c, p) => ({
    key: `${runKeyOf(c.ctx)}-shard-${p.job}`,
    engine: instructionsEngine(c.inputs, p.instructions),
    memory: 'read',
    pr: p.pr,
    view: shardView(c, p.scale, p.job),
  }),
  async publish(c, { job }, { outcome, view, runDir }) {
    if (outcome.cancelled) {
      // Seconds before the kill: the rows first; the aggregate job does not run for a cancelled run.
      await view.flush(true);
      failStep(`job ${job} was cancelled; its rows in the comment say which workers finished.`);
      return;
    }
    await logWorkerGroups(outcome);
    const [uploaded] = await Promise.all([uploadRunArtifact({ runDir, name: shardArtifactName(c.ctx.runId, c.ctx.runAttempt, job) }), view.flush(false)]);
    if ('error' in uploaded) {
      failStep(`mode work: job ${job}'s results could not be uploaded, so the aggregate job will count its workers as lost: ${uploaded.error}`);
      return;
    }
    const failed = outcome.results.filter((r) => r.status !== 'succeeded');
    setOutputs({ conclusion: failed.length ? 'failure' : 'success', 'results-file': outcome.resultsFile, 'artifact-id': String(uploaded.id) });
    const tally = `${outcome.results.length - failed.length} of ${outcome.results.length} worker(s) succeeded`;
    // A failed step is what makes GitHub offer "Re-run failed jobs"; the aggregate job still publishes the whole run.
    if (failed.length)
      core.setFailed(`codex-swarm: job ${job}: ${tally} (${failed.map((r) => `${r.id} ${r.status}`).join(', ')}); the aggregate job publishes the report.`);
    else core.info(`codex-swarm: job ${job}: ${tally}; the aggregate job publishes the report.`);
  },
};
