/**
 * `dry-run: true` or `/swarm … --dry-run`: the plan as it would run — each worker's role, files,
 * prompt size and the memory patterns it would be given — posted as a reply on the pull request
 * (not in the sticky comment, whose state the next real run needs), in the job summary and the
 * log. No key is needed: no model is called and no Codex is installed; the memory cache is
 * restored only to be read.
 */
import * as core from '@actions/core';
import type { ActionInputs } from '../config/inputs.js';
import type { GitHubClient } from '../github/client.js';
import { restoreMemoryCache } from '../memory/cache.js';
import { loadMemoryFile } from '../memory/persist.js';
import { createSwarmMemory } from '../memory/swarmMemory.js';
import type { Plan } from '../plan/types.js';
import { writeJobSummary } from '../publish/outputs/jobSummary.js';
import { renderPreviewMarkdown, renderPreviewText } from '../publish/report/planPreview.js';
import { replyToComment } from '../publish/comment/replies.js';
import { previewPlan } from '../swarm/preview.js';
import { setOutputs } from '../publish/outputs/stepOutputs.js';

export interface DryRunArgs {
  inputs: ActionInputs;
  octokit: GitHubClient;
  repoRef: { owner: string; repo: string };
  prNumber: number | undefined;
  plan: Plan;
  memoryFile: string;
}

export async function publishDryRun({ inputs, octokit, repoRef, prNumber, plan, memoryFile }: DryRunArgs): Promise<void> {
  let memory;
  if (inputs.memory === 'cache') {
    await restoreMemoryCache({ scope: inputs['memory-key'] || 'default', file: memoryFile });
    const store = await loadMemoryFile(memoryFile, { readOnly: true });
    memory = createSwarmMemory({ store, threshold: inputs['memory-threshold'], limit: inputs['memory-limit'], runId: 'dry-run' });
  }
  const preview = await previewPlan(plan, memory);
  core.info(renderPreviewText(preview));
  const markdown = renderPreviewMarkdown(preview);
  const comment = inputs.comment === 'sticky' && prNumber ? await replyToComment({ octokit, ...repoRef, issueNumber: prNumber, body: markdown }) : null;
  await writeJobSummary(markdown);
  setOutputs({ conclusion: 'skipped', ...(comment ? { 'comment-id': String(comment.id), 'comment-url': comment.url } : {}) });
}
