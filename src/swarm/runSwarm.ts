/**
 * The run as a whole: a validated plan goes in; every worker runs under the bounded scheduler
 * (dependents start from their dependencies' merged patches and see their changed files), writers' patches are merged,
 * and results.json is written. Never throws for a worker's failure: that is the worker's result.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { renderDependencyChanges } from '../plan/prompts.js';
import { validatePlan } from '../plan/buildPlan.js';
import type { Plan, WorkerSpec } from '../plan/types.js';
import { redact } from '../util/redact.js';
import { mergePatches } from '../workers/mergePatches.js';
import { runWorker } from '../workers/runWorker.js';
import { WorktreePool } from '../workers/worktreePool.js';
import { blankResult, type WorkerResult } from '../workers/types.js';
import { startEngines, type RunEngines } from './engines.js';
import { withProxyFacts } from './proxyFacts.js';
import { writeResultsFile } from './results.js';
import { describeSkip, schedule, type SkipReason } from './scheduler.js';
import { SwarmState } from './state.js';
import { upstreamOf, upstreamPatches } from './upstream.js';
import type { EngineConfig, MergeReport, SwarmHooks, SwarmOutcome } from './types.js';

export interface RunSwarmOptions extends EngineConfig {
  plan: Plan;
  runId: string;
  /** The live state to update; a fresh one when not given. */
  state?: SwarmState;
  hooks?: SwarmHooks;
}

