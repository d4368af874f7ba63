/**
 * The plans of an orchestrated `code` task: first `planner-1` alone (read-only, over the whole file
 * set), then one coder per subtask (`coder-1…k`, in dependency order) followed by one tester and
 * one reviewer of their merged change. A plan that cannot be used is today's single coder instead.
 */
import { buildPlan, validatePlan } from './buildPlan.js';
import { engineFields } from './engines.js';
import type { FileEntry, FileSource } from './files.js';
import { filterFiles } from './files.js';
import { renderPrompt, workerTask, type SubtaskBrief } from './prompts.js';
import type { Plan, Role, Subtask, SwarmRequest, WorkerSpec } from './types.js';
import type { SavedPlan } from './savedPlan.js';
import { orderSubtasks, validateSubtasks } from './validateSubtasks.js';

export const PLANNER_ID = 'planner-1';

interface CodePlanArgs {
  request: SwarmRequest;
  files: FileEntry[];
  fileSource: FileSource;
}

/** How many subtasks the planner may propose: `--workers` when given, else as many as run at once. */
export const maxSubtasksFor = (request: SwarmRequest): number => request.workers ?? request.maxParallel;

export function buildPlannerPlan(args: CodePlanArgs): Plan {
  // buildPlan checks the task and the file set exactly as for a plain `code` run.
  const base = buildPlan(args);
  const { request } = args;
  // As for the coder: a list only where one is meaningful (a PR's files, or paths); otherwise the
  // repository is the planner's to explore, never a list of every file in it.
  const wholeRepository = args.fileSource === 'repository' && request.paths.length === 0;
  const files = wholeRepository
    ? []
    : filterFiles(args.files, request.paths)
        .map((f) => f.path)
        .sort();
  const shard = { index: 1, total: 1 };
  const planner: WorkerSpec = {
    id: PLANNER_ID,
    role: 'planner',
    prompt: renderPrompt({
      id: PLANNER_ID,
      role: 'planner',
      command: 'code',
      task: request.task,
      files,
      wholeRepository,
      shard,
      dependsOn: [],
      maxSubtasks: maxSubtasksFor(request),
      ...(request.pullRequest ? { pullRequest: request.pullRequest } : {}),
    }),
    sandbox: 'read-only',
    ...engineFields(request, 'planner'),
    files,
    ...(wholeRepository ? { wholeRepository } : {}),
    dependsOn: [],
    shard,
    task: workerTask('code', request.task),
  };
  const plan: Plan = { ...base, workers: [planner] };
  validatePlan(plan);
  return plan;
}

/** Today's plan of a `code` task: one coder with the whole task, then a tester and a reviewer. */
export const buildSingleCoderPlan = (args: CodePlanArgs): Plan => buildPlan(args);

/**
 * Coders for validated subtasks (see validateSubtasks), numbered in dependency order, each told its
 * part, its files and the other coders' titles and files; then a tester and a reviewer after all of
 * them. One subtask is today's single coder: nothing to coordinate.
 */
export function buildSubtaskPlan(args: CodePlanArgs & { subtasks: Subtask[] }): { plan: Plan; coderOf: Map<string, string> } {
  const ordered = orderSubtasks(args.subtasks);
  const coderOf = new Map(ordered.map((st, i) => [st.id, `coder-${i + 1}`]));
  if (ordered.length === 1) return { plan: buildSingleCoderPlan(args), coderOf };

  const { request } = args;
  const base = buildPlan(args);
  const whole = { index: 1, total: 1 };
  const spec = (id: string, role: Role, files: string[], dependsOn: string[], task: string, subtask?: SubtaskBrief): WorkerSpec => ({
    id,
    role,
    prompt: renderPrompt({
      id,
      role,
      command: 'code',
      task: request.task,
      files,
      shard: whole,
      dependsOn,
      ...(subtask ? { subtask } : {}),
      ...(request.pullRequest ? { pullRequest: request.pullRequest } : {}),
    }),
    sandbox: role === 'reviewer' ? 'read-only' : 'workspace-write',
    ...engineFields(request, role),
    files,
    dependsOn,
    shard: whole,
    task,
  });

  const coders = ordered.map((st) => {
    const id = coderOf.get(st.id)!;
    const others = ordered.filter((o) => o !== st).map((o) => ({ id: coderOf.get(o.id)!, title: o.title, files: o.files }));
    return spec(
      id,
      'coder',
      st.files,
      st.dependsOn.map((d) => coderOf.get(d)!),
      workerTask('code', `${st.title}: ${st.instructions}`),
      {
        title: st.title,
        instructions: st.instructions,
        others,
      },
    );
  });
  const coderIds = coders.map((c) => c.id);
  const allFiles = [...new Set(ordered.flatMap((st) => st.files))].sort();
  const task = workerTask('code', request.task);
  const plan: Plan = {
    ...base,
    workers: [...coders, spec('tester-1', 'tester', allFiles, coderIds, task), spec('reviewer-1', 'reviewer', allFiles, coderIds, task)],
  };
  validatePlan(plan);
  return { plan, coderOf };
}

/**
 * The plan a `code` run starts with, checked before anything runs: the planner, or for an approved
 * plan its coders (today's single coder when it no longer validates; the run says why).
 */
export function firstCodePlan(args: CodePlanArgs & { approved?: SavedPlan }): Plan {
  const { approved } = args;
  if (!approved) return buildPlannerPlan(args);
  const withTask = { ...args, request: { ...args.request, task: approved.task } };
  const check = validateSubtasks(approved.subtasks, { maxSubtasks: Infinity });
  return check.ok ? buildSubtaskPlan({ ...withTask, subtasks: check.subtasks }).plan : buildSingleCoderPlan(withTask);
}
