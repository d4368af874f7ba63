/**
 * Runs one kind of run for the action: its plan, then — for a mode with workers — the lifecycle the
 * CLI shares (Codex resolved, memory synced, the swarm under signals, what it learned handed on) with the
 * mode's view, then what the mode publishes. A plan the user must fix is refused once, on the PR.
 */
import path from 'node:path';
import { PlanError } from '../plan/buildPlan.js';
import { mayRunOn } from '../plan/engines.js';
import type { MemoryStore } from '../memory/store.js';
import { runLifecycle, type RunMemory, type RunRecipe, type RunSurface } from '../run/lifecycle.js';
import { redact } from '../util/redact.js';
import { refuse } from './parts/answers.js';
import { claudeEngineFor, inputsEngine, resolveCodexPath } from './parts/engine.js';
import { baseDirOf, engineChoice, runKeyOf } from './parts/planning.js';
import { stepCancellation } from './parts/cancellation.js';
import { runnerMemory } from './parts/runnerMemory.js';
import type { DirectMode, ModeContext, ModeDecision, ModeWorkers, Planned, RunView, WorkerMode } from './types.js';

export async function runMode<D extends ModeDecision, P extends Planned, V extends RunView>(
  mode: WorkerMode<D, P, V> | DirectMode<D, P>,
  c: ModeContext<D>,
): Promise<void> {
  const codex = 'workers' in mode && mode.codexWhilePlanning ? startCodex(c) : null;
  let planned: P | null;
  try {
    planned = await mode.plan(c);
  } catch (err) {
    if (err instanceof PlanError) return refuse(c, err.message);
    throw err;
  }
  if (!planned) return;
  if (!('workers' in mode)) return mode.publish(c, planned);
  await runWorkers(mode, c, planned, codex ?? startCodex(c));
}

async function runWorkers<D extends ModeDecision, P extends Planned, V extends RunView>(
  mode: WorkerMode<D, P, V>,
  c: ModeContext<D>,
  planned: P,
  codex: Promise<string>,
): Promise<void> {
  const workers = mode.workers(c, planned);
  let memory: MemoryStore | null = null;
  const recipe = actionRecipe(c, planned, workers, codex, (store) => {
    memory = store;
    workers.memoryOpened?.(store);
  });
  const { view } = workers;
  const surface: RunSurface<void> = {
    planned: (plan, state) => view.show(plan, state),
    hooks: view.hooks,
    publish: (outcome) => mode.publish(c, planned, { outcome, view, runDir: recipe.runDir, memory }),
    failed: async (error) => {
      await view.fail(redact(error instanceof Error ? error.message : String(error)).split('\n')[0]);
      await (await c.reaction)?.finish('confused');
    },
  };
  await runLifecycle(recipe, surface);
}

/** The Codex path, or a placeholder when no worker of this run can run on Codex; settled errors are handled by the lifecycle. */
function startCodex({ inputs, decision }: ModeContext<ModeDecision>): Promise<string> {
  const codex = mayRunOn(engineChoice(inputs, decision), 'codex') ? resolveCodexPath(inputs) : Promise.resolve('codex');
  codex.catch(() => undefined);
  return codex;
}

function actionRecipe(
  c: ModeContext<ModeDecision>,
  { plan }: Planned,
  w: ModeWorkers,
  codex: Promise<string>,
  opened: (store: MemoryStore) => void,
): RunRecipe {
  const base = baseDirOf(c.ctx);
  const runKey = runKeyOf(c.ctx);
  return {
    runId: runKey,
    repoDir: c.ctx.workspace,
    runDir: path.join(base, 'runs', w.key),
    scratchDir: path.join(base, 'scratch', w.key),
    plan: () => Promise.resolve(plan),
    codex: () => codex,
    planEngine: (p) => claudeEngineFor(c.inputs, p),
    engine: { ...inputsEngine(c.inputs), ...w.engine },
    ...observed(runnerMemory(c, w), opened),
    // The job's cancellation (SIGINT, SIGTERM): the workers stop, and what finished is published.
    signal: stepCancellation(),
    ...(w.swarm ? { swarm: w.swarm } : {}),
  };
}

/** The run's memory, with `opened` told of its store before the swarm starts. */
function observed({ memory }: { memory?: RunMemory }, opened: (store: MemoryStore) => void): { memory?: RunMemory } {
  if (!memory) return {};
  return {
    memory: {
      ...memory,
      open: async (state) => {
        const session = await memory.open(state);
        if (session) opened(session.store);
        return session;
      },
    },
  };
}
