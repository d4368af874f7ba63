/**
 * The file set a plan works on: the repository's tracked files or a pull request's changed files,
 * narrowed by the `paths` globs.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { git } from '../git/git.js';
import type { SwarmRequest } from './types.js';

export interface FileEntry {
  /** Relative to the repository root, with `/` separators. */
  path: string;
  /** Bytes for repository files; lines changed for a pull request's files. Only relative sizes matter. */
  size: number;
}

/** A pull request's changed file as the caller has it (GitHub's `filename`/`changes`/`status`). */
export interface ChangedFile {
  path: string;
  changes?: number;
  status?: string;
}

export type FileSource = 'pull-request' | 'repository';

/** Stats at most this many files at once, so a huge repository does not flood the thread pool. */
const STAT_BATCH = 256;

/** Tracked files (`git ls-files -z`, so any name git can hold survives) with their sizes on disk. */
export async function listRepositoryFiles(repoDir: string): Promise<FileEntry[]> {
  const stdout = await git(repoDir, ['ls-files', '-z']);
  const paths = stdout.split('\0').filter(Boolean);
  const entries: FileEntry[] = [];
  for (let i = 0; i < paths.length; i += STAT_BATCH) {
    const batch = paths.slice(i, i + STAT_BATCH);
    const stats = await Promise.all(batch.map((p) => fs.lstat(path.join(repoDir, p)).catch(() => null)));
    batch.forEach((p, j) => {
      const st = stats[j];
      // A submodule is a tracked directory; a file deleted in the working tree has no stat.
      if (st && !st.isDirectory()) entries.push({ path: p, size: st.size });
    });
  }
  return entries;
}

/** A pull request's changed files as a file set; removed files are gone from the checkout, so they are left out. */
export function changedFilesAsFileSet(changed: ChangedFile[]): FileEntry[] {
  return changed.filter((f) => f.status !== 'removed').map((f) => ({ path: f.path, size: f.changes ?? 0 }));
}

/**
 * Where a command's files come from: `audit` always covers the repository; the other commands
 * take a pull request's changed files when there are any (`changedFiles` given), else the repository's.
 */
export async function listFiles(args: {
  repoDir: string;
  command: SwarmRequest['command'];
  changedFiles?: ChangedFile[];
}): Promise<{ files: FileEntry[]; fileSource: FileSource }> {
  if (args.command !== 'audit' && args.changedFiles) {
    return { files: changedFilesAsFileSet(args.changedFiles), fileSource: 'pull-request' };
  }
  return { files: await listRepositoryFiles(args.repoDir), fileSource: 'repository' };
}

export interface PathFilter {
  includes: string[];
  excludes: string[];
  matches(file: string): boolean;
}

/**
 * Compiles `paths` globs (picomatch, dotfiles included). A pattern without wildcards also matches
 * everything under it, so `src` means `src` and `src/**`; a leading `!` excludes. No include
 * pattern means every file. `*` stays within one folder: `**\/*.ts` reaches every depth.
 */
export function compilePathFilter(globs: string[]): PathFilter {
  const cleaned = globs.map((g) => g.trim()).filter(Boolean);
  const includes = cleaned.filter((g) => !g.startsWith('!'));
  const excludes = cleaned.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  const include = includes.length ? anyOf(includes) : () => true;
  const exclude = excludes.length ? anyOf(excludes) : () => false;
  return { includes, excludes, matches: (file) => include(file) && !exclude(file) };
}

export function filterFiles<T extends { path: string }>(files: T[], globs: string[]): T[] {
  const filter = compilePathFilter(globs);
  return files.filter((f) => filter.matches(f.path));
}

/** Include patterns that match none of `files`, to explain an empty selection. */
export function unmatchedIncludes(files: { path: string }[], globs: string[]): string[] {
  return compilePathFilter(globs).includes.filter((g) => !files.some((f) => anyOf([g])(f.path)));
}

function anyOf(patterns: string[]): (file: string) => boolean {
  const expanded = patterns.flatMap((p) => {
    const bare = p.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
    if (bare === '' || bare === '.') return ['**'];
    return picomatch.scan(bare).isGlob ? [bare] : [bare, `${bare}/**`];
  });
  return picomatch(expanded, { dot: true });
}
