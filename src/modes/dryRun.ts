/**
 * `dry-run: true` or `/swarm … --dry-run`: the plan as it would run — each worker's role, files,
 * prompt size and the memory patterns it would be given — posted as a reply on the pull request
 * (not in the sticky comment, whose state the next real run needs), in the job summary and the
 * log. No key is needed: no model is called and no Codex is installed; memory is synced only to be
 * read (nothing is uploaded or consolidated).
 */
import * as core from '@actions/core';
import type { PullRequestContext } from '../github/pullRequest.js';
import { loadMemoryFile } from '../memory/persist.js';
import { createSwarmMemory } from '../memory/swarmMemory.js';
import type { Plan } from '../plan/types.js';
import { replyToComment } from '../publish/comment/replies.js';
import { writeJobSummary } from '../publish/outputs/jobSummary.js';
import { setOutputs } from '../publish/outputs/stepOutputs.js';
import { renderPreviewMarkdown, renderPreviewText } from '../publish/report/planPreview.js';
import { previewPlan } from '../swarm/preview.js';
import { fetchPullRequest } from './parts/oneJob.js';
import { planFor } from './parts/planning.js';
import { openRunnerMemory } from './parts/runnerMemory.js';
import type { DirectMode, ModeContext, ModeDecision, Planned } from './types.js';

interface DryRunPlanned extends Planned {
  pr: PullRequestContext | null;
}

export const dryRunMode: DirectMode<ModeContext['decision'], DryRunPlanned> = {
  name: 'dry-run',
  async plan(c) {
    const pr = await fetchPullRequest(c);
    return { plan: (await planFor(c, { pr })).plan, pr };
  },
  async publish(c, { plan, pr }) {
    await publishDryRun(c, plan, pr);
    await (await c.reaction)?.finish('rocket');
  },
};

/** `pr`: the pull request whose code the workers would read (a fork's own entries are shown to it). */
export async function publishDryRun(c: ModeContext<ModeDecision>, plan: Plan, pr: PullRequestContext | null): Promise<void> {
  const { inputs, ctx, octokit, decision } = c;
  let memory;
  if (inputs.memory === 'cache') {
    const synced = await openRunnerMemory(c, 'read', pr);
    const store = await loadMemoryFile(synced.file, { readOnly: true });
    memory = createSwarmMemory({ store, threshold: inputs['memory-threshold'], limit: inputs['memory-limit'], runId: 'dry-run' });
  }
  const preview = await previewPlan(plan, memory);
  core.info(renderPreviewText(preview));
  const markdown = renderPreviewMarkdown(preview);
  const prNumber = decision.prNumber;
  const comment =
    inputs.comment === 'sticky' && prNumber ? await replyToComment({ octokit, owner: ctx.owner, repo: ctx.repo, issueNumber: prNumber, body: markdown }) : null;
  await writeJobSummary(markdown);
  setOutputs({ conclusion: 'skipped', ...(comment ? { 'comment-id': String(comment.id), 'comment-url': comment.url } : {}) });
}
