/**
 * One run, start to end, for the action and the CLI alike: prepare (plan, while Codex is
 * resolved), execute (memory, signals, the swarm), publish (memory saved, then what the caller
 * publishes). What differs between them — where progress goes and where results are published —
 * comes in as a `RunSurface`. Once the plan is shown, any failure still reaches `surface.failed`,
 * so nothing the user sees is left "running" forever.
 */
import type { MemorySession } from '../memory/session.js';
import type { Plan } from '../plan/types.js';
import { runSwarm, type RunSwarmOptions } from '../swarm/runSwarm.js';
import { SwarmState } from '../swarm/state.js';
import type { EngineConfig, SwarmHooks, SwarmOutcome } from '../swarm/types.js';

/** How the engine runs, less what the lifecycle supplies itself. */
export type RunEngine = Omit<EngineConfig, 'repoDir' | 'runDir' | 'scratchDir' | 'codexPath' | 'memory' | 'signal'>;

export interface RunMemory {
  /** Restores and opens the store; null runs without memory. */
  open(state: SwarmState): Promise<MemorySession | null>;
  /** After the session wrote its file (e.g. save it to the cache). */
  saved?(): Promise<unknown>;
}

export interface RunRecipe {
  runId: string;
  repoDir: string;
  runDir: string;
  scratchDir: string;
  /** Builds the plan; runs while Codex is being resolved. A PlanError is the user's to fix. */
  plan(): Promise<Plan>;
  /** The codex executable; started with the plan, awaited when the swarm starts. */
  codex(): Promise<string>;
  engine: RunEngine;
  /** Engine settings that depend on the plan (Claude Code for the workers that run on it); started once the plan is known. */
  planEngine?(plan: Plan): Promise<Partial<RunEngine>>;
  memory?: RunMemory;
  /**
   * Installs the caller's signal handling for the swarm's controller and returns its removal
   * (the action stops at the first SIGTERM; the CLI quits at a second Ctrl-C).
   */
  onSignals?(controller: AbortController): () => void;
  /** An outside abort (the caller's own signal). */
  signal?: AbortSignal;
  /** What runs the plan; default runSwarm. An orchestrated `code` task runs its phases here (runCodeTask). */
  swarm?(options: RunSwarmOptions): Promise<SwarmOutcome>;
}

export interface RunSurface<R> {
  /** The plan is known and nothing costly has started: show it (the action's live comment, the CLI's plan lines). */
  planned(plan: Plan, state: SwarmState): Promise<void> | void;
  hooks?: SwarmHooks;
  /** Progress display ends (the swarm is over, successfully or not). */
  stopProgress?(): void;
  /** The swarm ended and memory is saved: publish and return what the run returns. */
  publish(outcome: SwarmOutcome): Promise<R>;
  /** Something threw after `planned`: finish what the user sees (the live comment). The error is rethrown after. */
  failed?(error: unknown): Promise<void>;
}

export interface PreparedRun {
  plan: Plan;
  state: SwarmState;
  /** Settles with the codex path; already handled, so an unawaited failure is never unhandled. */
  codex: Promise<string>;
  /** What `planEngine` adds, handled the same way. */
  planEngine: Promise<Partial<RunEngine>>;
}

/** Plans while Codex is resolved. Throws the plan's error before anything is shown. */
export async function prepareRun(recipe: RunRecipe): Promise<PreparedRun> {
  const codex = recipe.codex();
  codex.catch(() => undefined);
  const plan = await recipe.plan();
  const planEngine = recipe.planEngine?.(plan) ?? Promise.resolve({});
  planEngine.catch(() => undefined);
  const state = new SwarmState();
  state.reset(plan.workers);
  return { plan, state, codex, planEngine };
}

export interface ExecutedRun {
  outcome: SwarmOutcome;
  /** The memory's save (`RunMemory.saved`, the cache upload), left running so publishing overlaps it. */
  saving: Promise<unknown>;
}

/**
 * Runs the swarm with memory and signals; memory is closed and written whatever happens. Its save
 * (the cache upload) is returned still running: nothing the caller publishes depends on it.
 */
export async function executeRun(recipe: RunRecipe, prepared: PreparedRun, hooks: SwarmHooks = {}): Promise<ExecutedRun> {
  const { plan, state } = prepared;
  const [codex, engines, opened] = await Promise.allSettled([prepared.codex, prepared.planEngine, recipe.memory?.open(state) ?? Promise.resolve(null)]);
  const failed = [codex, engines].find((r) => r.status === 'rejected');
  if (failed) {
    // The memory server opened meanwhile would keep the process alive (the CLI then never exits).
    if (opened.status === 'fulfilled') await opened.value?.close();
    throw failed.reason;
  }
  if (opened.status === 'rejected') throw opened.reason;
  const codexPath = (codex as PromiseFulfilledResult<string>).value;
  const planEngine = (engines as PromiseFulfilledResult<Partial<RunEngine>>).value;
  const memory = opened.value;
  const controller = new AbortController();
  const forward = () => controller.abort(recipe.signal?.reason);
  if (recipe.signal?.aborted) forward();
  recipe.signal?.addEventListener('abort', forward, { once: true });
  const removeSignals = recipe.onSignals?.(controller) ?? (() => undefined);
  let outcome: SwarmOutcome;
  try {
    outcome = await (recipe.swarm ?? runSwarm)({
      ...recipe.engine,
      ...planEngine,
      plan,
      runId: recipe.runId,
      state,
      repoDir: recipe.repoDir,
      runDir: recipe.runDir,
      scratchDir: recipe.scratchDir,
      codexPath,
      ...(memory ? { memory: memory.swarmMemory } : {}),
      signal: controller.signal,
      hooks,
    });
  } finally {
    removeSignals();
    recipe.signal?.removeEventListener('abort', forward);
    await memory?.close();
  }
  let saving: Promise<unknown> = Promise.resolve();
  if (memory) {
    await memory.finish(recipe.runDir);
    saving = recipe.memory?.saved?.() ?? saving;
  }
  return { outcome, saving };
}

/** prepare → show the plan → execute → publish; a failure after the plan is shown finishes what the user sees. */
export async function runLifecycle<R>(recipe: RunRecipe, surface: RunSurface<R>): Promise<R> {
  const prepared = await prepareRun(recipe);
  try {
    await surface.planned(prepared.plan, prepared.state);
    let executed: ExecutedRun;
    try {
      executed = await executeRun(recipe, prepared, surface.hooks);
    } finally {
      surface.stopProgress?.();
    }
    const [result] = await Promise.all([surface.publish(executed.outcome), executed.saving]);
    return result;
  } catch (error) {
    await surface.failed?.(error);
    throw error;
  }
}
