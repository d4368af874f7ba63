/** The CLI's plan: the repository's files, and a `code` task's first plan (or the saved plan `--plan` names). */
import { promises as fs } from 'node:fs';
import { buildPlan } from '../plan/buildPlan.js';
import { firstCodePlan } from '../plan/codePlan.js';
import { listFiles } from '../plan/files.js';
import { readSavedPlan, SavedPlanError, type SavedPlan } from '../plan/savedPlan.js';
import type { Plan } from '../plan/types.js';
import type { RunCodeTaskOptions } from '../swarm/runCodeTask.js';
import type { CliRun } from './args.js';

export interface CliPlanned {
  plan: Plan;
  /** What a `code` task's orchestrator needs besides its first plan. */
  codeArgs: Pick<RunCodeTaskOptions, 'request' | 'files' | 'fileSource'>;
  approved?: SavedPlan;
}

/** Throws PlanError or SavedPlanError: the user's to fix. */
export async function planCliRun(command: CliRun, repoDir: string): Promise<CliPlanned> {
  const approved = command.planFile ? await readPlanFile(command.planFile) : undefined;
  const listed = await listFiles({ repoDir, command: command.request.command });
  const codeArgs = { request: command.request, ...listed };
  const plan = command.request.command === 'code' ? firstCodePlan({ ...codeArgs, ...(approved ? { approved } : {}) }) : buildPlan(codeArgs);
  return { plan, codeArgs, ...(approved ? { approved } : {}) };
}

async function readPlanFile(file: string): Promise<SavedPlan> {
  const text = await fs.readFile(file, 'utf8').catch((err: Error) => {
    throw new SavedPlanError(`cannot read the plan file ${file}: ${err.message}`);
  });
  return readSavedPlan(text, { source: file });
}