export async function runSwarm(o: RunSwarmOptions): Promise<SwarmOutcome> {
  validatePlan(o.plan);
  const startedAt = Date.now();
  const state = o.state ?? new SwarmState();
  state.reset(o.plan.workers);
  await fs.mkdir(o.runDir, { recursive: true });
  await fs.mkdir(o.scratchDir, { recursive: true });

  let engines: RunEngines | null = null;
  const worktrees = new WorktreePool(o.repoDir, path.join(o.scratchDir, 'worktrees'));
  try {
    engines = await startEngines(o, o.plan.workers, o.hooks);
    const specs = new Map(o.plan.workers.map((w) => [w.id, w]));
    const run: SwarmRun = { o, state, specs, finished: new Map(), engines, worktrees, startedAt };
    const results = await schedule(o.plan.workers, (id, signal) => runOne(run, specs.get(id)!, signal), {
      maxParallel: o.maxParallel,
      signal: o.signal,
      isSuccess: (r) => r.status === 'succeeded',
      onSkip: (id, reason) => skippedResult(run, specs.get(id)!, reason),
    });
    const ordered = o.plan.workers.map((w) => results.get(w.id)!);
    return await finish(run, ordered);
  } finally {
    await engines?.close();
    await worktrees.dispose();
    await fs.rm(o.scratchDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** What the workers of one run share while it lasts. */
interface SwarmRun {
  o: RunSwarmOptions;
  state: SwarmState;
  specs: Map<string, WorkerSpec>;
  /** Results so far, for dependents (their upstream) and `announce`. */
  finished: Map<string, WorkerResult>;
  engines: RunEngines;
  worktrees: WorktreePool;
  startedAt: number;
}

/** One worker, from its engine and prompt to its announced result. */
async function runOne(run: SwarmRun, spec: WorkerSpec, signal: AbortSignal): Promise<WorkerResult> {
  const { o, engines } = run;
  // A spent budget starts nothing new; what finished is kept.
  const exhausted = engines.budgetExhausted();
  if (exhausted) return skippedResult(run, spec, { kind: 'budget', message: exhausted });
  const engine = engines.engineFor(spec);
  if ('error' in engine) {
    const failed = blankResult(spec, { status: 'failed', error: engine.error });
    announce(run, failed);
    return failed;
  }
  const upstream = upstreamOf(o.plan.workers, spec.id).map((d) => run.finished.get(d)!);
  const memory = await beforeWorker(o, spec);
  const prompt = workerPrompt(o, spec, upstream, memory.promptSection);
  run.state.started(spec.id);
  o.hooks?.onWorkerStart?.(spec);
  const ran = await runWorker({
    spec,
    prompt,
    repoDir: o.repoDir,
    runDir: o.runDir,
    scratchDir: o.scratchDir,
    engine,
    ...memoryServer(o, spec.id),
    worktrees: run.worktrees,
    timeoutMs: o.workerTimeoutMs,
    signal,
    upstreamPatches: await upstreamPatches({ repoDir: o.repoDir, runDir: o.runDir, scratchDir: o.scratchDir, workerId: spec.id, upstream }),
    swarmStartedAt: run.startedAt,
    memoryMatches: memory.keys,
    onEvent: (event) => {
      if (event.summary) run.state.event(spec.id, event.summary);
      o.hooks?.onWorkerEvent?.(spec, event, event.summary);
    },
  });
  const result = withProxyFacts(ran, engines.proxyFor(spec));
  announce(run, result);
  await afterWorker(o, spec, result);
  return result;
}

/** The spec's prompt, then the run's instructions, what its dependencies changed and its memory matches. */
function workerPrompt(o: RunSwarmOptions, spec: WorkerSpec, upstream: WorkerResult[], memorySection: string): string {
  return [
    spec.prompt,
    o.instructions ?? '',
    upstream.length ? renderDependencyChanges(upstream.map((r) => ({ id: r.id, filesChanged: r.filesChanged }))) : '',
    memorySection,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** Writers' patches merged (worktrees go meanwhile), and the outcome written to results.json. */
async function finish(run: SwarmRun, ordered: WorkerResult[]): Promise<SwarmOutcome> {
  const { o, startedAt } = run;
  // The merge needs no worktree: they go while it runs.
  const [merge] = await Promise.all([mergeWriters(o, ordered), run.worktrees.dispose()]);
  const outcome: SwarmOutcome = {
    runId: o.runId,
    plan: o.plan,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: Date.now() - startedAt,
    results: ordered,
    merge,
    cancelled: o.signal?.aborted ?? false,
    resultsFile: path.join(o.runDir, 'results.json'),
  };
  await writeResultsFile(outcome);
  return outcome;
}

function memoryServer(o: RunSwarmOptions, id: string) {
  const server = o.memory?.mcpServerFor(id);
  return server ? { memory: server } : {};
}

/** The result of a worker that did not run, or whose run crashed outside runWorker. */
function skippedResult(run: SwarmRun, spec: WorkerSpec, reason: SkipReason): WorkerResult {
  const result = blankResult(spec, skippedStatus(reason));
  announce(run, result);
  return result;
}

/** Every worker ends exactly once, in the state and through the hooks, as soon as it settles. */
function announce(run: SwarmRun, result: WorkerResult): void {
  run.finished.set(result.id, result);
  run.state.ended(result);
  run.o.hooks?.onWorkerEnd?.(result);
}

async function afterWorker(o: RunSwarmOptions, spec: WorkerSpec, result: WorkerResult): Promise<void> {
  try {
    await o.memory?.afterWorker(spec, result);
  } catch (err) {
    o.hooks?.onWarning?.(`memory: could not store what ${spec.id} learned: ${redact((err as Error).message)}`);
  }
}

async function beforeWorker(o: RunSwarmOptions, spec: WorkerSpec): Promise<{ promptSection: string; keys: string[] }> {
  if (!o.memory) return { promptSection: '', keys: [] };
  try {
    return await o.memory.beforeWorker(spec);
  } catch (err) {
    o.hooks?.onWarning?.(`memory: search for ${spec.id} failed, it starts without matches: ${redact((err as Error).message)}`);
    return { promptSection: '', keys: [] };
  }
}

/**
 * Only succeeded writers' patches are merged, in the order given; a failed writer's patch stays in
 * its folder as evidence. Also the aggregate of a matrix run (swarm/mergeShards).
 */
export async function mergeWriters(
  o: Pick<RunSwarmOptions, 'repoDir' | 'runDir' | 'scratchDir' | 'applyPatches'>,
  results: WorkerResult[],
): Promise<MergeReport> {
  const patches = results
    .filter((r) => r.status === 'succeeded' && r.patchPath)
    .map((r) => ({ workerId: r.id, patchPath: r.patchPath!, files: r.filesChanged }));
  try {
    return await mergePatches({ repoDir: o.repoDir, runDir: o.runDir, patches, apply: o.applyPatches, scratchDir: o.scratchDir });
  } catch (err) {
    const message = redact((err as Error).message);
    return {
      applied: false,
      merged: [],
      conflicts: patches.map((p) => ({ workerId: p.workerId, files: p.files, patchPath: p.patchPath, message: `merge failed: ${message}` })),
      combinedPatchPath: null,
    };
  }
}

function skippedStatus(reason: SkipReason): Pick<WorkerResult, 'status' | 'error'> {
  switch (reason.kind) {
    case 'cancelled':
      return { status: 'cancelled', error: 'cancelled before it started' };
    case 'crashed':
      return { status: 'failed', error: redact(describeSkip(reason)) };
    case 'dependency':
    case 'budget':
      return { status: 'skipped', error: `not run: ${describeSkip(reason)}` };
  }
}
