/**
 * The `apply` input: puts the swarm's combined patch on GitHub. `commit` commits it on top of the
 * branch's current tip and pushes it there; `pull-request` pushes it to a new branch
 * `codex-swarm/<runId>` and opens a pull request into the branch. Work happens in a scratch
 * worktree of the fetched tip, so the user's checkout is left as it was. Fork PRs are never
 * pushed to. Failures throw with what to do; the caller turns them into a warning.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GitHubClient } from '../../github/client.js';
import { SELF_MARKER } from '../comment/markers.js';
import { redact } from '../../util/redact.js';
import { git } from '../../git/git.js';
import { createWorktree, removeWorktree } from '../../workers/worktree.js';

export const BOT_NAME = 'github-actions[bot]';
export const BOT_EMAIL = '41898282+github-actions[bot]@users.noreply.github.com';
const PR_BODY_MAX_CHARS = 60_000;

export interface ApplyChangesOptions {
  mode: 'commit' | 'pull-request';
  /** The checkout; its `origin` is the repository pushed to. */
  repoDir: string;
  /** Absolute path of combined.patch. */
  combinedPatch: string;
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** The PR the run was for; without one, `pull-request` targets `baseRef`. */
  prNumber?: number;
  /** The branch the changes belong on: the PR's head branch, or the branch the run checked out. */
  headRef: string;
  /** The repository's default branch: the pull request's base when there is no PR (else headRef). */
  baseRef: string;
  runId: string;
  /** What changed, for the commit message and the pull request body (redacted here). */
  summary: string;
  isFork: boolean;
  /** Used for fetch and push when the checkout has no credentials of its own (passed to git by environment, never in arguments). */
  token?: string;
  /**
   * `token` is the user's `apply-token`: used even where the checkout keeps credentials of its own
   * (actions/checkout persists GITHUB_TOKEN, and a push made with that starts no workflow).
   */
  tokenFirst?: boolean;
}

export interface ApplyChangesResult {
  mode: ApplyChangesOptions['mode'];
  pushed: boolean;
  branch?: string;
  commitSha?: string;
  pullRequestUrl?: string;
  /** Why nothing was pushed, when nothing was. */
  skipped?: string;
}

export class ApplyError extends Error {}

export function swarmBranchName(runId: string): string {
  return `codex-swarm/${runId.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+|[.]+$/g, '') || 'run'}`;
}

