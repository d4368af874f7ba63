/**
 * Short answers to a `/swarm` comment: help, a usage error, a refusal. Each carries SELF_MARKER, so
 * the bot ignores its own replies, but never STICKY_MARKER, so a reply is never taken for the
 * sticky comment. A reply is a courtesy: a failure is a warning.
 */
import * as core from '@actions/core';
import type { GitHubClient } from '../../github/client.js';
import { SELF_MARKER } from './markers.js';
import type { CommentRef } from './stickyComment.js';
import { describeError, markedBody, oversizeReason } from './githubBody.js';

/** Posts the reply (markers added, secrets redacted); the comment, or null when it could not be posted. */
export async function replyToComment({
  octokit,
  owner,
  repo,
  issueNumber,
  body,
}: {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  issueNumber: number;
  body: string;
}): Promise<CommentRef | null> {
  const text = markedBody(body, [SELF_MARKER]);
  const tooLong = oversizeReason(text);
  if (tooLong) {
    core.warning(`codex-swarm: the reply on #${issueNumber} was not posted: ${tooLong}.`);
    return null;
  }
  try {
    const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body: text });
    return { id: data.id, url: data.html_url };
  } catch (error) {
    core.warning(`codex-swarm: could not reply on #${issueNumber}: ${describeError(error)}`);
    return null;
  }
}
