/**
 * An earlier run's artifact, downloaded through the REST API (`@actions/artifact` with `findBy`:
 * list the run's artifacts, then `…/artifacts/{id}/zip`, a redirect to the blob). An artifact past
 * its retention answers 410: that is "expired", which the caller answers differently from an error.
 */
import { DefaultArtifactClient } from '@actions/artifact';
import { describeError, httpStatus } from '../comment/githubBody.js';
import type { StickyState } from '../comment/stickyState.js';

export type DownloadedRun = { ok: true; dir: string } | { ok: false; reason: 'none' | 'expired' | 'error'; message: string };

export interface DownloadPreviousRunOptions {
  state: StickyState;
  token: string;
  owner: string;
  repo: string;
  /** An empty folder to extract into. */
  dest: string;
}

export async function downloadPreviousRun({ state, token, owner, repo, dest }: DownloadPreviousRunOptions): Promise<DownloadedRun> {
  if (!state.runId || (state.artifactId === null && !state.artifactName)) {
    return { ok: false, reason: 'none', message: 'this pull request has no earlier codex-swarm run on record' };
  }
  const findBy = { token, workflowRunId: Number(state.runId), repositoryOwner: owner, repositoryName: repo };
  const client = new DefaultArtifactClient();
  try {
    const id = state.artifactId ?? (await client.getArtifact(state.artifactName!, { findBy })).artifact.id;
    await client.downloadArtifact(id, { path: dest, findBy });
    return { ok: true, dir: dest };
  } catch (error) {
    const status = httpStatus(error);
    if (status === 410 || /\b410\b|expired/i.test(describeError(error))) {
      return { ok: false, reason: 'expired', message: `the artifact of run ${state.runId} has expired` };
    }
    return { ok: false, reason: 'error', message: `the artifact of run ${state.runId} could not be downloaded: ${describeError(error)}` };
  }
}
