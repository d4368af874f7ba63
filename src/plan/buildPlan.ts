/**
 * Turns a request and its file set into a validated list of WorkerSpecs: review/audit/test/docs
 * fan out over size-balanced shards; code runs a coder, then a tester and a reviewer of its change.
 */
import { filterFiles, unmatchedIncludes, type FileEntry, type FileSource } from './files.js';
import { renderPrompt, workerTask } from './prompts.js';
import { autoWorkerCount, shardFiles } from './shard.js';
import { workerSpecSchema, type Plan, type Role, type Sandbox, type SwarmRequest, type WorkerSpec } from './types.js';

export class PlanError extends Error {
  override name = 'PlanError';
}

const FAN_OUT_ROLE: Record<Exclude<SwarmRequest['command'], 'code'>, Role> = {
  review: 'reviewer',
  audit: 'reviewer',
  test: 'tester',
  docs: 'documenter',
};

const sandboxFor = (role: Role): Sandbox => (role === 'reviewer' ? 'read-only' : 'workspace-write');

export function buildPlan(args: { request: SwarmRequest; files: FileEntry[]; fileSource: FileSource }): Plan {
  const { request, fileSource } = args;
  if (request.command === 'code' && !request.task.trim()) {
    throw new PlanError('code needs instructions, e.g. /swarm code add input validation to src/api.ts');
  }
  const files = filterFiles(args.files, request.paths);
  if (files.length === 0) throw new PlanError(emptyFileSetMessage(request, args.files, fileSource));

  const worker = (role: Role, n: number, paths: string[], shard: WorkerSpec['shard'], dependsOn: string[] = []): WorkerSpec => {
    const id = `${role}-${n}`;
    return {
      id,
      role,
      prompt: renderPrompt({
        id,
        role,
        command: request.command,
        task: request.task,
        files: paths,
        shard,
        dependsOn,
        ...(request.pullRequest ? { pullRequest: request.pullRequest } : {}),
      }),
      sandbox: sandboxFor(role),
      ...(request.model ? { model: request.model } : {}),
      ...(request.effort ? { effort: request.effort } : {}),
      files: paths,
      dependsOn,
      shard,
      task: workerTask(request.command, request.task),
    };
  };

  let workers: WorkerSpec[];
  if (request.command === 'code') {
    const all = files.map((f) => f.path).sort();
    const whole = { index: 1, total: 1 };
    workers = [worker('coder', 1, all, whole), worker('tester', 1, all, whole, ['coder-1']), worker('reviewer', 1, all, whole, ['coder-1'])];
  } else {
    const count =
      request.workers ??
      autoWorkerCount(
        files.length,
        files.reduce((s, f) => s + f.size, 0),
        request.maxParallel,
      );
    const shards = shardFiles(files, count);
    const role = FAN_OUT_ROLE[request.command];
    workers = shards.map((paths, i) => worker(role, i + 1, paths, { index: i + 1, total: shards.length }));
  }

  const plan: Plan = { command: request.command, task: request.task, fileSource, fileCount: files.length, workers };
  validatePlan(plan);
  return plan;
}

function emptyFileSetMessage(request: SwarmRequest, all: FileEntry[], fileSource: FileSource): string {
  const where = fileSource === 'pull-request' ? 'the pull request changes' : 'the repository tracks';
  if (all.length === 0) {
    return `${request.command}: nothing to work on: ${where} no files${fileSource === 'pull-request' ? ' that still exist' : ''}.`;
  }
  const unmatched = unmatchedIncludes(all, request.paths);
  const detail = unmatched.length
    ? `these paths matched none of them: ${unmatched.join(', ')}`
    : `the excluding paths (${request.paths.filter((p) => p.trim().startsWith('!')).join(', ')}) removed every match`;
  return `${request.command}: no files to work on: of the ${all.length} file(s) ${where}, ${detail}.`;
}

/** Checks a plan's shape (also one read back from a matrix job): valid specs, unique ids, known and acyclic dependencies. */
export function validatePlan(plan: Plan): void {
  const ids = new Set<string>();
  for (const spec of plan.workers) {
    const parsed = workerSpecSchema.safeParse(spec);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'spec'}: ${i.message}`).join('; ');
      throw new PlanError(`invalid worker ${spec.id ?? '(no id)'}: ${issues}`);
    }
    if (ids.has(spec.id)) throw new PlanError(`two workers share the id ${spec.id}`);
    ids.add(spec.id);
  }
  for (const spec of plan.workers) {
    const unknown = spec.dependsOn.filter((d) => !ids.has(d));
    if (unknown.length) throw new PlanError(`${spec.id} depends on unknown worker(s): ${unknown.join(', ')}`);
  }
  const cycle = findCycle(plan.workers);
  if (cycle) throw new PlanError(`workers depend on each other in a cycle: ${cycle.join(' → ')}`);
}

export function findCycle(workers: { id: string; dependsOn: string[] }[]): string[] | null {
  const deps = new Map(workers.map((w) => [w.id, w.dependsOn]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const d of deps.get(id) ?? []) {
      const cycle = visit(d);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const w of workers) {
    const cycle = visit(w.id);
    if (cycle) return cycle;
  }
  return null;
}

/** One log line: `plan: review → 3 workers (reviewer-1: 12 files, reviewer-2: 11 files, …)`. */
export function describePlan(plan: Plan): string {
  const parts = plan.workers.map((w) => {
    const after = w.dependsOn.length ? ` after ${w.dependsOn.join(', ')}` : '';
    return `${w.id}: ${w.files.length} file${w.files.length === 1 ? '' : 's'}${after}`;
  });
  const n = plan.workers.length;
  return `plan: ${plan.command} → ${n} worker${n === 1 ? '' : 's'} (${parts.join(', ')})`;
}
