/**
 * The sticky comment of a matrix run, written by several jobs at once. Each writer keeps every
 * worker's state in a hidden block of the comment; before a write it re-reads the comment and
 * merges the states there with its own, so parallel jobs' edits never undo each other; and
 * comment/sharedProgressWriter.ts gives each job its own time slots, so jobs do not race and the
 * whole matrix stays within GitHub's request budget.
 */
import type { Plan } from '../../plan/types.js';
import type { WorkerState } from '../../swarm/types.js';
import { INPUT_DEFAULTS } from '../../config/inputs.js';
import { planJobs } from '../../plan/matrix.js';
import { COMMENT_MAX_CHARS, renderLiveReport, type ReportLinks } from '../report/markdownReport.js';

const BLOCK = /<!-- codex-swarm:progress v2 ([0-9a-z]+) ([a-z0-9.,]*) -->/;
/** Room kept under GitHub's cap for the markers the write adds. */
const MARKER_ROOM = 200;

const CODES: Record<WorkerState['state'], string> = {
  queued: 'q',
  running: 'r',
  succeeded: 's',
  failed: 'f',
  timed_out: 't',
  cancelled: 'c',
  skipped: 'k',
  lost: 'l',
};
const STATES = new Map(Object.entries(CODES).map(([state, code]) => [code, state as WorkerState['state']]));

/**
 * The worker states a comment's hidden block holds, for the plan's workers; none when it has no
 * readable block. The block keeps, per worker in plan order, its state and its start and end to
 * the second — a few characters each, so a plan of thousands of workers fits in one comment.
 * Event lines are not kept: other jobs' rows show no last event.
 */
export function readProgress(body: string, plan: Plan): WorkerState[] {
  const match = BLOCK.exec(body);
  if (!match) return [];
  const t0 = parseInt(match[1], 36);
  const list = match[2].split(',');
  const at = (v: string | undefined) => (v ? (t0 + parseInt(v, 36)) * 1000 : null);
  return plan.workers.flatMap((spec, i) => {
    const entry = list[i] ?? '';
    const state = STATES.get(entry[0]);
    if (!state) return [];
    const [start, end] = entry.slice(1).split('.');
    return [{ id: spec.id, role: spec.role, state, startedAt: at(start), endedAt: at(end), lastEvent: null }];
  });
}

export function progressBlock(plan: Plan, states: WorkerState[]): string {
  const times = states.flatMap((s) => [s.startedAt, s.endedAt]).filter((t): t is number => t !== null);
  const t0 = times.length ? Math.floor(Math.min(...times) / 1000) : 0;
  return `<!-- codex-swarm:progress v2 ${t0.toString(36)} ${entries(plan, states, t0).join(',')} -->`;
}

/** Each plan worker's state code, start and end (seconds after `t0`, base 36). */
function entries(plan: Plan, states: WorkerState[], t0: number): string[] {
  const byId = new Map(states.map((s) => [s.id, s]));
  const rel = (t: number | null) => (t === null ? '' : Math.max(0, Math.floor(t / 1000) - t0).toString(36));
  return plan.workers.map((spec) => {
    const s = byId.get(spec.id);
    if (!s) return 'q';
    return `${CODES[s.state]}${rel(s.startedAt)}${s.endedAt === null ? '' : `.${rel(s.endedAt)}`}`;
  });
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

/**
 * The comment of a matrix run while it goes on; `after`: what else the comment keeps (the previous
 * run's state block). A row per worker when that fits in a comment, else a row per job (`jobs`,
 * the plan job's; without it, the plan cut as the default `workers-per-job` would cut it).
 */
export function renderSharedProgress(plan: Plan, states: WorkerState[], links: ReportLinks, after = '', jobs?: string[][]): string {
  const block = progressBlock(plan, states);
  const shown = states.map((s) => ({ ...s, lastEvent: null }));
  const room = COMMENT_MAX_CHARS - MARKER_ROOM - block.length - after.length;
  const rows = renderLiveReport({ plan, states: shown, links, maxChars: Infinity });
  const body =
    rows.length <= room
      ? rows
      : renderLiveReport({ plan, states: shown, links, maxChars: room, foldBy: jobs ?? planJobs(plan, Number(INPUT_DEFAULTS['workers-per-job'])) });
  return `${body}\n${block}\n${after}`;
}

/** These workers' states as the block keeps them, to tell whether a comment already shows them. */
export function ownProgress(plan: Plan, states: WorkerState[], ids: Set<string>): string {
  const workers = plan.workers.filter((w) => ids.has(w.id));
  return entries({ ...plan, workers }, states, 0).join(',');
}
