/**
 * What a dependent worker starts from: the changes of every worker it depends on, directly or
 * through others (a coder's patch is measured against its own dependencies' result, so it needs
 * them too), merged 3-way in plan order exactly as the run's final merge will merge them.
 */
import path from 'node:path';
import type { WorkerSpec } from '../plan/types.js';
import { mergePatches } from '../workers/mergePatches.js';
import { workerFiles } from '../workers/runWorker.js';
import type { WorkerResult } from '../workers/types.js';

/** Every worker `id` depends on, directly or through others, in plan order. */
export function upstreamOf(workers: WorkerSpec[], id: string): string[] {
  const deps = new Map(workers.map((w) => [w.id, w.dependsOn]));
  const seen = new Set<string>();
  const visit = (at: string) => {
    for (const d of deps.get(at) ?? []) {
      if (seen.has(d)) continue;
      seen.add(d);
      visit(d);
    }
  };
  visit(id);
  return workers.map((w) => w.id).filter((w) => seen.has(w));
}

export interface UpstreamPatchOptions {
  repoDir: string;
  runDir: string;
  scratchDir: string;
  workerId: string;
  /** The upstream workers' results, in plan order (all succeeded: the scheduler runs nothing else). */
  upstream: WorkerResult[];
}

/**
 * Absolute patch files to apply in the worker's worktree: none, the one upstream patch, or several
 * merged into `workers/<id>/upstream.patch` (a patch that conflicts is left out, as it will be from
 * the run's combined patch).
 */
export async function upstreamPatches(o: UpstreamPatchOptions): Promise<string[]> {
  const patches = o.upstream.filter((r) => r.patchPath).map((r) => ({ workerId: r.id, patchPath: r.patchPath!, files: r.filesChanged }));
  if (patches.length <= 1) return patches.map((p) => path.resolve(o.runDir, p.patchPath));
  const merged = await mergePatches({
    repoDir: o.repoDir,
    runDir: o.runDir,
    patches,
    apply: false,
    scratchDir: o.scratchDir,
    combinedName: path.join(workerFiles(o.workerId).dir, 'upstream.patch'),
  });
  return merged.combinedPatchPath ? [path.resolve(o.runDir, merged.combinedPatchPath)] : [];
}
