import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { collectPatch } from '../../src/workers/worktree.js';
import { WorktreePool } from '../../src/workers/worktreePool.js';
import { head, makeRepo, sh, tempDir, worktrees } from './gitRepo.js';

describe('WorktreePool', () => {
  let repo: string;
  let scratch: string;
  let pool: WorktreePool;
  beforeEach(async () => {
    repo = await makeRepo({ 'a.txt': 'a\n', '.gitignore': 'build/\n', 'src/b.txt': 'b\n' });
    scratch = await tempDir('pool');
    pool = new WorktreePool(repo, path.join(scratch, 'worktrees'));
  });
  afterEach(async () => {
    await pool.dispose();
    await fs.rm(repo, { recursive: true, force: true });
    await fs.rm(scratch, { recursive: true, force: true });
  });

  it('hands a released worktree to the next worker as fresh as a new one, whatever the last worker did', async () => {
    const base = (await head(repo)).trim();
    const first = await pool.acquire();
    await fs.writeFile(path.join(first, 'a.txt'), 'changed\n');
    await fs.rm(path.join(first, 'src/b.txt'));
    await fs.writeFile(path.join(first, 'new.txt'), 'new\n');
    await fs.mkdir(path.join(first, 'build'));
    await fs.writeFile(path.join(first, 'build/out.js'), 'ignored output\n');
    // A worker that commits on a branch of its own.
    await sh(first, 'git', ['checkout', '-qb', 'worker-branch']);
    await sh(first, 'git', ['add', '-A']);
    await sh(first, 'git', ['-c', 'user.name=w', '-c', 'user.email=w@x', 'commit', '-qm', 'worker commit']);
    const workerCommit = (await head(first)).trim();
    pool.release(first);

    const second = await pool.acquire();
    expect(second).toBe(first);
    expect(await fs.readFile(path.join(second, 'a.txt'), 'utf8')).toBe('a\n');
    expect(await fs.readFile(path.join(second, 'src/b.txt'), 'utf8')).toBe('b\n');
    expect(existsSync(path.join(second, 'new.txt'))).toBe(false);
    expect(existsSync(path.join(second, 'build'))).toBe(false);
    expect((await head(second)).trim()).toBe(base);
    expect(await sh(second, 'git', ['status', '--porcelain', '--ignored'])).toBe('');
    // The branch the worker made is left alone.
    expect((await sh(repo, 'git', ['rev-parse', 'worker-branch'])).trim()).toBe(workerCommit);
    // The next worker's patch holds only its own change.
    await fs.writeFile(path.join(second, 'mine.txt'), 'mine\n');
    expect((await collectPatch(second, path.join(scratch, 'p.diff'))).files).toEqual(['mine.txt']);
    expect(await worktrees(repo)).toBe(2);
  });

  it('applies upstream patches to a reused worktree and measures the worker against them', async () => {
    const coder = await pool.acquire();
    await fs.writeFile(path.join(coder, 'feature.txt'), 'feature\n');
    const patch = (await collectPatch(coder, path.join(scratch, 'coder.diff'))).patchPath!;
    pool.release(coder);

    const tester = await pool.acquire([patch]);
    expect(tester).toBe(coder);
    expect(await fs.readFile(path.join(tester, 'feature.txt'), 'utf8')).toBe('feature\n');
    await fs.writeFile(path.join(tester, 'feature.test.txt'), 'test\n');
    expect((await collectPatch(tester, path.join(scratch, 'tester.diff'))).files).toEqual(['feature.test.txt']);
  });

  it('gives workers running at the same time worktrees of their own, and never reuses a discarded one', async () => {
    const [a, b] = await Promise.all([pool.acquire(), pool.acquire()]);
    expect(a).not.toBe(b);
    await pool.discard(a);
    expect(existsSync(a)).toBe(false);
    pool.release(a);
    const c = await pool.acquire();
    expect(c).not.toBe(a);
    expect(c).not.toBe(b);
    expect(await worktrees(repo)).toBe(3);
  });

  it('starts from the checkout as it was at the first worker, and removes everything at the end', async () => {
    const first = await pool.acquire();
    await sh(repo, 'git', ['-c', 'user.name=u', '-c', 'user.email=u@x', 'commit', '-q', '--allow-empty', '-m', 'meanwhile']);
    const second = await pool.acquire();
    expect((await head(second)).trim()).toBe((await head(first)).trim());
    await pool.dispose();
    expect(existsSync(first)).toBe(false);
    expect(existsSync(second)).toBe(false);
    expect(await worktrees(repo)).toBe(1);
  });
});
