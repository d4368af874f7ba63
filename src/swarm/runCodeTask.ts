/**
 * An orchestrated `code` task: `planner-1` runs as a swarm of its own and proposes subtasks; the
 * engine validates them and runs the coder plan (coders in parallel worktrees, then a tester and a
 * reviewer of their merged change) as a second swarm, or today's single coder when the plan cannot
 * be used. The two phases are joined into one outcome and one results.json, as if one swarm ran.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { buildPlannerPlan, buildSingleCoderPlan, buildSubtaskPlan, maxSubtasksFor, PLANNER_ID } from '../plan/codePlan.js';
import type { FileEntry, FileSource } from '../plan/files.js';
import { savedPlan, sealPlan, type SavedPlan } from '../plan/savedPlan.js';
import type { Plan, Subtask, SwarmRequest } from '../plan/types.js';
import { orderSubtasks, validateSubtasks } from '../plan/validateSubtasks.js';
import { redact } from '../util/redact.js';
import { workerFiles } from '../workers/runWorker.js';
import { plannerAnswerSchema, type WorkerResult } from '../workers/types.js';
import { writeResultsFile } from './results.js';
import { runSwarm } from './runSwarm.js';
import { SwarmState } from './state.js';
import type { Decomposition, EngineConfig, PatchSize, SwarmHooks, SwarmOutcome } from './types.js';

/** The saved plan, next to results.json. */
export const PLAN_FILE = 'plan.json';

export interface RunCodeTaskOptions extends EngineConfig {
  request: SwarmRequest;
  files: FileEntry[];
  fileSource: FileSource;
  runId: string;
  state?: SwarmState;
  hooks?: SwarmHooks;
  /** Called once the decomposition is known, before any coder starts. */
  onDecomposition?(decomposition: Decomposition, codePlan: Plan | null): void;
  /** A plan approved or saved earlier: it runs as it is, without a planner. */
  approved?: SavedPlan;
  /** Run the planner only: no coder, no writes. */
  planOnly?: boolean;
}

type Planned = { ok: true; plan: SavedPlan } | { ok: false; reason: string };

