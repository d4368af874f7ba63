/**
 * One run spread over a job matrix: `mode: plan` plans, writes the comment with every worker
 * queued and uploads the plan; `mode: work` runs one job's workers through the run lifecycle and
 * uploads its shard; `mode: aggregate` merges the shards and publishes exactly as a one-job run
 * does. Pieces missing or in the wrong order fail with one error naming what is missing.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { getPullRequestContext, type PullRequestFile } from '../github/pullRequest.js';
import { renderInstructionsSection, resolveInstructions } from '../plan/instructions.js';
import { emptyState, renderStickyState } from '../publish/comment/stickyState.js';
import { loadStickyState, scopeReviewFiles } from './parts/pullRequestReview.js';
import { restoreMemoryCache, saveMemoryCache } from '../memory/cache.js';
import { exportRunMemory, loadMemoryFile, saveMemoryFile } from '../memory/persist.js';
import type { MemoryFile } from '../memory/store.js';
import { PlanError } from '../plan/buildPlan.js';
import { MAX_MATRIX_JOBS, matrixOutput, planJobs } from '../plan/matrix.js';
import type { Plan } from '../plan/types.js';
import { uploadRunArtifact } from '../publish/outputs/runArtifact.js';
import { ACTIONS_BOT_LOGIN } from '../publish/comment/markers.js';
import type { WorkingReaction } from '../publish/comment/reactions.js';
import {
  downloadRunArtifact,
  downloadScalePlan,
  planArtifactName,
  shardArtifactName,
  uploadScalePlan,
  type ScalePlan,
} from '../publish/outputs/matrixArtifacts.js';
import { renderSharedProgress, writeSharedProgress } from '../publish/comment/sharedProgress.js';
import { createLiveComment, upsertStickyComment } from '../publish/comment/stickyComment.js';
import { runLifecycle, type RunRecipe, type RunSurface } from '../run/lifecycle.js';
import { logWorkerGroups, describeWorkerEnd } from '../swarm/log.js';
import { mergeShards } from '../swarm/mergeShards.js';
import { SwarmState } from '../swarm/state.js';
import { redact } from '../util/redact.js';
import { parseCodexArgs } from '../workers/codexArgs.js';
import { resolveCodex } from '../workers/resolveCodex.js';
import { setOutputs } from '../publish/outputs/stepOutputs.js';
import { cachedMemory, stopOnSignals } from './parts/recipe.js';
import { claudeEngineFor, logPlan, modelAccessProblem, modelEndpoint, planFor, publishOutcome, type RunArgs } from '../action/run.js';

type Fail = (message: string) => Promise<void>;

export interface ScaleModeArgs extends RunArgs {
  reaction: Promise<WorkingReaction> | null;
  /** Before anything is shown: a reply on the PR says why, and the step fails. */
  refuse: Fail;
}

export async function runScaleMode(a: ScaleModeArgs): Promise<void> {
  if (a.inputs.mode === 'plan') return planJob(a);
  // Work and aggregate jobs fail on their own step; the plan job already answered the comment.
  const fail: Fail = (message) => {
    setOutputs({ conclusion: 'failure' });
    core.setFailed(redact(message));
    return Promise.resolve();
  };
  return runMatrixJob({ ...a, fail });
}

async function planJob(a: ScaleModeArgs): Promise<void> {
  // A `code` task plans as it goes (a planner worker, then its coders): one job runs it.
  if (a.decision.command === 'code')
    return a.refuse('code runs in one job (mode: all): its coders are planned by a worker while it runs, which a matrix fixed in advance cannot hold.');
  let plan: Plan;
  let review: ScalePlan['review'] = null;
  try {
    const pr = a.decision.prNumber ? await getPullRequestContext(a.octokit, { owner: a.ctx.owner, repo: a.ctx.repo, number: a.decision.prNumber }) : null;
    let files: PullRequestFile[] | undefined;
    if (pr) {
      // Read before this job rewrites the comment: the aggregate reviews against it.
      const previous = await loadStickyState({ octokit: a.octokit, owner: a.ctx.owner, repo: a.ctx.repo, prNumber: pr.number });
      const scope = await scopeReviewFiles({ inputs: a.inputs, decision: a.decision, pr, state: previous.state, repoDir: a.ctx.workspace });
      files = scope.files;
      review = { previous, scope: { files: scope.files, description: scope.description, reviewed: scope.reviewed ? [...scope.reviewed] : null } };
    }
    plan = (await planFor({ ...a, pr, files, approved: undefined })).plan;
  } catch (err) {
    if (err instanceof PlanError) return a.refuse(err.message);
    throw err;
  }
  logPlan(plan);
  return runPlanJob({ ...a, plan, review, fail: a.refuse });
}

