/**
 * The swarm's pull-request review on GitHub: one review of inline comments per run, each comment
 * carrying its finding's fingerprint in a hidden marker, found again on the next run by marker
 * *and* author (anyone can paste a marker), and "Resolved in <sha>" replies posted once. A
 * finding comment read back gives its fingerprint, place, title, severity and commented line.
 */
import { createHash } from 'node:crypto';
import type { GitHubClient } from '../../github/client.js';
import { createOnce, NO_RETRIES } from '../../github/createOnce.js';
import { SELF_MARKER } from '../comment/markers.js';
import { SEVERITY_ICONS } from '../report/format.js';
import { describeError, httpStatus, markedBody, oversizeReason } from '../comment/githubBody.js';
import { mdCode, mdInline, mdText } from '../report/markdown.js';
import type { ReviewFinding } from './placeFindings.js';
import { shortId } from './fingerprint.js';

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

export function findingCommentBody(f: ReviewFinding, triggerPhrase = '/swarm'): string {
  const heading = `**${SEVERITY_ICONS[f.severity]} ${f.severity[0].toUpperCase()}${f.severity.slice(1)}** · ${mdInline(f.title, 200)}`;
  const detail = f.detail.trim() ? mdText(f.detail, { maxLength: 4000 }) : null;
  const by = `<sub>codex-swarm · found by ${workerList(f.workers)}</sub>`;
  return markedBody([heading, detail, by, repliesLine(f.fingerprint, triggerPhrase)].filter(Boolean).join('\n\n'), [SELF_MARKER, findingMarker(f.fingerprint)]);
}

/**
 * The comment's last line: the finding's short id and what it answers to, in its thread and, for
 * readers whose replies cannot run the swarm (a fork's PR), as a PR comment naming the id.
 */
export function repliesLine(fingerprint: string, triggerPhrase: string): string {
  const id = shortId(fingerprint);
  const reply = (command: string) => mdCode(`${triggerPhrase} ${command}`);
  return `<sub>${mdCode(id)} · reply ${reply('fix')}, ${reply('explain')} or ${reply('dismiss [reason]')} · or comment on the PR: ${reply(`fix ${id}`)}</sub>`;
}

/** The fields of a review comment (`pulls.listReviewComments`) read here. */
export interface ReviewCommentData {
  id: number | bigint;
  body: string;
  user: { login: string; type: string } | null;
  in_reply_to_id?: number;
  path: string;
  line?: number | null;
  original_line?: number | null;
  start_line?: number | null;
  side?: 'LEFT' | 'RIGHT' | null;
  diff_hunk: string;
  created_at: string;
  html_url: string;
  reactions?: { '+1': number; '-1': number };
}

export interface FindingComment {
  commentId: number;
  fingerprint: string;
  path: string;
  /** The line now (`line`), or the one it was posted on when it is outdated. */
  line: number | null;
  /** First line of a multi-line comment. */
  startLine: number | null;
  /** Null when the line left the diff after a push (GitHub's `line: null`). */
  currentLine: number | null;
  title: string;
  severity: string;
  /** The commented line's text: the last line of the comment's diff hunk. */
  codeLine: string | null;
  body: string;
  url: string;
  createdAt: string;
  /** 👍 and 👎 counts from the comment's reactions roll-up, when GitHub gave one. */
  thumbs: { up: number; down: number } | null;
}

/** The comment as one of the bot's finding comments, or null when it is not one (a reply, another author, no marker). */
export function readFindingComment(c: ReviewCommentData, selfLogin: string): FindingComment | null {
  if (c.in_reply_to_id || c.user?.login.toLowerCase() !== selfLogin.toLowerCase()) return null;
  const fingerprint = FINDING_MARKER.exec(c.body)?.[1];
  if (!fingerprint) return null;
  const heading = headingOf(c.body);
  return {
    commentId: Number(c.id),
    fingerprint,
    path: c.path,
    line: c.line ?? c.original_line ?? null,
    startLine: c.start_line ?? null,
    currentLine: c.line ?? null,
    title: heading.title,
    severity: heading.severity,
    codeLine: commentedLine(c.diff_hunk),
    body: c.body,
    url: c.html_url,
    createdAt: c.created_at,
    thumbs: c.reactions ? { up: c.reactions['+1'], down: c.reactions['-1'] } : null,
  };
}

/** `**🟠 High** · <title>` as findingCommentBody writes it, its markdown escapes undone. */
function headingOf(body: string): { title: string; severity: string } {
  const m = /^\*\*\S+ ([A-Za-z]+)\*\* · (.*)$/m.exec(body);
  if (!m) return { title: '', severity: '' };
  const title = m[2]
    .replace(/&#8203;/g, '')
    .replace(/\\([\\`*_[\]~|#])/g, '$1')
    .replace(/&(lt|gt|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&' })[e]!);
  return { title, severity: m[1].toLowerCase() };
}

/** GitHub's diff hunk ends at the commented line; a removed (left-side) line is not the code the finding is about. */
function commentedLine(diffHunk: string): string | null {
  const last = diffHunk.split('\n').at(-1) ?? '';
  if (last.startsWith('@@') || !(last.startsWith('+') || last.startsWith(' '))) return null;
  return last.slice(1);
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
      const f = readFindingComment(c, selfLogin);
      if (f && !byFingerprint.has(f.fingerprint)) byFingerprint.set(f.fingerprint, { id: f.commentId, url: f.url, line: f.currentLine });
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

/**
 * A reply in a finding's thread (a `/swarm fix` or `explain` answer, a polite refusal), marked as
 * the bot's; GitHub's refusal, or a body over its size cap, comes back as an error, never thrown.
 */
export async function replyInThread(
  { octokit, owner, repo, pullNumber }: PullTarget,
  commentId: number,
  body: string,
): Promise<{ id: number; url: string } | { error: string }> {
  const text = markedBody(body, [SELF_MARKER]);
  const tooLong = oversizeReason(text);
  if (tooLong) return { error: `the reply was not posted: ${tooLong}` };
  try {
    const { data } = await octokit.rest.pulls.createReplyForReviewComment({ owner, repo, pull_number: pullNumber, comment_id: commentId, body: text });
    return { id: data.id, url: data.html_url };
  } catch (error) {
    return { error: describeError(error) };
  }
}

/** Replies "Resolved in <sha>" under the comment; false (and no throw) when GitHub refused. */
export async function replyResolved(pull: PullTarget, commentId: number, sha: string): Promise<boolean> {
  const body = markedBody(`Resolved in ${sha}: no worker reports this any more.`, [SELF_MARKER, RESOLVED_MARKER]);
  return 'id' in (await replyInThread(pull, commentId, body));
}
