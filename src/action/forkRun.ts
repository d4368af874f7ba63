/**
 * A fork's pull-request run: GitHub gives it no secrets and a read-only token. Without a model it
 * is skipped with one notice (a green check, not a red one on every fork PR), and a maintainer can
 * run the review from a comment, which runs in the base repository. With a model (a key-less
 * endpoint, or a repository that sends secrets to forks) it runs and writes nothing to GitHub: one
 * warning says so, and the report is in the job summary and the findings in the annotations.
 */
import * as core from '@actions/core';
import type { ActionInputs } from '../config/inputs.js';
import { isForkPullRequestRun } from '../github/forkRun.js';
import type { RunContext } from '../github/runContext.js';
import { setOutputs } from '../publish/outputs/stepOutputs.js';
import type { RunDecision } from '../trigger/route.js';

/** No engine of the run can reach a model: no key and no endpoint of its own for either. */
const noModel = (inputs: ActionInputs): boolean =>
  !inputs['openai-api-key'] && !inputs['responses-api-endpoint'] && !inputs['anthropic-api-key'] && !inputs['anthropic-base-url'];

/**
 * The inputs a fork's run goes on with, or null after skipping it (notice given, outputs set).
 * Any other run keeps its inputs.
 */
export function forkRunInputs(inputs: ActionInputs, ctx: RunContext, decision: RunDecision): ActionInputs | null {
  if (!isForkPullRequestRun(ctx)) return inputs;
  const dryRun = inputs['dry-run'] || decision.dryRun === true;
  if (noModel(inputs) && !dryRun) {
    core.notice(
      `codex-swarm did not run: this pull request comes from a fork, and GitHub gives a fork's pull_request run no secrets, so the workers have no model key. ` +
        `A maintainer can comment \`${inputs['trigger-phrase']} ${decision.command}\` on the pull request to run it (the comment bot runs in this repository, with its secrets).`,
      { title: 'codex-swarm: fork pull request' },
    );
    setOutputs({ conclusion: 'skipped' });
    return null;
  }
  core.warning(
    `codex-swarm: this pull request comes from a fork, and GitHub gives a fork's pull_request run a read-only token: no comment, review or check run is written. ` +
      `The report is in this job's summary; a maintainer can comment \`${inputs['trigger-phrase']} ${decision.command}\` to have it on the pull request.`,
  );
  // Every write would be answered 403: none is tried (a check run is, once: its 403 is the fallback to annotations).
  return { ...inputs, comment: 'off', 'inline-comments': false, apply: 'none' };
}
