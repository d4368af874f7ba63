/**
 * `/swarm retry`: from an earlier run's folder (its artifact, downloaded), the plan of only the
 * workers that did not succeed — with their original specs, from plan.json — and, once they have
 * run again, the earlier run with their new results in place, each marked `retried`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { workerSpecSchema, type Plan } from '../plan/types.js';
import { readResultsFile, type ResultsFile } from './results.js';
import type { SwarmOutcome } from './types.js';

/** The plan with every worker's full spec (results.json leaves the prompts out). */
export const PLAN_FILE = 'plan.json';

const planFileSchema = z.object({
  command: z.enum(['review', 'test', 'code', 'docs', 'audit']),
  task: z.string(),
  fileSource: z.enum(['pull-request', 'repository']),
  fileCount: z.number().int(),
  workers: z.array(workerSpecSchema),
});

export async function writePlanFile(runDir: string, plan: Plan): Promise<void> {
  await fs.mkdir(runDir, { recursive: true });
  await fs.writeFile(path.join(runDir, PLAN_FILE), `${JSON.stringify(plan, null, 2)}\n`);
}

export interface EarlierRun {
  dir: string;
  plan: Plan;
  results: ResultsFile;
}

/** The earlier run in `dir` (plan.json and results.json); throws with what is missing or unreadable. */
export async function readEarlierRun(dir: string): Promise<EarlierRun> {
  const results = await readResultsFile(path.join(dir, 'results.json'));
  const text = await fs.readFile(path.join(dir, PLAN_FILE), 'utf8').catch(() => {
    throw new Error(`the earlier run's artifact has no ${PLAN_FILE} (it was made by an older codex-swarm)`);
  });
  const parsed = planFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`the earlier run's ${PLAN_FILE} is not readable: ${parsed.error.issues[0]?.message}`);
  return { dir, plan: parsed.data, results };
}

/**
 * The workers to run again, or null when every worker succeeded. A retried worker that depended
 * on a worker that succeeded no longer waits for it (that one is not run again).
 */
export function retryPlan(earlier: EarlierRun): Plan | null {
  const again = new Set(earlier.results.results.filter((r) => r.status !== 'succeeded').map((r) => r.id));
  const workers = earlier.plan.workers.filter((w) => again.has(w.id)).map((w) => ({ ...w, dependsOn: w.dependsOn.filter((d) => again.has(d)) }));
  return workers.length ? { ...earlier.plan, workers } : null;
}

/**
 * The earlier run with the retried workers' results in their places (marked `retried`), its other
 * workers' folders copied into the new run folder so the artifact holds the whole merged run.
 */
export async function mergeRetried(earlier: EarlierRun, retried: SwarmOutcome, runDir: string): Promise<SwarmOutcome> {
  const fresh = new Map(retried.results.map((r) => [r.id, { ...r, retried: true }]));
  for (const r of earlier.results.results) {
    if (fresh.has(r.id)) continue;
    const from = path.join(earlier.dir, 'workers', r.id);
    await fs.cp(from, path.join(runDir, 'workers', r.id), { recursive: true }).catch(() => undefined);
  }
  const m = earlier.results.merge;
  if (!retried.merge.combinedPatchPath && m.combinedPatchPath) {
    await fs.cp(path.join(earlier.dir, m.combinedPatchPath), path.join(runDir, m.combinedPatchPath)).catch(() => undefined);
  }
  return {
    runId: retried.runId,
    plan: earlier.plan,
    startedAt: earlier.results.startedAt,
    durationMs: earlier.results.durationMs + retried.durationMs,
    results: earlier.results.results.map((r) => fresh.get(r.id) ?? r),
    merge: {
      applied: m.applied || retried.merge.applied,
      merged: [...m.merged, ...retried.merge.merged],
      conflicts: [...m.conflicts, ...retried.merge.conflicts],
      // The earlier combined patch does not hold the retried workers' changes: the newer one is named when there is one.
      combinedPatchPath: retried.merge.combinedPatchPath ?? m.combinedPatchPath,
    },
    cancelled: retried.cancelled,
    resultsFile: retried.resultsFile,
  };
}
