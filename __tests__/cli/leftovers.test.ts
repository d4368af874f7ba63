import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { claimScratchDir, describeLeftovers, removeLeftovers, scratchDirFor } from '../../src/cli/leftovers.js';
import { createWorktree } from '../../src/workers/worktree.js';
import { makeRepo, tempDir, worktrees } from '../workers/gitRepo.js';

/** The pid of a process that has ended. */
async function deadPid(): Promise<number> {
  const p = execa('true');
  await p;
  return p.pid!;
}

describe('removeLeftovers', () => {
  let repo: string;
  let tmp: string;
  beforeEach(async () => {
    repo = await makeRepo({ 'a.txt': 'a\n' });
    tmp = await tempDir('leftovers-tmp');
  });
  afterEach(async () => {
    await fs.rm(repo, { recursive: true, force: true });
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it("removes a killed run's worktrees and scratch folder, and leaves a running run's and anything else alone", async () => {
    const killed = scratchDirFor('20261201-101010-dead', tmp);
    await claimScratchDir(killed, repo);
    await fs.writeFile(path.join(killed, 'owner.json'), JSON.stringify({ pid: await deadPid(), repoDir: repo }));
    await createWorktree(repo, path.join(killed, 'worktrees', 'worktree-1'));
    await createWorktree(repo, path.join(killed, 'worktrees', 'worktree-2'));
    // Half-deleted: the folder is gone, its registration is not.
    await fs.rm(path.join(killed, 'worktrees', 'worktree-2'), { recursive: true, force: true });

    const running = scratchDirFor('20261201-101010-a11e', tmp);
    await claimScratchDir(running, repo);
    await createWorktree(repo, path.join(running, 'worktrees', 'worktree-1'));
    const unrelated = path.join(tmp, 'codex-swarm-repo-xyz');
    await fs.mkdir(unrelated);
    expect(await worktrees(repo)).toBe(4);

    const removed = await removeLeftovers(repo, tmp);
    expect(removed).toEqual({ worktrees: 2, folders: [killed] });
    expect(describeLeftovers(removed)).toBe('removed 2 worktrees and 1 temp folder an interrupted run left behind');
    expect(existsSync(killed)).toBe(false);
    expect(existsSync(path.join(running, 'worktrees', 'worktree-1', 'a.txt'))).toBe(true);
    expect(existsSync(unrelated)).toBe(true);
    expect(await worktrees(repo)).toBe(2);
    // git itself sees nothing missing or prunable.
    expect((await execa('git', ['worktree', 'prune', '--dry-run', '-v'], { cwd: repo })).stderr).toBe('');

    expect(await removeLeftovers(repo, tmp)).toEqual({ worktrees: 0, folders: [] });
    expect(describeLeftovers({ worktrees: 0, folders: [] })).toBeNull();
  });

  it("leaves another repository's scratch folders to that repository's runs", async () => {
    const other = await makeRepo({ 'b.txt': 'b\n' });
    try {
      const theirs = scratchDirFor('20261201-101010-0beb', tmp);
      await claimScratchDir(theirs, other);
      await fs.writeFile(path.join(theirs, 'owner.json'), JSON.stringify({ pid: await deadPid(), repoDir: other }));
      expect(await removeLeftovers(repo, tmp)).toEqual({ worktrees: 0, folders: [] });
      expect(existsSync(theirs)).toBe(true);
    } finally {
      await fs.rm(other, { recursive: true, force: true });
    }
  });
});
