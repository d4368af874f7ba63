/**
 * The swarm's inline finding comments as readers of a PR's review comments see them: found by the
 * finding marker *and* the bot's own login (anyone can paste a marker), with the finding's
 * fingerprint, place, title and severity read back from the comment. A thread is such a comment
 * and the replies under it; `/swarm fix` and `/swarm explain` work from one.
 */
import type { GitHubClient } from '../github/client.js';
import { SHORT_ID_LENGTH } from '../publish/review/fingerprint.js';
import { hasSelfMarker } from '../publish/comment/markers.js';
import { readFindingComment, type FindingComment, type ReviewCommentData } from '../publish/review/inlineComments.js';

export type { FindingComment, ReviewCommentData };

export interface ThreadReply {
  commentId: number;
  login: string;
  type: string;
  body: string;
  at: string;
}

const sameLogin = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();

/** Replies under the finding comment by anyone but the bot, oldest first. */
export function threadReplies(comments: ReviewCommentData[], rootId: number, selfLogin: string): ThreadReply[] {
  return comments
    .filter((c) => c.in_reply_to_id === rootId && c.user && !sameLogin(c.user.login, selfLogin) && !hasSelfMarker(c.body))
    .map((c) => ({ commentId: Number(c.id), login: c.user!.login, type: c.user!.type, body: c.body, at: c.created_at }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.commentId - b.commentId));
}

/** Every review comment on the PR, all pages. */
export async function listReviewComments(o: { octokit: GitHubClient; owner: string; repo: string; pullNumber: number }): Promise<ReviewCommentData[]> {
  const { octokit, owner, repo, pullNumber } = o;
  return octokit.paginate(octokit.rest.pulls.listReviewComments, { owner, repo, pull_number: pullNumber, per_page: 100 });
}

export interface FindingThread {
  finding: FindingComment;
  /** Everyone's replies but the bot's, oldest first: "the thread so far" for a worker's prompt. */
  replies: ThreadReply[];
}

/**
 * The finding a thread command is about: by the thread's first comment (a reply in it) or by short
 * id (a PR comment). `null` when the thread is not one the swarm started, or no finding has the
 * id; an error when the short id names two findings.
 */
export async function loadFindingThread(o: {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  pullNumber: number;
  selfLogin: string;
  by: { rootId: number } | { shortId: string };
}): Promise<FindingThread | { error: string } | null> {
  const comments = await listReviewComments(o);
  const findings = comments.map((c) => readFindingComment(c, o.selfLogin)).filter((f): f is FindingComment => f !== null);
  const matches =
    'rootId' in o.by
      ? findings.filter((f) => f.commentId === (o.by as { rootId: number }).rootId)
      : findings.filter((f) => f.fingerprint.slice(0, SHORT_ID_LENGTH) === (o.by as { shortId: string }).shortId.toLowerCase());
  const fingerprints = new Set(matches.map((f) => f.fingerprint));
  if (fingerprints.size > 1) return { error: `the short id names ${fingerprints.size} findings on this pull request; reply in the finding's thread instead` };
  // Posted twice (two runs at once): the first comment is the finding's thread.
  const finding = matches.sort((a, b) => a.commentId - b.commentId)[0];
  return finding ? { finding, replies: threadReplies(comments, finding.commentId, o.selfLogin) } : null;
}
