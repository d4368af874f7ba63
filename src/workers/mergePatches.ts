/**
 * Merges the writers' patches in plan order with a 3-way apply into a scratch index of HEAD (no
 * checkout: on a large repository a scratch worktree alone cost seconds). A patch that conflicts
 * is reported (its file kept) and left out; the rest still merge. The result becomes
 * `combined.patch`, applied to the checkout only when asked.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { git } from '../git/git.js';

export interface PatchConflict {
  workerId: string;
  files: string[];
  /** Relative to the run folder; the worker's patch is always kept. */
  patchPath: string;
  message: string;
}

export interface MergeReport {
  /** Whether patches were applied to the checkout or only kept. */
  applied: boolean;
  merged: { workerId: string; files: string[] }[];
  conflicts: PatchConflict[];
  /** The combined patch of everything merged, relative to the run folder, or null. */
  combinedPatchPath: string | null;
  /** Why the combined patch could not be applied to the checkout, when `applied` was asked for but failed. */
  applyError?: string;
}

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
  /** The merged patch's file, relative to runDir; default COMBINED_PATCH. */
  combinedName?: string;
}

export const COMBINED_PATCH = 'combined.patch';

export async function mergePatches(o: MergePatchesOptions): Promise<MergeReport> {
  const report: MergeReport = { applied: false, merged: [], conflicts: [], combinedPatchPath: null };
  if (o.patches.length === 0) return report;
  await fs.mkdir(o.scratchDir ?? os.tmpdir(), { recursive: true });
  const scratch = await fs.mkdtemp(path.join(o.scratchDir ?? os.tmpdir(), 'merge-'));
  // Patch paths are relative to the repository's top, and git apply ignores paths outside its cwd.
  const top = (await git(o.repoDir, ['rev-parse', '--show-toplevel'])).trim();
  const index = { GIT_INDEX_FILE: path.join(scratch, 'index') };
  const inIndex = (args: string[]) => git(top, args, index);
  try {
    await inIndex(['read-tree', 'HEAD']);
    const kept = `${index.GIT_INDEX_FILE}.merged`;
    for (const p of o.patches) {
      // A copy of the index as merged so far, to go back to when this patch conflicts.
      await fs.copyFile(index.GIT_INDEX_FILE, kept);
      try {
        await inIndex(['apply', '--cached', '--3way', '--whitespace=nowarn', '--', path.resolve(o.runDir, p.patchPath)]);
        report.merged.push({ workerId: p.workerId, files: p.files });
      } catch (err) {
        // A conflict stays in the index as unmerged stages: those are the files to report.
        const unmerged = [
          ...new Set(
            (await inIndex(['ls-files', '-u', '-z']))
              .split('\0')
              .filter(Boolean)
              .map((l) => l.slice(l.indexOf('\t') + 1)),
          ),
        ];
        // Back to what merged so far: this patch is left out as a whole.
        await fs.copyFile(kept, index.GIT_INDEX_FILE);
        report.conflicts.push({
          workerId: p.workerId,
          files: unmerged.length > 0 ? unmerged : p.files,
          patchPath: p.patchPath,
          message: (err as Error).message.replace(/\s*\n\s*/g, '; '),
        });
      }
    }
    if (report.merged.length === 0) return report;
    const combinedName = o.combinedName ?? COMBINED_PATCH;
    const combined = path.join(o.runDir, combinedName);
    await fs.mkdir(path.dirname(combined), { recursive: true });
    await inIndex(['diff', '--cached', '--no-renames', '--binary', '--full-index', '--no-color', '--no-ext-diff', `--output=${combined}`, 'HEAD', '--']);
    if ((await fs.stat(combined)).size === 0) {
      await fs.rm(combined);
      return report;
    }
    report.combinedPatchPath = combinedName;
    if (o.apply) {
      try {
        await git(top, ['apply', '--whitespace=nowarn', '--', combined]);
        report.applied = true;
      } catch (err) {
        report.applyError = `the merged changes do not apply to the checkout (local changes in the way?): ${(err as Error).message.replace(/\s*\n\s*/g, '; ')}`;
      }
    }
    return report;
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}
