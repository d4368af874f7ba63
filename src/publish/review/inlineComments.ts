/**
 * The swarm's pull-request review on GitHub: one review of inline comments per run, each comment
 * carrying its finding's fingerprint in a hidden marker, found again on the next run by marker
 * *and* author (anyone can paste a marker), and "Resolved in <sha>" replies posted once.
 */
import { createHash } from 'node:crypto';
import type { GitHubClient } from '../../github/client.js';
import { createOnce, NO_RETRIES } from '../../github/createOnce.js';
import { SELF_MARKER } from '../comment/markers.js';
import { SEVERITY_ICONS } from '../report/format.js';
import { describeError, httpStatus, markedBody } from '../comment/githubBody.js';
import { mdCode, mdInline, mdText } from '../report/markdown.js';
import type { ReviewFinding } from './placeFindings.js';

export interface PullTarget {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  pullNumber: number;
  /** The login the token writes as. */
  selfLogin: string;
}

export interface ReviewComment {
  path: string;
  line: number;
  side: 'RIGHT';
  start_line?: number;
  start_side?: 'RIGHT';
  body: string;
}

const FINDING_MARKER = /<!-- codex-swarm:finding ([0-9a-f]{16}) -->/;
const RESOLVED_MARKER = '<!-- codex-swarm:resolved -->';

const findingMarker = (fingerprint: string) => `<!-- codex-swarm:finding ${fingerprint} -->`;
const workerList = (workers: string[]) => workers.map((w) => mdCode(w)).join(', ');

export function findingCommentBody(f: ReviewFinding): string {
  const heading = `**${SEVERITY_ICONS[f.severity]} ${f.severity[0].toUpperCase()}${f.severity.slice(1)}** · ${mdInline(f.title, 200)}`;
  const detail = f.detail.trim() ? mdText(f.detail, { maxLength: 4000 }) : null;
  const by = `<sub>codex-swarm · found by ${workerList(f.workers)}</sub>`;
  return markedBody([heading, detail, by].filter(Boolean).join('\n\n'), [SELF_MARKER, findingMarker(f.fingerprint)]);
}

export interface OwnReviewComments {
  /** fingerprint → the bot's first inline comment for it. */
  byFingerprint: Map<string, { id: number; url: string; line: number | null }>;
  /** Comments that already have the bot's "resolved" reply. */
  resolvedReplied: Set<number>;
}

/** Every review comment on the PR (all pages), kept when the bot wrote it. */
export async function listOwnReviewComments({ octokit, owner, repo, pullNumber, selfLogin }: PullTarget): Promise<OwnReviewComments> {
  const byFingerprint: OwnReviewComments['byFingerprint'] = new Map();
  const resolvedReplied = new Set<number>();
  const pages = octokit.paginate.iterator(octokit.rest.pulls.listReviewComments, { owner, repo, pull_number: pullNumber, per_page: 100 });
  for await (const { data } of pages) {
    for (const c of data) {
      if (c.user?.login.toLowerCase() !== selfLogin.toLowerCase()) continue;
      if (c.in_reply_to_id) {
        if (c.body.includes(RESOLVED_MARKER)) resolvedReplied.add(c.in_reply_to_id);
        continue;
      }
      const fp = FINDING_MARKER.exec(c.body)?.[1];
      if (fp && !byFingerprint.has(fp)) byFingerprint.set(fp, { id: c.id, url: c.html_url, line: c.line ?? null });
    }
  }
  return { byFingerprint, resolvedReplied };
}

export type PostedReview = { id: number; url: string } | { error: string; status?: number };

/** Which review is whose: `<run id>-<attempt>`, or a digest of the review when the run is not known. */
const reviewMarker = (key: string) => `<!-- codex-swarm:review ${key} -->`;

export interface ReviewToPost {
  commitId: string;
  body: string;
  comments: ReviewComment[];
  /** The run (and attempt) posting it: its review carries them, so a retry finds it instead of posting a second. */
  run?: { id: string; attempt: number };
}

/**
 * One review of `event: COMMENT` at `commitId`; errors (a 422 for a line off the diff, a stale
 * commit) are returned. A 5xx may come after GitHub created the review: before posting again it
 * looks for this run's own review, so one run never posts two.
 */
export async function postReview(target: PullTarget, { commitId, body, comments, run }: ReviewToPost): Promise<PostedReview> {
  const { octokit, owner, repo, pullNumber } = target;
  const key = run
    ? `${run.id}-${run.attempt}`
    : createHash('sha256')
        .update(JSON.stringify([commitId, body, comments]))
        .digest('hex')
        .slice(0, 16);
  const marker = reviewMarker(key);
  try {
    return await createOnce({
      create: async () => {
        const { data } = await octokit.rest.pulls.createReview({
          owner,
          repo,
          pull_number: pullNumber,
          commit_id: commitId,
          event: 'COMMENT',
          body: markedBody(body, [SELF_MARKER, marker]),
          comments,
          request: NO_RETRIES,
        });
        return { id: data.id, url: data.html_url };
      },
      find: () => findOwnReview(target, marker),
    });
  } catch (error) {
    const status = httpStatus(error);
    return { error: describeError(error), ...(status ? { status } : {}) };
  }
}

/** The bot's review on the PR that carries `marker`, or null (every page of reviews). */
async function findOwnReview({ octokit, owner, repo, pullNumber, selfLogin }: PullTarget, marker: string): Promise<{ id: number; url: string } | null> {
  const pages = octokit.paginate.iterator(octokit.rest.pulls.listReviews, { owner, repo, pull_number: pullNumber, per_page: 100 });
  for await (const { data } of pages) {
    const own = data.find((r) => r.user?.login.toLowerCase() === selfLogin.toLowerCase() && (r.body ?? '').includes(marker));
    if (own) return { id: own.id, url: own.html_url };
  }
  return null;
}

/** Replies "Resolved in <sha>" under the comment; false (and no throw) when GitHub refused. */
export async function replyResolved({ octokit, owner, repo, pullNumber }: PullTarget, commentId: number, sha: string): Promise<boolean> {
  try {
    await octokit.rest.pulls.createReplyForReviewComment({
      owner,
      repo,
      pull_number: pullNumber,
      comment_id: commentId,
      body: markedBody(`Resolved in ${sha}: no worker reports this any more.`, [SELF_MARKER, RESOLVED_MARKER]),
    });
    return true;
  } catch {
    return false;
  }
}
