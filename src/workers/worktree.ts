/**
 * Git worktrees for workers: a detached checkout of a commit, optionally with earlier workers'
 * patches applied, whose changes are later collected as one binary-safe patch. Paths go after
 * `--` and file lists are read with -z, so any name git can hold works.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';

/** Stored in the worktree's private git dir: the tree that the worker's changes are measured against. */
const BASE_FILE = 'codex-swarm-base';

/** Runs git in `cwd`; a failure throws with git's own message. */
export async function git(cwd: string, args: string[]): Promise<string> {
  const r = await execa('git', ['-c', 'core.quotePath=false', ...args], { cwd, reject: false, stripFinalNewline: false });
  if (r.failed) {
    const why = (r.stderr || r.stdout || (r.shortMessage ?? '')).trim();
    throw new Error(`git ${args[0]} failed: ${why}`);
  }
  return r.stdout;
}

export interface CreateWorktreeOptions {
  baseRef?: string;
  /** Absolute patch files applied in order on top of `baseRef` (earlier workers' changes). */
  patches?: string[];
}

export async function createWorktree(repoDir: string, dir: string, { baseRef = 'HEAD', patches = [] }: CreateWorktreeOptions = {}): Promise<void> {
  await fs.mkdir(path.dirname(dir), { recursive: true });
  await git(repoDir, ['worktree', 'add', '--detach', '--', path.resolve(dir), baseRef]);
  for (const patch of patches) {
    const stat = await fs.stat(patch);
    if (stat.size === 0) continue;
    try {
      await git(dir, ['apply', '--3way', '--whitespace=nowarn', '--', path.resolve(patch)]);
    } catch (err) {
      throw new Error(`could not apply ${path.basename(path.dirname(patch))}/${path.basename(patch)} in the worktree: ${(err as Error).message}`);
    }
  }
  // The upstream patches are staged (--3way implies --index); their tree is the worker's base.
  const base = (await git(dir, ['write-tree'])).trim();
  await fs.writeFile(await gitPath(dir, BASE_FILE), `${base}\n`);
}

export interface CollectedPatch {
  files: string[];
  patchPath: string | null;
}

/** The worktree's changes against its base, new, deleted and binary files included; null when none. */
export async function collectPatch(worktreeDir: string, outFile: string): Promise<CollectedPatch> {
  const base = await readBase(worktreeDir);
  await git(worktreeDir, ['add', '-A']);
  const files = (await git(worktreeDir, ['diff', '--cached', '--no-renames', '--name-only', '-z', base, '--']))
    .split('\0')
    .filter(Boolean);
  if (files.length === 0) return { files, patchPath: null };
  await fs.mkdir(path.dirname(outFile), { recursive: true });
  // Straight to the file: a text file in another encoding must keep its bytes.
  const output = `--output=${path.resolve(outFile)}`;
  await git(worktreeDir, ['diff', '--cached', '--no-renames', '--binary', '--full-index', '--no-color', '--no-ext-diff', output, base, '--']);
  return { files, patchPath: outFile };
}

/**
 * Removes the worktree and its registration; safe to call again or on a half-made one. Deleting
 * the folder and pruning is several times faster than `git worktree remove`, which inspects the
 * tree first; prune leaves worktrees still being added alone (git locks them while it adds).
 */
export async function removeWorktree(repoDir: string, dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
  await git(repoDir, ['worktree', 'prune']).catch(() => undefined);
}

async function gitPath(dir: string, name: string): Promise<string> {
  return path.resolve(dir, (await git(dir, ['rev-parse', '--git-path', name])).trim());
}

async function readBase(dir: string): Promise<string> {
  try {
    return (await fs.readFile(await gitPath(dir, BASE_FILE), 'utf8')).trim();
  } catch {
    return 'HEAD';
  }
}
