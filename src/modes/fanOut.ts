/** review, audit, test and docs in one job: workers fan out over the files, then the report, the review at the line and the outputs. */
import { instructionsEngine } from './parts/engine.js';
import { createLiveView, type LiveView } from './parts/liveView.js';
import { planOneJob, type OneJobPlanned } from './parts/oneJobPlan.js';
import { runKeyOf } from './parts/planning.js';
import { publishOutcome } from './parts/publishOutcome.js';
import type { ModeContext, ModeWorkers, WorkerMode } from './types.js';

/** What every one-job run's workers share: this run's key, the trusted instructions, memory saved after, the live comment. */
export function oneJobWorkers(c: ModeContext, p: OneJobPlanned): ModeWorkers<LiveView> {
  return {
    key: runKeyOf(c.ctx),
    engine: instructionsEngine(c.inputs, p.instructions),
    memory: 'save',
    view: createLiveView(c, p.pr ? p.review.previous.state : null),
  };
}

export const fanOutMode: WorkerMode<ModeContext['decision'], OneJobPlanned, LiveView> = {
  name: 'fan-out',
  codexWhilePlanning: true,
  plan: (c) => planOneJob(c),
  workers: oneJobWorkers,
  publish: (c, p, ran) =>
    publishOutcome(c, {
      decision: c.decision,
      pr: p.pr,
      review: p.review,
      instructions: p.instructions,
      outcome: ran.outcome,
      runKey: runKeyOf(c.ctx),
      runDir: ran.runDir,
      live: ran.view.comment,
      planStage: null,
    }),
};
