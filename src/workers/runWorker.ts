/**
 * One worker from start to end: its workspace (a worktree for writers and for readers of earlier
 * workers' changes, else the checkout itself), a fresh CODEX_HOME, the codex process, its patch,
 * and a WorkerResult. Never throws: any failure is the worker's result.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { WorkerSpec } from '../plan/types.js';
import { redact } from '../util/redact.js';
import type { CodexEvent } from './codexEvents.js';
import { writeOutputSchema } from './outputSchema.js';
import { runCodex, type CodexRunResult } from './runCodex.js';
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
  codexPath: string;
  /** The user's extra `codex exec` arguments. */
  codexArgs: string[];
  /** `-c` arguments for the model provider (see providerConfigArgs). */
  providerArgs: string[];
  /** Further complete `-c` arguments, e.g. the live memory MCP server. */
  extraConfigArgs: string[];
  timeoutMs: number;
  killGraceMs?: number;
  signal?: AbortSignal;
  /** Absolute patch files of finished dependencies, applied into this worker's worktree. */
  upstreamPatches: string[];
  /** Epoch ms of the swarm's start, for the timeline. */
  swarmStartedAt: number;
  memoryMatches: string[];
  onEvent?: (event: CodexEvent, summary: string | null) => void;
  /** Copied into the worker's fresh CODEX_HOME (e.g. the CLI user's auth.json). */
  codexHomeFiles?: string[];
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
  /** Whether the worktree can go to the next worker: codex and the patch collection ended normally. */
  let reusable = false;

  const result = blankResult(spec, {
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
    const codexHome = path.join(scratch, 'codex-home');
    await fs.mkdir(codexHome, { recursive: true });
    for (const file of ctx.codexHomeFiles ?? []) await fs.copyFile(file, path.join(codexHome, path.basename(file)));
    const schemaPath = await writeOutputSchema(path.join(scratch, 'output-schema.json'), spec.role);
    if (ownWorktree) worktree = await worktrees.acquire(ctx.upstreamPatches);

    stage = 'running codex';
    const run: CodexRunResult = await runCodex({
      codexPath: ctx.codexPath,
      cwd: worktree ?? ctx.repoDir,
      prompt: ctx.prompt,
      sandbox: spec.sandbox,
      role: spec.role,
      outputSchemaPath: schemaPath,
      finalPath: inRun(files.final),
      eventsPath: inRun(files.events),
      stderrPath: inRun(files.stderr),
      model: spec.model,
      effort: spec.effort,
      providerArgs: ctx.providerArgs,
      extraConfigArgs: ctx.extraConfigArgs,
      codexArgs: ctx.codexArgs,
      env: { ...workerEnv(ctx.baseEnv), CODEX_HOME: codexHome },
      timeoutMs: ctx.timeoutMs,
      killGraceMs: ctx.killGraceMs,
      signal: ctx.signal,
      onEvent: ctx.onEvent,
    });
    Object.assign(result, {
      status: run.status,
      exitCode: run.exitCode,
      usage: run.usage,
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
