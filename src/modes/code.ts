/**
 * `code`, orchestrated: a planner worker splits the task into subtasks on disjoint files, coders run
 * them in parallel worktrees, a tester and a reviewer follow. `/swarm plan` (or `plan-approval`)
 * stops after the planner and seals its plan in the sticky comment for `/swarm approve`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { readSavedPlan, type SavedPlan } from '../plan/savedPlan.js';
import { planPosted } from '../publish/comment/pendingPlan.js';
import { PLAN_FILE, runCodeTask } from '../swarm/runCodeTask.js';
import type { SwarmOutcome } from '../swarm/types.js';
import type { LiveView } from './parts/liveView.js';
import { oneJobWorkers, planOneJob, publishOneJob, type OneJobPlanned } from './parts/oneJob.js';
import type { PlanStage } from './parts/publishOutcome.js';
import type { ModeContext, ModeWorkers, Ran, WorkerMode } from './types.js';

type Stage = 'plan' | 'approve';

/** `plan` stops after the planner: `/swarm plan`, or every `code` run with `plan-approval`. */
const stageOf = (c: ModeContext): Stage | null => (c.decision.codeStage === 'plan' || c.inputs['plan-approval'] ? 'plan' : null);

/** The planner, then the coders it splits the task for (or the approved plan's coders); the live comment follows the split. */
export function codeWorkers(c: ModeContext, p: OneJobPlanned, run: { approved?: SavedPlan; planOnly?: boolean }): ModeWorkers<LiveView> {
  const workers = oneJobWorkers(c, p);
  const { view } = workers;
  return {
    ...workers,
    swarm: (o) =>
      runCodeTask({
        ...o,
        ...p.codeArgs,
        ...(run.approved ? { approved: run.approved } : {}),
        ...(run.planOnly ? { planOnly: true } : {}),
        onDecomposition: (d, codePlan) => {
          if (d.fallback) core.warning(`codex-swarm: ${d.fallback}`);
          // The live comment lists the coders, tester and reviewer from now on.
          if (codePlan) view.replan({ ...codePlan, workers: [...o.plan.workers.filter((w) => w.role === 'planner'), ...codePlan.workers] });
        },
      }),
  };
}

/** Publishes a `code` run; a plan run posts its plan (how to approve it, and the plan in the state block), an approved run uses it up. */
export async function publishCode(c: ModeContext, p: OneJobPlanned, ran: Ran<LiveView>, stage: Stage | null): Promise<void> {
  await publishOneJob(c, p, ran, stage ? await planStageOf(stage, ran.outcome, ran.runDir, c.inputs['trigger-phrase']) : null);
}

async function planStageOf(stage: Stage, outcome: SwarmOutcome, runDir: string, triggerPhrase: string): Promise<PlanStage> {
  if (stage === 'approve' || !outcome.decomposition?.planSha256) return { stage, line: null, pendingPlan: null };
  const plan = readSavedPlan(await fs.readFile(path.join(runDir, PLAN_FILE), 'utf8'), { source: PLAN_FILE });
  return { stage, ...planPosted(plan, triggerPhrase) };
}

export const codeMode: WorkerMode<ModeContext['decision'], OneJobPlanned, LiveView> = {
  name: 'code',
  codexWhilePlanning: true,
  plan: (c) => planOneJob(c),
  workers: (c, p) => codeWorkers(c, p, { planOnly: stageOf(c) === 'plan' }),
  publish: (c, p, ran) => publishCode(c, p, ran, stageOf(c)),
};
