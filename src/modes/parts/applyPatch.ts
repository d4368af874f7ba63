/** `apply`: a run's patch committed to the PR's branch or opened as a pull request, the same way for every kind of run that writes code. */
import * as core from '@actions/core';
import type { PullRequestContext } from '../../github/pullRequest.js';
import { applyChanges } from '../../publish/outputs/applyChanges.js';
import { redact } from '../../util/redact.js';
import type { ModeContext, ModeDecision } from '../types.js';

/** Applies the patch as `apply` says; the line that tells the user what happened (`**Changes:** …`), or null with `apply: none`. */
export async function applyPatch(
  { inputs, ctx, octokit }: ModeContext<ModeDecision>,
  a: { patchFile: string; pr: PullRequestContext | null; runKey: string; summary: string },
): Promise<string | null> {
  const mode = inputs.apply;
  if (mode === 'none') return null;
  const result = await applyChanges({
    mode,
    repoDir: ctx.workspace,
    combinedPatch: a.patchFile,
    octokit,
    owner: ctx.owner,
    repo: ctx.repo,
    ...(a.pr ? { prNumber: a.pr.number } : {}),
    // Without a PR: the branch the workflow ran on, and a PR into it.
    headRef: a.pr?.headRef ?? ctx.refName,
    baseRef: a.pr?.baseRef ?? ctx.refName,
    runId: a.runKey,
    summary: a.summary,
    isFork: a.pr?.isFork ?? false,
    token: inputs['github-token'],
  }).catch((err: Error) => ({ error: redact(err.message) }));
  let line: string;
  if ('error' in result) line = `apply (${mode}) failed: ${result.error}`;
  else if (result.skipped) line = `apply (${mode}) skipped: ${result.skipped}`;
  else if (result.pullRequestUrl) line = `apply: opened ${result.pullRequestUrl} from branch \`${result.branch}\``;
  else line = `apply: pushed ${result.commitSha?.slice(0, 7) ?? 'a commit'} to \`${result.branch ?? a.pr?.headRef}\``;
  if ('error' in result || result.skipped) core.warning(`codex-swarm: ${line}`);
  else core.info(`codex-swarm: ${line}`);
  // The comment keeps about 1,000 characters spare for this line; a long git error is clipped.
  return `**Changes:** ${line.length > 600 ? `${line.slice(0, 599)}… (see the job log)` : line}`;
}
