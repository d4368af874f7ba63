/**
 * Merges the writers' patches in plan order with a 3-way apply in a scratch worktree of HEAD. A
 * patch that conflicts is reported (its file kept) and left out; the rest still merge. The result
 * becomes `combined.patch`, applied to the checkout only when asked.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MergeReport } from '../swarm/types.js';
import { createWorktree, git, removeWorktree } from './worktree.js';

export interface PatchToMerge {
  workerId: string;
  /** Relative to runDir. */
  patchPath: string;
  files: string[];
}

export interface MergePatchesOptions {
  repoDir: string;
  runDir: string;
  /** In plan order. */
  patches: PatchToMerge[];
  /** Apply the merged result to repoDir's working tree. */
  apply: boolean;
  /** Where the scratch worktree goes; defaults to the system temp folder. */
  scratchDir?: string;
}

export const COMBINED_PATCH = 'combined.patch';

export async function mergePatches(o: MergePatchesOptions): Promise<MergeReport> {
  const report: MergeReport = { applied: false, merged: [], conflicts: [], combinedPatchPath: null };
  if (o.patches.length === 0) return report;
  await fs.mkdir(o.scratchDir ?? os.tmpdir(), { recursive: true });
  const scratch = await fs.mkdtemp(path.join(o.scratchDir ?? os.tmpdir(), 'merge-'));
  const wt = path.join(scratch, 'worktree');
  try {
    await createWorktree(o.repoDir, wt);
    let mergedTree = (await git(wt, ['write-tree'])).trim();
    for (const p of o.patches) {
      try {
        await git(wt, ['apply', '--3way', '--whitespace=nowarn', '--', path.resolve(o.runDir, p.patchPath)]);
        mergedTree = (await git(wt, ['write-tree'])).trim();
        report.merged.push({ workerId: p.workerId, files: p.files });
      } catch (err) {
        const unmerged = (await git(wt, ['diff', '--name-only', '-z', '--diff-filter=U'])).split('\0').filter(Boolean);
        // Back to what merged so far: this patch is left out as a whole.
        await git(wt, ['read-tree', '--reset', '-u', mergedTree]);
        await git(wt, ['clean', '-fdq']);
        report.conflicts.push({
          workerId: p.workerId,
          files: unmerged.length > 0 ? unmerged : p.files,
          patchPath: p.patchPath,
          message: (err as Error).message.replace(/\s*\n\s*/g, '; '),
        });
      }
    }
    if (report.merged.length === 0) return report;
    const combined = path.join(o.runDir, COMBINED_PATCH);
    await fs.mkdir(o.runDir, { recursive: true });
    await git(wt, ['diff', '--cached', '--no-renames', '--binary', '--full-index', '--no-color', '--no-ext-diff', `--output=${combined}`, 'HEAD', '--']);
    if ((await fs.stat(combined)).size === 0) {
      await fs.rm(combined);
      return report;
    }
    report.combinedPatchPath = COMBINED_PATCH;
    if (o.apply) {
      try {
        await git(o.repoDir, ['apply', '--whitespace=nowarn', '--', combined]);
        report.applied = true;
      } catch (err) {
        report.applyError = `the merged changes do not apply to the checkout (local changes in the way?): ${(err as Error).message.replace(/\s*\n\s*/g, '; ')}`;
      }
    }
    return report;
  } finally {
    await removeWorktree(o.repoDir, wt);
    await fs.rm(scratch, { recursive: true, force: true });
  }
}
