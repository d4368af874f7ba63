/**
 * One worker from start to end: its workspace (a worktree for writers and for readers of earlier
 * workers' changes, else the checkout itself), its engine's process (codex or claude, each with a
 * fresh home of its own), its patch, and a WorkerResult. Never throws: any failure is the worker's
 * result.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { WorkerSpec } from '../plan/types.js';
import { redact } from '../util/redact.js';
import type { McpServerRef, WorkerEngine, WorkerEvent } from './engine.js';
import { runEngine, type EngineRunResult } from './runEngine.js';
import { blankResult, type WorkerResult } from './types.js';
import { workerEnv } from './workerEnv.js';
import { collectPatch } from './worktree.js';
import { WorktreePool } from './worktreePool.js';

export interface WorkerContext {
  spec: WorkerSpec;
  /** The final prompt, memory matches included. */
  prompt: string;
  repoDir: string;
  runDir: string;
  scratchDir: string;
  /** The engine of this worker's role (codexEngine, claudeEngine). */
  engine: WorkerEngine;
  /** The live memory MCP server, when memory is served. */
  memory?: McpServerRef;
  timeoutMs: number;
  killGraceMs?: number;
  signal?: AbortSignal;
  /** Absolute patch files of finished dependencies, applied into this worker's worktree. */
  upstreamPatches: string[];
  /** Epoch ms of the swarm's start, for the timeline. */
  swarmStartedAt: number;
  memoryMatches: string[];
  onEvent?: (event: WorkerEvent) => void;
  /** The environment workers start from; defaults to process.env (curated by workerEnv). */
  baseEnv?: NodeJS.ProcessEnv;
  /** The run's worktrees, handed on between workers; without it the worker has a pool of its own, emptied when it ends. */
  worktrees?: WorktreePool;
}

/** Files of one worker in the run folder, relative to it. */
export function workerFiles(id: string) {
  const dir = path.join('workers', id);
  return {
    dir,
    prompt: path.join(dir, 'prompt.md'),
    events: path.join(dir, 'events.jsonl'),
    final: path.join(dir, 'final.json'),
    stderr: path.join(dir, 'stderr.log'),
    patch: path.join(dir, 'patch.diff'),
  };
}

export async function runWorker(ctx: WorkerContext): Promise<WorkerResult> {
  const { spec } = ctx;
  const startedAt = Date.now();
  const files = workerFiles(spec.id);
  const inRun = (rel: string) => path.join(ctx.runDir, rel);
  const scratch = path.join(ctx.scratchDir, 'workers', spec.id);
  const writes = spec.sandbox === 'workspace-write';
  const ownWorktree = writes || ctx.upstreamPatches.length > 0;
  const worktrees = ctx.worktrees ?? new WorktreePool(ctx.repoDir, path.join(scratch, 'worktrees'));
  let worktree: string | null = null;
  /** Whether the worktree can go to the next worker: the engine and the patch collection ended normally. */
  let reusable = false;

  const result = blankResult(spec, {
    engine: ctx.engine.name,
    status: 'failed',
    startedAt: new Date(startedAt).toISOString(),
    startOffsetMs: startedAt - ctx.swarmStartedAt,
    memoryMatches: ctx.memoryMatches,
  });

  let stage = 'worker setup';
  try {
    await fs.mkdir(inRun(files.dir), { recursive: true });
    await fs.writeFile(inRun(files.prompt), redact(ctx.prompt));
    await fs.rm(scratch, { recursive: true, force: true });
    const home = path.join(scratch, 'home');
    await fs.mkdir(home, { recursive: true });
    if (ownWorktree) worktree = await worktrees.acquire(ctx.upstreamPatches);

    stage = `running ${ctx.engine.label}`;
    const run: EngineRunResult = await runEngine({
      engine: ctx.engine,
      spec,
      prompt: ctx.prompt,
      cwd: worktree ?? ctx.repoDir,
      home,
      finalPath: inRun(files.final),
      eventsPath: inRun(files.events),
      stderrPath: inRun(files.stderr),
      env: workerEnv(ctx.baseEnv),
      ...(ctx.memory ? { memory: ctx.memory } : {}),
      timeoutMs: ctx.timeoutMs,
      killGraceMs: ctx.killGraceMs,
      signal: ctx.signal,
      onEvent: ctx.onEvent,
    });
    Object.assign(result, {
      status: run.status,
      exitCode: run.exitCode,
      usage: run.usage,
      toolUses: run.toolUses,
      answer: run.answer,
      stderrTail: run.stderrTail,
      ...(run.error ? { error: run.error } : {}),
      ...(run.answerError ? { answerError: run.answerError } : {}),
    });

    // Kept whatever the outcome, as evidence; which patches get merged is the caller's choice.
    if (worktree && writes) {
      stage = 'collecting the patch';
      const patch = await collectPatch(worktree, inRun(files.patch));
      result.filesChanged = patch.files;
      result.patchPath = patch.patchPath ? files.patch : null;
    }
    reusable = true;
  } catch (err) {
    result.status = 'failed';
    result.error = redact(`${stage} failed: ${(err as Error).message}`)
      .replace(/\s+/g, ' ')
      .trim();
  } finally {
    if (worktree && reusable) worktrees.release(worktree);
    else if (worktree) await worktrees.discard(worktree);
    if (!ctx.worktrees) await worktrees.dispose();
    result.durationMs = Date.now() - startedAt;
  }
  return result;
}
