/**
 * A matrix work job's rows of the sticky comment, within GitHub's request budget for the whole
 * matrix: the jobs take turns in time slots (slot n belongs to job n mod jobs, by the wall clock,
 * which runners keep in sync), each job writes only at the start of its own slots, and only when
 * its workers' states changed since its last write. So whatever the number of jobs and events, the
 * matrix makes at most one comment write per slot — 4 a minute with 15-second slots, and a sixth
 * at most for the plan or aggregate job and a write that starts late — and no two jobs race.
 *
 * A slot's write is two requests: a read of the comment by id (other jobs' rows, merged with ours
 * through the hidden block) and the edit; none when the comment already shows our states.
 */
import * as core from '@actions/core';
import type { Plan } from '../../plan/types.js';
import type { WorkerState } from '../../swarm/types.js';
import { systemClock, type Clock } from '../../util/clock.js';
import { describeError } from './githubBody.js';
import type { ReportLinks } from '../report/markdownReport.js';
import { mergeProgress, ownProgress, readProgress, renderSharedProgress } from './sharedProgress.js';
import { findStickyComment, readStickyComment, upsertStickyComment, type CommentRef, type StickyTarget } from './stickyComment.js';

/** One job's turn to write; jobs take turns, so the matrix writes at most 60 s / SLOT_MS times a minute. */
export const SLOT_MS = 15_000;
/** The longest a job's last write waits for its slot; past it the aggregate job's report shows its rows. */
export const MAX_FINAL_WAIT_MS = 60_000;

export interface SharedProgressWriterOptions {
  target: StickyTarget;
  plan: Plan;
  /** Worker ids of each job (the plan job's `ScalePlan.jobs`), job n at index n-1. */
  jobs: string[][];
  /** This job's number, from 1 (the `shard` input). */
  job: number;
  links: ReportLinks;
  /** What else the comment keeps (the previous run's state block). */
  after?: string;
  /** The comment's id when known (the plan job's `comment-id` output); else found once by listing. */
  commentId?: number;
  clock?: Clock;
  slotMs?: number;
  maxFinalWaitMs?: number;
}

export interface SharedProgressWriter {
  /** This job's latest states; written in its next slot if they changed since its last write. */
  update(states: WorkerState[]): void;
  /**
   * This job's last states, written in its next slot if that comes within `maxFinalWaitMs`; the
   * comment, or null. `now`: written at once, outside the slots (a cancelled job has seconds left).
   */
  finish(states: WorkerState[], options?: { now?: boolean }): Promise<CommentRef | null>;
}

/** The index of job `job`'s next slot that starts at or after `now` and comes after slot `after`. */
export function nextOwnSlot(now: number, job: number, jobCount: number, slotMs: number, after = -Infinity): number {
  const mine = (job - 1) % jobCount;
  let slot = Math.ceil(now / slotMs);
  slot += (mine - (slot % jobCount) + jobCount) % jobCount;
  while (slot <= after) slot += jobCount;
  return slot;
}

export function createSharedProgressWriter(o: SharedProgressWriterOptions): SharedProgressWriter {
  const clock = o.clock ?? systemClock;
  const slotMs = o.slotMs ?? SLOT_MS;
  const ids = new Set(o.jobs[o.job - 1] ?? []);
  if (!ids.size) throw new Error(`createSharedProgressWriter: the plan has no job ${o.job} (it has ${o.jobs.length})`);
  const own = (states: WorkerState[]) => ownProgress(o.plan, states, ids);
  let pending: WorkerState[] | null = null;
  let writtenKey: string | null = null;
  let commentId = o.commentId;
  let comment: CommentRef | null = null;
  let lastSlot = -Infinity;
  let deadline: number | null = null;
  let stopped = false;
  let failing = false;
  let busy = false;
  let running = Promise.resolve();
  let wake = new AbortController();

  const writeOnce = async (states: WorkerState[]) => {
    try {
      comment = await writeRows(o, ids, states, commentId);
      commentId = comment.id;
      writtenKey = own(states);
      failing = false;
    } catch (error) {
      // One warning per outage; the next slot tries again.
      if (!failing) core.warning(`codex-swarm: job ${o.job} could not update the comment on #${o.target.issueNumber}: ${describeError(error)}`);
      failing = true;
    }
  };

  const drain = async () => {
    busy = true;
    try {
      while (!stopped && pending && own(pending) !== writtenKey) {
        const slot = nextOwnSlot(clock.now(), o.job, o.jobs.length, slotMs, lastSlot);
        const at = slot * slotMs;
        if (deadline !== null && at > deadline) {
          core.info(
            `codex-swarm: job ${o.job}'s next write slot is ${Math.round((at - clock.now()) / 1000)}s away: its last rows are left to the aggregate job.`,
          );
          break;
        }
        await clock.sleep(at - clock.now(), wake.signal);
        // Woken early by finish: look at the deadline again.
        if (stopped) break;
        if (clock.now() < at) continue;
        lastSlot = slot;
        await writeOnce(pending);
      }
    } finally {
      busy = false;
    }
  };

  const mine = (states: WorkerState[]) => states.filter((s) => ids.has(s.id));
  return {
    update(states) {
      pending = mine(states);
      if (!busy) running = drain();
    },
    async finish(states, { now = false } = {}) {
      deadline = clock.now() + (o.maxFinalWaitMs ?? MAX_FINAL_WAIT_MS);
      pending = mine(states);
      stopped = now;
      wake.abort();
      wake = new AbortController();
      while (busy) await running;
      if (!now) await (running = drain());
      else if (own(pending) !== writtenKey) await writeOnce(pending);
      return comment;
    },
  };
}

/** One write: the comment read (by id when known), these rows merged into the others', written unless it shows them already. */
async function writeRows(o: SharedProgressWriterOptions, ids: Set<string>, states: WorkerState[], commentId: number | undefined): Promise<CommentRef> {
  const own = (list: WorkerState[]) => ownProgress(o.plan, list, ids);
  const found = (commentId !== undefined ? await readStickyComment(o.target, commentId) : null) ?? (await findStickyComment(o.target));
  const theirs = found ? readProgress(found.body, o.plan) : [];
  const merged = mergeProgress(theirs, states);
  if (found && own(theirs) === own(merged)) return { id: found.id, url: found.url };
  const body = renderSharedProgress(o.plan, merged, o.links, o.after, o.jobs);
  const written = await upsertStickyComment({ ...o.target, body, ...(found ? { commentId: found.id } : {}) });
  return { id: written.id, url: written.url };
}
