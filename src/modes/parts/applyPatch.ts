/** `apply`: a run's patch committed to the PR's branch or opened as a pull request, the same way for every kind of run that writes code. */
import * as core from '@actions/core';
import { createOctokit } from '../../github/client.js';
import type { PullRequestContext } from '../../github/pullRequest.js';
import { applyChanges } from '../../publish/outputs/applyChanges.js';
import { redact } from '../../util/redact.js';
import type { ModeContext, ModeDecision } from '../types.js';

/** Under a push or pull request made with the default token: GitHub starts no workflow for it. */
const DEFAULT_TOKEN_NOTE =
  "> ⚠️ Made with the workflow's token (`github-token`, GITHUB_TOKEN by default): GitHub starts no workflow for pushes and pull requests made with GITHUB_TOKEN, " +
  'so no check runs on them. Pass a GitHub App or fine-grained token as `apply-token` to have them run (README: "Apply with your own token").';

/** Applies the patch as `apply` says; the line that tells the user what happened (`**Changes:** …`), or null with `apply: none`. */
export async function applyPatch(
  { inputs, ctx, octokit }: ModeContext<ModeDecision>,
  a: { patchFile: string; pr: PullRequestContext | null; runKey: string; summary: string },
): Promise<string | null> {
  const mode = inputs.apply;
  if (mode === 'none') return null;
  const own = inputs['apply-token'];
  const result = await applyChanges({
    mode,
    repoDir: ctx.workspace,
    combinedPatch: a.patchFile,
    octokit: own ? createOctokit(own, { rateLimitWaitSeconds: inputs['rate-limit-wait-minutes'] * 60 }) : octokit,
    owner: ctx.owner,
    repo: ctx.repo,
    ...(a.pr ? { prNumber: a.pr.number } : {}),
    // Without a PR: the branch the workflow ran on, and a PR into it.
    headRef: a.pr?.headRef ?? ctx.refName,
    baseRef: a.pr?.baseRef ?? ctx.refName,
    runId: a.runKey,
    summary: a.summary,
    isFork: a.pr?.isFork ?? false,
    token: own || inputs['github-token'],
    tokenFirst: Boolean(own),
  }).catch((err: Error) => ({ error: redact(err.message) }));
  let line: string;
  if ('error' in result) line = `apply (${mode}) failed: ${result.error}`;
  else if (result.skipped) line = `apply (${mode}) skipped: ${result.skipped}`;
  else if (result.pullRequestUrl) line = `apply: opened ${result.pullRequestUrl} from branch \`${result.branch}\``;
  else line = `apply: pushed ${result.commitSha?.slice(0, 7) ?? 'a commit'} to \`${result.branch ?? a.pr?.headRef}\``;
  if ('error' in result || result.skipped) core.warning(`codex-swarm: ${line}`);
  else core.info(`codex-swarm: ${line}`);
  // The comment keeps about 1,000 characters spare for this line; a long git error is clipped.
  const shown = line.length > 450 ? `${line.slice(0, 449)}… (see the job log)` : line;
  return `**Changes:** ${shown}${'pushed' in result && result.pushed && !own ? `\n\n${DEFAULT_TOKEN_NOTE}` : ''}`;
}
