/**
 * `results.json`: the run's record for people and machines (artifact, CLI, later steps). The
 * schema is versioned; readers check it at run time with `readResultsFile`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { commandSchema, engineNameSchema, roleSchema, sandboxSchema, subtaskSchema } from '../plan/types.js';
import { redact } from '../util/redact.js';
import { finalAnswerSchema, WORKER_STATUSES } from '../workers/types.js';
import type { SwarmOutcome } from './types.js';

export const RESULTS_SCHEMA_VERSION = 1;

const workerResultSchema = z.object({
  id: z.string(),
  role: roleSchema,
  engine: engineNameSchema.optional(),
  status: z.enum(WORKER_STATUSES),
  error: z.string().optional(),
  exitCode: z.number().int().nullable(),
  startedAt: z.string().nullable(),
  startOffsetMs: z.number().nullable(),
  durationMs: z.number(),
  usage: z.object({ input: z.number(), cachedInput: z.number(), output: z.number(), reasoningOutput: z.number() }),
  toolUses: z.number().int().optional(),
  answer: finalAnswerSchema.nullable(),
  answerError: z.string().optional(),
  files: z.array(z.string()),
  filesChanged: z.array(z.string()),
  patchPath: z.string().nullable(),
  stderrTail: z.string(),
  memoryMatches: z.array(z.string()),
  retried: z.boolean().optional(),
});

export const resultsFileSchema = z.object({
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  runId: z.string(),
  startedAt: z.string(),
  durationMs: z.number(),
  cancelled: z.boolean(),
  plan: z.object({
    command: commandSchema.exclude(['help']),
    task: z.string(),
    fileSource: z.enum(['pull-request', 'repository']),
    fileCount: z.number().int(),
    /** Prompts are in each worker's prompt.md. */
    workers: z.array(
      z.object({
        id: z.string(),
        role: roleSchema,
        sandbox: sandboxSchema,
        engine: engineNameSchema.optional(),
        model: z.string().optional(),
        files: z.array(z.string()),
        /** The prompt named no files: the whole repository was the worker's to explore. */
        wholeRepository: z.boolean().optional(),
        dependsOn: z.array(z.string()),
        task: z.string(),
      }),
    ),
  }),
  results: z.array(workerResultSchema),
  merge: z.object({
    applied: z.boolean(),
    merged: z.array(z.object({ workerId: z.string(), files: z.array(z.string()) })),
    conflicts: z.array(z.object({ workerId: z.string(), files: z.array(z.string()), patchPath: z.string(), message: z.string() })),
    combinedPatchPath: z.string().nullable(),
    applyError: z.string().optional(),
  }),
  /** Orchestrated `code` runs: the planner's decomposition and what became of it. */
  decomposition: z
    .object({
      source: z.enum(['planner', 'approved']),
      summary: z.string(),
      subtasks: z.array(
        z.object({
          subtask: subtaskSchema,
          workerId: z.string(),
          patch: z.object({ files: z.number().int(), added: z.number().int(), removed: z.number().int() }).nullable(),
        }),
      ),
      fallback: z.string().nullable(),
      outOfScope: z.array(z.object({ workerId: z.string(), files: z.array(z.string()) })),
      planSha256: z.string().nullable(),
      planOnly: z.boolean(),
    })
    .optional(),
});
export type ResultsFile = z.infer<typeof resultsFileSchema>;

export function toResultsFile(outcome: SwarmOutcome): ResultsFile {
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    runId: outcome.runId,
    startedAt: outcome.startedAt,
    durationMs: outcome.durationMs,
    cancelled: outcome.cancelled,
    plan: {
      command: outcome.plan.command,
      task: outcome.plan.task,
      fileSource: outcome.plan.fileSource,
      fileCount: outcome.plan.fileCount,
      workers: outcome.plan.workers.map(({ id, role, sandbox, engine, model, files, wholeRepository, dependsOn, task }) => ({
        id,
        role,
        sandbox,
        engine: engine ?? 'codex',
        ...(model ? { model } : {}),
        files,
        ...(wholeRepository ? { wholeRepository } : {}),
        dependsOn,
        task,
      })),
    },
    results: outcome.results,
    merge: outcome.merge,
    ...(outcome.decomposition ? { decomposition: outcome.decomposition } : {}),
  };
}

export async function writeResultsFile(outcome: SwarmOutcome): Promise<void> {
  await fs.mkdir(path.dirname(outcome.resultsFile), { recursive: true });
  await fs.writeFile(outcome.resultsFile, `${redact(JSON.stringify(toResultsFile(outcome), null, 2))}\n`);
}

export async function readResultsFile(file: string): Promise<ResultsFile> {
  const text = await fs.readFile(file, 'utf8');
  const parsed = resultsFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file} is not a codex-swarm results file (schemaVersion ${RESULTS_SCHEMA_VERSION}): ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}