/** The previous run's state block, kept at the end of the comment while the matrix runs. */
const stateBlockOf = (scale: Pick<ScalePlan, 'review'>) => (scale.review ? renderStickyState(scale.review.previous.state) : '');

const runKeyOf = (a: RunArgs) => `${a.ctx.runId}-${a.ctx.runAttempt}`;
const baseDir = (a: RunArgs) => path.join(a.ctx.tempDir, 'codex-swarm');

/** `mode: plan`: no model call, no codex install. */
async function runPlanJob(a: RunArgs & { plan: Plan; review: ScalePlan['review']; fail: Fail }): Promise<void> {
  const startedAt = new Date().toISOString();
  const jobs = planJobs(a.plan, a.inputs['workers-per-job']);
  if (jobs.length > MAX_MATRIX_JOBS) {
    return a.fail(
      `the plan has ${jobs.length} work jobs but a matrix runs at most ${MAX_MATRIX_JOBS}: raise workers-per-job to ${Math.ceil(a.plan.workers.length / MAX_MATRIX_JOBS)} or more, or narrow paths.`,
    );
  }
  core.info(
    `codex-swarm: mode plan: ${jobs.length} work job(s) of at most ${a.inputs['workers-per-job']} workers: ${jobs.map((ids, i) => `${i + 1}: ${ids.join(', ')}`).join('; ')}`,
  );

  const runKey = runKeyOf(a);
  const scale: ScalePlan = { version: 1, plan: a.plan, jobs, startedAt, review: a.review };
  const uploaded = await uploadScalePlan(path.join(baseDir(a), 'plan', runKey), planArtifactName(a.ctx.runId, a.ctx.runAttempt), scale);
  if ('error' in uploaded) return a.fail(`mode plan: the plan could not be uploaded, so no work job could run: ${uploaded.error}`);

  let commentOut: { id: number; url: string } | null = null;
  if (a.inputs.comment === 'sticky' && a.decision.prNumber) {
    const state = new SwarmState();
    state.reset(a.plan.workers);
    const states = state.snapshot();
    const body = renderSharedProgress(a.plan, states, { runUrl: a.ctx.runUrl }, stateBlockOf(scale));
    commentOut = await upsertStickyComment({
      octokit: a.octokit,
      owner: a.ctx.owner,
      repo: a.ctx.repo,
      issueNumber: a.decision.prNumber,
      selfLogin: ACTIONS_BOT_LOGIN,
      body,
    }).catch((err: Error) => {
      core.warning(`codex-swarm: could not write the comment on #${a.decision.prNumber}: ${redact(err.message)}`);
      return null;
    });
  }
  setOutputs({
    conclusion: 'success',
    matrix: matrixOutput(jobs.length),
    jobs: String(jobs.length),
    ...(commentOut ? { 'comment-id': String(commentOut.id), 'comment-url': commentOut.url } : {}),
  });
}

/** `mode: work` and `mode: aggregate`: both start from the plan job's artifact. */
async function runMatrixJob(a: ScaleModeArgs & { fail: Fail }): Promise<void> {
  const mode = a.inputs.mode as 'work' | 'aggregate';
  const runKey = runKeyOf(a);
  const name = planArtifactName(a.ctx.runId, a.ctx.runAttempt);
  let scale: ScalePlan | null;
  try {
    scale = await downloadScalePlan(name, path.join(baseDir(a), 'plan-in', runKey));
  } catch (err) {
    return a.fail(`mode ${mode}: could not read the plan artifact ${name}: ${redact((err as Error).message)}`);
  }
  if (!scale) {
    return a.fail(`mode ${mode}: this workflow run has no plan artifact (${name}). Run a job with mode: plan first, and give this job \`needs:\` on it.`);
  }
  return mode === 'work' ? workJob(a, scale) : aggregateJob(a, scale);
}

