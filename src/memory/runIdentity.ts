/**
 * This run as memory needs it (a delta's provenance, and what decides consolidation), read from the
 * runner's environment and the event payload. The payload is checked with zod: only the fields
 * used, each optional, so any event's payload passes.
 */
import { z } from 'zod';
import type { RunIdentity } from './syncedMemory.js';

const repository = z.object({ id: z.number().int().positive(), full_name: z.string() });
const payloadSchema = z.object({
  repository: repository.extend({ default_branch: z.string().optional() }).partial().optional(),
  pull_request: z.object({ head: z.object({ repo: repository.nullable().optional() }).optional() }).optional(),
  sender: z.object({ login: z.string() }).optional(),
});

/** Events whose run checks out the pull request's head: a fork's code, for a fork's PR. */
const HEAD_EVENTS = new Set(['pull_request', 'pull_request_review', 'pull_request_review_comment']);

export interface RunIdentityInput {
  eventName: string;
  payload: unknown;
  /** GITHUB_REF, GITHUB_ACTOR, GITHUB_REPOSITORY_ID. */
  env: NodeJS.ProcessEnv;
  owner: string;
  repo: string;
  runId: string;
  runAttempt: number;
  /** The pull request the run is on (the routed decision's). */
  pr: number | null;
}

export function runIdentityOf(i: RunIdentityInput): { run: RunIdentity; repositoryId: number | undefined } {
  const parsed = payloadSchema.safeParse(i.payload);
  const payload = parsed.success ? parsed.data : {};
  const repositoryId = Number(i.env.GITHUB_REPOSITORY_ID) || payload.repository?.id;
  const own = repositoryId ? { id: repositoryId, fullName: `${i.owner}/${i.repo}` } : null;
  const head = HEAD_EVENTS.has(i.eventName) ? payload.pull_request?.head?.repo : undefined;
  return {
    repositoryId,
    run: {
      runId: i.runId,
      attempt: i.runAttempt,
      event: i.eventName,
      ref: i.env.GITHUB_REF ?? '',
      defaultBranch: payload.repository?.default_branch ?? 'main',
      pr: i.pr,
      // A deleted fork's head is not this repository either.
      headRepository: head ? { id: head.id, fullName: head.full_name } : head === null ? { id: 0, fullName: '(deleted fork)' } : own,
      actor: i.env.GITHUB_ACTOR ?? payload.sender?.login ?? null,
    },
  };
}
