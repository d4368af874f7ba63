/**
 * What an interrupted CLI run leaves: its scratch folder in the temp dir (`codex-swarm-<run id>`,
 * holding the workers' worktrees) and those worktrees' registrations in the repository. A second
 * Ctrl-C quits at once, so the next run and `codex-swarm clean` remove them — only codex-swarm's
 * own (by that name), and only of runs that are over: each scratch folder names the process that
 * owns it, and a folder whose owner still runs is left alone.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { git } from '../git/git.js';

/** `codex-swarm-20261201-202747-d9f3`: the scratch folder of one run. */
const SCRATCH_NAME = /^codex-swarm-\d{8}-\d{6}-[0-9a-f]{4}$/;
const OWNER_FILE = 'owner.json';
/** A scratch folder without its owner file is taken for a run's own only this long after it was made. */
const UNOWNED_GRACE_MS = 60_000;

export function scratchDirFor(runId: string, tmpDir = os.tmpdir()): string {
  return path.join(tmpDir, `codex-swarm-${runId}`);
}

/** Makes the run's scratch folder and records who owns it, so no other run's cleanup takes it. */
export async function claimScratchDir(scratchDir: string, repoDir: string): Promise<void> {
  await fs.mkdir(scratchDir, { recursive: true });
  await fs.writeFile(path.join(scratchDir, OWNER_FILE), JSON.stringify({ pid: process.pid, repoDir }));
}

export interface Leftovers {
  /** Worktree registrations removed from the repository. */
  worktrees: number;
  /** Scratch folders removed from the temp dir. */
  folders: string[];
}

/** Removes the worktrees and scratch folders that finished or killed runs on `repoDir` left. */
export async function removeLeftovers(repoDir: string, tmpDir = os.tmpdir()): Promise<Leftovers> {
  const repo = await fs.realpath(repoDir);
  const stale = async (scratch: string) => (await ownerOf(scratch)) === 'gone';
  const removed: Leftovers = { worktrees: 0, folders: [] };

  const commonDir = path.resolve(repo, (await git(repo, ['rev-parse', '--git-common-dir'])).trim());
  const adminRoot = path.join(commonDir, 'worktrees');
  for (const name of await fs.readdir(adminRoot).catch(() => [] as string[])) {
    const adminDir = path.join(adminRoot, name);
    const gitFile = (await fs.readFile(path.join(adminDir, 'gitdir'), 'utf8').catch(() => '')).trim();
    const scratch = scratchOf(gitFile);
    if (!scratch || !(await stale(scratch))) continue;
    await fs.rm(path.dirname(gitFile), { recursive: true, force: true });
    await fs.rm(adminDir, { recursive: true, force: true });
    removed.worktrees++;
  }

  for (const name of await fs.readdir(tmpDir).catch(() => [] as string[])) {
    if (!SCRATCH_NAME.test(name)) continue;
    const scratch = path.join(tmpDir, name);
    const owner = await readOwner(scratch);
    if (owner && owner.repoDir !== repo && owner.repoDir !== repoDir) continue;
    if (!(await stale(scratch))) continue;
    await fs.rm(scratch, { recursive: true, force: true });
    removed.folders.push(scratch);
  }
  return removed;
}

/** The scratch folder a worktree lives in, when it is one of codex-swarm's; else null. */
function scratchOf(worktreeGitFile: string): string | null {
  const parts = worktreeGitFile.split(path.sep);
  const at = parts.findIndex((p) => SCRATCH_NAME.test(p));
  return at > 0 ? parts.slice(0, at + 1).join(path.sep) : null;
}

interface Owner {
  pid: number;
  repoDir: string;
}

async function readOwner(scratch: string): Promise<Owner | null> {
  try {
    const owner = JSON.parse(await fs.readFile(path.join(scratch, OWNER_FILE), 'utf8')) as Partial<Owner>;
    return typeof owner.pid === 'number' && typeof owner.repoDir === 'string' ? { pid: owner.pid, repoDir: owner.repoDir } : null;
  } catch {
    return null;
  }
}

async function ownerOf(scratch: string): Promise<'running' | 'gone'> {
  const owner = await readOwner(scratch);
  if (owner) return owner.pid !== process.pid && !isAlive(owner.pid) ? 'gone' : 'running';
  const stat = await fs.stat(scratch).catch(() => null);
  // Missing: its run removed it, or it is one a worktree registration still names. Unowned and
  // fresh: a run between making the folder and writing its owner file.
  return !stat || Date.now() - stat.mtimeMs > UNOWNED_GRACE_MS ? 'gone' : 'running';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, as another user's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** For messages: what was removed, or null when nothing was. */
export function describeLeftovers({ worktrees, folders }: Leftovers): string | null {
  if (!worktrees && !folders.length) return null;
  const parts = [
    ...(worktrees ? [`${worktrees} worktree${worktrees === 1 ? '' : 's'}`] : []),
    ...(folders.length ? [`${folders.length} temp folder${folders.length === 1 ? '' : 's'}`] : []),
  ];
  return `removed ${parts.join(' and ')} an interrupted run left behind`;
}
