/**
 * What a run needs to know about a pull request. An `issue_comment` payload carries no head SHA or
 * file list, so this always asks the API, whatever the trigger.
 */
import type { GitHubClient } from './client.js';

export interface PullRequestFile {
  /** The path in the PR's head (the new path of a rename). */
  path: string;
  /** Lines added plus lines removed: only relative sizes matter, for sharding. */
  size: number;
  status: string;
  /** The old path, for renames. */
  previousPath?: string;
  /** The file's diff hunks (absent for binary and very large files): where inline comments may go. */
  patch?: string;
}

export interface PullRequestContext {
  number: number;
  title: string;
  /** Untrusted: sanitise before it reaches a prompt. */
  body: string;
  draft: boolean;
  headSha: string;
  headRef: string;
  /** `owner/name` of the head repository, or null when that fork was deleted. */
  headRepoFullName: string | null;
  baseRef: string;
  baseSha: string;
  /** Head in another repository (or a deleted one): never push to it. */
  isFork: boolean;
  htmlUrl: string;
  /** Files that exist in the head; removed files are left out because there is nothing to work on. */
  changedFiles: PullRequestFile[];
}

export async function getPullRequestContext(octokit: GitHubClient, ref: { owner: string; repo: string; number: number }): Promise<PullRequestContext> {
  const params = { owner: ref.owner, repo: ref.repo, pull_number: ref.number };
  const [{ data: pr }, files] = await Promise.all([
    octokit.rest.pulls.get(params),
    octokit.paginate(octokit.rest.pulls.listFiles, { ...params, per_page: 100 }),
  ]);
  const headRepoFullName = pr.head.repo?.full_name ?? null;
  return {
    number: pr.number,
    title: pr.title,
    body: pr.body ?? '',
    draft: pr.draft ?? false,
    headSha: pr.head.sha,
    headRef: pr.head.ref,
    headRepoFullName,
    baseRef: pr.base.ref,
    baseSha: pr.base.sha,
    isFork: headRepoFullName === null || headRepoFullName.toLowerCase() !== pr.base.repo.full_name.toLowerCase(),
    htmlUrl: pr.html_url,
    changedFiles: files
      .filter((f) => f.status !== 'removed')
      .map((f) => ({
        path: f.filename,
        size: f.additions + f.deletions,
        status: f.status,
        ...(f.previous_filename ? { previousPath: f.previous_filename } : {}),
        ...(f.patch ? { patch: f.patch } : {}),
      })),
  };
}