async function workJob(a: ScaleModeArgs & { fail: Fail }, scale: ScalePlan): Promise<void> {
  const job = a.inputs.shard;
  if (job === undefined) return a.fail('mode work needs `shard: ${{ matrix.shard }}`: which job of the plan this is.');
  if (job > scale.jobs.length)
    return a.fail(`mode work: shard ${job} is out of range: the plan has ${scale.jobs.length} job(s) (shard 1 to ${scale.jobs.length}).`);
  const ids = new Set(scale.jobs[job - 1]);
  const jobPlan = { ...scale.plan, workers: scale.plan.workers.filter((w) => ids.has(w.id)) };
  const noModel = modelAccessProblem(a.inputs, jobPlan);
  if (noModel) return a.fail(noModel);

  const runKey = runKeyOf(a);
  const base = baseDir(a);
  const jobKey = `${runKey}-shard-${job}`;
  const runDir = path.join(base, 'runs', jobKey);
  // Memory is read-only for a work job: it restores the cache but never saves it; what the
  // workers learned goes up in the shard artifact for the aggregate job to save once.
  const memoryFile = path.join(base, `memory-${jobKey}.json`);
  // The workers follow the same trusted instructions as a one-job run (a PR's base commit's AGENTS.md).
  const pr = a.decision.prNumber ? await getPullRequestContext(a.octokit, { owner: a.ctx.owner, repo: a.ctx.repo, number: a.decision.prNumber }) : null;
  const instructions = await resolveInstructions(a.inputs['project-instructions'], a.ctx.workspace, pr ?? undefined);
  if (instructions.warning) core.warning(`codex-swarm: ${instructions.warning}`);
  const recipe: RunRecipe = {
    runId: runKey,
    repoDir: a.ctx.workspace,
    runDir,
    scratchDir: path.join(base, 'scratch', jobKey),
    plan: () => {
      core.info(`codex-swarm: mode work: job ${job} of ${scale.jobs.length}: ${[...ids].join(', ')}`);
      return Promise.resolve(jobPlan);
    },
    planEngine: (plan) => claudeEngineFor(a.inputs, plan),
    codex: async () => {
      const codex = await resolveCodex({ version: a.inputs['codex-version'] });
      core.info(`codex-swarm: Codex CLI ${codex.version} (${codex.source}).`);
      return codex.path;
    },
    engine: {
      codexArgs: [...parseCodexArgs(a.inputs['codex-args']), ...instructions.codexArgs],
      instructions: renderInstructionsSection(instructions),
      model: modelEndpoint(a.inputs),
      // Per job: each work job's proxy holds its own count.
      budget: { maxTokens: a.inputs['max-tokens'], maxTokensPerWorker: a.inputs['max-tokens-per-worker'] },
      workerTimeoutMs: a.inputs['worker-timeout-minutes'] * 60_000,
      maxParallel: a.inputs['max-parallel'],
      applyPatches: false,
    },
    ...cachedMemory(a.inputs, { file: memoryFile, runKey }),
    onSignals: stopOnSignals,
  };

  const links = { runUrl: a.ctx.runUrl };
  const target =
    a.decision.prNumber && a.inputs.comment === 'sticky'
      ? { octokit: a.octokit, owner: a.ctx.owner, repo: a.ctx.repo, issueNumber: a.decision.prNumber }
      : null;
  // One write at a time, always the latest states: parallel jobs merge their rows through the comment.
  let writing: Promise<unknown> = Promise.resolve();
  let queued = false;
  let state: SwarmState | null = null;
  const showProgress = () => {
    if (!target || !state || queued) return;
    queued = true;
    const current = state;
    writing = writing.then(() => {
      queued = false;
      return writeSharedProgress(target, scale.plan, current.snapshot(), links, stateBlockOf(scale));
    });
  };
  const surface: RunSurface<void> = {
    planned: (_plan, s) => {
      state = s;
    },
    hooks: {
      onWorkerStart: (spec) => {
        core.info(`▶ ${spec.id} started (${spec.role}, ${spec.files.length} file(s))`);
        showProgress();
      },
      onWorkerEnd: (result) => {
        core.info(describeWorkerEnd(result));
        showProgress();
      },
      onWarning: (message) => core.warning(message),
    },
    publish: async (outcome) => {
      await logWorkerGroups(outcome);
      showProgress();
      const [uploaded] = await Promise.all([uploadRunArtifact({ runDir, name: shardArtifactName(a.ctx.runId, a.ctx.runAttempt, job) }), writing]);
      if ('error' in uploaded) {
        return a.fail(`mode work: job ${job}'s results could not be uploaded, so the aggregate job will count its workers as lost: ${uploaded.error}`);
      }
      const failed = outcome.results.filter((r) => r.status !== 'succeeded').length;
      core.info(
        `codex-swarm: job ${job}: ${outcome.results.length - failed} of ${outcome.results.length} worker(s) succeeded; the aggregate job publishes the report.`,
      );
      setOutputs({ conclusion: failed ? 'failure' : 'success', 'results-file': outcome.resultsFile, 'artifact-id': String(uploaded.id) });
    },
  };
  await runLifecycle(recipe, surface);
}

