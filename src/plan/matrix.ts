/**
 * A plan cut into jobs for GitHub Actions' matrix (`mode: plan` → `mode: work` per job): at most
 * `workersPerJob` workers a job, in plan order. Workers that depend on each other (a coder and
 * the tester and reviewer of its change) stay in one job, since a job only sees its own patches.
 */
import type { Plan } from './types.js';

/** GitHub runs at most 256 jobs from one matrix. */
export const MAX_MATRIX_JOBS = 256;

/** Each job's worker ids, jobs numbered from 1 in the order returned. */
export function planJobs(plan: Plan, workersPerJob: number): string[][] {
  const groups = dependencyGroups(plan);
  const jobs: string[][] = [];
  for (const group of groups) {
    const last = jobs.at(-1);
    if (last && last.length + group.length <= workersPerJob) last.push(...group);
    else jobs.push([...group]);
  }
  return jobs;
}

/** The `matrix` output: `{"shard":[1,2,…]}`, ready for `fromJSON` in `strategy.matrix`. */
export function matrixOutput(jobCount: number): string {
  return JSON.stringify({ shard: Array.from({ length: jobCount }, (_, i) => i + 1) });
}

/** Workers joined by dependencies (either way), each group in plan order, groups by their first worker. */
function dependencyGroups(plan: Plan): string[][] {
  const parent = new Map(plan.workers.map((w) => [w.id, w.id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  for (const w of plan.workers) for (const d of w.dependsOn) parent.set(find(d), find(w.id));
  const groups = new Map<string, string[]>();
  for (const w of plan.workers) {
    const root = find(w.id);
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root)!.push(w.id);
  }
  return [...groups.values()];
}