export async function runCodeTask(o: RunCodeTaskOptions): Promise<SwarmOutcome> {
  if (o.planOnly && o.approved) throw new Error('runCodeTask: planOnly runs the planner, which an approved plan skips');
  const state = o.state ?? new SwarmState();
  const request = o.approved ? { ...o.request, task: o.approved.task } : o.request;
  const planArgs = { request, files: o.files, fileSource: o.fileSource };
  const engine = { ...o, state, runId: o.runId };
  try {
    let planning: SwarmOutcome | null = null;
    let planned: Planned;
    if (o.approved) {
      // Checked again: a plan file may have been written by hand.
      const check = validateSubtasks(o.approved.subtasks, { maxSubtasks: Infinity });
      planned = check.ok
        ? { ok: true, plan: { ...o.approved, subtasks: check.subtasks } }
        : { ok: false, reason: `the approved plan was rejected: ${check.reason}` };
    } else {
      planning = await runSwarm({ ...engine, plan: buildPlannerPlan(planArgs), scratchDir: path.join(o.scratchDir, 'planning') });
      planned = await readPlan(o.runDir, planning.results[0], request);
      state.keepCurrent();
    }
    await fs.mkdir(o.runDir, { recursive: true });
    if (planned.ok) await fs.writeFile(path.join(o.runDir, PLAN_FILE), `${JSON.stringify(planned.plan, null, 2)}\n`);

    const decomposition: Decomposition = {
      source: o.approved ? 'approved' : 'planner',
      summary: planned.ok ? planned.plan.summary : '',
      subtasks: [],
      fallback: planned.ok ? null : planned.reason,
      outOfScope: [],
      planSha256: planned.ok ? sealPlan(planned.plan).sha256 : null,
      planOnly: o.planOnly ?? false,
    };
    if (o.planOnly || (planning && o.signal?.aborted)) {
      if (planned.ok) decomposition.subtasks = numbered(planned.plan.subtasks);
      o.onDecomposition?.(decomposition, null);
      return await finish(o, planning, null, decomposition);
    }

    let codePlan: Plan;
    if (planned.ok) {
      const built = buildSubtaskPlan({ ...planArgs, subtasks: planned.plan.subtasks });
      codePlan = built.plan;
      decomposition.subtasks = [...built.coderOf].map(([id, workerId]) => ({
        subtask: planned.plan.subtasks.find((s) => s.id === id)!,
        workerId,
        patch: null,
      }));
    } else {
      codePlan = buildSingleCoderPlan(planArgs);
      decomposition.fallback = `${planned.reason} — ran one coder`;
    }
    o.onDecomposition?.(decomposition, codePlan);
    const coding = await runSwarm({ ...engine, plan: codePlan, scratchDir: path.join(o.scratchDir, 'coding') });
    if (decomposition.subtasks.length > 1) decomposition.outOfScope = outOfScope(decomposition, coding.results);
    for (const entry of decomposition.subtasks) {
      const patchPath = coding.results.find((r) => r.id === entry.workerId)?.patchPath;
      entry.patch = patchPath ? await patchSize(path.join(o.runDir, patchPath)) : null;
    }
    return await finish(o, planning, coding, decomposition);
  } finally {
    await fs.rm(o.scratchDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** The planner's answer as a plan the engine accepts, or why it is not one (one line). */
async function readPlan(runDir: string, planner: WorkerResult, request: SwarmRequest): Promise<Planned> {
  if (planner.status !== 'succeeded') return { ok: false, reason: `the planner ${planner.status.replace('_', ' ')}: ${planner.error ?? 'no reason given'}` };
  let answer;
  try {
    answer = plannerAnswerSchema.parse(JSON.parse(await fs.readFile(path.join(runDir, workerFiles(PLANNER_ID).final), 'utf8')));
  } catch (err) {
    return { ok: false, reason: `the planner's answer could not be read: ${(err as Error).message.split('\n')[0]}` };
  }
  if (answer.status === 'failed') return { ok: false, reason: `the planner could not plan the task: ${oneLine(answer.summary)}` };
  const check = validateSubtasks(answer.subtasks, { maxSubtasks: maxSubtasksFor(request) });
  if (!check.ok) return { ok: false, reason: `planner's plan rejected: ${check.reason}` };
  return { ok: true, plan: savedPlan(request.task, answer.summary, check.subtasks) };
}

/** Planning only: the subtasks with the coder each would get (as buildSubtaskPlan numbers them). */
const numbered = (subtasks: Subtask[]) => orderSubtasks(subtasks).map((subtask, i) => ({ subtask, workerId: `coder-${i + 1}`, patch: null }));

function outOfScope(d: Decomposition, results: WorkerResult[]): Decomposition['outOfScope'] {
  return d.subtasks.flatMap(({ subtask, workerId }) => {
    const changed = results.find((r) => r.id === workerId)?.filesChanged ?? [];
    const outside = changed.filter((f) => !subtask.files.some((own) => f === own || f.startsWith(`${own}/`)));
    return outside.length ? [{ workerId, files: outside }] : [];
  });
}

/** One outcome of both phases: the planner first, every later offset measured from its start. */
async function finish(o: RunCodeTaskOptions, planning: SwarmOutcome | null, coding: SwarmOutcome | null, decomposition: Decomposition): Promise<SwarmOutcome> {
  const first = (planning ?? coding)!;
  const start = Date.parse(first.startedAt);
  const shift = coding ? Date.parse(coding.startedAt) - start : 0;
  const later = (coding?.results ?? []).map((r) => (r.startOffsetMs === null ? r : { ...r, startOffsetMs: r.startOffsetMs + shift }));
  const last = coding ?? first;
  const outcome: SwarmOutcome = {
    runId: o.runId,
    plan: { ...last.plan, workers: [...(planning?.plan.workers ?? []), ...(coding?.plan.workers ?? [])] },
    startedAt: first.startedAt,
    durationMs: Date.parse(last.startedAt) + last.durationMs - start,
    results: [...(planning?.results ?? []), ...later],
    merge: coding?.merge ?? first.merge,
    cancelled: (planning?.cancelled ?? false) || (coding?.cancelled ?? false),
    resultsFile: first.resultsFile,
    decomposition,
  };
  await writeResultsFile(outcome);
  return outcome;
}

/** Counted from the patch text: `+`/`-` lines of hunks, files from `diff --git` headers. */
async function patchSize(file: string): Promise<PatchSize | null> {
  const text = await fs.readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  const size: PatchSize = { files: 0, added: 0, removed: 0 };
  let inHunk = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('diff --git ')) {
      size.files++;
      inHunk = false;
    } else if (line.startsWith('@@')) inHunk = true;
    else if (inHunk && line.startsWith('+')) size.added++;
    else if (inHunk && line.startsWith('-')) size.removed++;
  }
  return size;
}

const oneLine = (text: string) => redact(text).replace(/\s+/g, ' ').trim().slice(0, 200);