export async function applyChanges(o: ApplyChangesOptions): Promise<ApplyChangesResult> {
  const skip = (skipped: string): ApplyChangesResult => ({ mode: o.mode, pushed: false, skipped });
  if (o.isFork) return skip('the pull request comes from a fork: codex-swarm never pushes to a fork (the patch is in the artifact)');
  const size = await fs.stat(o.combinedPatch).then(
    (s) => s.size,
    () => 0,
  );
  if (size === 0) return skip('there are no changes to apply');
  if (!o.headRef) throw new ApplyError('apply needs the branch to build on (headRef), and none was given');

  const tip = await fetchBranchTip(o.repoDir, o.headRef, o);
  const scratch = await fs.mkdtemp(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'codex-swarm-apply-'));
  const wt = path.join(scratch, 'worktree');
  try {
    await createWorktree(o.repoDir, wt, { baseRef: tip });
    try {
      await git(wt, ['apply', '--3way', '--whitespace=nowarn', '--', o.combinedPatch]);
    } catch (err) {
      throw new ApplyError(`The swarm's changes do not apply to ${o.headRef} (now at ${tip.slice(0, 12)}); has the branch moved on? ${oneLine(err)}`);
    }
    await git(wt, ['add', '-A']);
    if (!(await git(wt, ['diff', '--cached', '--name-only'])).trim()) return skip(`${o.headRef} already has these changes`);

    const branch = o.mode === 'commit' ? o.headRef : swarmBranchName(o.runId);
    const subject =
      o.mode === 'commit'
        ? `codex-swarm: apply the changes of run ${o.runId}`
        : `codex-swarm: changes of run ${o.runId}${o.prNumber ? ` for #${o.prNumber}` : ''}`;
    await git(wt, [
      '-c',
      `user.name=${BOT_NAME}`,
      '-c',
      `user.email=${BOT_EMAIL}`,
      '-c',
      'commit.gpgsign=false',
      'commit',
      '--no-verify',
      '-q',
      '-m',
      subject,
      '-m',
      redact(o.summary.trim() || 'No summary.'),
    ]);
    const commitSha = (await git(wt, ['rev-parse', 'HEAD'])).trim();
    await remoteGit(wt, ['push', '--no-verify', 'origin', `HEAD:refs/heads/${branch}`], o).catch((err) => {
      const why = oneLine(err);
      const hint = /non-fast-forward|fetch first/.test(why)
        ? `${branch} has commits this run has not seen (pushed meanwhile, or left by an earlier attempt)`
        : 'the workflow needs `contents: write` permission, and the branch must accept pushes from GitHub Actions';
      throw new ApplyError(`Could not push to ${branch}: ${why}. ${hint}.`);
    });
    if (o.mode === 'commit') return { mode: o.mode, pushed: true, branch, commitSha };

    const base = o.prNumber ? o.headRef : o.baseRef || o.headRef;
    const body = redact(
      `${SELF_MARKER}\n${o.summary.trim()}\n\n---\nOpened by codex-swarm from run \`${o.runId}\`${o.prNumber ? ` on #${o.prNumber}` : ''}. Merge it to take the changes into \`${base}\`.`,
    ).slice(0, PR_BODY_MAX_CHARS);
    try {
      const { data } = await o.octokit.rest.pulls.create({ owner: o.owner, repo: o.repo, title: subject, head: branch, base, body });
      return { mode: o.mode, pushed: true, branch, commitSha, pullRequestUrl: data.html_url };
    } catch (err) {
      throw new ApplyError(
        `Pushed ${branch} but could not open a pull request into ${base}: ${oneLine(err)}. The workflow needs \`pull-requests: write\` permission (and "Allow GitHub Actions to create pull requests" in the repository settings).`,
      );
    }
  } finally {
    await removeWorktree(o.repoDir, wt);
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

/** The branch's current tip on origin; a shallow checkout stays shallow. */
async function fetchBranchTip(repoDir: string, ref: string, auth: RemoteAuth): Promise<string> {
  const shallow = (await git(repoDir, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';
  try {
    await remoteGit(repoDir, ['fetch', '--no-tags', ...(shallow ? ['--depth=1'] : []), 'origin', `refs/heads/${ref}`], auth);
  } catch (err) {
    throw new ApplyError(`Could not fetch ${ref} from origin: ${oneLine(err)}`);
  }
  return (await git(repoDir, ['rev-parse', 'FETCH_HEAD'])).trim();
}

type RemoteAuth = Pick<ApplyChangesOptions, 'token' | 'tokenFirst'>;

/**
 * git against origin, never prompting. A token goes through a credential helper reading it from
 * the environment, so it is in no argument list or log; credentials the checkout already has
 * (actions/checkout's extraheader) take precedence, as git only asks the helper after a 401 —
 * unless `tokenFirst`, which empties those headers for this call.
 */
export async function remoteGit(cwd: string, args: string[], { token, tokenFirst = false }: RemoteAuth): Promise<void> {
  const auth = token
    ? [
        ...(tokenFirst ? await withoutExtraHeaders(cwd) : []),
        '-c',
        'credential.helper=',
        '-c',
        'credential.helper=!f() { test "$1" = get && echo username=x-access-token && echo "password=$CODEX_SWARM_GIT_TOKEN"; }; f',
      ]
    : [];
  await git(cwd, [...auth, ...args], { GIT_TERMINAL_PROMPT: '0', ...(token ? { CODEX_SWARM_GIT_TOKEN: token } : {}) });
}

/** `-c <key>=` for each `http.*.extraheader` the checkout sets: an empty value resets git's list of extra headers. */
async function withoutExtraHeaders(cwd: string): Promise<string[]> {
  const listed = await git(cwd, ['config', '--get-regexp', '^http\\..*extraheader$']).catch(() => '');
  const keys = new Set(listed.split('\n').flatMap((line) => (line.trim() ? [line.split(' ')[0]] : [])));
  return [...keys].flatMap((key) => ['-c', `${key}=`]);
}

function oneLine(err: unknown): string {
  return redact((err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, '; '));
}
