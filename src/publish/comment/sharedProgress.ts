/**
 * The sticky comment of a matrix run, written by several jobs at once. Each writer keeps every
 * worker's state in a hidden block of the comment; before a write it re-reads the comment and
 * merges the states there with its own, so parallel jobs' edits never undo each other, and after
 * the write it reads back and retries if another job's write raced it away.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import * as core from '@actions/core';
import type { Plan } from '../../plan/types.js';
import type { WorkerState } from '../../swarm/types.js';
import { describeError } from './githubBody.js';
import { renderLiveReport, type ReportLinks } from '../report/markdownReport.js';
import { findStickyComment, upsertStickyComment, type CommentRef, type StickyTarget } from './stickyComment.js';

const BLOCK = /<!-- codex-swarm:progress ([A-Za-z0-9_-]*) -->/;
const ATTEMPTS = 8;
/** How long another job's racing write may take to land, at the least. */
const SETTLE_MS = 400;

/** The worker states a comment's hidden block holds; none when it has no readable block. */
export function readProgress(body: string): WorkerState[] {
  const match = BLOCK.exec(body);
  if (!match) return [];
  try {
    const parsed = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8')) as unknown;
    return Array.isArray(parsed) ? (parsed as WorkerState[]) : [];
  } catch {
    return [];
  }
}

export function progressBlock(states: WorkerState[]): string {
  return `<!-- codex-swarm:progress ${Buffer.from(JSON.stringify(states)).toString('base64url')} -->`;
}

/** A later state of a worker wins: queued < running < ended. */
const RANK = (s: WorkerState) => (s.state === 'queued' ? 0 : s.state === 'running' ? 1 : 2);

export function mergeProgress(theirs: WorkerState[], mine: WorkerState[]): WorkerState[] {
  const merged = new Map(theirs.map((s) => [s.id, s]));
  for (const s of mine) {
    const there = merged.get(s.id);
    if (!there || RANK(s) >= RANK(there)) merged.set(s.id, s);
  }
  return [...merged.values()];
}

/** `after`: what else the comment keeps while the run goes on (the previous run's state block). */
export function renderSharedProgress(plan: Plan, states: WorkerState[], links: ReportLinks, after = ''): string {
  return `${renderLiveReport({ plan, states, links })}\n${progressBlock(states)}\n${after}`;
}

/**
 * Writes `mine` into the sticky comment, merged with what other jobs wrote. Warns (never throws)
 * when the comment cannot be written.
 */
export async function writeSharedProgress(target: StickyTarget, plan: Plan, mine: WorkerState[], links: ReportLinks, after = ''): Promise<CommentRef | null> {
  const ids = new Set(mine.map((s) => s.id));
  const own = (states: WorkerState[]) => JSON.stringify(states.filter((s) => ids.has(s.id)).sort((a, b) => a.id.localeCompare(b.id)));
  const wanted = own(mine);
  try {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const found = await findStickyComment(target);
      const states = mergeProgress(found ? readProgress(found.body) : [], mine);
      const written = await upsertStickyComment({ ...target, body: renderSharedProgress(plan, states, links, after) });
      const holds = async () => {
        const back = await findStickyComment(target);
        return back !== null && own(readProgress(back.body)) === wanted;
      };
      // Read back at once, and once more a moment later: a job that read the comment before our
      // write may still write over it (GitHub has no compare-and-set on comments).
      if ((await holds()) && (await sleep(SETTLE_MS + Math.floor(Math.random() * SETTLE_MS)), await holds())) return { id: written.id, url: written.url };
      // Another job wrote in between: wait a little, differently each time, and merge again.
      await sleep(100 + Math.floor(Math.random() * 400) * attempt);
    }
    core.warning(
      `codex-swarm: the comment on #${target.issueNumber} kept changing under this job; its rows may be stale until the aggregate job writes the report.`,
    );
  } catch (error) {
    core.warning(`codex-swarm: could not update the comment on #${target.issueNumber}: ${describeError(error)}`);
  }
  return null;
}
