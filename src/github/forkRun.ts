/**
 * Whether this run is a fork's pull-request run: a `pull_request` (or review) event for a pull
 * request whose head is in another repository (or in one since deleted). GitHub gives such a run
 * no secrets and a read-only GITHUB_TOKEN, whatever the workflow's `permissions:` ask. Runs on
 * `issue_comment` for the same pull request run in the base repository and are not fork runs.
 */
import { z } from 'zod';
import type { RunContext } from './runContext.js';

const FORK_EVENTS = new Set(['pull_request', 'pull_request_review', 'pull_request_review_comment']);

const repoName = z.looseObject({ full_name: z.string() });
const payloadSchema = z.looseObject({
  pull_request: z.looseObject({
    head: z.looseObject({ repo: repoName.nullish() }),
    base: z.looseObject({ repo: repoName }),
  }),
});

export function isForkPullRequestRun({ eventName, payload }: Pick<RunContext, 'eventName' | 'payload'>): boolean {
  if (!FORK_EVENTS.has(eventName)) return false;
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) return false;
  const { head, base } = parsed.data.pull_request;
  return !head.repo || head.repo.full_name.toLowerCase() !== base.repo.full_name.toLowerCase();
}