async function aggregateJob(a: ScaleModeArgs & { fail: Fail }, scale: ScalePlan): Promise<void> {
  const runKey = runKeyOf(a);
  const base = baseDir(a);
  const runDir = path.join(base, 'runs', runKey);
  const shardDirs = new Map<number, string | null>();
  for (let job = 1; job <= scale.jobs.length; job++) {
    const name = shardArtifactName(a.ctx.runId, a.ctx.runAttempt, job);
    const dir = await downloadRunArtifact(name, path.join(base, 'shards-in', runKey, String(job))).catch((err: Error) => {
      core.warning(`codex-swarm: could not download ${name}: ${redact(err.message)}; its workers count as lost.`);
      return null;
    });
    if (!dir) core.warning(`codex-swarm: work job ${job} uploaded no results (${name}); its workers (${scale.jobs[job - 1].join(', ')}) count as lost.`);
    shardDirs.set(job, dir);
  }
  const outcome = await mergeShards({
    plan: scale.plan,
    jobs: scale.jobs,
    shardDirs,
    runId: runKey,
    runDir,
    repoDir: a.ctx.workspace,
    scratchDir: path.join(base, 'scratch', `${runKey}-aggregate`),
    startedAt: scale.startedAt,
  });
  for (const r of outcome.results) core.info(describeWorkerEnd(r));
  if (a.inputs.memory === 'cache')
    await saveLearnedOnce(
      a,
      [...shardDirs.values()].filter((d): d is string => Boolean(d)),
      runDir,
    );

  const pr = a.decision.prNumber ? await getPullRequestContext(a.octokit, { owner: a.ctx.owner, repo: a.ctx.repo, number: a.decision.prNumber }) : null;
  const live =
    a.inputs.comment === 'sticky' && a.decision.prNumber
      ? createLiveComment({ octokit: a.octokit, owner: a.ctx.owner, repo: a.ctx.repo, issueNumber: a.decision.prNumber, selfLogin: ACTIONS_BOT_LOGIN })
      : null;
  const instructions = await resolveInstructions(a.inputs['project-instructions'], a.ctx.workspace, pr ?? undefined);
  const scope = scale.review?.scope;
  const review = {
    previous: scale.review?.previous ?? { state: emptyState(), note: null },
    scope: scope ? { files: scope.files, description: scope.description, ...(scope.reviewed ? { reviewed: new Set(scope.reviewed) } : {}) } : null,
  };
  const verdict = await publishOutcome({ ...a, pr, outcome, runDir, runKey, live, links: { runUrl: a.ctx.runUrl }, review, instructions, planStage: null });
  if (verdict.failStep) core.setFailed(verdict.reason);
  else core.info(`codex-swarm: ${verdict.reason}`);
}

/** Every shard's learned patterns merged into the restored memory, saved to the cache once. */
async function saveLearnedOnce(a: RunArgs, shardDirs: string[], runDir: string): Promise<void> {
  const scope = a.inputs['memory-key'] || 'default';
  const file = path.join(baseDir(a), 'memory.json');
  await restoreMemoryCache({ scope, file });
  const store = await loadMemoryFile(file, { maxEntries: a.inputs['memory-max-entries'] });
  for (const dir of shardDirs) {
    const learned = path.join(dir, 'memory', 'patterns.json');
    try {
      store.merge(JSON.parse(await fs.readFile(learned, 'utf8')) as MemoryFile);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') core.warning(`memory: ${learned} could not be merged: ${redact((err as Error).message)}`);
    }
  }
  await exportRunMemory(store, runDir).catch((err: Error) => core.warning(`memory: could not write the run's memory: ${err.message}`));
  await saveMemoryFile(file, store);
  await saveMemoryCache({ scope, file, runId: a.ctx.runId, attempt: a.ctx.runAttempt });
}
