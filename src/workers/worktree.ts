/**
 * Git worktrees for workers: a detached checkout of a commit, optionally with earlier workers'
 * patches applied, whose changes are later collected as one binary-safe patch. Paths go after
 * `--` and file lists are read with -z, so any name git can hold works.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { git } from '../git/git.js';

/** Stored in the worktree's private git dir: the tree that the worker's changes are measured against. */
const BASE_FILE = 'codex-swarm-base';

export interface CreateWorktreeOptions {
  baseRef?: string;
  /** Absolute patch files applied in order on top of `baseRef` (earlier workers' changes). */
  patches?: string[];
}

/**
 * Registering and unregistering worktrees of one repository, one at a time: git's own `worktree
 * add` is not safe to run in parallel (one add can read another's half-written admin files and
 * die with "failed to read …/commondir"). The checkout itself runs outside, in parallel.
 */
const registrations = new Map<string, Promise<unknown>>();

function registering<T>(repoDir: string, fn: () => Promise<T>): Promise<T> {
  const key = path.resolve(repoDir);
  const next = (registrations.get(key) ?? Promise.resolve()).then(fn, fn);
  registrations.set(
    key,
    next.catch(() => undefined),
  );
  return next;
}

export async function createWorktree(repoDir: string, dir: string, { baseRef = 'HEAD', patches = [] }: CreateWorktreeOptions = {}): Promise<void> {
  await fs.mkdir(path.dirname(dir), { recursive: true });
  await registering(repoDir, () => git(repoDir, ['worktree', 'add', '--no-checkout', '--detach', '--', path.resolve(dir), baseRef]));
  // Parallel checkout (one process per core; git keeps small checkouts sequential): creating files
  // is latency-bound on many runners' disks, and a large repository checks out several times faster.
  await git(dir, ['-c', 'checkout.workers=0', 'reset', '--hard', '--quiet', 'HEAD']);
  await prepareBase(dir, patches);
}

/**
 * Turns a worktree a finished worker used into a fresh one at `commit` (a full commit id: the
 * worktree's own HEAD may have moved): only the files that worker touched are rewritten, so on a
 * large repository this costs a fraction of a new checkout.
 */
export async function resetWorktree(dir: string, commit: string, patches: string[] = []): Promise<void> {
  // Detached, so a branch the last worker made or checked out here is left where it was.
  await git(dir, ['checkout', '--quiet', '--force', '--detach', commit]);
  await git(dir, ['clean', '-ffdxq']);
  await prepareBase(dir, patches);
}

/** Applies the upstream patches and records the tree the worker's changes are measured against. */
async function prepareBase(dir: string, patches: string[]): Promise<void> {
  for (const patch of patches) {
    const stat = await fs.stat(patch);
    if (stat.size === 0) continue;
    try {
      await git(dir, ['apply', '--3way', '--whitespace=nowarn', '--', path.resolve(patch)]);
    } catch (err) {
      throw new Error(`could not apply ${path.basename(path.dirname(patch))}/${path.basename(patch)} in the worktree: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
  const adminDir = await worktreeAdminDir(dir);
  if (!adminDir) throw new Error(`${dir} is not a usable worktree: its .git link to the repository is missing or broken`);
  // The upstream patches are staged (--3way implies --index): their tree is the worker's base.
  // Without any, the detached commit (HEAD as git wrote it) is, read without another git process.
  const applied = patches.length > 0;
  const base = applied ? (await git(dir, ['write-tree'])).trim() : (await fs.readFile(path.join(adminDir, 'HEAD'), 'utf8')).trim();
  await fs.writeFile(path.join(adminDir, BASE_FILE), `${base}\n`);
}

export interface CollectedPatch {
  files: string[];
  patchPath: string | null;
}

/** The worktree's changes against its base, new, deleted and binary files included; null when none. */
export async function collectPatch(worktreeDir: string, outFile: string): Promise<CollectedPatch> {
  const base = await readBase(worktreeDir);
  await git(worktreeDir, ['add', '-A']);
  const files = (await git(worktreeDir, ['diff', '--cached', '--no-renames', '--name-only', '-z', base, '--'])).split('\0').filter(Boolean);
  if (files.length === 0) return { files, patchPath: null };
  await fs.mkdir(path.dirname(outFile), { recursive: true });
  // Straight to the file: a text file in another encoding must keep its bytes.
  const output = `--output=${path.resolve(outFile)}`;
  await git(worktreeDir, ['diff', '--cached', '--no-renames', '--binary', '--full-index', '--no-color', '--no-ext-diff', output, base, '--']);
  return { files, patchPath: outFile };
}

/**
 * Removes the worktree and its registration; safe to call again or on a half-made one. Deleting
 * the folder and the worktree's own admin folder is several times faster than `git worktree
 * remove`, which inspects the tree first; and it does not run `git worktree prune`, which reads
 * every worktree's admin files while another worker's add may be writing them.
 */
export async function removeWorktree(repoDir: string, dir: string): Promise<void> {
  const adminDir = await worktreeAdminDir(dir);
  if (!adminDir && existsSync(dir)) {
    // No readable link to its admin folder (a half-made worktree): let git find it.
    await registering(repoDir, () => git(repoDir, ['worktree', 'remove', '--force', '--force', '--', path.resolve(dir)])).catch(() => undefined);
  }
  await fs.rm(dir, { recursive: true, force: true });
  if (adminDir) await registering(repoDir, () => fs.rm(adminDir, { recursive: true, force: true }));
}

/**
 * `<repo>/.git/worktrees/<name>` of a worktree, read from its `.git` file and accepted only when
 * that folder's `gitdir` points back at this worktree; null otherwise.
 */
async function worktreeAdminDir(dir: string): Promise<string | null> {
  const link = await fs.readFile(path.join(dir, '.git'), 'utf8').catch(() => '');
  const admin = /^gitdir: (.+)$/m.exec(link)?.[1]?.trim();
  if (!admin) return null;
  const adminDir = path.resolve(dir, admin);
  const back = await fs.readFile(path.join(adminDir, 'gitdir'), 'utf8').catch(() => '');
  const same = async (a: string, b: string) => (await fs.realpath(a).catch(() => a)) === (await fs.realpath(b).catch(() => b));
  return back.trim() && (await same(path.resolve(adminDir, back.trim()), path.join(dir, '.git'))) ? adminDir : null;
}

/** What the worker's changes are measured against; HEAD for a worktree made elsewhere. */
async function readBase(dir: string): Promise<string> {
  const adminDir = await worktreeAdminDir(dir);
  const base = adminDir ? await fs.readFile(path.join(adminDir, BASE_FILE), 'utf8').catch(() => '') : '';
  return base.trim() || 'HEAD';
}
