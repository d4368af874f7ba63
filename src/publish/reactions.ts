/**
 * Reactions on the triggering comment: `eyes` at once, then `rocket` or `confused`. They are a
 * courtesy, so a failure is a warning, never a failed run.
 */
import * as core from '@actions/core';
import type { GitHubClient } from '../github/client.js';
import { describeError } from './githubBody.js';

export type ReactionContent = 'eyes' | 'rocket' | 'confused';

/** True when the reaction is there (GitHub answers a repeat with the existing one). */
export async function addReaction({
  octokit,
  owner,
  repo,
  commentId,
  content,
}: {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  commentId: number;
  content: ReactionContent;
}): Promise<boolean> {
  try {
    await octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: commentId, content });
    return true;
  } catch (error) {
    core.warning(`codex-swarm: could not add the ${content} reaction to comment ${commentId}: ${describeError(error)}`);
    return false;
  }
}
