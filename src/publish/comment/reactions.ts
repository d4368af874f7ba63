/**
 * Reactions on the triggering comment: `eyes` at once, swapped for `rocket` or `confused` at the end. They are a
 * courtesy, so a failure is a warning, never a failed run. The comment is a PR comment, or a reply in a review
 * thread (a thread command on a finding).
 */
import * as core from '@actions/core';
import type { GitHubClient } from '../../github/client.js';
import { describeError } from './githubBody.js';

export type ReactionContent = 'eyes' | 'rocket' | 'confused' | '+1';

interface ReactionTarget {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  commentId: number;
  /** A review comment (a reply in a finding's thread) rather than a PR comment. */
  review?: boolean;
}

/** The reaction's id (GitHub answers a repeat with the existing one), or null when it could not be added. */
export async function addReaction({ octokit, owner, repo, commentId, content, review }: ReactionTarget & { content: ReactionContent }): Promise<number | null> {
  try {
    const params = { owner, repo, comment_id: commentId, content };
    const { data } = await (review ? octokit.rest.reactions.createForPullRequestReviewComment(params) : octokit.rest.reactions.createForIssueComment(params));
    return data.id;
  } catch (error) {
    core.warning(`codex-swarm: could not add the ${content} reaction to comment ${commentId}: ${describeError(error)}`);
    return null;
  }
}

export interface WorkingReaction {
  /** Swaps 👀 for the final reaction; safe to call more than once (the first call wins). */
  finish(content: 'rocket' | 'confused'): Promise<void>;
}

/** 👀 on the comment while the run works; `finish` replaces it with 🚀 or 😕. */
export async function startWorkingReaction(target: ReactionTarget): Promise<WorkingReaction> {
  const eyes = await addReaction({ ...target, content: 'eyes' });
  let finished: Promise<void> | null = null;
  return {
    finish(content) {
      finished ??= (async () => {
        await addReaction({ ...target, content });
        if (eyes === null) return;
        const { octokit, owner, repo, commentId, review } = target;
        const params = { owner, repo, comment_id: commentId, reaction_id: eyes };
        const removal = review ? octokit.rest.reactions.deleteForPullRequestComment(params) : octokit.rest.reactions.deleteForIssueComment(params);
        await removal.catch((error: unknown) => {
          core.warning(`codex-swarm: could not remove the eyes reaction from comment ${commentId}: ${describeError(error)}`);
        });
      })();
      return finished;
    },
  };
}
