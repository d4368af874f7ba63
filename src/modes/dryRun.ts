/**
 * `dry-run: true` or `/swarm … --dry-run`: the plan as it would run — each worker's role, files,
 * prompt size and the memory patterns it would be given — posted as a reply on the pull request
 * (not in the sticky comment, whose state the next real run needs), in the job summary and the
 * log. No key is needed: no model is called and no Codex is installed; the memory cache is
 * restored only to be read.
 */
import path from 'node:path';
import * as core from '@actions/core';
import { restoreMemoryCache } from '../memory/cache.js';
import { loadMemoryFile } from '../memory/persist.js';
import { createSwarmMemory } from '../memory/swarmMemory.js';
import type { Plan } from '../plan/types.js';
import { replyToComment } from '../publish/comment/replies.js';
import { writeJobSummary } from '../publish/outputs/jobSummary.js';
import { setOutputs } from '../publish/outputs/stepOutputs.js';
import { renderPreviewMarkdown, renderPreviewText } from '../publish/report/planPreview.js';
import { previewPlan } from '../swarm/preview.js';
import { fetchPullRequest } from './parts/oneJob.js';
import { baseDirOf, planFor } from './parts/planning.js';
import type { DirectMode, ModeContext, ModeDecision, Planned } from './types.js';

export const dryRunMode: DirectMode<ModeContext['decision'], Planned> = {
  name: 'dry-run',
  async plan(c) {
    const pr = await fetchPullRequest(c);
    return { plan: (await planFor(c, { pr })).plan };
  },
  async publish(c, { plan }) {
    await publishDryRun(c, plan);
    await (await c.reaction)?.finish('rocket');
  },
};

export async function publishDryRun({ inputs, ctx, octokit, decision }: ModeContext<ModeDecision>, plan: Plan): Promise<void> {
  let memory;
  if (inputs.memory === 'cache') {
    const memoryFile = path.join(baseDirOf(ctx), 'memory.json');
    await restoreMemoryCache({ scope: inputs['memory-key'] || 'default', file: memoryFile });
    const store = await loadMemoryFile(memoryFile, { readOnly: true });
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
