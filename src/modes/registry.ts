/** Which kind of run a routed decision starts, bound to its decision: the one place that chooses. */
import type { ActionInputs } from '../config/inputs.js';
import { approveMode } from './approve.js';
import { codeMode } from './code.js';
import { dryRunMode } from './dryRun.js';
import { fanOutMode } from './fanOut.js';
import { matrixAggregateMode } from './matrixAggregate.js';
import { matrixPlanMode } from './matrixPlan.js';
import { matrixWorkMode } from './matrixWork.js';
import { retryMode } from './retry.js';
import { runMode } from './runMode.js';
import type { DirectMode, ModeContext, ModeDecision, ModeName, Planned, RunView, WorkerMode } from './types.js';

/** A mode with its decision: run it with the rest of the run's facts. */
export interface PickedMode {
  name: ModeName;
  run(c: Omit<ModeContext<ModeDecision>, 'decision'>): Promise<void>;
}

export function pickMode(decision: ModeDecision, inputs: Pick<ActionInputs, 'mode' | 'dry-run'>): PickedMode {
  if (decision.action === 'retry') return bind(retryMode, decision);
  if (inputs['dry-run'] || decision.dryRun) return bind(dryRunMode, decision);
  if (inputs.mode === 'plan') return bind(matrixPlanMode, decision);
  if (inputs.mode === 'work') return bind(matrixWorkMode, decision);
  if (inputs.mode === 'aggregate') return bind(matrixAggregateMode, decision);
  if (decision.command !== 'code') return bind(fanOutMode, decision);
  return bind(decision.codeStage === 'approve' ? approveMode : codeMode, decision);
}

function bind<D extends ModeDecision, P extends Planned, V extends RunView>(mode: WorkerMode<D, P, V> | DirectMode<D, P>, decision: D): PickedMode {
  return { name: mode.name, run: (c) => runMode(mode, { ...c, decision }) };
}
