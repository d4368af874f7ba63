import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { mergePatches } from '../../src/workers/mergePatches.js';
import { collectPatch, createWorktree, removeWorktree } from '../../src/workers/worktree.js';
import { head, makeRepo, sh, status, tempDir, worktrees } from './gitRepo.js';

const LINES = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

/** A worker's patch: `edit` runs in a fresh worktree, the diff lands in runDir/workers/<id>/patch.diff. */
async function patchOf(repo: string, runDir: string, id: string, edit: (wt: string) => Promise<void>) {
  const wt = path.join(runDir, '..', `wt-${id}`);
  await createWorktree(repo, wt);
  await edit(wt);
  const rel = path.join('workers', id, 'patch.diff');
  const { files } = await collectPatch(wt, path.join(runDir, rel));
  await removeWorktree(repo, wt);
  return { workerId: id, patchPath: rel, files };
}

const replaceIn = (wt: string, file: string, from: string, to: string) => async () => {
  const p = path.join(wt, file);
  await fs.writeFile(p, (await fs.readFile(p, 'utf8')).replace(from, to));
};

describe('mergePatches', () => {
  let repo: string;
  let runDir: string;
  beforeEach(async () => {
    repo = await makeRepo({ 'a.txt': LINES, 'b.txt': 'b\n' });
    runDir = path.join(await tempDir('run'), 'run');
  });
  afterEach(async () => {
    await fs.rm(repo, { recursive: true, force: true });
    await fs.rm(path.dirname(runDir), { recursive: true, force: true });
  });

  it('merges non-overlapping patches into combined.patch and leaves the checkout alone', async () => {
    const before = await head(repo);
    const p1 = await patchOf(repo, runDir, 'coder-1', (wt) => replaceIn(wt, 'a.txt', 'line 2\n', 'line 2 by coder-1\n')());
    const p2 = await patchOf(repo, runDir, 'coder-2', async (wt) => {
      await replaceIn(wt, 'a.txt', 'line 28\n', 'line 28 by coder-2\n')();
      await fs.writeFile(path.join(wt, 'new file.txt'), 'new\n');
    });
    const report = await mergePatches({ repoDir: repo, runDir, patches: [p1, p2], apply: false });
    expect(report).toEqual({
      applied: false,
      merged: [
        { workerId: 'coder-1', files: ['a.txt'] },
        { workerId: 'coder-2', files: ['a.txt', 'new file.txt'] },
      ],
      conflicts: [],
      combinedPatchPath: 'combined.patch',
    });
    const combined = await fs.readFile(path.join(runDir, 'combined.patch'), 'utf8');
    expect(combined).toContain('+line 2 by coder-1');
    expect(combined).toContain('+line 28 by coder-2');
    expect(await status(repo)).toBe('');
    expect(await head(repo)).toBe(before);
    expect(await worktrees(repo)).toBe(1);
  });

  it('reports a real conflict with its files and kept patch, merges the rest, and applies when asked', async () => {
    const p1 = await patchOf(repo, runDir, 'coder-1', (wt) => replaceIn(wt, 'a.txt', 'line 10\n', 'line 10 by coder-1\n')());
    const p2 = await patchOf(repo, runDir, 'coder-2', (wt) => replaceIn(wt, 'a.txt', 'line 10\n', 'line 10 by coder-2\n')());
    const p3 = await patchOf(repo, runDir, 'documenter-1', (wt) => replaceIn(wt, 'b.txt', 'b\n', 'b documented\n')());
    const report = await mergePatches({ repoDir: repo, runDir, patches: [p1, p2, p3], apply: true });

    expect(report.merged.map((m) => m.workerId)).toEqual(['coder-1', 'documenter-1']);
    expect(report.conflicts).toHaveLength(1);
    expect(report.conflicts[0]).toMatchObject({ workerId: 'coder-2', files: ['a.txt'], patchPath: 'workers/coder-2/patch.diff' });
    expect(report.conflicts[0].message).toMatch(/conflict/i);
    expect(existsSync(path.join(runDir, 'workers/coder-2/patch.diff'))).toBe(true);

    expect(report.applied).toBe(true);
    // The checkout shows exactly the merged changes, and none of the conflicting one.
    expect((await status(repo)).split('\n').sort()).toEqual([' M a.txt', ' M b.txt']);
    const a = await fs.readFile(path.join(repo, 'a.txt'), 'utf8');
    expect(a).toContain('line 10 by coder-1');
    expect(a).not.toContain('coder-2');
    expect(a).not.toContain('<<<<<<<');
    expect(await fs.readFile(path.join(repo, 'b.txt'), 'utf8')).toBe('b documented\n');
    const diff = await sh(repo, 'git', ['diff', '--binary', '--full-index', '--no-renames']);
    expect(`${diff}\n`).toBe(await fs.readFile(path.join(runDir, 'combined.patch'), 'utf8'));
    expect(await worktrees(repo)).toBe(1);
  });

  it('reports a missing patch file as a conflict instead of failing the merge', async () => {
    const p1 = await patchOf(repo, runDir, 'coder-1', (wt) => replaceIn(wt, 'b.txt', 'b\n', 'bb\n')());
    const report = await mergePatches({
      repoDir: repo,
      runDir,
      patches: [{ workerId: 'coder-9', patchPath: 'workers/coder-9/patch.diff', files: ['x'] }, p1],
      apply: false,
    });
    expect(report.conflicts).toEqual([expect.objectContaining({ workerId: 'coder-9', files: ['x'] })]);
    expect(report.merged.map((m) => m.workerId)).toEqual(['coder-1']);
  });

  it('returns an empty report with nothing to merge', async () => {
    expect(await mergePatches({ repoDir: repo, runDir, patches: [], apply: true })).toEqual({
      applied: false,
      merged: [],
      conflicts: [],
      combinedPatchPath: null,
    });
  });
});
