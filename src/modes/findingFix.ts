/**
 * `/swarm fix [instructions]` in a finding's thread (or `fix <id>` on the PR): one coder in its own
 * worktree, told the finding and the thread so far; its change answered in the thread as a
 * suggestion that replaces exactly the lines the finding's comment covers, when it stays within
 * them, else as the patch (and, with `apply`, committed as `/swarm code` commits).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { git } from '../git/git.js';
import { shortId } from '../publish/review/fingerprint.js';
import { fixReplyBody, MAX_PATCH_CHARS } from '../publish/review/fixReply.js';
import { fixSuggestion } from '../publish/review/fixSuggestion.js';
import type { FindingDecision } from '../trigger/route.js';
import { applyPatch } from './parts/applyPatch.js';
import { finishThreadRun, planThreadWork, threadWorkers, workerFailure, type ThreadPlanned } from './parts/findingThread.js';
import { runKeyOf } from './parts/planning.js';
import type { ModeContext, WorkerMode } from './types.js';

export const findingFixMode: WorkerMode<FindingDecision, ThreadPlanned> = {
  name: 'finding-fix',
  codexWhilePlanning: false,
  plan: (c) => planThreadWork(c, 'fix'),
  workers: threadWorkers,
  async publish(c, p, ran) {
    const coder = ran.outcome.results[0];
    const id = shortId(p.thread.finding.fingerprint);
    if (coder?.status !== 'succeeded') return finishThreadRun(c, p, ran, `codex-swarm could not fix \`${id}\`: ${workerFailure(ran)}.`);
    const patchFile = coder.patchPath ? path.join(ran.runDir, coder.patchPath) : null;
    const patch = patchFile ? await fs.readFile(patchFile, 'utf8').catch(() => '') : '';
    if (patch.length > MAX_PATCH_CHARS) logPatch(patch);
    const offer = patch ? await suggestionOf(c, p, patch) : { suggestion: null, why: null };
    const applied =
      patchFile && patch && !offer.suggestion
        ? await applyPatch(c, { patchFile, pr: p.pr, runKey: runKeyOf(c.ctx), summary: `codex-swarm fix ${id}: ${coder.id}` })
        : null;
    const body = fixReplyBody({ shortId: id, workerId: coder.id, summary: coder.answer?.summary ?? '', ...offer, patch, applied });
    await finishThreadRun(c, p, ran, body, patchFile && patch ? { 'patch-file': patchFile } : {});
  },
};

/** The suggestion for the finding's comment, or why there is none. */
async function suggestionOf(c: ModeContext<FindingDecision>, p: ThreadPlanned, patch: string): Promise<{ suggestion: string | null; why: string | null }> {
  const { finding } = p.thread;
  if (finding.currentLine === null) return { suggestion: null, why: "is for a comment whose line left the pull request's diff" };
  const head = await headFileText(c.ctx.workspace, p.pr.headSha, finding.path);
  if (head === null) return { suggestion: null, why: "was made on a checkout that is not the pull request's head" };
  const suggestion = fixSuggestion(patch, { path: finding.path, startLine: finding.startLine, line: finding.currentLine }, head);
  return suggestion ? { suggestion, why: null } : { suggestion: null, why: 'reaches beyond the lines this comment covers, so it cannot be a suggestion' };
}

/** The file at the PR's head, when the checkout the coder worked on is that head; else null (a suggestion would not fit). */
async function headFileText(repoDir: string, headSha: string, file: string): Promise<string | null> {
  try {
    const at = (await git(repoDir, ['rev-parse', 'HEAD'])).trim();
    if (at !== headSha) return null;
    return await git(repoDir, ['show', `${headSha}:${file}`]);
  } catch {
    return null;
  }
}

function logPatch(patch: string): void {
  core.startGroup('patch');
  core.info(patch);
  core.endGroup();
}
