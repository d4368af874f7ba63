/**
 * The one comment per pull request that shows a run: created with the plan, edited as workers
 * start and finish, finished with the report, and edited again by the next run on the same PR.
 *
 * It is found again by STICKY_MARKER *and* its author: anyone can paste the marker into a comment
 * of their own, and the bot must never take that for its comment. Other comments the bot writes
 * (help and permission replies) carry SELF_MARKER only, so they are never taken for it either.
 */
import * as core from '@actions/core';
import type { GitHubClient } from '../../github/client.js';
import { systemClock, type Clock } from '../../util/clock.js';
import { ACTIONS_BOT_LOGIN, SELF_MARKER, STICKY_MARKER } from './markers.js';
import { describeError, httpStatus, markedBody, oversizeReason } from './githubBody.js';

export interface StickyTarget {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** The pull request (or issue) number. */
  issueNumber: number;
  /** The login the token writes as; default `github-actions[bot]` (a GitHub App's is `<slug>[bot]`). */
  selfLogin?: string;
}

export interface CommentRef {
  id: number;
  /** The comment's html_url. */
  url: string;
}

export interface FoundComment extends CommentRef {
  body: string;
}

export interface UpsertedComment extends CommentRef {
  created: boolean;
}

const STICKY_MARKERS = [SELF_MARKER, STICKY_MARKER];

/** The bot's sticky comment on the PR, searching every page of comments; the oldest if there are several. */
export async function findStickyComment({ octokit, owner, repo, issueNumber, selfLogin = ACTIONS_BOT_LOGIN }: StickyTarget): Promise<FoundComment | null> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 });
  for await (const { data } of pages) {
    const own = data.find((c) => c.user?.login.toLowerCase() === selfLogin.toLowerCase() && (c.body ?? '').includes(STICKY_MARKER));
    if (own) return { id: own.id, url: own.html_url, body: own.body ?? '' };
  }
  return null;
}

/** The sticky comment by its id (one request), or null when it is gone or not the bot's. */
export async function readStickyComment({ octokit, owner, repo, selfLogin = ACTIONS_BOT_LOGIN }: StickyTarget, id: number): Promise<FoundComment | null> {
  try {
    const { data } = await octokit.rest.issues.getComment({ owner, repo, comment_id: id });
    const own = data.user?.login.toLowerCase() === selfLogin.toLowerCase() && (data.body ?? '').includes(STICKY_MARKER);
    return own ? { id: data.id, url: data.html_url, body: data.body ?? '' } : null;
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
}

/**
 * Edits the sticky comment, or creates it when there is none. Markers are added and secrets
 * redacted here. Throws on API errors and on a body GitHub would refuse as too long. With
 * `commentId` (known from an earlier read) the edit is one request.
 */
export async function upsertStickyComment(options: StickyTarget & { body: string; commentId?: number }): Promise<UpsertedComment> {
  const text = markedBody(options.body, STICKY_MARKERS);
  const tooLong = oversizeReason(text);
  if (tooLong) throw new Error(`The codex-swarm comment was not written: ${tooLong}.`);
  return writeSticky(options, text, options.commentId);
}

async function writeSticky(target: StickyTarget, text: string, knownId: number | undefined): Promise<UpsertedComment> {
  const { octokit, owner, repo, issueNumber } = target;
  const id = knownId ?? (await findStickyComment(target))?.id;
  if (id !== undefined) {
    try {
      const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body: text });
      return { id, url: data.html_url, created: false };
    } catch (error) {
      // Deleted since it was found: write a new one.
      if (httpStatus(error) !== 404) throw error;
    }
  }
  const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body: text });
  // Two runs on one PR at once may both have found none and both created one: the oldest wins
  // (every run that looks again agrees on it), and a newer one of ours goes.
  const oldest = await findStickyComment(target);
  if (!oldest || oldest.id === data.id) return { id: data.id, url: data.html_url, created: true };
  await octokit.rest.issues.deleteComment({ owner, repo, comment_id: data.id }).catch((error: unknown) => {
    core.warning(`codex-swarm: could not delete a second codex-swarm comment on #${issueNumber}: ${describeError(error)}`);
  });
  const { data: kept } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: oldest.id, body: text });
  return { id: oldest.id, url: kept.html_url, created: false };
}

export interface LiveComment {
  /** Queues a body and returns at once. The first is written at once; later ones coalesce, the latest wins. */
  update(body: string): void;
  /** Waits until the latest body is written; the comment, or null if none could be written. */
  flush(): Promise<CommentRef | null>;
  /**
   * The last body of the run: written as soon as a write in progress ends, without the spacing
   * wait (nothing comes after it to coalesce), then flushed.
   */
  finish(body: string): Promise<CommentRef | null>;
}

/**
 * Progress writes at least this far apart: 3 a minute, so with the final write (which does not
 * wait) the comment costs at most 4 writes in any minute, whatever the events — an hour-long run
 * about 180 of the 1,000 requests an hour GITHUB_TOKEN has for the whole repository.
 */
export const LIVE_COMMENT_INTERVAL_MS = 20_000;

/**
 * The sticky comment kept current while a run goes on, within GitHub's request budget: one write
 * at a time, each at least `minIntervalMs` after the one before ended, always with the latest body
 * (bodies queued meanwhile are skipped); the final body does not wait. Writes are serialised, so
 * concurrent updates never create a second comment. API errors and oversized bodies become
 * warnings: a comment that could not be written never fails the run. `clock` is for tests.
 */
export function createLiveComment({
  minIntervalMs = LIVE_COMMENT_INTERVAL_MS,
  clock = systemClock,
  ...target
}: StickyTarget & { minIntervalMs?: number; clock?: Clock }): LiveComment {
  let comment: CommentRef | null = null;
  let pending: string | undefined;
  let lastWritten: string | undefined;
  let lastWriteAt = -Infinity;
  let failing = false;
  // `busy` is set and cleared inside `drain`, so it stays right even when a drain has nothing to await.
  let busy = false;
  let running = Promise.resolve();
  /** Ends the spacing wait early: set once the final body is in. */
  const hurry = new AbortController();

  const write = async (body: string) => {
    const text = markedBody(body, STICKY_MARKERS);
    const tooLong = oversizeReason(text);
    if (tooLong) {
      core.warning(`codex-swarm: the PR comment was not updated: ${tooLong}.`);
      return;
    }
    try {
      const written = await writeSticky(target, text, comment?.id);
      comment = { id: written.id, url: written.url };
      lastWritten = body;
      failing = false;
    } catch (error) {
      // One warning per outage, not one per progress update.
      if (!failing) core.warning(`codex-swarm: could not ${comment ? 'update' : 'write'} the comment on #${target.issueNumber}: ${describeError(error)}`);
      failing = true;
    }
  };

  const drain = async () => {
    busy = true;
    try {
      while (pending !== undefined && pending !== lastWritten) {
        const wait = lastWriteAt + minIntervalMs - clock.now();
        if (wait > 0 && !hurry.signal.aborted) await clock.sleep(wait, hurry.signal);
        // The latest body, which may have changed during the wait.
        const body = pending;
        pending = undefined;
        if (body === lastWritten) continue;
        await write(body);
        lastWriteAt = clock.now();
      }
      pending = undefined;
    } finally {
      busy = false;
    }
  };

  return {
    update(body) {
      pending = body;
      if (!busy) running = drain();
    },
    async flush() {
      while (busy) await running;
      return comment;
    },
    finish(body) {
      hurry.abort();
      this.update(body);
      return this.flush();
    },
  };
}
