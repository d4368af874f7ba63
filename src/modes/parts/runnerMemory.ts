/**
 * The action's memory on a runner: synced at the start with what the repository's other runs
 * learned (their delta artifacts, over the consolidated snapshot), served to the workers, and what
 * this run learned handed on after: uploaded as its delta and consolidated where the token may
 * write the default branch's cache, or — in a matrix work job — put into its shard for the
 * aggregate job, which uploads the run's one delta. The memory file is at the same path in every
 * mode (runnerMemoryPaths). Memory never fails a run: every problem is one warning.
 */
import * as core from '@actions/core';
import type { PullRequestContext } from '../../github/pullRequest.js';
import { runIdentityOf } from '../../memory/runIdentity.js';
import { openMemorySession, type MemorySession } from '../../memory/session.js';
import { runnerMemoryPaths } from '../../memory/snapshot.js';
import { openSyncedMemory, type MemoryPart, type SyncedMemory } from '../../memory/syncedMemory.js';
import type { RunMemory } from '../../run/lifecycle.js';
import { redact } from '../../util/redact.js';
import type { ModeContext, ModeDecision, ModeWorkers } from '../types.js';
import { runKeyOf } from './planning.js';

/**
 * This run's memory, synced. `pr`: the pull request whose code the workers read; a fork's keeps
 * what they learn to that PR (and serves them that PR's own entries). `aggregateReads`: see
 * SyncedMemoryOptions.
 */
export function openRunnerMemory(
  { inputs, ctx, decision }: ModeContext<ModeDecision>,
  part: MemoryPart,
  pr: PullRequestContext | null,
  aggregateReads = false,
): Promise<SyncedMemory> {
  const { run, repositoryId } = runIdentityOf({
    eventName: ctx.eventName,
    payload: ctx.payload,
    env: process.env,
    owner: ctx.owner,
    repo: ctx.repo,
    runId: ctx.runId,
    runAttempt: ctx.runAttempt,
    pr: decision.prNumber ?? null,
  });
  const token = inputs['github-token'];
  return openSyncedMemory({
    paths: runnerMemoryPaths(ctx.tempDir),
    scope: inputs['memory-key'] || 'default',
    repository: { owner: ctx.owner, repo: ctx.repo, ...(repositoryId ? { id: repositoryId } : {}) },
    github: token ? { token } : null,
    run,
    untrustedPr: pr?.isFork ? pr.number : null,
    part,
    aggregateReads,
    limits: { maxDeltas: inputs['memory-max-deltas'], days: inputs['memory-retention-days'] },
    maxEntries: inputs['memory-max-entries'],
  });
}

export const warnOnFailure = (what: string) => (err: unknown) => core.warning(`memory: ${what} failed: ${redact((err as Error).message)}`);

/** The lifecycle's memory for a mode's workers: synced, served, then uploaded (`save`) or handed to the aggregate job (`read`). */
export function runnerMemory(c: ModeContext<ModeDecision>, w: Pick<ModeWorkers, 'memory' | 'pr'>): { memory?: RunMemory } {
  const { inputs } = c;
  if (inputs.memory !== 'cache' || w.memory === 'none') return {};
  let synced: SyncedMemory | null = null;
  return {
    memory: {
      open: async (state) => {
        synced = await openRunnerMemory(c, w.memory === 'save' ? 'whole' : 'read', w.pr);
        const session = await openMemorySession({
          file: synced.file,
          threshold: inputs['memory-threshold'],
          limit: inputs['memory-limit'],
          maxEntries: inputs['memory-max-entries'],
          runId: runKeyOf(c.ctx),
          state,
          // Reviewers are told what maintainers said about findings like theirs (`feedback: learn`).
          verdicts: inputs.feedback === 'learn',
        });
        return w.memory === 'save' ? session : handedToAggregate(session, synced);
      },
      ...(w.memory === 'save'
        ? {
            saved: () => (synced ? uploadAndConsolidate(synced) : Promise.resolve()),
          }
        : {}),
    },
  };
}

/** A matrix work job's session: its part of the run's learning goes into the run folder, which its shard artifact carries. */
function handedToAggregate(session: MemorySession, synced: SyncedMemory): MemorySession {
  return {
    ...session,
    async finish(runDir) {
      await session.finish(runDir);
      await synced.writeLearned(runDir).catch(warnOnFailure("writing this job's learning for the aggregate job"));
    },
  };
}

/** What the run learned, uploaded as its delta; then the snapshot consolidated where the token may. */
export async function uploadAndConsolidate(synced: SyncedMemory): Promise<void> {
  try {
    await synced.uploadDelta();
    await synced.consolidate();
  } catch (err) {
    warnOnFailure('saving what this run learned')(err);
  }
}
