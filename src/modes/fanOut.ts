/** review, audit, test and docs in one job: workers fan out over the files, then the report, the review at the line and the outputs. */
import type { LiveView } from './parts/liveView.js';
import { oneJobWorkers, planOneJob, publishOneJob, type OneJobPlanned } from './parts/oneJob.js';
import type { ModeContext, WorkerMode } from './types.js';

export const fanOutMode: WorkerMode<ModeContext['decision'], OneJobPlanned, LiveView> = {
  name: 'fan-out',
  codexWhilePlanning: true,
  plan: (c) => planOneJob(c),
  workers: oneJobWorkers,
  publish: (c, p, ran) => publishOneJob(c, p, ran),
};
