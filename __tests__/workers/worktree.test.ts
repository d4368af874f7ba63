import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { git } from '../../src/git/git.js';
import { collectPatch, createWorktree, removeWorktree } from '../../src/workers/worktree.js';
import { head, makeRepo, sh, status, tempDir, worktrees } from './gitRepo.js';

const ODD_NAMES = ['dir with space/file name.txt', '-leading-dash.md', 'naïve café.txt'];

describe('worktrees', () => {
  let repo: string;
  let scratch: string;
  beforeEach(async () => {
    repo = await makeRepo({ 'keep.txt': 'keep\n', 'gone.txt': 'to be deleted\n', 'edit.txt': 'one\ntwo\n', [ODD_NAMES[1]]: 'dash\n' });
    scratch = await tempDir('scratch');
  });
  afterEach(async () => {
    await fs.rm(repo, { recursive: true, force: true });
    await fs.rm(scratch, { recursive: true, force: true });
  });

  it('collects new, deleted, edited, binary and oddly named files as one patch that reproduces them', async () => {
    const wt = path.join(scratch, 'wt');
    await createWorktree(repo, wt);
    expect(await worktrees(repo)).toBe(2);
    await fs.rm(path.join(wt, 'gone.txt'));
    await fs.writeFile(path.join(wt, 'edit.txt'), 'one\nTWO\n');
    await fs.writeFile(path.join(wt, 'image.bin'), Buffer.from([0, 1, 2, 255, 0, 10]));
    for (const name of ODD_NAMES) {
      await fs.mkdir(path.dirname(path.join(wt, name)), { recursive: true });
      await fs.writeFile(path.join(wt, name), `new ${name}\n`);
    }
    const out = path.join(scratch, 'out', 'patch.diff');
    const { files, patchPath } = await collectPatch(wt, out);
    expect(patchPath).toBe(out);
    expect(files.sort()).toEqual(['edit.txt', 'gone.txt', 'image.bin', ...ODD_NAMES].sort());
    const patch = await fs.readFile(out, 'utf8');
    expect(patch).toContain('GIT binary patch');
    expect(patch).toContain('naïve café.txt');
    await removeWorktree(repo, wt);

    // The checkout was never touched; the patch alone brings the changes over.
    expect(await status(repo)).toBe('');
    await sh(repo, 'git', ['apply', '--index', out]);
    expect(existsSync(path.join(repo, 'gone.txt'))).toBe(false);
    expect(await fs.readFile(path.join(repo, 'edit.txt'), 'utf8')).toBe('one\nTWO\n');
    expect([...(await fs.readFile(path.join(repo, 'image.bin')))]).toEqual([0, 1, 2, 255, 0, 10]);
    for (const name of ODD_NAMES) expect(await fs.readFile(path.join(repo, name), 'utf8')).toBe(`new ${name}\n`);
  });

  it("names the failing git command in its error, past any -c settings, with git's own message", async () => {
    await expect(git(repo, ['-c', 'user.name=x', '-c', 'commit.gpgsign=false', 'checkout', 'no-such-branch'])).rejects.toThrow(
      /^git checkout failed: .*no-such-branch/,
    );
  });

  it('reports nothing when nothing changed', async () => {
    const wt = path.join(scratch, 'wt');
    await createWorktree(repo, wt);
    expect(await collectPatch(wt, path.join(scratch, 'p.diff'))).toEqual({ files: [], patchPath: null });
    expect(existsSync(path.join(scratch, 'p.diff'))).toBe(false);
    await removeWorktree(repo, wt);
  });

  it('applies upstream patches and measures the worker only against them, even after a commit', async () => {
    const coder = path.join(scratch, 'coder');
    await createWorktree(repo, coder);
    await fs.writeFile(path.join(coder, 'feature.ts'), 'export const x = 1;\n');
    const coderPatch = (await collectPatch(coder, path.join(scratch, 'coder.diff'))).patchPath!;
    await removeWorktree(repo, coder);

    const tester = path.join(scratch, 'tester');
    await createWorktree(repo, tester, { patches: [coderPatch] });
    expect(await fs.readFile(path.join(tester, 'feature.ts'), 'utf8')).toBe('export const x = 1;\n');
    await fs.writeFile(path.join(tester, 'feature.test.ts'), 'test\n');
    await sh(tester, 'git', ['add', '-A']);
    await sh(tester, 'git', ['-c', 'user.name=w', '-c', 'user.email=w@x', 'commit', '-qm', 'worker commit']);
    const { files } = await collectPatch(tester, path.join(scratch, 'tester.diff'));
    expect(files).toEqual(['feature.test.ts']);
    await removeWorktree(repo, tester);
  });

  it('fails clearly when an upstream patch does not apply', async () => {
    const bad = path.join(scratch, 'bad.diff');
    await fs.writeFile(bad, 'diff --git a/nope.txt b/nope.txt\n--- a/nope.txt\n+++ b/nope.txt\n@@ -1 +1 @@\n-a\n+b\n');
    const wt = path.join(scratch, 'wt');
    await expect(createWorktree(repo, wt, { patches: [bad] })).rejects.toThrow(/could not apply .*bad\.diff/);
    await removeWorktree(repo, wt);
    expect(await worktrees(repo)).toBe(1);
  });

  it('removes a worktree, twice without complaint, leaving the checkout as it was', async () => {
    const before = await head(repo);
    const wt = path.join(scratch, 'wt');
    await createWorktree(repo, wt);
    await fs.writeFile(path.join(wt, 'junk.txt'), 'junk');
    await removeWorktree(repo, wt);
    await removeWorktree(repo, wt);
    expect(existsSync(wt)).toBe(false);
    expect(await worktrees(repo)).toBe(1);
    expect(await status(repo)).toBe('');
    expect(await head(repo)).toBe(before);
  });

  it('adds and removes many worktrees at once without one removal catching another being added', async () => {
    // Removal used to prune every stale-looking worktree, and took one still being added.
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        Array.from({ length: 16 }, async (_, i) => {
          const wt = path.join(scratch, `wt-${round}-${i}`);
          await createWorktree(repo, wt);
          await fs.writeFile(path.join(wt, `new-${i}.txt`), `${i}\n`);
          expect((await collectPatch(wt, path.join(scratch, `p-${round}-${i}.diff`))).files).toEqual([`new-${i}.txt`]);
          await removeWorktree(repo, wt);
        }),
      );
    }
    expect(await worktrees(repo)).toBe(1);
  });

  it('unregisters a worktree whose link to the repository was deleted', async () => {
    const wt = path.join(scratch, 'wt');
    await createWorktree(repo, wt);
    await fs.rm(path.join(wt, '.git'));
    await removeWorktree(repo, wt);
    expect(existsSync(wt)).toBe(false);
    await sh(repo, 'git', ['worktree', 'prune']);
    expect(await worktrees(repo)).toBe(1);
  });
});
