/** How the action turns a decision into a plan, shared by the kinds of run that plan from scratch. */
import path from 'node:path';
import * as core from '@actions/core';
import type { ActionInputs } from '../../config/inputs.js';
import type { RunContext } from '../../github/runContext.js';
import type { PullRequestContext } from '../../github/pullRequest.js';
import { buildPlan, describePlan, describePlanFiles } from '../../plan/buildPlan.js';
import { firstCodePlan } from '../../plan/codePlan.js';
import type { EngineChoice } from '../../plan/types.js';
import { listFiles } from '../../plan/files.js';
import type { SavedPlan } from '../../plan/savedPlan.js';
import type { Plan, SwarmRequest } from '../../plan/types.js';
import type { RunCodeTaskOptions } from '../../swarm/runCodeTask.js';
import type { RunDecision } from '../../trigger/route.js';
import { sanitizeUntrusted } from '../../util/sanitize.js';
import { claudeAccessProblem } from '../../workers/claudeSetup.js';
import { engineOf } from '../../workers/engine.js';
import type { ModeContext, ModeDecision } from '../types.js';

/** What an orchestrated `code` task needs besides its first plan: the request and the repository's files. */
export type CodeTaskArgs = Pick<RunCodeTaskOptions, 'request' | 'files' | 'fileSource'>;

/** `<run id>-<attempt>`: names this run's folders and artifacts. */
export const runKeyOf = (ctx: RunContext): string => `${ctx.runId}-${ctx.runAttempt}`;

/** Where run folders, worktrees and memory live on the runner: never in the checkout. */
export const baseDirOf = (ctx: RunContext): string => path.join(ctx.tempDir, 'codex-swarm');

/** The engines the workers run on: a comment's `--engine`, else the inputs'. */
export function engineChoice(inputs: ActionInputs, decision: ModeDecision): EngineChoice {
  return { mode: ('engine' in decision ? decision.engine : undefined) ?? inputs.engine, overrides: inputs.engines };
}

/** The plan for a decision: the PR's files (or `files`, a review's scope) or the repository's; a `code` task's first plan. */
export async function planFor(
  { inputs, ctx, decision }: Pick<ModeContext<ModeDecision>, 'inputs' | 'ctx'> & { decision: RunDecision },
  { pr, files: prFiles, approved }: { pr: PullRequestContext | null; files?: PullRequestContext['changedFiles']; approved?: SavedPlan },
): Promise<{ plan: Plan; codeArgs: CodeTaskArgs }> {
  const request: SwarmRequest = {
    command: decision.command,
    task: sanitizeUntrusted(approved?.task ?? decision.task),
    paths: decision.paths,
    ...(decision.workers ? { workers: decision.workers } : {}),
    maxParallel: inputs['max-parallel'],
    budget: { maxFiles: inputs['max-files-per-worker'], maxBytes: inputs['max-bytes-per-worker'] },
    maxWorkers: inputs['max-workers'],
    ...(decision.model ? { model: decision.model } : {}),
    ...(inputs.effort ? { effort: inputs.effort } : {}),
    engine: engineChoice(inputs, decision),
    ...(pr ? { pullRequest: { number: pr.number, title: sanitizeUntrusted(pr.title, { maxLength: 300 }), body: sanitizeUntrusted(pr.body) } } : {}),
  };
  const changedFiles = (prFiles ?? pr?.changedFiles)?.map((f) => ({ path: f.path, status: f.status, changes: f.size }));
  const { files, fileSource } = await listFiles({ repoDir: ctx.workspace, command: request.command, ...(changedFiles ? { changedFiles } : {}) });
  const args = { request, files, fileSource };
  return { plan: request.command === 'code' ? firstCodePlan({ ...args, ...(approved ? { approved } : {}) }) : buildPlan(args), codeArgs: args };
}

/** The plan's summary, then every worker's files in a group: what the prompts name, file for file. */
export function logPlan(plan: Plan): void {
  core.info(describePlan(plan));
  core.startGroup(`plan: every worker's files (${plan.fileCount})`);
  core.info(describePlanFiles(plan));
  core.endGroup();
}

/** Why the plan's workers could not reach a model, before anything starts; null when they can. */
export function modelAccessProblem(inputs: ActionInputs, plan: Plan): string | null {
  if (plan.workers.some((w) => engineOf(w) === 'codex') && !inputs['openai-api-key'] && !inputs['responses-api-endpoint']) {
    return (
      'openai-api-key is empty, so the workers cannot reach a model. Pass `openai-api-key: ${{ secrets.OPENAI_API_KEY }}` ' +
      '(pull_request runs from forks get no secrets: use the /swarm comment bot for those), or set responses-api-endpoint.'
    );
  }
  return claudeAccessProblem(plan.workers, { apiKey: inputs['anthropic-api-key'], baseUrl: inputs['anthropic-base-url'] });
}
