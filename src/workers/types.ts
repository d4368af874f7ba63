import { z } from 'zod';
import { subtaskSchema, type EngineName, type Role } from '../plan/types.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

/** The final answer every role returns (passed to codex with --output-schema). */
export const finalAnswerSchema = z.object({
  status: z.enum(['complete', 'partial', 'failed']),
  summary: z.string(),
  findings: z.array(
    z.object({
      severity: severitySchema,
      file: z.string(),
      line: z.number().int().nullable(),
      title: z.string(),
      detail: z.string(),
    }),
  ),
  pattern: z.object({ approach: z.string(), context: z.string() }),
});
export type FinalAnswer = z.infer<typeof finalAnswerSchema>;

/** The planner's final answer: a decomposition instead of findings. */
export const plannerAnswerSchema = z.object({
  status: finalAnswerSchema.shape.status,
  summary: z.string(),
  subtasks: z.array(subtaskSchema),
  pattern: finalAnswerSchema.shape.pattern,
});
export type PlannerAnswer = z.infer<typeof plannerAnswerSchema>;

/**
 * How a role's final answer is read into a FinalAnswer: the planner's subtasks are not findings,
 * so its result carries none (the orchestrator reads the subtasks from its final.json).
 */
export function answerSchemaFor(role: Role): z.ZodType<FinalAnswer> {
  if (role !== 'planner') return finalAnswerSchema;
  return plannerAnswerSchema.transform(({ status, summary, pattern }): FinalAnswer => ({ status, summary, findings: [], pattern }));
}
export type Finding = FinalAnswer['findings'][number];

/** `lost`: a worker of a matrix run whose job never delivered its results. */
export const WORKER_STATUSES = ['succeeded', 'failed', 'timed_out', 'cancelled', 'skipped', 'lost'] as const;
export type WorkerStatus = (typeof WORKER_STATUSES)[number];

export interface TokenUsage {
  input: number;
  cachedInput: number;
  output: number;
  reasoningOutput: number;
}

export interface WorkerResult {
  id: string;
  role: Role;
  /** Which engine ran it; absent in results from before engines (Codex). */
  engine?: EngineName;
  status: WorkerStatus;
  /** Why it did not succeed, in one line, when it did not. */
  error?: string;
  exitCode: number | null;
  startedAt: string | null;
  /** Milliseconds from the swarm's start to this worker's start, for the timeline. */
  startOffsetMs: number | null;
  durationMs: number;
  usage: TokenUsage;
  /** Tool calls the model made (commands, reads, edits, MCP calls); the final answer is not one. */
  toolUses?: number;
  answer: FinalAnswer | null;
  /** Why `answer` is null, when the process ended but its answer could not be read. */
  answerError?: string;
  files: string[];
  filesChanged: string[];
  /** Relative to the run folder. */
  patchPath: string | null;
  stderrTail: string;
  /** Patterns from memory that were put into this worker's prompt (their keys). */
  memoryMatches: string[];
  /** Run again by `/swarm retry`, this result replacing the earlier run's. */
  retried?: boolean;
}

export function emptyUsage(): TokenUsage {
  return { input: 0, cachedInput: 0, output: 0, reasoningOutput: 0 };
}

/** A result with nothing done yet: what a worker that did not run reports, and where a run starts from. */
export function blankResult(
  spec: { id: string; role: Role; files: string[]; engine?: EngineName },
  fields: Partial<WorkerResult> & Pick<WorkerResult, 'status'>,
): WorkerResult {
  return {
    id: spec.id,
    role: spec.role,
    engine: spec.engine ?? 'codex',
    exitCode: null,
    startedAt: null,
    startOffsetMs: null,
    durationMs: 0,
    usage: emptyUsage(),
    toolUses: 0,
    answer: null,
    files: spec.files,
    filesChanged: [],
    patchPath: null,
    stderrTail: '',
    memoryMatches: [],
    ...fields,
  };
}
