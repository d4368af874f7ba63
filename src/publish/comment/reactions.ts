/**
 * Reactions on the triggering comment: `eyes` at once, swapped for `rocket` or `confused` at the end. They are a
 * courtesy, so a failure is a warning, never a failed run.
 */
import * as core from '@actions/core';
import type { GitHubClient } from '../../github/client.js';
import { describeError } from './githubBody.js';

export type ReactionContent = 'eyes' | 'rocket' | 'confused';

interface ReactionTarget {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  commentId: number;
}

/** The reaction's id (GitHub answers a repeat with the existing one), or null when it could not be added. */
export async function addReaction({ octokit, owner, repo, commentId, content }: ReactionTarget & { content: ReactionContent }): Promise<number | null> {
  try {
    const { data } = await octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: commentId, content });
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
        const { octokit, owner, repo, commentId } = target;
        await octokit.rest.reactions.deleteForIssueComment({ owner, repo, comment_id: commentId, reaction_id: eyes }).catch((error: unknown) => {
          core.warning(`codex-swarm: could not remove the eyes reaction from comment ${commentId}: ${describeError(error)}`);
        });
      })();
      return finished;
    },
  };
}
